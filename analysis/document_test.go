package analysis

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"reflect"
	"testing"
	"unicode/utf8"

	sitter "github.com/smacker/go-tree-sitter"
)

func TestPositionsEmojiCJK(t *testing.T) {
	// Line 1 holds an emoji (4 bytes, 2 UTF-16 units, 1 code point) and CJK (3 bytes, 1 unit).
	text := []byte("x = 1\ns = \"😀数据\"; y = 2\n")
	doc := NewDocument(text)
	defer doc.Close()
	off := bytes.Index(text, []byte("y ="))
	cases := []struct {
		enc  Encoding
		want Position
	}{
		{UTF8, Position{1, 18}},
		{UTF16, Position{1, 12}},
		{UTF32, Position{1, 11}},
	}
	for _, c := range cases {
		got := doc.PositionAt(off, c.enc)
		if got != c.want {
			t.Errorf("PositionAt(%d, %v) = %v, want %v", off, c.enc, got, c.want)
		}
		if back := doc.OffsetAt(got, c.enc); back != off {
			t.Errorf("OffsetAt(%v, %v) = %d, want %d", got, c.enc, back, off)
		}
	}
	// A UTF-16 column in the middle of the surrogate pair maps to the emoji's start.
	emoji := bytes.Index(text, []byte("😀"))
	if got := doc.OffsetAt(Position{1, 6}, UTF16); got != emoji {
		t.Errorf("mid-surrogate offset = %d, want %d", got, emoji)
	}
	// An offset inside a multi-byte character maps to its start column.
	if got := doc.PositionAt(emoji+2, UTF16); got != (Position{1, 5}) {
		t.Errorf("mid-character position = %v", got)
	}
}

func TestLineEndingsAndBOM(t *testing.T) {
	text := []byte("\xef\xbb\xbfa = 1\r\nb = 2\rc = 3\n")
	doc := NewDocument(text)
	defer doc.Close()
	if doc.LineCount() != 4 {
		t.Fatalf("LineCount = %d, want 4", doc.LineCount())
	}
	if p := doc.PositionAt(3, UTF16); p != (Position{0, 0}) {
		t.Errorf("after BOM = %v, want 0:0", p)
	}
	b := bytes.IndexByte(text, 'b')
	if p := doc.PositionAt(b, UTF8); p != (Position{1, 0}) {
		t.Errorf("b at %v", p)
	}
	c := bytes.IndexByte(text, 'c')
	if p := doc.PositionAt(c, UTF8); p != (Position{2, 0}) {
		t.Errorf("c at %v", p)
	}
	// The \r of a \r\n pair belongs to the line end: columns past it clamp to the line end.
	if got := doc.OffsetAt(Position{0, 99}, UTF16); got != bytes.IndexByte(text, '\r') {
		t.Errorf("clamped end = %d", got)
	}
	if doc.ErrorCount() != 0 {
		t.Errorf("BOM/CRLF text has %d parse errors", doc.ErrorCount())
	}
}

func TestInvalidUTF8NeverPanics(t *testing.T) {
	text := []byte("a = '\xff\xfe'\n\x80\x80 = 2\nb = 3\n")
	doc := NewDocument(text)
	defer doc.Close()
	for off := -2; off <= len(text)+2; off++ {
		for _, enc := range []Encoding{UTF8, UTF16, UTF32} {
			p := doc.PositionAt(off, enc)
			if p.Column < 0 || p.Line < 0 || p.Line >= doc.LineCount() {
				t.Fatalf("bad position %v for %d", p, off)
			}
			o := doc.OffsetAt(p, enc)
			if o < 0 || o > len(text) {
				t.Fatalf("bad offset %d", o)
			}
		}
	}
	// Each invalid byte counts as one column.
	if p := doc.PositionAt(bytes.Index(text, []byte("= 2")), UTF16); p != (Position{1, 3}) {
		t.Errorf("invalid bytes column = %v, want 1:3", p)
	}
}

