#!/usr/bin/env bash
# Go: formatting, vet, staticcheck, unit/golden/in-process tests with the race detector.
source "$(dirname "$0")/../lib.sh"
cd "$REPO_ROOT"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null; git ls-files --others --exclude-standard '*.go' 2>/dev/null))
if [ -n "$unformatted" ]; then echo "gofmt needed: $unformatted"; exit 1; fi
go vet ./...
STATICCHECK="$D2M_CACHE/go/bin/staticcheck"
if [ ! -x "$STATICCHECK" ]; then GOBIN="$D2M_CACHE/go/bin" go install honnef.co/go/tools/cmd/staticcheck@v0.8.2; fi
"$STATICCHECK" ./...
go test -race -count=1 ./...
