package analysis

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// chunkLines returns the line numbers where the chunks of text start.
func chunkLines(text string) []int {
	var out []int
	for _, c := range chunkBounds(parseText([]byte(text)), 0) {
		out = append(out, strings.Count(text[:c.start], "\n"))
	}
	return out
}

func TestChunker(t *testing.T) {
	cases := []struct {
		name, text string
		want       []int
	}{
		{"statements", "import a\nfrom b import c\nx = 1\ndef f():\n    pass\nclass C:\n    pass\n", []int{0, 1, 2, 3, 5}},
		{"leading comments and blank lines", "# c\n\n#!x\nimport a\nimport b\n", []int{0, 4}},
		{"trailing comment stays", "x = 1\n# about y\n\ny = 2\n", []int{0, 3}},
		{"triple-quoted string", "x = \"\"\"\ndef f():\ny = 1\n\"\"\"\nz = 1\n", []int{0, 4}},
		{"single-quoted triple", "x = '''a\n'b'\nc'''\nz = 1\n", []int{0, 3}},
		{"prefixed strings", "x = rb'\\\\'\ny = Rb\"\"\"\nq\n\"\"\"\nz = 1\n", []int{0, 1, 4}},
		{"f-string with nested quotes", "x = f\"{a['k']}\"\ny = f'{\"{\"}'\nz = 2\n", []int{0, 1, 2}},
		{"f-string braces and spec", "x = f\"\"\"{a:{w}}\n{{\n}}{b!r}\n\"\"\"\nz = 2\n", []int{0, 4}},
		{"f-string expression with string", "x = f'''{\"'''\"}\ny\n'''\nz = 1\n", []int{0, 3}},
		{"brackets", "x = (\n1,\n[2,\n{3: 4}])\ny = 2\n", []int{0, 4}},
		{"backslash continuation", "x = 1 + \\\n2\ny = 3\n", []int{0, 2}},
		{"hash in string", "x = \"# (\"\ny = 1\n", []int{0, 1}},
		{"bracket in comment", "x = 1  # (\ny = 1\n", []int{0, 1}},
		{"decorators join the def", "@a\n@b(\n1)\n# c\n\ndef f():\n    pass\nclass C: pass\n", []int{0, 7}},
		{"decorated class and async def", "@d\nclass C:\n    pass\n@d\nasync def f(): pass\nx = 1\n", []int{0, 3, 5}},
		{"comment at column 0 inside a body", "def f():\n    x = 1\n# c\n    y = 2\nz = 3\n", []int{0, 4}},
		{"continuation keywords", "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\ntry:\n    pass\nexcept E:\n    pass\nfinally:\n    pass\nx = 1\n", []int{0, 6, 12}},
		{"keyword prefixes are names", "elsewhere = 1\ndefault = 2\nclassy = 3\n", []int{0, 1, 2}},
		{"crlf", "a = 1\r\nb = (\r\n1)\r\nc = 2\r\n", []int{0, 1, 3}},
		{"lone cr", "a = 1\rb = (\r1)\rc = 2\r", []int{0, 0, 0, 0}},
		{"bom", "\ufeffa = 1\nb = 2\n", []int{0, 1}},
		{"half-typed call", "x = foo(\ndef f():\n    pass\n@asset\ndef g(): pass\n", []int{0, 1, 3}},
		{"half-typed call before import", "x = foo(1,\nimport os\nfrom a import b\n", []int{0, 1, 2}},
		{"unterminated triple string", "x = \"\"\"\ndef f():\n    pass\ny = 1\n", []int{0, 1, 3}},
		{"indented first line", "  x = 1\ny = 2\n", []int{0}}, // broken: the first statement line heads chunk 0
		{"empty", "", nil},
	}
	for _, c := range cases {
		got := chunkLines(c.text)
		if c.name == "lone cr" {
			// Lone \r ends lines for Python; chunk starts are checked by offset instead.
			var offs []int
			for _, b := range chunkBounds(parseText([]byte(c.text)), 0) {
				offs = append(offs, b.start)
			}
			if want := []int{0, 6, 15}; !reflect.DeepEqual(offs, want) {
				t.Errorf("%s: chunk offsets %v, want %v", c.name, offs, want)
			}
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: chunks start at lines %v, want %v", c.name, got, c.want)
		}
	}
}