func TestEditKeepsOldSnapshotAndMatchesFullParse(t *testing.T) {
	old := NewDocument([]byte("from dagster import asset\n\n@asset\ndef a():\n    return 1\n"))
	defer old.Close()
	oldText := string(old.Text())
	oldChunks := chunkTrees(old)
	off := bytes.Index(old.Text(), []byte("return 1"))
	nd := old.Edit(off, off+len("return 1"), []byte("x = '数据'\n    return x\n\n@asset\ndef b(a):\n    return a"))
	defer nd.Close()
	// The trees the analysis walks are the chunks' (Root parses the whole text afresh).
	if string(old.Text()) != oldText || !reflect.DeepEqual(chunkTrees(old), oldChunks) {
		t.Fatal("old snapshot changed")
	}
	full := NewDocument(nd.Text())
	defer full.Close()
	if a, b := chunkTrees(nd), chunkTrees(full); !reflect.DeepEqual(a, b) {
		t.Fatalf("incremental chunk trees differ:\n%q\n%q", a, b)
	}
	if got, want := len(AnalyzeFile("x.py", nd).Defs), 2; got != want {
		t.Fatalf("defs after edit = %d, want %d", got, want)
	}
}

// TestEditTreePoints checks the workaround for the binding's new_end_point bug: after
// editTree (before re-parse) node points past the edit must be shifted correctly.
func TestEditTreePoints(t *testing.T) {
	text := []byte("a = 1\nb = 2\n")
	doc := NewDocument(text)
	defer doc.Close()
	edited := doc.Edit(0, 0, []byte("x = 0\ny = 0\n"))
	defer edited.Close()
	// In the tree the analysis walks for its chunk (moved, not re-parsed), the second original
	// statement starts on row 3.
	row := -1
	edited.Lock()
	for i, c := range edited.chunks {
		if c.start == 18 {
			root := edited.chunkTree(i).RootNode()
			for k := 0; k < int(root.NamedChildCount()); k++ {
				if n := root.NamedChild(k); n.StartByte() == 18 {
					row = int(n.StartPoint().Row)
				}
			}
		}
	}
	edited.dropNodeCache()
	edited.Unlock()
	if row != 3 {
		t.Fatalf("row = %d, want 3", row)
	}
	// And directly on an edited copy (no re-parse): byte and row of `b = 2` moved by 12 / 2.
	tree := doc.Tree().Copy()
	defer tree.Close()
	ins := []byte("x = 0\ny = 0\n")
	newText := append(append([]byte(nil), ins...), text...)
	editTree(tree, editInput(text, newText, 0, 0, len(ins)))
	b := tree.RootNode().NamedChild(1)
	if b.StartByte() != 18 || b.StartPoint().Row != 3 {
		t.Fatalf("edited-only tree: byte %d row %d, want 18/3", b.StartByte(), b.StartPoint().Row)
	}
}

// randomEdit returns a random edit of text biased towards Python-looking insertions.
func randomEdit(r *rand.Rand, text []byte) (int, int, []byte) {
	snips := []string{"@asset\n", "  # noqa: DM101\n", "# NOQA", "    y = 2\n", "\\\n", "x = 1\n", "'''", "def f(x):\n    return x\n", "(", ")", ":", "\n", "    ", "dg.", "asset", "'s'", "数据", "😀", "\r\n", "@op(retry_policy=RetryPolicy(max_retries=2))\ndef o():\n    pass\n", "\xff", "#", "import dagster as dg\n"}
	start := 0
	if len(text) > 0 {
		start = r.Intn(len(text) + 1)
	}
	end := start
	if r.Intn(3) == 0 && start < len(text) {
		end = start + r.Intn(min(len(text)-start, 20)+1)
	}
	var ins []byte
	if r.Intn(4) != 0 {
		ins = []byte(snips[r.Intn(len(snips))])
	}
	return start, end, ins
}

const fuzzBase = `import dagster as dg
from dagster import asset, op, job, AssetIn

@asset(group_name="g")
def raw(context) -> int:
    """Doc 😀."""
    return 1

@dg.asset(ins={"u": AssetIn("raw")})
def clean(u):
    return u

@op
def a():
    return 1

@op
def b(x):
    return x

@job
def j():
    b(a())

sel = dg.define_asset_job("all", selection="raw*")
clean_only = dg.AssetSelection.assets("clean")
sel2 = dg.define_asset_job("some", selection=clean_only | dg.AssetSelection.groups("g"))
`

