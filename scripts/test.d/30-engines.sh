#!/usr/bin/env bash
# Real engines: Dagster and Mage from PyPI (pinned, in two virtual environments cached under
# $D2M_CACHE/venv), each fixture project of testdata/projects run in Dagster, migrated with
# dagster2mage, loaded and run in Mage, and the data both write compared (e2e/engines).
source "$(dirname "$0")/../lib.sh"
source "$REPO_ROOT/scripts/engines/venv.sh"
cd "$REPO_ROOT"
D2M_DAGSTER_VENV=$(ensure_venv dagster)
D2M_MAGE_VENV=$(ensure_venv mage)
export D2M_DAGSTER_VENV D2M_MAGE_VENV
"$D2M_DAGSTER_VENV/bin/dagster" --version
"$D2M_MAGE_VENV/bin/python" -c 'import mage_ai.server.constants as c; print("mage-ai", c.VERSION)'
build_binary
# The engine test files carry a build tag, so the Go stage's vet/staticcheck do not see them.
go vet -tags engines ./e2e/engines/
STATICCHECK="$D2M_CACHE/go/bin/staticcheck"
if [ ! -x "$STATICCHECK" ]; then GOBIN="$D2M_CACHE/go/bin" go install honnef.co/go/tools/cmd/staticcheck@v0.8.2; fi
"$STATICCHECK" -tags engines ./e2e/engines/
# -p 1: the engines are heavy; -timeout bounds a hung engine run.
# Each engine command logs to $D2M_ENGINES_LOGS (default /tmp/d2m-engines-logs); failures print the tail.
go test -tags engines -count=1 -p 1 -timeout 40m -v ./e2e/engines/...
