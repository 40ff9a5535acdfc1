package analysis

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// Span is a half-open range of byte offsets into a document's text.
type Span struct{ Start, End int }

// Len returns the number of bytes covered.
func (s Span) Len() int { return s.End - s.Start }

// IsZero reports whether the span is empty at offset 0 (the "absent" value).
func (s Span) IsZero() bool { return s.Start == 0 && s.End == 0 }

// Contains reports whether offset lies in the span (end inclusive, so a cursor after the last
// character still counts).
func (s Span) Contains(offset int) bool { return offset >= s.Start && offset <= s.End }

// Encoding says how columns are counted.
type Encoding int

const (
	// UTF8 counts columns in bytes.
	UTF8 Encoding = iota
	// UTF16 counts columns in UTF-16 code units (the LSP default).
	UTF16
	// UTF32 counts columns in Unicode code points.
	UTF32
)

// Position is a 0-based line and column; the column unit depends on the Encoding used.
type Position struct{ Line, Column int }

var (
	language   = python.GetLanguage()
	parserPool = sync.Pool{New: func() any {
		p := sitter.NewParser()
		p.SetLanguage(language)
		return p
	}}
)

// Document is an immutable snapshot of a Python file: its text, one syntax tree per top-level
// statement (see chunker.go and document_chunks.go) and a line index. A Document is safe for
// concurrent reads; Edit returns a new snapshot and leaves this one valid.
type Document struct {
	text  []byte
	ptext []byte   // text given to the parser: lone \r become \n (same length), which the grammar needs
	lines []uint32 // byte offset where each line starts (tree-sitter offsets are 32-bit too); lines end at \n, \r\n or a lone \r
	bom   bool
	plain bool // not Python (a YAML file): no chunks, edits are not parsed
	// chunks cover the text in order; their trees are shared with the snapshots an edit
	// derives (see docChunk).
	chunks []docChunk
	// walk holds this snapshot's tree wrappers of the chunks the analysis visits (the binding
	// caches nodes per wrapper, which is not safe across goroutines); guarded by mu.
	walk    map[walkKey]*sitter.Tree
	walkRec map[int][]*sitter.Tree
	errs    int  // ERROR and MISSING nodes over all chunks
	hasRec  bool // some chunk has recovery parses
	// id identifies the snapshot; an edited snapshot remembers its parent's id and the edit,
	// for incremental re-analysis.
	id, parent uint64
	edit       editInfo
	mu         sync.Mutex // tree-sitter node access is not thread safe on one tree
	closed     atomic.Bool
	whole      struct {
		once sync.Once
		tree *sitter.Tree
	}
}

// NewDocument parses text from scratch. The text is copied.
func NewDocument(text []byte) *Document {
	t := append([]byte(nil), text...)
	d := newDocumentLines(t, parseText(t), nil)
	d.chunks = d.parseChunks(chunkBounds(d.ptext, 0))
	d.account()
	return d
}

// newPlainDocument holds a text that is not Python (a component's YAML): line index and
// positions work as for Python; there are no chunks.
func newPlainDocument(text []byte) *Document {
	d := newDocumentLines(append([]byte(nil), text...), nil, nil)
	d.plain = true
	return d
}

type editInfo struct{ start, oldEnd, newEnd int }

var docIDs atomic.Uint64

// newDocumentLines makes a document without chunks, with the line index already computed
// (nil: compute it).
func newDocumentLines(text, ptext []byte, lines []uint32) *Document {
	d := &Document{text: text, ptext: ptext, bom: hasBOM(text), id: docIDs.Add(1), lines: lines}
	if lines == nil {
		d.lines = lineStarts(text, d.bom)
	}
	return d
}

// parseText returns text with every lone \r (old Mac line ending, which Python accepts but
// the grammar does not) replaced by \n. Offsets are unchanged; text is returned as is when it
// has no lone \r.
func parseText(text []byte) []byte {
	if bytes.IndexByte(text, '\r') < 0 {
		return text
	}
	var out []byte
	for i, c := range text {
		if c == '\r' && (i+1 == len(text) || text[i+1] != '\n') {
			if out == nil {
				out = append([]byte(nil), text...)
			}
			out[i] = '\n'
		}
	}
	if out == nil {
		return text
	}
	return out
}

// parse runs the parser without cancellation (ParseCtx fails only when cancelled).
func parse(p *sitter.Parser, old *sitter.Tree, text []byte) *sitter.Tree {
	t, err := p.ParseCtx(context.Background(), old, text)
	if err != nil || t == nil {
		t, _ = p.ParseCtx(context.Background(), nil, text)
	}
	return t
}

func hasBOM(b []byte) bool { return len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF }

func lineStarts(text []byte, bom bool) []uint32 {
	lines := make([]uint32, 1, bytes.Count(text, []byte{'\n'})+2)
	if bom {
		lines[0] = 3
	}
	if bytes.IndexByte(text, '\r') < 0 {
		for i := 0; ; {
			j := bytes.IndexByte(text[i:], '\n')
			if j < 0 {
				return lines
			}
			i += j + 1
			lines = append(lines, uint32(i))
		}
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			lines = append(lines, uint32(i+1))
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			lines = append(lines, uint32(i+1))
		}
	}
	return lines
}

