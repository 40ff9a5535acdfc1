#!/usr/bin/env bash
# The main job on the bundled example project: check it, then migrate it to a Mage project.
source "$(dirname "$0")/lib.sh"
build_binary
example="$REPO_ROOT/testdata/projects/seed_shop"
out="$REPO_ROOT/.work/example-mage"
log "dagster2mage check $example"
"$D2M_BIN" check "$example" || true   # exit 1 only means findings remain
log "dagster2mage migrate $example --out $out"
"$D2M_BIN" migrate "$example" --out "$out" --report "$out.report.json"
log "Mage project written to $out (report: $out.report.json)"
