package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

type wireAction struct {
	Title       string                `json:"title"`
	Kind        string                `json:"kind"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
	Edit        json.RawMessage       `json:"edit"`
	Command     *protocol.Command     `json:"command"`
	Data        json.RawMessage       `json:"data"`
}

// lineOf returns the 0-based line of the first line containing s.
func lineOf(t testing.TB, text, s string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return i
		}
	}
	t.Fatalf("%q not in text", s)
	return -1
}

func (c *testClient) codeActions(path string, line int, only ...string) []wireAction {
	c.t.Helper()
	params := map[string]any{
		"textDocument": map[string]any{"uri": fileURI(path)},
		"range":        rng(line, 0, line+1, 0), // the whole line, as a selection would
		"context":      map[string]any{"diagnostics": []any{}},
	}
	if len(only) > 0 {
		params["context"].(map[string]any)["only"] = only
	}
	var raw json.RawMessage
	if err := c.call("textDocument/codeAction", params, &raw); err != nil {
		c.t.Fatalf("codeAction: %v", err)
	}
	var out []wireAction
	if err := json.Unmarshal(raw, &out); err != nil {
		c.t.Fatalf("codeAction result %s: %v", raw, err)
	}
	return out
}

func findAction(t testing.TB, actions []wireAction, prefix string) wireAction {
	t.Helper()
	for _, a := range actions {
		if strings.HasPrefix(a.Title, prefix) {
			return a
		}
	}
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	t.Fatalf("no action %q among %q", prefix, titles)
	return wireAction{}
}

func (c *testClient) resolve(a wireAction) wireAction {
	c.t.Helper()
	var raw json.RawMessage
	if err := c.call("codeAction/resolve", a, &raw); err != nil {
		c.t.Fatalf("resolve %q: %v", a.Title, err)
	}
	var r wireAction
	if err := json.Unmarshal(raw, &r); err != nil {
		c.t.Fatal(err)
	}
	if len(r.Edit) == 0 {
		c.t.Fatalf("resolve gave no edit: %s", raw)
	}
	return r
}

func TestConvertQuickFixCreatesFilesAndAsksBeforeReplacing(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	path, text := c.openFixture("assets.py")

	actions := c.codeActions(path, lineOf(t, text, "def raw_users"))
	a := findAction(t, actions, "Convert asset `raw_users` to a Mage data loader block")
	if a.Kind != "quickfix" || len(a.Edit) != 0 || len(a.Data) == 0 || len(a.Diagnostics) != 1 {
		t.Fatalf("convert action should be a lazy quick fix with its diagnostic: %+v", a)
	}
	for _, x := range actions {
		if strings.Contains(strings.ToLower(x.Title), "all") {
			t.Errorf("fix-all action offered: %q", x.Title)
		}
	}
	r := c.resolve(a)
	out := filepath.Join(c.root, "mage_project")
	// The parent folders exist before the client applies the edit (Neovim 0.7 cannot mkdir).
	for _, d := range []string{"data_loaders", "pipelines", ".dagster2mage"} {
		if st, err := os.Stat(filepath.Join(out, d)); err != nil || !st.IsDir() {
			t.Fatalf("folder %s not created by the server", d)
		}
	}
	if !strings.Contains(string(r.Edit), `"kind":"create"`) || !strings.Contains(string(r.Edit), `"version":null`) {
		t.Fatalf("edit lacks create/version null: %s", r.Edit)
	}
	if ann := applyToDisk(t, r.Edit); len(ann) != 0 {
		t.Fatalf("new files need no confirmation, got %v", ann)
	}
	if got := readFile(t, filepath.Join(out, "data_loaders", "raw_users.py")); !strings.Contains(got, "def raw_users") {
		t.Fatalf("block file: %q", got)
	}
	if len(pipelinesListing(t, out, "raw_users")) == 0 {
		t.Fatal("no pipeline metadata.yaml lists raw_users")
	}

	// A second conversion updates the metadata.yaml dagster2mage wrote: no confirmation.
	a2 := findAction(t, c.codeActions(path, lineOf(t, text, "def clean_users")), "Convert asset `clean_users` to a Mage transformer block")
	if ann := applyToDisk(t, c.resolve(a2).Edit); len(ann) != 0 {
		t.Fatalf("updating our own file asked for confirmation: %v", ann)
	}
	if len(pipelinesListing(t, out, "raw_users")) == 0 || len(pipelinesListing(t, out, "clean_users")) == 0 {
		t.Fatal("metadata.yaml not merged: a block went missing")
	}

	// The user edits the pipelines: replacing them now needs confirmation.
	metas, _ := filepath.Glob(filepath.Join(out, "pipelines", "*", "metadata.yaml"))
	for _, m := range metas {
		if err := os.WriteFile(m, []byte(readFile(t, m)+"# mine\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a3 := findAction(t, c.codeActions(path, lineOf(t, text, "def ユーザー数")), "Convert asset `ユーザー数`")
	r3 := c.resolve(a3)
	var we wireEdit
	_ = json.Unmarshal(r3.Edit, &we)
	if ca, ok := we.ChangeAnnotations[confirmAnnotation]; !ok || !ca.NeedsConfirmation {
		t.Fatalf("replacing a user-changed file without a needsConfirmation annotation: %s", r3.Edit)
	}
	if ann := applyToDisk(t, r3.Edit); len(ann) != 1 {
		t.Fatalf("annotations used: %v", ann)
	}
}

func TestIgnoreOnThisLine(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	path, text := c.openFixture("assets.py")
	line := lineOf(t, text, "label = \"🐍")
	a := findAction(t, c.codeActions(path, line), "Ignore DM204 on this line")
	var we wireEdit
	if err := json.Unmarshal(a.Edit, &we); err != nil || len(we.Changes[fileURI(path)]) != 1 {
		t.Fatalf("ignore edit: %s", a.Edit)
	}
	ed := we.Changes[fileURI(path)][0]
	c.change(path, 2, map[string]any{"range": ed.Range, "text": ed.NewText})
	p := c.diagnostics(path, atVersion(2))
	newText := c.text(path)
	if !strings.HasSuffix(strings.Split(newText, "\n")[line], `selection=["raw_users"])  # noqa: DM204`) {
		t.Fatalf("line after the fix: %q", strings.Split(newText, "\n")[line])
	}
	for _, d := range p.Diagnostics {
		if int(d.Range.Start.Line) == line && d.Code == "DM204" {
			t.Fatalf("DM204 still reported after noqa: %s", mustJSON(d))
		}
	}
}

