package server

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"weak"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

func codesOf(p publishDiagnosticsParams) []string {
	var out []string
	for _, d := range p.Diagnostics {
		out = append(out, d.Code.(string))
	}
	return out
}

func TestWorkspaceScanWithProgressHonoursExcludes(t *testing.T) {
	c := newTestClient(t, clientOptions{files: map[string]string{
		"pyproject.toml":      "[tool.dagster2mage]\nexclude = [\"skip/*\"]\n",
		"pkg/assets.py":       fixture(t, "assets.py"),
		"pkg/jobs.py":         fixture(t, "jobs.py"),
		"skip/generated.py":   "from dagster import asset\n@asset\ndef hidden(): ...\n",
		".venv/lib/site.py":   "from dagster import asset\n@asset\ndef venv(): ...\n",
		"node_modules/x/a.py": "from dagster import asset\n@asset\ndef nm(): ...\n",
	}})
	end := c.waitNote("indexing progress end", func(n note) bool {
		return n.Method == "$/progress" && strings.Contains(string(n.Params), `"kind":"end"`) && strings.Contains(string(n.Params), "indexed")
	})
	if !strings.Contains(string(end.Params), "2 Python files indexed") {
		t.Fatalf("scan end: %s", end.Params)
	}
	var created bool
	c.mu.Lock()
	for _, r := range c.requests {
		created = created || r.Method == "window/workDoneProgress/create"
	}
	c.mu.Unlock()
	if !created {
		t.Fatal("progress token not created through window/workDoneProgress/create")
	}
	files := c.srv.sess.folderList()[0].ws.Files()
	if len(files) != 2 || !strings.HasSuffix(files[0], "pkg/assets.py") {
		t.Fatalf("indexed %v", files)
	}
}

func TestCrossFileDiagnosticsFollowOtherFiles(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	jobs, _ := c.openFixture("jobs.py")
	first := c.diagnostics(jobs, atVersion(1))
	if !slices.Contains(codesOf(first), "DM207") {
		t.Fatalf("jobs.py should report the unresolved selection: %v", codesOf(first))
	}
	assets, text := c.openFixture("assets.py")
	add := "\n\n@asset\ndef orders():\n    return []\n"
	end := endPosition([]byte(text), 1)
	c.change(assets, 2, map[string]any{"range": rng(int(end.Line), int(end.Character), int(end.Line), int(end.Character)), "text": add})
	// jobs.py is republished (same version) once typing pauses, now resolved.
	c.diagnostics(jobs, func(p publishDiagnosticsParams) bool {
		return p.Version != nil && *p.Version == 1 && !slices.Contains(codesOf(p), "DM207")
	})
}

