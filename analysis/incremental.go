package analysis

import (
	"fmt"
	"hash/maphash"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// Incremental re-analysis. AnalyzeIncremental reuses the results of top-level statements whose
// text is unchanged and whose reads of earlier statements (imports, module-level definitions,
// functions) see the same values as before; their definitions are copied with their spans
// shifted. Definitions therefore only hold spans inside their own statement: values borrowed
// from other statements (a partitions variable, a Config class) are copied without spans.

type envKind uint8

const (
	envAlias envKind = iota
	envStar
	envVar
	envFunc
	envValue
)

type envRead struct {
	kind envKind
	name string
	val  uint64
}

type effectKind uint8

const (
	effAliasSet effectKind = iota
	effAliasDel
	effStar
	effVarSet
	effVarDel
	effFunc
	effValue
)

type effect struct {
	kind  effectKind
	name  string
	q     string
	def   int    // index relative to the statement's first definition
	value *Value // effValue
}

// stmtEntry is the cached result of one top-level statement. A replay makes a new entry per
// moved statement on each keystroke, so what does not depend on the position is shared.
type stmtEntry struct {
	*stmtInfo
	start   int
	base    int // len(fm.Defs) before the statement
	defs    []*Definition
	dyn     []*Definition
	imports []Import
}

// stmtInfo is the part of a statement's result that does not depend on its position.
type stmtInfo struct {
	hash    uint64
	length  int
	reads   []envRead
	effects []effect
	unknown map[string]int
	uses    bool
}

type stmtKey struct {
	hash   uint64
	length int
}

var hashSeed = maphash.MakeSeed()

func hashBytes(b []byte) uint64 { return maphash.Bytes(hashSeed, b) }

// AnalyzeIncremental is AnalyzeFileWith reusing prev (the model of an earlier snapshot of the
// same file) where statements did not change. prev may be nil.
func AnalyzeIncremental(path, module string, doc *Document, prev *FileModel, ext Resolver) *FileModel {
	return analyze(path, module, doc, ext, prev)
}

func (x *extractor) readAlias(name, q string) {
	if x.rec != nil {
		x.addRead(envRead{envAlias, name, hashString(q)})
		if q == "" && x.star {
			x.addRead(envRead{kind: envStar, val: 1})
		}
	}
}

// addRead records a read unless one of the last few is the same (a decorator and its
// arguments read the same names repeatedly; fewer reads make replays cheaper).
func (x *extractor) addRead(r envRead) {
	rs := x.rec.reads
	for i := len(rs) - 1; i >= 0 && i >= len(rs)-8; i-- {
		if rs[i] == r {
			return
		}
	}
	x.rec.reads = append(rs, r)
}

func hashString(s string) uint64 { return maphash.String(hashSeed, s) }

const anyDagster = "\x00dagster"

// dagsterImported reports whether some import binds a Dagster module or symbol.
func (x *extractor) dagsterImported() bool {
	v := x.anyDagsterAlias()
	if x.rec != nil {
		x.addRead(envRead{envAlias, anyDagster, boolHash(v)})
	}
	return v
}

func (x *extractor) anyDagsterAlias() bool {
	if x.star {
		return true
	}
	for _, q := range x.aliases {
		if isDagsterModule(q) {
			return true
		}
	}
	return false
}

func boolHash(b bool) uint64 {
	if b {
		return 1
	}
	return 2
}

func (x *extractor) setAlias(name, q string) {
	x.aliases[name] = q
	if x.rec != nil {
		x.rec.effects = append(x.rec.effects, effect{kind: effAliasSet, name: name, q: q})
	}
}

// delAlias and delVar record the deletion even when the name is absent: replaying must not
// depend on the state the statement saw.
func (x *extractor) delAlias(name string) {
	delete(x.aliases, name)
	if x.rec != nil {
		x.rec.effects = append(x.rec.effects, effect{kind: effAliasDel, name: name})
	}
}

func (x *extractor) setStar() {
	x.star = true
	if x.rec != nil {
		x.rec.effects = append(x.rec.effects, effect{kind: effStar})
	}
}

func (x *extractor) lookupVar(name string) (*Definition, bool) {
	i, ok := x.vars[name]
	var d *Definition
	if ok {
		d = x.fm.Defs[i]
	}
	if x.rec != nil {
		x.addRead(envRead{envVar, name, defSummary(d)})
	}
	return d, ok
}

func (x *extractor) setVar(name string, idx int) {
	x.vars[name] = idx
	if x.rec != nil {
		x.rec.effects = append(x.rec.effects, effect{kind: effVarSet, name: name, def: idx - x.rec.base})
	}
}

func (x *extractor) delVar(name string) {
	delete(x.vars, name)
	delete(x.values, name)
	if x.rec != nil {
		x.rec.effects = append(x.rec.effects, effect{kind: effVarDel, name: name})
	}
}

// funcRef is a module-level function: its statement's range, and its node once resolved.
type funcRef struct {
	node       *sitter.Node
	start, end int
}

func (x *extractor) setValue(name string, v *Value) {
	if x.values == nil {
		x.values = map[string]*Value{}
	}
	x.values[name] = v
	if x.rec != nil {
		x.rec.effects = append(x.rec.effects, effect{kind: effValue, name: name, value: v})
	}
}

// lookupValue returns the expression a module-level selection variable holds.
func (x *extractor) lookupValue(name string) *Value {
	v := x.values[name]
	if x.rec != nil {
		x.addRead(envRead{envValue, name, valueHash(v)})
	}
	return v
}

func valueHash(v *Value) uint64 {
	if v == nil {
		return 0
	}
	return hashString(v.Text) | 1
}

func (x *extractor) setFunc(name string, f funcRef) {
	x.funcs[name] = f
	if x.rec != nil {
		x.rec.effects = append(x.rec.effects, effect{kind: effFunc, name: name})
	}
}

func (x *extractor) funcValue(f funcRef, at int) uint64 {
	if f.end == 0 {
		return 0
	}
	return hashBytes(x.src[f.start:f.end]) ^ uint64(at-f.start)*0x9E3779B97F4A7C15
}

// lookupFunc returns a module-level function for the `asset(fn)` form; the read depends on
// the function's text and its position relative to the calling statement.
func (x *extractor) lookupFunc(name string, at *sitter.Node) *sitter.Node {
	f, ok := x.funcs[name]
	if x.rec != nil {
		x.addRead(envRead{envFunc, name, x.funcValue(f, x.rec.start)})
	}
	if !ok {
		return nil
	}
	if f.node == nil {
		// Replayed statement: find its node now.
		if c := x.topNodeAt(f.start); c != nil {
			f.node = c
			if nodeType(c) == "decorated_definition" {
				f.node = c.ChildByFieldName("definition")
			}
			x.funcs[name] = f
		}
	}
	return f.node
}

// topNodeAt returns the top-level statement starting at offset.
func (x *extractor) topNodeAt(offset int) *sitter.Node {
	i := x.doc.chunkAt(offset)
	if i < 0 {
		return nil
	}
	cur := sitter.NewTreeCursor(x.doc.chunkTree(i).RootNode())
	defer cur.Close()
	if cur.GoToFirstChildForByte(uint32(offset)) < 0 {
		return nil
	}
	for {
		n := cur.CurrentNode()
		// Empty nodes are the statements before a moved chunk in its tree (see shiftEdit).
		if int(n.StartByte()) == offset && n.IsNamed() && n.EndByte() > n.StartByte() {
			return n
		}
		if int(n.StartByte()) > offset || !cur.GoToNextSibling() {
			return nil
		}
	}
}

// defSummary hashes what later statements can read from a definition (not its spans).
func defSummary(d *Definition) uint64 {
	if d == nil {
		return 0
	}
	if d.summary != 0 {
		return d.summary
	}
	return computeSummary(d)
}

func computeSummary(d *Definition) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	fmt.Fprintf(&h, "%s|%s|%s|%s|%q|%q|%s|", d.Construct, d.Kind, d.Form, d.Name, d.Key, d.KeyPrefix, d.Group)
	for _, o := range d.Outs {
		fmt.Fprintf(&h, "%s:%q;", o.Name, o.Key)
	}
	if d.Partitions != nil {
		writePartitions(&h, d.Partitions)
	}
	if r := d.Retry; r != nil {
		fmt.Fprintf(&h, "R%v%v%s%s", derefI(r.MaxRetries), derefF(r.Delay), r.Backoff, r.Jitter)
	}
	for _, f := range d.ConfigFields {
		fmt.Fprintf(&h, "F%s:%s=%s;", f.Name, f.Type, f.Default)
	}
	return h.Sum64()
}