// TestChunksCoverText checks that chunks tile the text and that chunk ends agree with the
// starts of the following chunks, on every Python file of testdata.
func TestChunksCoverText(t *testing.T) {
	for _, p := range testdataPython(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc := NewDocument(b)
		pos := 0
		for _, c := range doc.chunks {
			if c.start != pos || c.end <= c.start {
				t.Fatalf("%s: chunk [%d,%d) after %d", p, c.start, c.end, pos)
			}
			pos = c.end
		}
		if pos != len(b) {
			t.Fatalf("%s: chunks end at %d of %d", p, pos, len(b))
		}
		doc.Close()
	}
}

func testdataPython(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join("..", "testdata"), func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ".py") {
			out = append(out, p)
		}
		return err
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	return out
}

// newWholeDocument is a document with a single chunk: the whole text parsed as one tree,
// as before chunking (the reference for TestChunkedModelMatchesWholeFile).
func newWholeDocument(text []byte) *Document {
	d := newDocumentLines(text, parseText(text), nil)
	if len(text) > 0 {
		d.chunks = []docChunk{{start: 0, end: len(text), c: d.parseChunk(0, len(text), false, nil)}}
	}
	d.account()
	return d
}

// TestChunkedModelMatchesWholeFile compares, on every Python file of testdata, the model and
// findings from the chunked document with those from one tree of the whole file.
func TestChunkedModelMatchesWholeFile(t *testing.T) {
	n := 0
	for _, p := range testdataPython(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		chunked, whole := NewDocument(b), newWholeDocument(b)
		a, w := AnalyzeFile(p, chunked), AnalyzeFile(p, whole)
		if ma, mw := modelJSON(t, a), modelJSON(t, w); ma != mw {
			t.Errorf("%s: chunked and whole-file models differ\n%s\n%s", p, ma, mw)
		}
		if fa, fw := findingsText(fileFindings(a)), findingsText(fileFindings(w)); fa != fw {
			t.Errorf("%s: findings differ\n%s\n%s", p, fa, fw)
		}
		n += len(a.Defs)
		chunked.Close()
		whole.Close()
	}
	if n == 0 {
		t.Fatal("no definitions in testdata")
	}
}

func findingsText(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %v %s %s\n", f.Code, f.Span, f.Name, f.Message)
	}
	return b.String()
}

// chunkTrees returns, per chunk, its bounds and the trees of its top-level statements.
func chunkTrees(d *Document) []string {
	d.Lock()
	defer d.Unlock()
	defer d.dropNodeCache()
	var out []string
	for i, c := range d.chunks {
		root := d.chunkTree(i).RootNode()
		var b strings.Builder
		fmt.Fprintf(&b, "[%d,%d) errs=%d", c.start, c.end, c.c.errs)
		for k := 0; k < int(root.NamedChildCount()); k++ {
			n := root.NamedChild(k)
			if int(n.StartByte()) >= c.start && int(n.StartByte()) < c.end && n.EndByte() > n.StartByte() {
				fmt.Fprintf(&b, " %d:%d %s", n.StartByte(), n.EndByte(), n.String())
			}
		}
		out = append(out, b.String())
	}
	return out
}