// Text returns the document text. Callers must not modify it.
func (d *Document) Text() []byte { return d.text }

// Tree returns a syntax tree of the whole text, parsed on first use (the analysis uses the
// per-statement trees; this one is for tests and tools). Callers must not edit it; use Lock
// for concurrent node access.
func (d *Document) Tree() *sitter.Tree {
	d.whole.once.Do(func() {
		p := parserPool.Get().(*sitter.Parser)
		d.whole.tree = parse(p, nil, d.ptext)
		parserPool.Put(p)
	})
	return d.whole.tree
}

// Root returns the module node of Tree.
func (d *Document) Root() *sitter.Node { return d.Tree().RootNode() }

// Lock and Unlock serialise tree access when several goroutines read the same Document
// (the binding caches nodes in a map that is not safe for concurrent use).
func (d *Document) Lock() { d.mu.Lock() }

// Unlock releases Lock.
func (d *Document) Unlock() { d.mu.Unlock() }

// LineCount returns the number of lines (a trailing newline starts a last, empty line).
func (d *Document) LineCount() int { return len(d.lines) }

// LineSpan returns the byte span of line i without its terminator.
func (d *Document) LineSpan(i int) Span {
	if i < 0 || i >= len(d.lines) {
		return Span{len(d.text), len(d.text)}
	}
	start := int(d.lines[i])
	end := len(d.text)
	if i+1 < len(d.lines) {
		end = int(d.lines[i+1])
		if end > start && d.text[end-1] == '\n' {
			end--
		}
		if end > start && d.text[end-1] == '\r' {
			end--
		}
	}
	return Span{start, end}
}

// Slice returns the text of a span, clamped to the document.
func (d *Document) Slice(s Span) []byte {
	s = d.clamp(s)
	return d.text[s.Start:s.End]
}

func (d *Document) clamp(s Span) Span {
	if s.Start < 0 {
		s.Start = 0
	}
	if s.End > len(d.text) {
		s.End = len(d.text)
	}
	if s.Start > s.End {
		s.Start = s.End
	}
	return s
}

