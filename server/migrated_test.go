package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/codeactions"
)

// diagOf returns the first diagnostic of a construct in a publication (by data.name).
func diagOf(t *testing.T, p publishDiagnosticsParams, name string) (sev int, msg string, data diagnosticData) {
	t.Helper()
	for _, d := range p.Diagnostics {
		b, _ := json.Marshal(d.Data)
		var dd diagnosticData
		_ = json.Unmarshal(b, &dd)
		if dd.Name == name {
			return int(d.Severity), d.Message, dd
		}
	}
	t.Fatalf("no diagnostic for %s in %d diagnostics", name, len(p.Diagnostics))
	return 0, "", diagnosticData{}
}

// TestMigratedConstructsAreNoLongerPending: after "Migrate this file", the file's converted
// constructs become hints saying where they went (data.migrated, the hover too); editing one
// brings it back as changed since its migration; the others stay migrated.
func TestMigratedConstructsAreNoLongerPending(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	c.applyEditsOnDisk()
	path, text := c.openFixture("assets.py")
	first := c.diagnostics(path, atVersion(1))
	if sev, _, data := diagOf(t, first, "raw_users"); sev != 3 || data.Migrated != "" {
		t.Fatalf("before migrating: severity %d, data %+v", sev, data)
	}
	mark := c.mark()
	var res commandResult
	if err := c.call("workspace/executeCommand", map[string]any{"command": commandMigrateFile, "arguments": []any{string(fileURI(path))}}, &res); err != nil {
		t.Fatal(err)
	}
	rec := readFile(t, filepath.Join(res.Out, filepath.FromSlash(codeactions.MigratedPath)))
	for _, want := range []string{`"name": "raw_users"`, `"path": "assets.py"`, `"data_loaders/raw_users.py"`} {
		if !strings.Contains(rec, want) {
			t.Errorf("record lacks %s:\n%s", want, rec)
		}
	}
	migratedPub := c.diagnosticsSince(mark, path, func(p publishDiagnosticsParams) bool {
		for _, d := range p.Diagnostics {
			if d.Severity == 4 && strings.HasPrefix(d.Message, "Migrated to ") {
				return true
			}
		}
		return false
	})
	sev, msg, data := diagOf(t, migratedPub, "raw_users")
	if sev != 4 || data.Migrated != "migrated" || !strings.Contains(msg, "mage_project/data_loaders/raw_users.py") {
		t.Errorf("raw_users after migrating: severity %d, %q, %+v", sev, msg, data)
	}
	if h := c.hoverAt(path, strings.Count(text[:strings.Index(text, "def raw_users")], "\n"), 5); h == nil || !strings.Contains(h.Contents.Value, "Migrated to mage_project/data_loaders/raw_users.py") {
		t.Errorf("hover does not say where raw_users went: %+v", h)
	}

	// Edit raw_users' body: it is pending again, as changed since its migration.
	i := strings.Index(text, `"active": True}]`)
	ln := strings.Count(text[:i], "\n")
	col := len(utf16.Encode([]rune(text[strings.LastIndex(text[:i], "\n")+1 : i]))) // emoji and CJK before it
	c.change(path, 2, map[string]any{"range": rng(ln, col, ln, col), "text": `"tier": 1, `})
	edited := c.diagnostics(path, atVersion(2))
	sev, msg, data = diagOf(t, edited, "raw_users")
	if sev != 3 || data.Migrated != "changed" || !strings.Contains(msg, "Changed since it was migrated to mage_project/data_loaders/raw_users.py") {
		t.Errorf("raw_users after an edit: severity %d, %q, %+v", sev, msg, data)
	}
	if sev, _, data := diagOf(t, edited, "clean_users"); sev != 4 || data.Migrated != "migrated" {
		t.Errorf("clean_users (not edited) after the edit: severity %d, %+v", sev, data)
	}

	// The output files gone: nothing counts as migrated.
	gone := filepath.Join(res.Out, "transformers", "clean_users.py")
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(gone), "type": fileDeleted}}})
	c.change(path, 3, map[string]any{"range": rng(0, 0, 0, 0), "text": "# gone\n"})
	if sev, _, data := diagOf(t, c.diagnostics(path, atVersion(3)), "clean_users"); sev != 3 || data.Migrated != "" {
		t.Errorf("clean_users without its output file: severity %d, %+v", sev, data)
	}
}

