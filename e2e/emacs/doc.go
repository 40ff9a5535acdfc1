// Package emacs checks the configuration snippets of editors/README.md for the editors without a
// shipped client: Emacs eglot in a real Emacs (batch mode), Helix and Zed by parsing their TOML and
// JSON and starting the server exactly as they configure it. Build tag `editors`.
package emacs
