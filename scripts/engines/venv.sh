# ensure_venv NAME: creates (once) the virtual environment for one engine from
# scripts/engines/requirements-NAME.txt + constraints-NAME.txt, under $D2M_CACHE/venv/, and prints
# its path. A venv is reused while the hash of its pin files and the Python version match; pip's
# cache ($D2M_CACHE/pip) makes a rebuild after a pin change cheap. Sourced after scripts/lib.sh.

# engines_python prints a Python 3.11 interpreter (mage-ai 0.9.80 and dagster 1.13 both run on it).
engines_python() {
  local c
  for c in "${D2M_PYTHON:-}" "$HOME/.pyenv/versions/3.11.7/bin/python3" python3.11 python3; do
    [ -n "$c" ] || continue
    command -v "$c" >/dev/null 2>&1 || continue
    if "$c" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  echo "engines: no Python 3.11 with the venv module found (set D2M_PYTHON)" >&2
  return 1
}

ensure_venv() {
  local name=$1 dir req con py key start
  req="$REPO_ROOT/scripts/engines/requirements-$name.txt"
  con="$REPO_ROOT/scripts/engines/constraints-$name.txt"
  py=$(engines_python) || return 1
  key=$( { cat "$req" "$con"; "$py" -c 'import sys; print(sys.version)'; } | sha256sum | cut -c1-16)
  dir="$D2M_CACHE/venv/$name-$(grep -m1 -E '^(dagster|mage-ai)==' "$req" | cut -d= -f3)"
  if [ -f "$dir/.d2m-pins" ] && [ "$(cat "$dir/.d2m-pins")" = "$key" ] && [ -x "$dir/bin/python" ]; then
    echo "$dir"; return 0
  fi
  log "engines: creating $dir (pins $key)"
  start=$(date +%s)
  rm -rf "$dir"
  mkdir -p "$D2M_CACHE/venv" "$D2M_CACHE/pip"
  "$py" -m venv "$dir" >&2 || return 1
  PIP_CACHE_DIR="$D2M_CACHE/pip" PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$dir/bin/pip" install -q -r "$req" -c "$con" >&2 || { rm -rf "$dir"; return 1; }
  echo "$key" > "$dir/.d2m-pins"
  log "engines: $name venv installed in $(( $(date +%s) - start ))s"
  echo "$dir"
}