// TestEditReparsesOnlyTouchedChunks checks that a keystroke inside one statement of a large
// file parses one chunk again and keeps (moves) all the others.
func TestEditReparsesOnlyTouchedChunks(t *testing.T) {
	src := typicalFile(600)
	doc := NewDocument(src)
	defer doc.Close()
	for _, at := range []string{"Asset number 7", "    return value\n\n\n@op"} {
		off := strings.Index(string(src), at) + len(at)/2
		nd := doc.Edit(off, off, []byte("x"))
		kept := map[*chunkData]bool{}
		for _, c := range doc.chunks {
			kept[c.c] = true
		}
		fresh := 0
		for _, c := range nd.chunks {
			if !kept[c.c] {
				fresh++
			}
		}
		if len(nd.chunks) != len(doc.chunks) || fresh != 1 {
			t.Errorf("edit at %q: %d chunks (was %d), %d parsed again", at, len(nd.chunks), len(doc.chunks), fresh)
		}
		if a, b := chunkTrees(nd), chunkTrees(NewDocument(nd.Text())); !reflect.DeepEqual(a, b) {
			t.Errorf("edit at %q: chunks differ from a fresh parse", at)
		}
		nd.Close()
	}
}

// oneTreeDocument is NewDocument parsing the text as one tree whatever its size.
func oneTreeDocument(text []byte) *Document {
	defer func(n int) { parallelParseMin = n }(parallelParseMin)
	parallelParseMin = math.MaxInt
	return NewDocument(text)
}

// A large fresh document is parsed as two halves on two cores; its chunk trees are those of
// the one-tree parse, its model and findings those of the whole-file parse, before and after
// edits in either half.
func TestParallelParseMatchesWholeFile(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // the halves are parsed only with two Ps
	for _, src := range [][]byte{bigFile(5000), typicalFile(5000)} {
		if len(src) < parallelParseMin {
			t.Fatalf("test file of %d bytes is below the parallel threshold", len(src))
		}
		doc := NewDocument(src)
		trees := map[*sharedTree]bool{}
		for _, c := range doc.chunks {
			trees[c.c.t] = true
		}
		if len(trees) != 2 {
			t.Fatalf("%d shared trees, want one per half", len(trees))
		}
		one := oneTreeDocument(src)
		if a, b := chunkTrees(doc), chunkTrees(one); !reflect.DeepEqual(a, b) {
			t.Fatal("chunk trees differ from the one-tree parse")
		}
		one.Close()
		whole := newWholeDocument(src)
		fa, fw := AnalyzeFile("big.py", doc), AnalyzeFile("big.py", whole)
		if modelJSON(t, fa) != modelJSON(t, fw) || findingsText(fileFindings(fa)) != findingsText(fileFindings(fw)) {
			t.Fatal("model or findings differ from the whole-file parse")
		}
		whole.Close()
		for _, at := range []int{len(src) / 4, 3 * len(src) / 4} {
			at += bytes.IndexByte(src[at:], '\n') // end of a line: the file stays valid
			nd := doc.Edit(at, at, []byte("  # edited"))
			fresh := oneTreeDocument(nd.Text())
			if a, b := chunkTrees(nd), chunkTrees(fresh); !reflect.DeepEqual(a, b) {
				t.Fatalf("after an edit at %d: chunk trees differ from a one-tree parse", at)
			}
			fm := AnalyzeIncremental("big.py", "", nd, fa, nil)
			if modelJSON(t, fm) != modelJSON(t, AnalyzeFile("big.py", fresh)) {
				t.Fatalf("after an edit at %d: model differs", at)
			}
			fresh.Close()
			nd.Close()
		}
		// An edit across the split: the chunks around it are re-parsed on their own.
		k := halfway(doc.ptext, doc.chunks, len(doc.ptext)/2)
		at := doc.chunks[k].start
		nd := doc.Edit(at-1, at+3, []byte("x = (\n"))
		one = oneTreeDocument(nd.Text())
		if a, b := chunkTrees(nd), chunkTrees(one); !reflect.DeepEqual(a, b) {
			t.Fatal("after an edit across the split: chunk trees differ from a one-tree parse")
		}
		if modelJSON(t, AnalyzeIncremental("big.py", "", nd, fa, nil)) != modelJSON(t, AnalyzeFile("big.py", one)) {
			t.Fatal("after an edit across the split: model differs")
		}
		one.Close()
		nd.Close()
		doc.Close()
	}
}