func checkIncremental(t *testing.T, seed int64, steps int) {
	r := rand.New(rand.NewSource(seed))
	doc := NewDocument([]byte(fuzzBase))
	fm := AnalyzeIncremental("f.py", "", doc, nil, nil)
	for i := 0; i < steps; i++ {
		s, e, ins := randomEdit(r, doc.Text())
		nd := doc.Edit(s, e, ins)
		fm = AnalyzeIncremental("f.py", "", nd, fm, nil)
		doc.Close()
		doc = nd
	}
	defer doc.Close()
	full := NewDocument(doc.Text())
	defer full.Close()
	if a, b := chunkTrees(doc), chunkTrees(full); !reflect.DeepEqual(a, b) {
		t.Fatalf("seed %d: incremental and fresh chunks differ for %q\n%q\n%q", seed, doc.Text(), a, b)
	}
	if fullModel := AnalyzeFile("f.py", full); !reflect.DeepEqual(fm.Noqa, fullModel.Noqa) {
		t.Fatalf("seed %d: noqa %v, want %v", seed, fm.Noqa, fullModel.Noqa)
	}
	if !reflect.DeepEqual(doc.lines, full.lines) {
		t.Fatalf("seed %d: line index %v, want %v", seed, doc.lines, full.lines)
	}
	fullModel := AnalyzeFile("f.py", full)
	if a, b := modelJSON(t, fm), modelJSON(t, fullModel); a != b {
		t.Fatalf("seed %d: incremental and full models differ for %q\n%s\n%s", seed, doc.Text(), a, b)
	}
	fa, fb := fileFindings(fm), fileFindings(fullModel)
	if len(fa) != len(fb) {
		t.Fatalf("seed %d: %d findings vs %d", seed, len(fa), len(fb))
	}
	for i := range fa {
		if fa[i].Code != fb[i].Code || fa[i].Span != fb[i].Span || fa[i].Message != fb[i].Message {
			t.Fatalf("seed %d: finding %d differs: %+v vs %+v", seed, i, fa[i], fb[i])
		}
	}
}