// lineOf returns the line containing offset.
func (d *Document) lineOf(offset int) int {
	lo, hi := 0, len(d.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if int(d.lines[mid]) <= offset {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// PositionAt converts a byte offset to a line and column in the given encoding. Offsets are
// clamped to the text; an offset inside a multi-byte character or a \r\n pair maps to the
// character's start; invalid UTF-8 bytes count as one unit each.
func (d *Document) PositionAt(offset int, enc Encoding) Position {
	if offset < 0 {
		offset = 0
	}
	if offset > len(d.text) {
		offset = len(d.text)
	}
	line := d.lineOf(offset)
	ls := d.LineSpan(line)
	if offset < ls.Start {
		offset = ls.Start
	}
	if offset > ls.End {
		offset = ls.End
	}
	return Position{Line: line, Column: columnUnits(d.text[ls.Start:ls.End], offset-ls.Start, enc)}
}

// columnUnits counts units of enc in line[:n], stopping at a character boundary.
func columnUnits(line []byte, n int, enc Encoding) int {
	if enc == UTF8 {
		return n
	}
	col := 0
	for i := 0; i < n; {
		r, size := utf8.DecodeRune(line[i:])
		if i+size > n {
			break
		}
		col++
		if enc == UTF16 && r >= 0x10000 && size == 4 {
			col++
		}
		i += size
	}
	return col
}

// OffsetAt converts a line and column in the given encoding to a byte offset. Lines past the
// end map to the end of the text; columns past the end of a line map to the end of that line;
// a column in the middle of a surrogate pair maps to the start of the character.
func (d *Document) OffsetAt(p Position, enc Encoding) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(d.lines) {
		return len(d.text)
	}
	ls := d.LineSpan(p.Line)
	line := d.text[ls.Start:ls.End]
	if p.Column <= 0 {
		return ls.Start
	}
	if enc == UTF8 {
		if p.Column >= len(line) {
			return ls.End
		}
		return ls.Start + p.Column
	}
	col := 0
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRune(line[i:])
		w := 1
		if enc == UTF16 && r >= 0x10000 && size == 4 {
			w = 2
		}
		if col+w > p.Column {
			return ls.Start + i
		}
		col += w
		i += size
		if col == p.Column {
			return ls.Start + i
		}
	}
	return ls.End
}

// Edit replaces text[start:end] with newText and returns a new Document re-parsed
// incrementally from this one: only the top-level statements the edit touches are parsed
// again. This Document stays valid. Out-of-range offsets are clamped. Edit may run while
// another goroutine analyses d, with or without d's lock held.
func (d *Document) Edit(start, end int, newText []byte) *Document {
	s := d.clamp(Span{start, end})
	start, end = s.Start, s.End
	if start > 0 && d.text[start-1] == '\r' {
		// Whether that \r is lone may change: include it in the edit.
		start--
		newText = append([]byte{'\r'}, newText...)
	}
	text := make([]byte, 0, len(d.text)-(end-start)+len(newText))
	text = append(text, d.text[:start]...)
	text = append(text, newText...)
	text = append(text, d.text[end:]...)
	if d.plain {
		return newPlainDocument(text)
	}
	pt := parseText(text)
	if hasBOM(text) != d.bom {
		return NewDocument(text)
	}
	nd := newDocumentLines(text, pt, d.editLines(text, start, end, start+len(newText)))
	nd.chunks = d.editChunks(nd, start, end, start+len(newText))
	nd.account()
	nd.parent = d.id
	nd.edit = editInfo{start, end, start + len(newText)}
	return nd
}

// editLines returns the line index of text, which is d's text with [start, oldEnd) replaced
// by text[start:newEnd]: lines before the edit are kept, lines after it shifted. Line breaks
// are only re-scanned from the line holding start (a \r\n pair may be split or joined there).
func (d *Document) editLines(text []byte, start, oldEnd, newEnd int) []uint32 {
	if d.bom || bytes.IndexByte(text, '\r') >= 0 || bytes.IndexByte(d.text, '\r') >= 0 {
		return nil // rare: the full scan handles the BOM, \r\n and lone \r
	}
	first := d.lineOf(start) // lines[:first+1] start at or before start: unchanged
	last := d.lineOf(oldEnd) // old lines after last start after the edit
	delta := newEnd - oldEnd
	out := make([]uint32, 0, len(d.lines)+bytes.Count(text[start:newEnd], []byte{'\n'}))
	out = append(out, d.lines[:first+1]...)
	for i := start; i < newEnd; i++ {
		if text[i] == '\n' {
			out = append(out, uint32(i+1))
		}
	}
	for _, ls := range d.lines[last+1:] {
		out = append(out, uint32(int(ls)+delta))
	}
	return out
}

func (d *Document) editInput(newText []byte, start, oldEnd, newEnd int) sitter.EditInput {
	return editInputAt(d.tsPointAt(start), d.ptext, newText, start, oldEnd, newEnd)
}

// tsPointAt is tsPoint computed from the line index: tree-sitter counts rows at '\n' of the
// parse text, which are exactly the document's line breaks (\r\n, \n, lone \r).
func (d *Document) tsPointAt(offset int) sitter.Point {
	row := d.lineOf(offset)
	ls := int(d.lines[row])
	if row == 0 {
		ls = 0 // the BOM counts as columns
	}
	return sitter.Point{Row: uint32(row), Column: uint32(offset - ls)}
}

func editInput(oldText, newText []byte, start, oldEnd, newEnd int) sitter.EditInput {
	return editInputAt(tsPoint(oldText, start), oldText, newText, start, oldEnd, newEnd)
}

func editInputAt(sp sitter.Point, oldText, newText []byte, start, oldEnd, newEnd int) sitter.EditInput {
	return sitter.EditInput{
		StartIndex:  uint32(start),
		OldEndIndex: uint32(oldEnd),
		NewEndIndex: uint32(newEnd),
		StartPoint:  sp,
		OldEndPoint: advancePoint(sp, oldText[start:oldEnd]),
		NewEndPoint: advancePoint(sp, newText[start:newEnd]),
	}
}

// advancePoint moves a point over text (rows count '\n', columns are bytes).
func advancePoint(p sitter.Point, text []byte) sitter.Point {
	for _, c := range text {
		if c == '\n' {
			p.Row++
			p.Column = 0
		} else {
			p.Column++
		}
	}
	return p
}

// tsPoint computes tree-sitter's point for an offset: rows count '\n' only, columns are bytes.
func tsPoint(text []byte, offset int) sitter.Point {
	row, col := 0, 0
	for i := 0; i < offset && i < len(text); i++ {
		if text[i] == '\n' {
			row++
			col = 0
		} else {
			col++
		}
	}
	return sitter.Point{Row: uint32(row), Column: uint32(col)}
}

// ErrorCount returns the number of ERROR and MISSING nodes in the trees.
func (d *Document) ErrorCount() int { return d.errs }

// countErrors returns the number of ERROR and MISSING nodes under root.
func countErrors(root *sitter.Node) int {
	if !root.HasError() {
		return 0
	}
	n := 0
	c := sitter.NewTreeCursor(root)
	defer c.Close()
	for {
		node := c.CurrentNode()
		if node.IsError() || node.IsMissing() {
			n++
		}
		if node.HasError() && !node.IsError() && c.GoToFirstChild() {
			continue
		}
		for !c.GoToNextSibling() {
			if !c.GoToParent() {
				return n
			}
		}
	}
}

// symNames maps grammar symbols to node type names; nodeType avoids the binding's Type(),
// which allocates a Go string on every call.
var symNames = func() []string {
	n := int(language.SymbolCount())
	out := make([]string, n)
	for i := 0; i < n; i++ {
		out[i] = language.SymbolName(sitter.Symbol(i))
	}
	return out
}()

func nodeType(n *sitter.Node) string {
	s := int(n.Symbol())
	if s < len(symNames) {
		return symNames[s]
	}
	return n.Type()
}
