# Shared helpers for the test stages. Sourced, not run.
# Heavy installs (Python virtual environments, code-server, Chromium tooling) are cached
# outside the checkout so that a fresh clone on the same machine (as CI makes) reuses them.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export REPO_ROOT
export D2M_CACHE=${D2M_CACHE:-$HOME/.cache/dagster2mage}
mkdir -p "$D2M_CACHE"
export D2M_BIN="$REPO_ROOT/bin/dagster2mage"

log() { printf '== %s\n' "$*" >&2; }

# apt_install PKG... installs Debian packages once (apt-get update only when needed).
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  if [ ! -f "$D2M_CACHE/.apt-updated" ] || [ -n "$(find "$D2M_CACHE/.apt-updated" -mmin +720 2>/dev/null)" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && touch "$D2M_CACHE/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build_binary builds bin/dagster2mage once per test run.
build_binary() {
  if [ -z "${D2M_BUILT:-}" ]; then
    (cd "$REPO_ROOT" && go build -o "$D2M_BIN" ./cmd/dagster2mage)
    export D2M_BUILT=1
  fi
}
