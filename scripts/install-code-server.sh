#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench served to a browser) under $D2M_CACHE, keyed by
# version, outside the checkout. Steps verified on Debian 12 with Node 20 (shared/recipes/real-vscode.md):
# code-server 4.100.x is the last line that runs on Node 20; its post-install scripts download ripgrep
# from the internet, so they are skipped and the native modules are rebuilt by hand.
# Prints the path of code-server's entry.js on stdout. Idempotent: a finished install is reused.
source "$(dirname "$0")/lib.sh"
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.100.3}
dir="$D2M_CACHE/code-server-$CODE_SERVER_VERSION"
entry="$dir/node_modules/code-server/out/node/entry.js"
if [ -f "$dir/.installed" ] && [ -f "$entry" ]; then echo "$entry"; exit 0; fi

apt_install libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep build-essential python3
log "installing code-server $CODE_SERVER_VERSION into $dir"
rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
(
  cd "$dir.tmp"
  export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
  echo '{"name":"d2m-code-server","private":true}' > package.json
  npm install --no-save --ignore-scripts "code-server@$CODE_SERVER_VERSION" >&2
  cd node_modules/code-server/lib/vscode
  npm install --omit=dev --ignore-scripts >&2
  npm rebuild kerberos native-watchdog node-pty @parcel/watcher @vscode/deviceid @vscode/spdlog >&2
  mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
  (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
  (cd extensions && npm install --omit=dev --ignore-scripts >&2)
  cd "$dir.tmp" && npm rebuild argon2 >&2
  node node_modules/code-server/out/node/entry.js --version >&2
)
rm -rf "$dir" && mv "$dir.tmp" "$dir" && touch "$dir/.installed"
log "code-server $CODE_SERVER_VERSION installed in $SECONDS s"
echo "$entry"
