package analysis

import (
	"context"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	sitter "github.com/smacker/go-tree-sitter"
)

// A Document keeps one syntax tree per chunk (one top-level statement, see chunker.go).
// Each chunk is parsed on its own, with the parser limited to the chunk's range of the whole
// text (included ranges), so node offsets are offsets into the whole text as it was when the
// chunk was parsed. An edit parses again only the chunks it touches; the chunks after it
// keep their trees and only move: the tree a snapshot walks is a copy with the move applied
// as one tree-sitter edit of the text before the chunk, made when the analysis first visits
// that chunk (most chunks are never visited again: their results are replayed).

// sharedTree is a syntax tree held by one or more chunks: a fresh document parses its whole
// text once, and every chunk walks its own statements in that tree.
type sharedTree struct {
	tree *sitter.Tree
	refs atomic.Int32 // chunks holding it
}

func (t *sharedTree) release() {
	if t.refs.Add(-1) == 0 {
		t.tree.Close()
	}
}

// chunkData is a parsed chunk, shared by the snapshots that hold the same chunk text.
type chunkData struct {
	pstart int    // the chunk's start when it was parsed (tree offsets are relative to that text)
	prow   uint32 // its row
	t      *sharedTree
	rec    []recovery // re-parses after broken regions (recover.go), offsets as of pstart
	errs   int        // ERROR and MISSING nodes
	broken bool       // the tree has errors (HasError can hold without an ERROR or MISSING node)
	// eofSplit: the chunk ends where it does only because a triple-quoted string was still
	// open at the end of the text, so an edit anywhere after it can move its end.
	eofSplit bool
	refs     atomic.Int32 // snapshots holding the chunk; the trees are freed at zero
}

// docChunk places a chunk in one snapshot: [start, end) of its text.
type docChunk struct {
	start, end int
	c          *chunkData
}

// noEOF is the placeholder chunkBounds gives chunks not split at an open string.
var noEOF = &chunkData{}

// chunkBounds returns the starts and ends of the chunks of t from from (a chunk start) to the
// end of the text.
func chunkBounds(t []byte, from int) []docChunk {
	var out []docChunk
	for from < len(t) {
		end, eof := chunkEnd(t, from)
		c := noEOF
		if eof {
			c = &chunkData{eofSplit: true}
		}
		out = append(out, docChunk{start: from, end: end, c: c})
		from = end
	}
	return out
}

// parseChunk parses text[start:end] on its own (offsets relative to start: tree-sitter's
// error recovery weighs the text before a range, so a broken chunk parsed in place would
// depend on its position). With old (the tree of the chunk before the edit, edited into this
// text's offsets), the chunk is first re-parsed incrementally in place; that tree is kept
// when it has no errors (a valid parse does not depend on the position).
func (d *Document) parseChunk(start, end int, eof bool, old *sitter.Tree) *chunkData {
	p := rangeParserPool.Get().(*sitter.Parser)
	defer rangeParserPool.Put(p)
	c := &chunkData{eofSplit: eof}
	var tree *sitter.Tree
	if old != nil {
		tree = parseRangeAt(p, old, d.ptext, start, end, d.tsPointAt(start), d.tsPointAt(end))
		if tree.RootNode().HasError() {
			tree.Close()
			tree = nil
		} else {
			c.pstart, c.prow = start, d.row(start)
		}
	}
	text := d.ptext[start:end]
	if tree == nil {
		tree = parseRange(p, nil, text, 0, len(text))
	}
	c.t = &sharedTree{tree: tree}
	c.t.refs.Store(1)
	c.refs.Store(1)
	root := tree.RootNode()
	if root.HasError() {
		c.broken = true
		c.errs = countErrors(root)
		c.rec = computeRecovery(root, text)
	}
	return c
}

// row returns tree-sitter's row of a line start.
func (d *Document) row(offset int) uint32 {
	if offset == 0 {
		return 0
	}
	return uint32(d.lineOf(offset))
}