func TestClosingAndDeletingFiles(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	path, _ := c.openFixture("assets.py")
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": fileURI(path)}})
	// Inside the workspace the file's findings stay, as of the file on disk.
	kept := c.diagnostics(path, func(p publishDiagnosticsParams) bool { return p.Version == nil && len(p.Diagnostics) > 0 })
	if slices.Contains(codesOf(kept), "") {
		t.Fatal("bad codes")
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(path), "type": fileDeleted}}})
	c.diagnostics(path, func(p publishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
	if c.srv.sess.folderFor(path).ws.File(path) != nil {
		t.Fatal("deleted file still indexed")
	}

	// Outside every folder a closed file is forgotten and cleared.
	outside := filepath.Join(t.TempDir(), "loose.py")
	text := fixture(t, "assets.py")
	if err := os.WriteFile(outside, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c.open(outside, text, 3)
	if p := c.diagnostics(outside, atVersion(3)); len(p.Diagnostics) == 0 {
		t.Fatal("no diagnostics for a file outside the workspace")
	}
	// Nothing offers to write Mage files for it: there is no workspace folder to hold them.
	for _, a := range c.codeActions(outside, lineOf(t, text, "def raw_users")) {
		if !strings.HasPrefix(a.Title, "Ignore") {
			t.Errorf("action %q offered for a file outside the workspace", a.Title)
		}
	}
	if err := c.call("workspace/executeCommand", map[string]any{"command": commandMigrateFile, "arguments": []any{fileURI(outside)}}, nil); err == nil {
		t.Error("migrateFile accepted a file outside the workspace")
	}
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": fileURI(outside)}})
	c.diagnostics(outside, func(p publishDiagnosticsParams) bool { return p.Version == nil && len(p.Diagnostics) == 0 })
	if c.srv.sess.loose.ws.File(outside) != nil {
		t.Fatal("closed loose file still indexed")
	}
}

func TestClosedDocumentsReleaseMemory(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	path, _ := c.openFixture("assets.py")
	wp := weak.Make(c.srv.sess.overlay(path))
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": fileURI(path)}})
	c.diagnostics(path, func(p publishDiagnosticsParams) bool { return p.Version == nil })
	deadline := time.Now().Add(5 * time.Second)
	for wp.Value() != nil {
		if time.Now().After(deadline) {
			t.Fatal("closed document is still reachable")
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

func TestInvalidPyprojectIsADiagnostic(t *testing.T) {
	bad := "[project]\nname = \"shop\"\n\n[tool.dagster2mage]\nout = \"mage\"\npipeline_strategy = \"sometimes\"\n"
	c := newTestClient(t, clientOptions{files: map[string]string{"pyproject.toml": bad}})
	py := filepath.Join(c.root, "pyproject.toml")
	p := c.diagnostics(py, func(p publishDiagnosticsParams) bool { return len(p.Diagnostics) == 1 })
	d := p.Diagnostics[0]
	if d.Range.Start.Line != 5 || !strings.Contains(d.Message, "pipeline_strategy") || d.Source != "dagster2mage" {
		t.Fatalf("config diagnostic %s", mustJSON(d))
	}
	// Fixed on disk: the diagnostic goes away and the new settings apply.
	c.write("pyproject.toml", "[tool.dagster2mage]\nignore = [\"DM101\"]\n")
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(py), "type": fileChanged}}})
	c.diagnostics(py, func(p publishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
	// The reload is asynchronous: the open document is republished once it applies.
	path, _ := c.openFixture("assets.py")
	c.diagnostics(path, func(p publishDiagnosticsParams) bool {
		return *p.Version == 1 && len(p.Diagnostics) > 0 && !slices.Contains(codesOf(p), "DM101")
	})
}

func TestConfigurationSources(t *testing.T) {
	c := newTestClient(t, clientOptions{initOptions: map[string]any{"ignore": []string{"DM204"}, "severity": map[string]string{"convert": "hint"}}})
	path, _ := c.openFixture("assets.py")
	p := c.diagnostics(path, atVersion(1))
	if slices.Contains(codesOf(p), "DM204") {
		t.Fatalf("initializationOptions ignore not applied: %v", codesOf(p))
	}
	for _, d := range p.Diagnostics {
		if d.Code == "DM101" && d.Severity != protocol.DiagnosticSeverityHint {
			t.Fatalf("severity setting not applied: %s", mustJSON(d))
		}
	}
	// The client's configuration (pulled) now selects only DM1xx.
	c.handleRequest("workspace/configuration", func(params json.RawMessage) (any, error) {
		return []any{map[string]any{"select": []string{"DM1"}}}, nil
	})
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	c.diagnostics(path, func(p publishDiagnosticsParams) bool {
		for _, code := range codesOf(p) {
			if !strings.HasPrefix(code, "DM1") {
				return false
			}
		}
		return len(p.Diagnostics) > 0
	})
}

func TestMultiRootFolders(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	c := newTestClient(t, clientOptions{folders: []string{a, b}})
	text := fixture(t, "assets.py")
	pa, pb := filepath.Join(a, "assets.py"), filepath.Join(b, "assets.py")
	for _, p := range []string{pa, pb} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		c.open(p, text, 1)
		c.diagnostics(p, atVersion(1))
	}
	if c.srv.sess.folderFor(pa).root != a || c.srv.sess.folderFor(pb).root != b {
		t.Fatal("files not assigned to their folders")
	}
	m := c.mark()
	c.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added": []any{}, "removed": []any{map[string]any{"uri": fileURI(b), "name": "b"}},
	}})
	c.diagnosticsSince(m, pb, atVersion(1)) // republished from its new (loose) home
	c.sync()
	if !c.srv.sess.folderFor(pb).loose {
		t.Fatal("file of a removed folder still in a folder")
	}
	cdir := t.TempDir()
	if err := os.WriteFile(filepath.Join(cdir, "jobs.py"), []byte(fixture(t, "jobs.py")), 0o644); err != nil {
		t.Fatal(err)
	}
	m = c.mark()
	c.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added": []any{map[string]any{"uri": fileURI(cdir), "name": "c"}}, "removed": []any{},
	}})
	c.waitNoteSince(m, "scan of the added folder", func(n note) bool {
		return n.Method == "$/progress" && strings.Contains(string(n.Params), "1 Python files indexed in c")
	})
	c.sync()
	if f := c.srv.sess.folderFor(filepath.Join(cdir, "jobs.py")); f.root != cdir || f.ws.File(filepath.Join(cdir, "jobs.py")) == nil {
		t.Fatalf("added folder not indexed: folder %q files %v", f.root, f.ws.Files())
	}
}

