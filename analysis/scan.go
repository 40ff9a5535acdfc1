package analysis

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// defaultExcludes are directory names never scanned.
var defaultExcludes = map[string]bool{
	".git": true, ".hg": true, ".svn": true, ".venv": true, "venv": true, "node_modules": true,
	"build": true, "dist": true, "__pycache__": true, ".tox": true, "site-packages": true,
	".mypy_cache": true, ".pytest_cache": true, ".ruff_cache": true, ".nox": true, ".eggs": true,
}

// ScanDir lists the .py files and dg component files (defs.yaml, component.yaml) under root
// (sorted), skipping the default excludes, any
// virtual environment (a directory holding pyvenv.cfg) and cfg.Exclude globs. Errors reading a
// directory are passed to onErr (if not nil) and the walk goes on.
func ScanDir(root string, cfg *Config, onErr func(path string, err error)) []string {
	var out []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if onErr != nil {
				onErr(p, err)
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if p == root {
				return nil
			}
			if defaultExcludes[d.Name()] || cfg.Excluded(rel) {
				return fs.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "pyvenv.cfg")); err == nil {
				return fs.SkipDir
			}
			return nil
		}
		if filepath.Ext(p) != ".py" && !IsComponentYAML(p) || cfg.Excluded(rel) {
			return nil
		}
		out = append(out, p)
		return nil
	})
	sort.Strings(out)
	return out
}
