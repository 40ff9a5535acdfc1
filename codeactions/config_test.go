package codeactions

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A Config class imported from another module gives the block its own fields, even when
// another module defines a class of the same name.
func TestConfigClassFromAnotherModule(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"p/__init__.py":  "",
		"p/aaa_other.py": "import dagster as dg\nclass RunConfig(dg.Config):\n    wrong: int = 1\n",
		"p/conf.py":      "import dagster as dg\nclass RunConfig(dg.Config):\n    limit: int = 10\n    label: str = 'x'\n",
		"p/assets.py":    "import dagster as dg\nfrom .conf import RunConfig\n@dg.asset\ndef sized(config: RunConfig):\n    return config.limit\n",
	}
	for rel, src := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := LoadWorkspace(context.Background(), dir, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := MigrateWorkspace(context.Background(), ws, Options{Out: "proj"})
	if err != nil {
		t.Fatal(err)
	}
	var notes string
	for _, e := range plan.Report {
		if e.Name == "sized" {
			notes = strings.Join(e.Notes, "\n")
		}
	}
	if !strings.Contains(notes, "limit") || !strings.Contains(notes, "label") || strings.Contains(notes, "wrong") {
		t.Fatalf("config variables of sized:\n%s", notes)
	}
}
