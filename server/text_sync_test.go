package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "shop", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// offsetOf converts an LSP position to a byte offset independently of the server: columns
// count UTF-16 code units (or bytes when utf8 is set).
func offsetOf(t testing.TB, text string, p protocol.Position, utf8cols bool) int {
	t.Helper()
	off := 0
	for i := 0; i < int(p.Line); i++ {
		nl := strings.IndexByte(text[off:], '\n')
		if nl < 0 {
			t.Fatalf("line %d beyond the text", p.Line)
		}
		off += nl + 1
	}
	line := text[off:]
	if nl := strings.IndexByte(line, '\n'); nl >= 0 {
		line = line[:nl]
	}
	if utf8cols {
		return off + min(int(p.Character), len(line))
	}
	units := 0
	for i, r := range line {
		if units >= int(p.Character) {
			return off + i
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return off + len(line)
}

func textAt(t testing.TB, text string, r protocol.Range, utf8cols bool) string {
	return text[offsetOf(t, text, r.Start, utf8cols):offsetOf(t, text, r.End, utf8cols)]
}

// applyEdit applies one ranged change the way an editor would, for the expected text.
func applyEdit(t testing.TB, text string, r protocol.Range, newText string) string {
	s, e := offsetOf(t, text, r.Start, false), offsetOf(t, text, r.End, false)
	return text[:s] + newText + text[e:]
}

func prange(l1, c1, l2, c2 int) protocol.Range {
	return protocol.Range{Start: protocol.Position{Line: uint32(l1), Character: uint32(c1)}, End: protocol.Position{Line: uint32(l2), Character: uint32(c2)}}
}

// utf16Col is the UTF-16 column of the byte offset col in line.
func utf16Col(line string, col int) int {
	return len(utf16.Encode([]rune(line[:col])))
}

func TestDiagnosticsOnOpen(t *testing.T) {
	for _, enc := range []string{"utf-16", "utf-8"} {
		t.Run(enc, func(t *testing.T) {
			caps := vscodeCaps()
			caps["general"] = map[string]any{"positionEncodings": []string{enc}}
			c := newTestClient(t, clientOptions{capabilities: caps})
			text := fixture(t, "assets.py")
			path := c.write("assets.py", text)
			c.open(path, text, 0)
			p := c.diagnostics(path, atVersion(0))
			if len(p.Diagnostics) < 8 {
				t.Fatalf("got %d diagnostics, want every construct: %s", len(p.Diagnostics), mustJSON(p))
			}
			codes := map[string]bool{}
			var sawEmojiLine, sawRelated bool
			for _, d := range p.Diagnostics {
				code, _ := d.Code.(string)
				codes[code] = true
				if d.Source != "dagster2mage" || !strings.HasPrefix(code, "DM") {
					t.Errorf("diagnostic without source/code: %s", mustJSON(d))
				}
				if d.Severity != protocol.DiagnosticSeverityInformation && d.Severity != protocol.DiagnosticSeverityHint {
					t.Errorf("severity %v: %s", d.Severity, mustJSON(d))
				}
				if d.CodeDescription == nil || !strings.HasSuffix(string(d.CodeDescription.Href), "#"+strings.ToLower(code)) {
					t.Errorf("no rule link: %s", mustJSON(d))
				}
				var data diagnosticData
				b, _ := json.Marshal(d.Data)
				if err := json.Unmarshal(b, &data); err != nil || data.Code != code || data.Construct == "" {
					t.Errorf("data %s does not carry the finding", b)
				}
				// The range, decoded independently in the negotiated encoding, covers the
				// construct's head (decorator, callee or class name).
				got := textAt(t, text, d.Range, enc == "utf-8")
				if got == "" || !strings.Contains(got, strings.TrimPrefix(data.Construct, "@")) {
					t.Errorf("%s range %v covers %q, not %s", code, d.Range, got, data.Construct)
				}
				lineText := strings.Split(text, "\n")[d.Range.Start.Line]
				if strings.Contains(lineText, "🐍") && d.Range.Start.Character > 0 {
					sawEmojiLine = true
					byteCol := strings.Index(lineText, "define_asset_job")
					want := utf16Col(lineText, byteCol)
					if enc == "utf-8" {
						want = byteCol
					}
					if int(d.Range.Start.Character) != want {
						t.Errorf("column after emoji/CJK = %d, want %d (%s)", d.Range.Start.Character, want, enc)
					}
				}
				for _, ri := range d.RelatedInformation {
					sawRelated = true
					if ri.Location.URI != fileURI(path) || ri.Message == "" {
						t.Errorf("related information %s", mustJSON(ri))
					}
				}
			}
			if !sawEmojiLine {
				t.Error("no diagnostic on the line with emoji and CJK text before the construct")
			}
			if !sawRelated {
				t.Error("no related information (check → asset, schedule → job)")
			}
			for _, want := range []string{"DM101", "DM601", "DM204", "DM302", "DM801"} {
				if !codes[want] {
					t.Errorf("no %s diagnostic", want)
				}
			}
		})
	}
}

func TestIncrementalSync(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	path, text := c.openFixture("assets.py")

	// An insertion at (0,0) is an edit, not a replacement.
	r := prange(0, 0, 0, 0)
	c.change(path, 2, map[string]any{"range": r, "text": "# header\n"})
	text = applyEdit(t, text, r, "# header\n")
	c.diagnostics(path, atVersion(2))
	if got := c.text(path); got != text {
		t.Fatalf("after insert at (0,0):\n%s", got)
	}

	// Several changes in one notification, each against the previous result, on lines
	// with emoji and CJK: replace ユーザー inside the string, then append to the same line.
	lines := strings.Split(text, "\n")
	ln := -1
	for i, l := range lines {
		if strings.Contains(l, `"🐍 ユーザー"`) {
			ln = i
		}
	}
	if ln < 0 {
		t.Fatal("fixture lost its emoji line")
	}
	b := strings.Index(lines[ln], "ユーザー")
	r1 := prange(ln, utf16Col(lines[ln], b), ln, utf16Col(lines[ln], b+len("ユーザー")))
	text = applyEdit(t, text, r1, "user")
	line2 := strings.Split(text, "\n")[ln]
	end := len(utf16.Encode([]rune(line2)))
	r2 := prange(ln, end, ln, end)
	text = applyEdit(t, text, r2, "  # 日本🐍")
	r3 := prange(0, 2, 0, 8) // "header" → "top"
	text = applyEdit(t, text, r3, "top")
	c.change(path, 7, // versions need not be consecutive (Neovim jumps)
		map[string]any{"range": r1, "text": "user"},
		map[string]any{"range": r2, "text": "  # 日本🐍"},
		map[string]any{"range": r3, "text": "top"},
	)
	c.diagnostics(path, atVersion(7))
	if got := c.text(path); got != text {
		t.Fatalf("after three changes in one notification: got\n%s\nwant\n%s", got, text)
	}

	// A change without a range replaces the whole document.
	full := "from dagster import asset\n\n@asset\ndef only():\n    return 1\n"
	c.change(path, 8, map[string]any{"text": full})
	p := c.diagnostics(path, atVersion(8))
	if got := c.text(path); got != full {
		t.Fatalf("full replacement: got %q", got)
	}
	if len(p.Diagnostics) != 1 || textAt(t, full, p.Diagnostics[0].Range, false) != "@asset" {
		t.Fatalf("after full replacement: %s", mustJSON(p))
	}

	// Deleting everything leaves an empty list, never null.
	c.change(path, 9, map[string]any{"range": prange(0, 0, 5, 0), "text": ""})
	p = c.diagnostics(path, atVersion(9))
	if len(p.Diagnostics) != 0 || c.text(path) != "" {
		t.Fatalf("after deleting everything: %s / %q", mustJSON(p), c.text(path))
	}
}

func TestHalfTypedCodeKeepsServing(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	path, text := c.openFixture("assets.py")
	// Type a broken decorator call character by character.
	typed := "@asset(deps=[\"x\"\n"
	v := int32(1)
	for i := range typed {
		_, size := utf8.DecodeRuneInString(typed[i:])
		if size == 0 {
			continue
		}
		v++
		col := len(utf16.Encode([]rune(typed[:i])))
		c.change(path, v, map[string]any{"range": prange(0, col, 0, col), "text": typed[i : i+size]})
	}
	c.diagnostics(path, atVersion(v))
	if got := c.text(path); got != typed+text {
		t.Fatalf("text after typing:\n%s", got)
	}
}

func TestVersionZeroIsSent(t *testing.T) {
	// Neovim opens documents with version 0; protocol's omitempty would drop it.
	c := newTestClient(t, clientOptions{capabilities: nvimCaps()})
	path := c.write("a.py", "from dagster import asset\n\n@asset\ndef a():\n    return 1\n")
	c.open(path, "from dagster import asset\n\n@asset\ndef a():\n    return 1\n", 0)
	var raw string
	c.waitNote("diagnostics with version 0", func(n note) bool {
		raw = string(n.Params)
		return n.Method == "textDocument/publishDiagnostics" && strings.Contains(raw, `"version":0`)
	})
}

// TestOpenIndexedFileReusesItsModel: a file opened as it is on disk is not analysed again at
// open (the index's model serves), and typing in it afterwards gives what a fresh analysis
// gives.
func TestOpenIndexedFileReusesItsModel(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	text := fixture(t, "assets.py")
	path := c.write("assets.py", text)
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(path), "type": fileCreated}}})
	f := c.srv.sess.folderFor(path)
	// The scan and the re-read the notification causes may both index it: wait for both.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for f.ws.File(path) == nil && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	c.sync() // the notification has been handled (its re-read started)
	if err := f.busy.wait(ctx); err != nil {
		t.Fatal(err)
	}
	indexed := f.ws.File(path)
	if indexed == nil {
		t.Fatal("assets.py never indexed")
	}
	c.open(path, text, 1)
	c.diagnostics(path, atVersion(1))
	if got := c.srv.sess.overlay(path).model(f); got != indexed {
		t.Errorf("the opened file was analysed again")
	}
	line := lineOf(t, text, "def raw_users")
	c.change(path, 2, map[string]any{"range": rng(line, 0, line, 0), "text": "# typed\n"})
	sameAsFresh(t, c, path, c.diagnostics(path, atVersion(2)))
}
