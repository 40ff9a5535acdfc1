#!/usr/bin/env bash
# The language server driven over stdio by vscode-jsonrpc / vscode-languageserver-protocol (the
# libraries VS Code's client is built on), pinned by e2e/node/package-lock.json. Installs
# nothing globally: npm ci fills e2e/node/node_modules from the lockfile.
source "$(dirname "$0")/../lib.sh"
command -v node >/dev/null || apt_install nodejs npm
build_binary
cd "$REPO_ROOT/e2e/node"
npm ci --no-audit --no-fund --loglevel=error
D2M_BIN="$D2M_BIN" node --test --test-reporter=spec --test-timeout=60000