func TestMigrateFileSourceAction(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	path, _ := c.openFixture("assets.py")
	actions := c.codeActions(path, 0, "source")
	if len(actions) != 1 || actions[0].Kind != string(sourceMigrateFile) {
		t.Fatalf("only=source gave %+v", actions)
	}
	applyToDisk(t, c.resolve(actions[0]).Edit)
	for _, b := range []string{"data_loaders/raw_users.py", "transformers/clean_users.py", "transformers/block.py"} {
		if _, err := os.Stat(filepath.Join(c.root, "mage_project", b)); err != nil {
			t.Errorf("block %s not written", b)
		}
	}
}

func TestClientWithoutResolveGetsEditsDirectly(t *testing.T) {
	caps := vscodeCaps()
	delete(caps["textDocument"].(map[string]any)["codeAction"].(map[string]any), "resolveSupport")
	c := newTestClient(t, clientOptions{capabilities: caps})
	path, text := c.openFixture("assets.py")
	a := findAction(t, c.codeActions(path, lineOf(t, text, "def raw_users")), "Convert asset `raw_users`")
	if len(a.Edit) == 0 {
		t.Fatalf("no edit for a client without resolve support: %+v", a)
	}
}

func TestClientThatCannotCreateFilesGetsACommand(t *testing.T) {
	caps := vscodeCaps()
	caps["workspace"].(map[string]any)["workspaceEdit"] = map[string]any{"documentChanges": true}
	c := newTestClient(t, clientOptions{capabilities: caps})
	path, text := c.openFixture("assets.py")
	a := findAction(t, c.codeActions(path, lineOf(t, text, "def raw_users")), "Convert asset `raw_users`")
	if a.Command == nil || a.Command.Command != commandConvert || len(a.Edit) != 0 {
		t.Fatalf("want a %s command instead of an edit: %+v", commandConvert, a)
	}
	var res commandResult
	if err := c.call("workspace/executeCommand", map[string]any{"command": a.Command.Command, "arguments": a.Command.Arguments}, &res); err != nil {
		t.Fatal(err)
	}
	if !res.Applied || res.Files < 2 {
		t.Fatalf("server-side write: %+v", res)
	}
	if _, err := os.Stat(filepath.Join(c.root, "mage_project", "data_loaders", "raw_users.py")); err != nil {
		t.Fatal("block not written server-side")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.requests {
		if r.Method == "workspace/applyEdit" {
			t.Fatal("applyEdit sent to a client that cannot create files")
		}
	}
}

// pipelinesListing returns the pipeline metadata.yaml files under out that list block uuid.
func pipelinesListing(t testing.TB, out, uuid string) []string {
	t.Helper()
	metas, _ := filepath.Glob(filepath.Join(out, "pipelines", "*", "metadata.yaml"))
	var got []string
	for _, m := range metas {
		if strings.Contains(readFile(t, m), "uuid: "+uuid+"\n") {
			got = append(got, m)
		}
	}
	return got
}

func TestQuickFixTitlesNameTheMageTarget(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	c.applyEditsOnDisk()
	path, text := c.openFixture("assets.py")
	for _, tc := range []struct{ line, title string }{
		{"def clean_users", "Convert asset `clean_users` to a Mage transformer block"},
		{"users_job = define_asset_job", "Convert asset job `users_job` to a Mage pipeline"},
		{"daily = ScheduleDefinition", "Convert schedule `users_job_schedule` to a Mage time trigger"},
	} {
		a := findAction(t, c.codeActions(path, lineOf(t, text, tc.line)), tc.title)
		r := c.resolve(a)
		applyToDisk(t, r.Edit)
	}
	if _, err := os.Stat(filepath.Join(c.root, "mage_project", "pipelines", "users_job", "triggers.yaml")); err != nil {
		t.Fatal("the schedule's quick fix wrote no trigger")
	}
}
