// Package nvim drives a real headless Neovim (Debian's 0.7.2 and a 0.11+ build) with the
// dagster2mage plugin against the real server. Its tests carry the build tag `editors` and run in
// scripts/test.d/50-editors.sh: go test -tags editors ./e2e/nvim/
package nvim