// parseRange parses text[from:end] with p, reading only that range (offsets stay those of
// text).
func parseRange(p *sitter.Parser, old *sitter.Tree, text []byte, from, end int) *sitter.Tree {
	return parseRangeAt(p, old, text, from, end, tsPoint(text, from), tsPoint(text, end))
}

// parseRangeAt is parseRange with the points of from and end known.
func parseRangeAt(p *sitter.Parser, old *sitter.Tree, text []byte, from, end int, fp, ep sitter.Point) *sitter.Tree {
	p.SetIncludedRanges([]sitter.Range{{StartByte: uint32(from), EndByte: uint32(end), StartPoint: fp, EndPoint: ep}})
	read := func(off uint32, _ sitter.Point) []byte {
		if int(off) >= end {
			return nil
		}
		return text[off:end]
	}
	tree, err := p.ParseInputCtx(context.Background(), old, sitter.Input{Read: read})
	if err != nil || tree == nil {
		p.Reset()
		tree, _ = p.ParseInputCtx(context.Background(), nil, sitter.Input{Read: read})
	}
	return tree
}

// parseChunks parses every chunk of bounds. The whole text is parsed once (in two halves when
// large, see parseShared); when it has no syntax errors and its top-level statements fall
// inside the chunks, the chunks share the trees (the root node made for the check is a tree's
// only Go node). Otherwise each chunk is parsed on its own.
func (d *Document) parseChunks(bounds []docChunk) []docChunk {
	if d.parseShared(bounds) {
		return bounds
	}
	for i, b := range bounds {
		bounds[i].c = d.parseChunk(b.start, b.end, b.c.eofSplit, nil)
	}
	return bounds
}

// parallelParseMin is the text size from which a fresh document is parsed as two halves on
// two cores (a 5,000-line file takes ~20 ms on one).
var parallelParseMin = 64 << 10 // a variable so tests can compare with the one-tree parse

// parseShared parses the text in one tree, or one per half, each limited to its range so
// offsets stay the whole text's, and lets every chunk share them. It reports false (and
// keeps nothing) when a tree has errors or a statement straddles chunks: then each chunk is
// parsed on its own.
func (d *Document) parseShared(bounds []docChunk) bool {
	if len(bounds) == 0 {
		return false
	}
	parts := [][]docChunk{bounds}
	if len(d.ptext) >= parallelParseMin && runtime.GOMAXPROCS(0) > 1 {
		if k := halfway(d.ptext, bounds, len(d.ptext)/2); k > 0 {
			parts = [][]docChunk{bounds[:k], bounds[k:]}
		}
	}
	trees := make([]*sitter.Tree, len(parts))
	parsePart := func(i int) {
		from, end := parts[i][0].start, parts[i][len(parts[i])-1].end
		p := rangeParserPool.Get().(*sitter.Parser) // range parses: parserPool's have no ranges set
		trees[i] = parseRangeAt(p, nil, d.ptext, from, end, d.tsPointAt(from), d.tsPointAt(end))
		rangeParserPool.Put(p)
	}
	var wg sync.WaitGroup
	for i := 1; i < len(parts); i++ {
		wg.Add(1)
		go func() { defer wg.Done(); parsePart(i) }()
	}
	parsePart(0)
	wg.Wait()
	ok := true
	for i, t := range trees {
		ok = ok && !t.RootNode().HasError() && alignedWith(t, parts[i])
	}
	if !ok {
		for _, t := range trees {
			t.Close()
		}
		return false
	}
	cs := make([]chunkData, len(bounds)) // one allocation for all
	n := 0
	for i, part := range parts {
		st := &sharedTree{tree: trees[i]}
		st.refs.Store(int32(len(part)))
		for j, b := range part {
			cs[n] = chunkData{pstart: b.start, prow: d.row(b.start), t: st, eofSplit: b.c.eofSplit}
			cs[n].refs.Store(1)
			part[j].c = &cs[n]
			n++
		}
	}
	return true
}

// halfway returns the index of the chunk starting nearest after mid at the start of a line
// (the second half's parse starts in column 0), or 0 when there is none.
func halfway(text []byte, bounds []docChunk, mid int) int {
	k := max(sort.Search(len(bounds), func(i int) bool { return bounds[i].start >= mid }), 1)
	for ; k < len(bounds); k++ {
		if s := bounds[k].start; text[s-1] == '\n' {
			return k
		}
	}
	return 0
}

