package analysis

import (
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
)

// A syntax error can make tree-sitter swallow the rest of a file into one ERROR node. To
// still find the constructs after a broken region, the text after it is re-parsed from the
// next line that starts a top-level statement at column 0 (a decorator, def, class or
// assignment), using included ranges so that node offsets stay those of the whole text.

// recovery holds the trees re-parsed inside one broken top-level node.
type recovery struct {
	start int // byte offset of the broken node
	trees []*sitter.Tree
}

const maxRecoveryParses = 32

// rangeParserPool holds the parsers of range-limited parses (chunks, recovery parses):
// parseRangeAt sets the included ranges on each use, so they never go back to parserPool.
var rangeParserPool = sync.Pool{New: func() any {
	p := sitter.NewParser()
	p.SetLanguage(language)
	return p
}}

// computeRecovery returns the recovery parses of every top-level node of a chunk's tree that
// contains errors; text is the chunk's text (the tree's offsets are relative to it).
func computeRecovery(root *sitter.Node, text []byte) []recovery {
	var out []recovery
	budget := maxRecoveryParses
	p := rangeParserPool.Get().(*sitter.Parser)
	defer rangeParserPool.Put(p)
	for i := 0; i < int(root.NamedChildCount()) && budget > 0; i++ {
		c := namedChild(root, i)
		if !c.HasError() {
			continue
		}
		start, end := int(c.StartByte()), min(int(c.EndByte()), len(text))
		var trees []*sitter.Tree
		from := nextResync(text, start, end)
		for from >= 0 && budget > 0 {
			budget--
			t := parseRange(p, nil, text, from, end)
			trees = append(trees, t)
			r := t.RootNode()
			next := -1
			for k, cnt := 0, int(r.NamedChildCount()); k < cnt; k++ {
				if rc := namedChild(r, k); rc.HasError() {
					next = nextResync(text, int(rc.StartByte()), end)
					break
				}
			}
			from = next
		}
		if len(trees) > 0 {
			out = append(out, recovery{start: start, trees: trees})
		}
	}
	return out
}

// nextResync returns the first line start in (after the line of from, end) where a top-level
// statement could begin, or -1.
func nextResync(t []byte, from, end int) int {
	i := from
	for i < end && t[i] != '\n' {
		i++
	}
	for i < end {
		i++ // past '\n'
		if i >= end {
			return -1
		}
		if startsStatement(t[i:end]) {
			return i
		}
		for i < end && t[i] != '\n' {
			i++
		}
	}
	return -1
}

func startsStatement(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	c := b[0]
	if c == '@' {
		return true
	}
	if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80) {
		return false
	}
	// Continuation keywords cannot start a statement of their own.
	for _, kw := range []string{"else", "elif", "except", "finally"} {
		if len(b) >= len(kw) && string(b[:len(kw)]) == kw && (len(b) == len(kw) || b[len(kw)] == ':' || b[len(kw)] == ' ') {
			return false
		}
	}
	return true
}

// recoveryAt returns the recovery trees of the broken top-level node starting at offset.
// Called with d locked.
func (d *Document) recoveryAt(start int) []*sitter.Tree {
	i := d.chunkAt(start)
	if i < 0 {
		return nil
	}
	return d.chunkRecovery(i, start)
}
