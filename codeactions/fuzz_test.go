package codeactions

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
)

// FuzzMigrateFile: whatever a Dagster file holds (half-typed code, odd names, invalid UTF-8),
// the translation does not panic, keeps every path inside the output folder, and every
// generated Python file parses without error nodes.
func FuzzMigrateFile(f *testing.F) {
	for _, dir := range fixtures(f) {
		filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
			if err == nil && strings.HasSuffix(p, ".py") {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(b)
				}
			}
			return nil
		})
	}
	f.Add([]byte("from dagster import asset\n@asset(\ndef broken(x:\n"))
	f.Add([]byte("import dagster as dg\n@dg.asset(key=['..', '\\xff'])\ndef a(context): return context.partition_key\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		ws := analysis.NewWorkspace(dir, nil)
		path := filepath.Join(dir, "defs.py")
		ws.Update(ws.Analyze(path, analysis.NewDocument(src)))
		plan, err := MigrateWorkspace(context.Background(), ws, Options{Out: "fuzz"})
		if err != nil {
			t.Fatal(err)
		}
		for _, fc := range plan.Files {
			if _, err := SafeJoin(dir, fc.Path); err != nil {
				t.Fatalf("unsafe path: %v", err)
			}
			if strings.HasSuffix(fc.Path, ".py") {
				if n := mage.InspectPython(fc.Content).ErrorNodes; n > 0 && mage.InspectPython(src).ErrorNodes == 0 {
					t.Fatalf("%s has %d error nodes though the input parses:\n%s", fc.Path, n, fc.Content)
				}
			}
		}
	})
}