// account sums the chunks' error counts.
func (d *Document) account() {
	for _, c := range d.chunks {
		d.errs += c.c.errs
		if c.c.rec != nil {
			d.hasRec = true
		}
	}
}

// editChunks returns nd's chunks: nd's text is d's with [start, oldEnd) replaced by
// nd.text[start:newEnd]. Chunks are lexed again from the chunk before the edit until a chunk
// starts where an old chunk after the edit (moved by the edit) started; from there on the
// text and the lexer state are the old ones, so the old chunks are kept.
func (d *Document) editChunks(nd *Document, start, oldEnd, newEnd int) []docChunk {
	old := d.chunks
	delta := newEnd - oldEnd
	k := sort.Search(len(old), func(i int) bool { return old[i].start > start }) - 1
	s := max(k-1, 0)
	for i := 0; i < s; i++ {
		if old[i].c.eofSplit {
			s = i
			break
		}
	}
	out := make([]docChunk, 0, len(old)+2)
	for _, c := range old[:s] {
		c.c.refs.Add(1)
		out = append(out, c)
	}
	pos := 0
	if s < len(old) {
		pos = old[s].start
	}
	j := sort.Search(len(old), func(i int) bool { return old[i].start >= oldEnd })
	t := nd.ptext
	for pos < len(t) {
		if pos >= newEnd {
			for j < len(old) && old[j].start+delta < pos {
				j++
			}
			if j < len(old) && old[j].start+delta == pos {
				for _, c := range old[j:] {
					c.c.refs.Add(1)
					out = append(out, docChunk{start: c.start + delta, end: c.end + delta, c: c.c})
				}
				return out
			}
		}
		end, eof := chunkEnd(t, pos)
		if end <= start && s < len(old) && old[s].start == pos && old[s].end == end && !eof && !old[s].c.eofSplit {
			old[s].c.refs.Add(1)
			out = append(out, old[s]) // unchanged text before the edit
		} else {
			out = append(out, docChunk{start: pos, end: end, c: nd.parseChunk(pos, end, eof, d.editedTree(pos, end, start, oldEnd, newEnd, nd.ptext))})
		}
		for s < len(old) && old[s].start <= pos {
			s++
		}
		pos = end
	}
	return out
}

// editedTree returns, for the chunk [pos, end) of the new text, a copy of the tree of the old
// chunk it replaces, with the edit applied (offsets of the new text), or nil. Only an old
// chunk that started at pos and ended where the new one ends (moved by the edit) is used:
// the edit lies inside it, so its tree describes the chunk's text (nodes outside the chunk,
// in a tree shared with other chunks, may be stale: the re-parse is limited to the chunk).
func (d *Document) editedTree(pos, end, start, oldEnd, newEnd int, newText []byte) *sitter.Tree {
	i := d.chunkAt(pos)
	if i < 0 {
		return nil
	}
	ch := d.chunks[i]
	if ch.start != pos || start < pos || oldEnd > ch.end || ch.end+newEnd-oldEnd != end {
		return nil
	}
	t := ch.c.t.tree.Copy()
	if ch.c.pstart != ch.start {
		editTree(t, d.shiftEdit(ch.c, ch.start))
	}
	editTree(t, d.editInput(newText, start, oldEnd, newEnd))
	return t
}

// chunkAt returns the index of the chunk holding offset (-1: none).
func (d *Document) chunkAt(offset int) int {
	i := sort.Search(len(d.chunks), func(i int) bool { return d.chunks[i].end > offset })
	if i == len(d.chunks) {
		return -1
	}
	return i
}

