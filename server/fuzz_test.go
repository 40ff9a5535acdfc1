package server

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// utf16Offset maps a UTF-16 position to a byte offset independently of the analysis
// package; ok is false for positions outside the text or inside a surrogate pair.
func utf16Offset(text string, line, char int) (int, bool) {
	lines := strings.SplitAfter(text, "\n")
	if line < 0 || char < 0 || line >= len(lines) {
		return 0, false
	}
	off := 0
	for _, l := range lines[:line] {
		off += len(l)
	}
	l := strings.TrimSuffix(strings.TrimSuffix(lines[line], "\n"), "\r")
	units := 0
	for i, r := range l {
		if units == char {
			return off + i, true
		}
		if units > char {
			return 0, false
		}
		units += len(utf16.Encode([]rune{r}))
	}
	if units == char {
		return off + len(l), true
	}
	return 0, false
}

// FuzzApplyChanges checks that a ranged change, addressed in UTF-16 as VS Code and Neovim
// send it, edits exactly the bytes an independent conversion says, and that a change
// without a range replaces everything.
func FuzzApplyChanges(f *testing.F) {
	f.Add("from dagster import asset\n\n@asset\ndef a():\n    return \"🐍 ユーザー\"\n", 4, 12, 4, 14, "x")
	f.Add("x = '日本'\r\ny = 1\n", 0, 5, 1, 0, "")
	f.Add("", 0, 0, 0, 0, "@asset\ndef b(): ...\n")
	f.Fuzz(func(t *testing.T, text string, l1, c1, l2, c2 int, ins string) {
		if !utf8.ValidString(text) || !utf8.ValidString(ins) || strings.Contains(text, "\r") {
			return // JSON strings are valid UTF-8; lone CR line ends are analysis's own fuzz target
		}
		s, ok1 := utf16Offset(text, l1, c1)
		e, ok2 := utf16Offset(text, l2, c2)
		if !ok1 || !ok2 || e < s {
			return
		}
		want := text[:s] + ins + text[e:]
		doc := analysis.NewDocument([]byte(text))
		r := protocol.Range{Start: protocol.Position{Line: uint32(l1), Character: uint32(c1)}, End: protocol.Position{Line: uint32(l2), Character: uint32(c2)}}
		got := applyChanges(doc, []contentChange{{Range: &r, Text: ins}}, analysis.UTF16)
		if string(got.Text()) != want {
			t.Fatalf("edit %v %q of %q: got %q, want %q", r, ins, text, got.Text(), want)
		}
		full := applyChanges(got, []contentChange{{Text: text}}, analysis.UTF16)
		if string(full.Text()) != text {
			t.Fatalf("full replacement gave %q", full.Text())
		}
	})
}
