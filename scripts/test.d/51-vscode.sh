#!/usr/bin/env bash
# Real VS Code: the extension's unit tests, then the packaged .vsix (carrying bin/dagster2mage)
# installed into code-server 4.100.3 and driven in headless Chromium with playwright-core.
# code-server is cached under $D2M_CACHE (scripts/install-code-server.sh); screenshots land in
# test-output/vscode/.
source "$(dirname "$0")/../lib.sh"
cd "$REPO_ROOT"
apt_install chromium fonts-dejavu-core
build_binary
CODE_SERVER_ENTRY=$("$REPO_ROOT/scripts/install-code-server.sh")
export CODE_SERVER_ENTRY D2M_BIN CHROMIUM=/usr/bin/chromium
cd editors/vscode
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# Install scripts are not needed (esbuild's binary comes from @esbuild/linux-x64; keytar is optional).
npm ci --ignore-scripts --no-progress
npm run -s typecheck
npm run -s test:unit
VSIX=$(node scripts/package.mjs | tail -n 1)
export VSIX
node --test --test-concurrency=1 test/e2e/