// TestQuickFixRecordsMigration: the quick fix's edit carries the record with the files, so
// it counts only once applied (here, written to disk and announced by file watching).
func TestQuickFixRecordsMigration(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	path, text := c.openFixture("assets.py")
	line := strings.Count(text[:strings.Index(text, "@asset\ndef clean_users")], "\n")
	var fix wireAction
	for _, a := range c.codeActions(path, line) {
		if strings.HasPrefix(a.Title, "Convert asset `clean_users`") {
			fix = c.resolve(a)
		}
	}
	edit := fix.Edit
	if len(edit) == 0 {
		t.Fatalf("no resolved quick fix for clean_users")
	}
	if !strings.Contains(string(edit), "migrated.json") {
		t.Fatalf("the quick fix's edit does not carry the record: %s", edit)
	}
	mark := c.mark()
	applyToDisk(t, edit)
	rec := filepath.Join(c.root, "mage_project", filepath.FromSlash(codeactions.MigratedPath))
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(rec), "type": fileCreated}}})
	// Earlier publications (the scan's) may still arrive: wait for the first with a migrated construct.
	pub := c.diagnosticsSince(mark, path, func(p publishDiagnosticsParams) bool {
		for _, d := range p.Diagnostics {
			if d.Severity == 4 && strings.HasPrefix(d.Message, "Migrated to ") {
				return true
			}
		}
		return false
	})
	if sev, _, data := diagOf(t, pub, "clean_users"); sev != 4 || data.Migrated != "migrated" {
		t.Errorf("clean_users after its quick fix: severity %d, %+v", sev, data)
	}
	if sev, _, data := diagOf(t, pub, "raw_users"); sev != 3 || data.Migrated != "" {
		t.Errorf("raw_users (not converted) after clean_users' quick fix: severity %d, %+v", sev, data)
	}
}

// migrateLikeCLI migrates the folder root into root/mage_project as `dagster2mage migrate`
// does (cmd/dagster2mage/migrate.go: load, translate, write the files, then the record),
// before any server runs.
func migrateLikeCLI(t *testing.T, root string) {
	t.Helper()
	ctx := context.Background()
	cfg, err := analysis.LoadConfig(root)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Exclude = append(cfg.Exclude, "mage_project")
	ws, err := codeactions.LoadWorkspace(ctx, root, cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "mage_project")
	plan, err := codeactions.MigrateWorkspace(ctx, ws, codeactions.Options{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := codeactions.Apply(plan, out, false); err != nil {
		t.Fatal(err)
	}
	if err := codeactions.WriteMigrated(ws, plan, out); err != nil {
		t.Fatal(err)
	}
}

// TestMigratedByCLI: a folder migrated from the command line opens with its converted
// constructs as hints saying where they went, not as pending work; editing one brings it
// back as changed since its migration.
func TestMigratedByCLI(t *testing.T) {
	root := t.TempDir()
	text := fixture(t, "assets.py")
	path := filepath.Join(root, "assets.py")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	migrateLikeCLI(t, root)

	c := newTestClient(t, clientOptions{folders: []string{root}})
	c.open(path, text, 1)
	pub := c.diagnostics(path, atVersion(1))
	for _, name := range []string{"raw_users", "clean_users"} {
		sev, msg, data := diagOf(t, pub, name)
		if sev != 4 || data.Migrated != "migrated" || !strings.HasPrefix(msg, "Migrated to mage_project/") {
			t.Errorf("%s after the CLI migrated it: severity %d, %q, %+v", name, sev, msg, data)
		}
	}

	i := strings.Index(text, `"active": True}]`)
	ln := strings.Count(text[:i], "\n")
	col := len(utf16.Encode([]rune(text[strings.LastIndex(text[:i], "\n")+1 : i])))
	c.change(path, 2, map[string]any{"range": rng(ln, col, ln, col), "text": `"tier": 1, `})
	edited := c.diagnostics(path, atVersion(2))
	if sev, msg, data := diagOf(t, edited, "raw_users"); sev != 3 || data.Migrated != "changed" || !strings.Contains(msg, "Changed since it was migrated to mage_project/") {
		t.Errorf("raw_users edited after the CLI migrated it: severity %d, %q, %+v", sev, msg, data)
	}
	if sev, _, data := diagOf(t, edited, "clean_users"); sev != 4 || data.Migrated != "migrated" {
		t.Errorf("clean_users (not edited): severity %d, %+v", sev, data)
	}
}
