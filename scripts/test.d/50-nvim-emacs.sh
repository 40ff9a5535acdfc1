#!/usr/bin/env bash
# Real terminal editors against the real server: headless Neovim (Debian's 0.7.2 with setup{}, and
# a Neovim 0.11+ from PyPI with setup{} and lsp/ + vim.lsp.enable) driving editors/nvim, and Emacs 28
# + eglot (Debian) in batch mode with the README's eglot snippet; the Helix and Zed snippets are
# parsed and their command lines started.
source "$(dirname "$0")/../lib.sh"
cd "$REPO_ROOT"
apt_install neovim emacs-nox elpa-eglot git
build_binary
D2M_NVIM_NEXT=$("$REPO_ROOT/scripts/install-nvim-next.sh")
export D2M_NVIM_NEXT D2M_BIN
go test -tags editors -count=1 -v ./e2e/nvim/ ./e2e/emacs/