func TestOutputFolderAndNonPythonDocumentsAreNotAnalysed(t *testing.T) {
	asset := "from dagster import asset\n@asset\ndef a(): ...\n"
	bad := "[tool.dagster2mage]\npipeline_strategy = \"sometimes\"\n"
	c := newTestClient(t, clientOptions{files: map[string]string{
		"src/a.py": asset, "mage_project/transformers/a.py": asset, "pyproject.toml": bad,
	}})
	c.waitNote("scan end", func(n note) bool {
		return n.Method == "$/progress" && strings.Contains(string(n.Params), "1 Python files indexed")
	})
	py := filepath.Join(c.root, "pyproject.toml")
	c.diagnostics(py, func(p publishDiagnosticsParams) bool { return len(p.Diagnostics) == 1 })
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": fileURI(py), "languageId": "toml", "version": 1, "text": bad}})
	// A Python document opened afterwards is answered; the TOML one never got a list
	// that would have wiped the configuration diagnostic.
	path, _ := c.openFixture("assets.py")
	_ = path
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.notes {
		if n.Method == "textDocument/publishDiagnostics" && strings.Contains(string(n.Params), "pyproject.toml") && strings.Contains(string(n.Params), `"diagnostics":[]`) {
			t.Fatalf("pyproject.toml diagnostics cleared by opening it: %s", n.Params)
		}
	}
}

func TestPushedConfigurationWithoutPull(t *testing.T) {
	// Neovim-like: no workspace/configuration, settings pushed in didChangeConfiguration.
	c := newTestClient(t, clientOptions{capabilities: nvimCaps()})
	path, _ := c.openFixture("assets.py")
	m := c.mark()
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"dagster2mage": map[string]any{"ignore": []string{"DM101"}}}})
	c.diagnosticsSince(m, path, func(p publishDiagnosticsParams) bool {
		return *p.Version == 1 && len(p.Diagnostics) > 0 && !slices.Contains(codesOf(p), "DM101")
	})
}

func TestWorkspaceDiagnosticsSetting(t *testing.T) {
	c := newTestClient(t, clientOptions{
		initOptions: map[string]any{"workspaceDiagnostics": true},
		files:       map[string]string{"pkg/jobs.py": fixture(t, "jobs.py")},
	})
	// Never opened, yet published (without a version) once the scan is done.
	p := c.diagnostics(filepath.Join(c.root, "pkg", "jobs.py"), func(p publishDiagnosticsParams) bool { return len(p.Diagnostics) > 0 })
	if p.Version != nil || !slices.Contains(codesOf(p), "DM207") {
		t.Fatalf("workspace diagnostics: %s", mustJSON(p))
	}
}