func modelJSON(t *testing.T, fm *FileModel) string {
	b, err := json.Marshal(struct {
		Defs, Dynamic []any
		Imports       []Import
		Unknown       map[string]int
		Uses          bool
		Vars          map[string]int
		Aliases       map[string]string
	}{absDefs(t, fm.Defs), absDefs(t, fm.Dynamic), fm.Imports, fm.Unknown, fm.UsesDagster, fm.Vars, fm.Aliases})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// absDefs renders definitions with every span in their snapshot: the spans inside a DefCore
// are moved by Abs, so a replayed definition and a freshly extracted one compare equal only
// when Abs is right.
func absDefs(t *testing.T, ds []*Definition) []any {
	var out []any
	for _, d := range ds {
		b, err := json.Marshal(d.DefCore)
		if err != nil {
			t.Fatal(err)
		}
		var core any
		if err := json.Unmarshal(b, &core); err != nil {
			t.Fatal(err)
		}
		out = append(out, []any{absSpans(d, core), d.Span, d.Head, d.NameSpan, d.Parent})
	}
	return out
}

func absSpans(d *Definition, v any) any {
	switch v := v.(type) {
	case map[string]any:
		if s, ok := v["Start"].(float64); ok && len(v) == 2 {
			e := v["End"].(float64)
			a := d.Abs(Span{int(s), int(e)})
			return map[string]any{"Start": a.Start, "End": a.End}
		}
		for k, x := range v {
			v[k] = absSpans(d, x)
		}
	case []any:
		for i, x := range v {
			v[i] = absSpans(d, x)
		}
	}
	return v
}

func TestIncrementalEditsMatchFullParse(t *testing.T) {
	for seed := int64(1); seed <= 40; seed++ {
		checkIncremental(t, seed, 25)
	}
}

func FuzzIncrementalEdits(f *testing.F) {
	for _, s := range []int64{1, 7, 42, 1234} {
		f.Add(s, uint8(10))
	}
	f.Fuzz(func(t *testing.T, seed int64, steps uint8) {
		checkIncremental(t, seed, int(steps%40))
	})
}

func FuzzArbitraryBytes(f *testing.F) {
	f.Add([]byte(fuzzBase))
	f.Add([]byte("\xef\xbb\xbf@asset\r\ndef a(:\n"))
	f.Add([]byte("\xff\xfe\x00@dg.asset(\n"))
	f.Add([]byte("type X = int\ndef f[T](a: T) -> T: ...\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := NewDocument(data)
		defer doc.Close()
		fm := AnalyzeFile("f.py", doc)
		ws := NewWorkspace("", nil)
		ws.Update(fm)
		for _, fd := range ws.Findings("f.py") {
			if fd.Span.Start < 0 || fd.Span.End > len(data) || fd.Span.Start > fd.Span.End {
				t.Fatalf("bad span %v", fd.Span)
			}
			p := doc.PositionAt(fd.Span.Start, UTF16)
			if doc.OffsetAt(p, UTF16) > fd.Span.Start {
				t.Fatalf("round trip moved forward")
			}
		}
		_ = utf8.Valid(data)
	})
}

func TestTSPointFromLineIndex(t *testing.T) {
	for _, s := range []string{"a\nb\r\nc\rd\n", "\xef\xbb\xbfx = 1\r\ny\n", "", "\r\r\n\n", "数据\n😀x"} {
		doc := NewDocument([]byte(s))
		for off := 0; off <= len(s); off++ {
			if got, want := doc.tsPointAt(off), tsPoint(doc.ptext, off); got != want {
				t.Errorf("%q at %d: %v, want %v", s, off, got, want)
			}
		}
		doc.Close()
	}
}

func TestNodeTypeMatchesBinding(t *testing.T) {
	doc := NewDocument([]byte(fuzzBase + "\n@dg.asset(\ndef broken(:\n  x = [1,\n"))
	defer doc.Close()
	var walk func(n *sitter.Node, depth int)
	count := 0
	walk = func(n *sitter.Node, depth int) {
		count++
		if got, want := nodeType(n), n.Type(); got != want {
			t.Fatalf("nodeType %q, Type %q", got, want)
		}
		for i := 0; i < int(n.ChildCount()); i++ {
			walk(n.Child(i), depth+1)
		}
	}
	walk(doc.Root(), 0)
	if count < 100 {
		t.Fatalf("only %d nodes", count)
	}
}

// Noqa comments keep their lines when an edit above them adds or removes lines, and are
// rescanned on the edited lines.
func TestNoqaAfterEdits(t *testing.T) {
	src := "import dagster as dg\n\n@dg.asset  # noqa: DM101\ndef a():\n    return 1\n\n@dg.op  # noqa\ndef b():\n    return 2\n"
	doc := NewDocument([]byte(src))
	fm := AnalyzeIncremental("f.py", "", doc, nil, nil)
	edits := []struct {
		start, end int
		text       string
	}{
		{21, 21, "x = 1\ny = 2\n"},                        // two lines above both comments
		{21, 33, ""},                                      // and removed again
		{0, 0, "# noqa: DM999\n"},                         // a new comment on the first line
		{len(src) + 14, len(src) + 14, "c = 3  # noqa\n"}, // at the end
	}
	for i, e := range edits {
		nd := doc.Edit(e.start, e.end, []byte(e.text))
		if i < 3 && nd.parent == 0 {
			t.Fatalf("edit %d did not take the incremental path", i)
		}
		fm = AnalyzeIncremental("f.py", "", nd, fm, nil)
		doc = nd
		full := AnalyzeFile("f.py", NewDocument(doc.Text()))
		if !reflect.DeepEqual(fm.Noqa, full.Noqa) {
			t.Fatalf("edit %d: noqa %v, want %v", i, fm.Noqa, full.Noqa)
		}
	}
	if len(fm.Noqa) != 4 {
		t.Errorf("noqa lines %v", fm.Noqa)
	}
}

// TestMovedChunksMatchFresh checks the chunks an edit only moves (their trees shifted by an
// insertion or a deletion right before them) against a fresh parse, for a fresh document
// whose chunks share one whole-file tree and for chunks parsed on their own.
func TestMovedChunksMatchFresh(t *testing.T) {
	base := "from dagster import asset\n\n@asset\ndef a():\n    return 1\n\n@asset\ndef b(a):\n    return a\n\nX = [\n    1,\n]\n"
	for _, src := range []string{base, base + "def broken(:\n"} {
		for _, e := range []struct {
			start, end int
			ins        string
		}{{0, 0, "import os\n"}, {0, len("from dagster import asset\n"), ""}, {len("from dagster import asset\n"), len("from dagster import asset\n"), "\n\n# note\n"}} {
			doc := NewDocument([]byte(src))
			nd := doc.Edit(e.start, e.end, []byte(e.ins))
			full := NewDocument(nd.Text())
			if a, b := chunkTrees(nd), chunkTrees(full); !reflect.DeepEqual(a, b) {
				t.Errorf("edit %+v of %q: moved chunks differ from a fresh parse:\n%q\n%q", e, src, a, b)
			}
			full.Close()
			nd.Close()
			doc.Close()
		}
	}
}
