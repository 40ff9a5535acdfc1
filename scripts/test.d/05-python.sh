#!/usr/bin/env bash
# python3 for the Go tests that compile every generated Mage file with `python3 -m py_compile`
# (codeactions, mage). Debian's python3 is enough; the engine venvs have their own Python.
source "$(dirname "$0")/../lib.sh"
if ! command -v python3 >/dev/null 2>&1; then
  apt_install python3
fi
python3 --version