func writePartitions(h *maphash.Hash, p *Partitions) {
	fmt.Fprintf(h, "P%s|%s|%s|%s|%s|%s|%v|%v|%v|%v|%s|%q|%s|", p.Construct, p.Kind, p.Start, p.End, p.Fmt, p.Timezone,
		derefI(p.MinuteOffset), derefI(p.HourOffset), derefI(p.DayOffset), derefI(p.EndOffset), p.Cron, p.Keys, p.Name)
	for _, d := range p.Dimensions {
		fmt.Fprintf(h, "D%s", d.Name)
		if d.Partitions != nil {
			writePartitions(h, d.Partitions)
		}
	}
}

func derefI(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func derefF(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// borrowPartitions copies a partitions definition of another statement without its spans.
func borrowPartitions(p *Partitions) *Partitions {
	c := *p
	c.Value = nil
	if len(p.Dimensions) > 0 {
		c.Dimensions = make([]PartitionDimension, len(p.Dimensions))
		for i, d := range p.Dimensions {
			c.Dimensions[i] = PartitionDimension{Name: d.Name}
			if d.Partitions != nil {
				c.Dimensions[i].Partitions = borrowPartitions(d.Partitions)
			}
		}
	}
	return &c
}

// borrowFields copies config fields of another statement without their spans.
func borrowFields(fs []Field) []Field {
	out := make([]Field, len(fs))
	for i, f := range fs {
		f.Span, f.DefValue = Span{}, nil
		out[i] = f
	}
	return out
}

// readsValid reports whether every read recorded for e sees the same value now.
func (x *extractor) readsValid(e *stmtEntry, start int) bool {
	for _, r := range e.reads {
		var v uint64
		switch r.kind {
		case envAlias:
			if r.name == anyDagster {
				v = boolHash(x.anyDagsterAlias())
			} else {
				v = hashString(x.aliases[r.name])
			}
		case envStar:
			if !x.star {
				return false
			}
			continue
		case envVar:
			if i, ok := x.vars[r.name]; ok {
				v = defSummary(x.fm.Defs[i])
			}
		case envFunc:
			v = x.funcValue(x.funcs[r.name], start)
		case envValue:
			v = valueHash(x.values[r.name])
		}
		if v != r.val {
			return false
		}
	}
	return true
}

// reuse applies a statement of the unchanged prefix: same place, same definition indices,
// same environment before it, so the entry itself is kept.
func (x *extractor) reuse(e *stmtEntry) {
	x.fm.Defs = append(x.fm.Defs, e.defs...)
	x.fm.Dynamic = append(x.fm.Dynamic, e.dyn...)
	x.fm.Imports = append(x.fm.Imports, e.imports...)
	x.account(e)
	x.applyEffects(e, e.start, e.base, 0)
	x.keep(e)
}

// replay applies a cached statement at its new position.
func (x *extractor) replay(e *stmtEntry, start int) *stmtEntry {
	delta := start - e.start
	base := len(x.fm.Defs)
	if delta == 0 && base == e.base {
		x.reuse(e)
		return e
	}
	ne := x.entries.one(&stmtEntry{stmtInfo: e.stmtInfo, start: start, base: base})
	x.cp.d = delta
	for _, d := range e.defs {
		nd := x.cp.copyDef(d)
		if d.Parent >= e.base {
			nd.Parent = d.Parent - e.base + base
		}
		x.fm.Defs = append(x.fm.Defs, nd)
	}
	ne.defs = x.fm.Defs[base:len(x.fm.Defs):len(x.fm.Defs)]
	if len(e.dyn) > 0 {
		n := len(x.fm.Dynamic)
		for _, d := range e.dyn {
			x.fm.Dynamic = append(x.fm.Dynamic, x.cp.copyDef(d))
		}
		ne.dyn = x.fm.Dynamic[n:len(x.fm.Dynamic):len(x.fm.Dynamic)]
	}
	if len(e.imports) > 0 {
		n := len(x.fm.Imports)
		for _, im := range e.imports {
			im.Span = shiftSpan(im.Span, delta)
			x.fm.Imports = append(x.fm.Imports, im)
		}
		ne.imports = x.fm.Imports[n:len(x.fm.Imports):len(x.fm.Imports)]
	}
	x.account(ne)
	x.applyEffects(e, start, base, delta)
	x.keep(ne)
	return ne
}

// account adds a statement's heads, unknown names and Dagster use to the model.
func (x *extractor) account(e *stmtEntry) {
	if x.doc.hasRec {
		for _, d := range e.defs {
			x.markSeen(d.Head)
		}
		for _, d := range e.dyn {
			x.markSeen(d.Head)
		}
	}
	for k, v := range e.unknown {
		x.fm.Unknown[k] += v
	}
	if e.uses {
		x.fm.UsesDagster = true
	}
}

// applyEffects replays what a statement did to the module environment.
func (x *extractor) applyEffects(e *stmtEntry, start, base, delta int) {
	for _, ef := range e.effects {
		switch ef.kind {
		case effAliasSet:
			x.aliases[ef.name] = ef.q
		case effAliasDel:
			delete(x.aliases, ef.name)
		case effStar:
			x.star = true
		case effVarSet:
			x.vars[ef.name] = base + ef.def
		case effVarDel:
			delete(x.vars, ef.name)
			delete(x.values, ef.name)
		case effValue:
			if x.values == nil {
				x.values = map[string]*Value{}
			}
			// Shared unshifted: values are only read for what they hold (a use elsewhere
			// keeps its own position, see selection).
			x.values[ef.name] = ef.value
		case effFunc:
			x.funcs[ef.name] = funcRef{start: start, end: start + e.length}
		}
	}
}

// markSeen records a definition head; heads only matter for de-duplicating the recovery
// parses of broken regions, so nothing is recorded when there are none.
func (x *extractor) markSeen(s Span) {
	if !x.doc.hasRec {
		return
	}
	if x.seen == nil {
		x.seen = map[Span]bool{}
	}
	x.seen[s] = true
}

func shiftSpan(s Span, d int) Span {
	if s.IsZero() {
		return s
	}
	return Span{s.Start + d, s.End + d}
}

// copier copies the headers of moved definitions with their spans shifted; their DefCores
// (values, parameters, everything else) are shared. Headers come from one allocation per
// re-analysis when the count is known.
type copier struct {
	d    int
	defs chunk[Definition]
}

// reserve sizes the header slab for copying entries at once.
func (c *copier) reserve(es []*stmtEntry) {
	n := 0
	for _, e := range es {
		n += len(e.defs) + len(e.dyn)
	}
	c.defs.reserve(n)
}

// chunk hands out copies carved from larger allocations. Chunks grow to at most 32 KB (the
// largest small-object size class), so little is wasted when few objects are needed; reserve
// sizes the next allocation exactly when the count is known.
type chunk[T any] struct {
	buf  []T
	grow int // capacity of the next growth chunk
}

// reserve makes room for n more objects in one allocation (growth restarts small after it, so
// an underestimate wastes little).
func (c *chunk[T]) reserve(n int) {
	if cap(c.buf)-len(c.buf) < n {
		c.buf, c.grow = make([]T, 0, n), 0
	}
}

// one returns a copy of *src carved from the current chunk.
func (c *chunk[T]) one(src *T) *T {
	if len(c.buf) == cap(c.buf) {
		var z T
		c.grow = min(max(2*c.grow, 8), max(32<<10/int(unsafe.Sizeof(z)), 1))
		c.buf = make([]T, 0, c.grow)
	}
	c.buf = append(c.buf, *src)
	return &c.buf[len(c.buf)-1]
}

func (c *copier) copyDef(src *Definition) *Definition {
	d := c.defs.one(src)
	s := func(sp Span) Span { return shiftSpan(sp, c.d) }
	d.Span, d.Head, d.NameSpan = s(d.Span), s(d.Head), s(d.NameSpan)
	d.shift += c.d
	return d
}

// fastPath re-analyzes a snapshot made by one Edit of the previous model's document without
// visiting the unchanged statements' nodes. Chunks are compared with the previous
// document's: the common leading chunks keep their statements' entries; the chunks the edit
// re-parsed are walked (their old statements can still be found by text, for moves); the
// common trailing chunks replay their old statements at the moved positions when what they
// read is unchanged. Chunks with syntax errors are always walked (broken statements are never
// cached).
func (x *extractor) fastPath() bool {
	p, d := x.prevModel, x.doc
	if p == nil || p.Doc == nil || d.parent == 0 || d.parent != p.docID {
		return false
	}
	oc, nc := p.Doc.chunks, d.chunks
	lo := 0
	for lo < len(oc) && lo < len(nc) && oc[lo].c == nc[lo].c && oc[lo].start == nc[lo].start {
		lo++
	}
	ho, hn := len(oc), len(nc)
	for ho > lo && hn > lo && oc[ho-1].c == nc[hn-1].c {
		ho--
		hn--
	}
	order := p.stmtOrder
	x.fm.Defs = make([]*Definition, 0, len(p.Defs)+4)
	x.fm.stmtOrder = make([]*stmtEntry, 0, len(p.stmtOrder)+4)
	e := 0 // next old entry
	// entries returns the old entries of old chunk i.
	entries := func(i int) []*stmtEntry {
		for e < len(order) && order[e].start < oc[i].start {
			e++
		}
		k := e
		for e < len(order) && order[e].start < oc[i].end {
			e++
		}
		return order[k:e]
	}
	for i := 0; i < lo; i++ {
		es := entries(i)
		if nc[i].c.broken {
			x.walkChunk(i)
			continue
		}
		for _, en := range es {
			x.replay(en, en.start)
		}
	}
	for i := lo; i < ho; i++ {
		for _, en := range entries(i) {
			if x.prev == nil {
				x.prev = map[stmtKey][]*stmtEntry{}
			}
			k := stmtKey{en.hash, en.length}
			x.prev[k] = append(x.prev[k], en)
		}
	}
	x.walkChunks(lo, hn)
	if rest := order[e:]; len(rest) > 0 {
		x.cp.reserve(rest)
		x.entries.reserve(len(rest))
	}
	for i := hn; i < len(nc); i++ {
		o := i - hn + ho
		es := entries(o)
		if nc[i].c.broken {
			x.walkChunk(i)
			continue
		}
		shift := nc[i].start - oc[o].start
		for _, en := range es {
			x.replayOrRecompute(en, en.start+shift)
		}
	}
	return true
}

// replayOrRecompute replays a cached statement at start, or walks its node again when what it
// read has changed.
func (x *extractor) replayOrRecompute(e *stmtEntry, start int) {
	if x.readsValid(e, start) {
		x.replay(e, start)
		return
	}
	if n := x.topNodeAt(start); n != nil {
		x.topStatement(n)
	}
}