// shiftEdit moves a tree parsed with its chunk at c.pstart to start: bytes are inserted
// (or deleted) right before the chunk, which leaves the chunk's nodes intact at their new
// offsets. The edit touches only the nodes around the chunk's start: replacing the whole
// text before the chunk instead made tree-sitter copy every node of that text, for each
// moved chunk visited (quadratic: 1.5 GB when a fresh document's shared tree was walked
// chunk by chunk after its first edit). Points are only right for the chunk's own nodes,
// which is all a walk of this copy reads (and the analysis works in bytes).
func (d *Document) shiftEdit(c *chunkData, start int) sitter.EditInput {
	at := sitter.Point{Row: c.prow}
	to := sitter.Point{Row: d.row(start)}
	if start >= c.pstart {
		return sitter.EditInput{
			StartIndex: uint32(c.pstart), OldEndIndex: uint32(c.pstart), NewEndIndex: uint32(start),
			StartPoint: at, OldEndPoint: at, NewEndPoint: to,
		}
	}
	return sitter.EditInput{
		StartIndex: uint32(start), OldEndIndex: uint32(c.pstart), NewEndIndex: uint32(start),
		StartPoint: to, OldEndPoint: at, NewEndPoint: to,
	}
}

// chunkTree returns this snapshot's tree of chunk i, with offsets into this text. Called
// with d locked; the tree is valid until dropNodeCache.
func (d *Document) chunkTree(i int) *sitter.Tree {
	ch := d.chunks[i]
	k := walkKey{ch.c.t, -1}
	if ch.c.pstart != ch.start {
		k.chunk = i // moved: a copy of its own, edited (see shiftEdit)
	}
	if t := d.walk[k]; t != nil {
		return t
	}
	t := ch.c.t.tree.Copy()
	if k.chunk >= 0 {
		editTree(t, d.shiftEdit(ch.c, ch.start))
	}
	if d.walk == nil {
		d.walk = map[walkKey]*sitter.Tree{}
	}
	d.walk[k] = t
	return t
}

// sameWalk reports whether chunks i and k are walked in the same tree copy.
func (d *Document) sameWalk(i, k int) bool {
	a, b := d.chunks[i], d.chunks[k]
	return a.c.t == b.c.t && a.c.pstart == a.start && b.c.pstart == b.start
}

// walkKey identifies a snapshot's copy of a tree: one per shared tree for the chunks that
// did not move, one per moved chunk.
type walkKey struct {
	t     *sharedTree
	chunk int
}

// chunkRecovery returns this snapshot's recovery trees of the broken top-level node that
// starts at offset in chunk i.
func (d *Document) chunkRecovery(i, offset int) []*sitter.Tree {
	ch := d.chunks[i]
	shift := ch.start - ch.c.pstart
	for k, r := range ch.c.rec {
		if r.start+shift != offset {
			continue
		}
		key := i<<8 | k
		if ts, ok := d.walkRec[key]; ok {
			return ts
		}
		ts := make([]*sitter.Tree, len(r.trees))
		for n, t := range r.trees {
			ts[n] = t.Copy()
			if shift != 0 {
				editTree(ts[n], d.shiftEdit(ch.c, ch.start))
			}
		}
		if d.walkRec == nil {
			d.walkRec = map[int][]*sitter.Tree{}
		}
		d.walkRec[key] = ts
		return ts
	}
	return nil
}

// dropNodeCache frees the trees (and the binding's node caches) the analysis used. Called
// with d locked.
func (d *Document) dropNodeCache() {
	for _, t := range d.walk {
		if t != nil {
			t.Close()
		}
	}
	d.walk = nil
	for _, ts := range d.walkRec {
		for _, t := range ts {
			t.Close()
		}
	}
	d.walkRec = nil
}

// Close releases the syntax trees this snapshot holds alone. The Document must not be used
// afterwards; closing twice is harmless.
func (d *Document) Close() {
	if d.closed.Swap(true) {
		return
	}
	d.dropNodeCache() // callers may hold d's lock (no analysis can be running)
	for _, ch := range d.chunks {
		if ch.c.refs.Add(-1) == 0 {
			ch.c.t.release()
			for _, r := range ch.c.rec {
				for _, t := range r.trees {
					t.Close()
				}
			}
		}
	}
	if d.whole.tree != nil {
		d.whole.tree.Close()
	}
}
