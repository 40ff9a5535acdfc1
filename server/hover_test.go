package server

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/codeactions"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

func (c *testClient) hoverAt(path string, line, char int) *protocol.Hover {
	c.t.Helper()
	var raw json.RawMessage
	if err := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": fileURI(path)},
		"position": map[string]any{"line": line, "character": char}}, &raw); err != nil {
		c.t.Fatalf("hover: %v", err)
	}
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var h protocol.Hover
	if err := json.Unmarshal(raw, &h); err != nil {
		c.t.Fatal(err)
	}
	return &h
}

func TestHover(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	path, text := c.openFixture("assets.py")
	lines := strings.Split(text, "\n")

	dec := lineOf(t, text, "def clean_users") - 1          // the @asset line
	for _, pos := range [][2]int{{dec, 2}, {dec + 1, 6}} { // decorator, name
		h := c.hoverAt(path, pos[0], pos[1])
		if h == nil || h.Contents.Kind != protocol.Markdown {
			t.Fatalf("no markdown hover at %v", pos)
		}
		v := h.Contents.Value
		for _, want := range []string{"**@asset `clean_users`**", "DM101", "Would write** `transformers/clean_users.py`", "def clean_users", "What behaves differently"} {
			if !strings.Contains(v, want) {
				t.Errorf("hover at %v lacks %q:\n%s", pos, want, v)
			}
		}
	}
	// A call on a line with emoji and CJK before it, addressed in UTF-16.
	ln := lineOf(t, text, "label = \"🐍")
	col := len(utf16.Encode([]rune(lines[ln][:strings.Index(lines[ln], "define_asset_job")+3])))
	h := c.hoverAt(path, ln, col)
	if h == nil || !strings.Contains(h.Contents.Value, "`weekly_job`") {
		t.Fatalf("hover on define_asset_job after emoji: %+v", h)
	}
	if h.Range == nil || textAt(t, text, *h.Range, false) != "define_asset_job" {
		t.Fatalf("hover range %+v", h.Range)
	}
	if h := c.hoverAt(path, 0, 0); h != nil && strings.Contains(h.Contents.Value, "Mage") {
		// the import line is not a construct
		t.Fatalf("hover on an import: %+v", h)
	}
	if h := c.hoverAt(path, lineOf(t, text, "return [u for u"), 8); h != nil {
		t.Fatalf("hover inside a body: %+v", h)
	}
}

// armedTranslator is the codeactions package whose workspace translations wait for open
// once armed, so a test can hold a translation in flight.
type armedTranslator struct {
	packageTranslator
	armed atomic.Bool
	open  chan struct{}
}

func (g *armedTranslator) MigrateWorkspace(ctx context.Context, ws *analysis.Workspace, opts codeactions.Options) (*codeactions.Plan, error) {
	if g.armed.Load() {
		<-g.open
	}
	return g.packageTranslator.MigrateWorkspace(ctx, ws, opts)
}

// After a keystroke, a definition that did not change shows its preview from the last
// translation at once, while the new translation is still running; the edited one waits for
// the new translation.
func TestHoverAfterEditUsesLastTranslation(t *testing.T) {
	g := &armedTranslator{open: make(chan struct{})}
	c := newTestClient(t, clientOptions{translator: g})
	path, text := c.openFixture("assets.py")
	dec := lineOf(t, text, "def clean_users") - 1
	if h := c.hoverAt(path, dec+1, 6); h == nil || !strings.Contains(h.Contents.Value, "Would write** `transformers/clean_users.py`") {
		t.Fatalf("first hover: %+v", h)
	}
	g.armed.Store(true)
	// Type in another definition's body: the index moves to a new generation.
	ln := lineOf(t, text, "return [{\"name\"")
	c.change(path, 2, map[string]any{"range": rng(ln, 4, ln, 4), "text": "# typed\n    "})
	c.diagnostics(path, atVersion(2))
	done := make(chan *protocol.Hover, 1)
	go func() { done <- c.hoverAt(path, dec+1, 6) }()
	select {
	case h := <-done:
		if h == nil || !strings.Contains(h.Contents.Value, "Would write** `transformers/clean_users.py`") {
			t.Fatalf("hover during the new translation: %+v", h)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the hover of an unchanged definition waited for the new translation")
	}
	close(g.open)
	// The edited definition's preview comes from the new translation.
	if h := c.hoverAt(path, lineOf(t, text, "def raw_users"), 6); h == nil || !strings.Contains(h.Contents.Value, "# typed") {
		t.Fatalf("hover of the edited definition: %+v", h)
	}
}
