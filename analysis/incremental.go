package analysis

import (
	"fmt"
	"hash/maphash"

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
)

type effect struct {
	kind effectKind
	name string
	q    string
	def  int // index relative to the statement's first definition
}

// stmtEntry is the cached result of one top-level statement.
type stmtEntry struct {
	hash    uint64
	length  int
	start   int
	base    int // len(fm.Defs) before the statement
	reads   []envRead
	effects []effect
	defs    []*Definition
	dyn     []*Definition
	imports []Import
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
		x.rec.reads = append(x.rec.reads, envRead{envAlias, name, hashString(q)})
		if q == "" && x.star {
			x.rec.reads = append(x.rec.reads, envRead{kind: envStar, val: 1})
		}
	}
}

func hashString(s string) uint64 { return maphash.String(hashSeed, s) }

const anyDagster = "\x00dagster"

// dagsterImported reports whether some import binds a Dagster module or symbol.
func (x *extractor) dagsterImported() bool {
	v := x.anyDagsterAlias()
	if x.rec != nil {
		x.rec.reads = append(x.rec.reads, envRead{envAlias, anyDagster, boolHash(v)})
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
		x.rec.reads = append(x.rec.reads, envRead{envVar, name, defSummary(d)})
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
	if x.rec != nil {
		x.rec.effects = append(x.rec.effects, effect{kind: effVarDel, name: name})
	}
}

func (x *extractor) setFunc(name string, def *sitter.Node) {
	x.funcs[name] = def
	if x.rec != nil {
		x.rec.effects = append(x.rec.effects, effect{kind: effFunc, name: name})
	}
}

// lookupFunc returns a module-level function for the `asset(fn)` form; the read depends on
// the function's text and its position relative to the calling statement.
func (x *extractor) lookupFunc(name string, at *sitter.Node) *sitter.Node {
	f := x.funcs[name]
	if x.rec != nil {
		var v uint64
		if f != nil {
			v = hashBytes(x.src[f.StartByte():f.EndByte()]) ^ uint64(x.rec.start-int(f.StartByte()))*0x9E3779B97F4A7C15
		}
		x.rec.reads = append(x.rec.reads, envRead{envFunc, name, v})
	}
	return f
}

// defSummary hashes what later statements can read from a definition (not its spans).
func defSummary(d *Definition) uint64 {
	if d == nil {
		return 0
	}
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
			if f := x.funcs[r.name]; f != nil {
				v = hashBytes(x.src[f.StartByte():f.EndByte()]) ^ uint64(start-int(f.StartByte()))*0x9E3779B97F4A7C15
			}
		}
		if v != r.val {
			return false
		}
	}
	return true
}

// replay applies a cached statement at its new position.
func (x *extractor) replay(e *stmtEntry, stmt *sitter.Node, start int) *stmtEntry {
	delta := start - e.start
	base := len(x.fm.Defs)
	ne := &stmtEntry{hash: e.hash, length: e.length, start: start, base: base, reads: e.reads, effects: e.effects, uses: e.uses, unknown: e.unknown}
	for _, d := range e.defs {
		nd := copyDef(d, delta)
		if d.Parent >= e.base {
			nd.Parent = d.Parent - e.base + base
		}
		ne.defs = append(ne.defs, nd)
		x.fm.Defs = append(x.fm.Defs, nd)
		x.markSeen(nd.Head)
	}
	for _, d := range e.dyn {
		nd := copyDef(d, delta)
		ne.dyn = append(ne.dyn, nd)
		x.fm.Dynamic = append(x.fm.Dynamic, nd)
		x.markSeen(nd.Head)
	}
	for _, im := range e.imports {
		im.Span = shiftSpan(im.Span, delta)
		ne.imports = append(ne.imports, im)
		x.fm.Imports = append(x.fm.Imports, im)
	}
	for k, v := range e.unknown {
		x.fm.Unknown[k] += v
	}
	if e.uses {
		x.fm.UsesDagster = true
	}
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
		case effFunc:
			def := stmt
			if stmt.Type() == "decorated_definition" {
				def = stmt.ChildByFieldName("definition")
			}
			x.funcs[ef.name] = def
		}
	}
	return ne
}

func (x *extractor) markSeen(s Span) {
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

// copier deep-copies a definition, shifting spans and keeping shared values shared.
type copier struct {
	d    int
	vals map[*Value]*Value
}

func copyDef(src *Definition, delta int) *Definition {
	c := &copier{d: delta}
	d := *src
	s := c.span
	d.Span, d.Head, d.NameSpan, d.ParamsSpan, d.BodySpan, d.DocSpan = s(d.Span), s(d.Head), s(d.NameSpan), s(d.ParamsSpan), s(d.BodySpan), s(d.DocSpan)
	d.Call = c.val(d.Call)
	if d.Params != nil {
		d.Params = append([]Param(nil), d.Params...)
		for i := range d.Params {
			p := &d.Params[i]
			p.Span, p.NameSpan = s(p.Span), s(p.NameSpan)
		}
	}
	if d.Deps != nil {
		d.Deps = append([]Dep(nil), d.Deps...)
		for i := range d.Deps {
			d.Deps[i].Span = s(d.Deps[i].Span)
			d.Deps[i].Expr = c.val(d.Deps[i].Expr)
		}
	}
	d.Partitions = c.partitions(d.Partitions)
	d.Retry = c.retry(d.Retry)
	if d.Outs != nil {
		d.Outs = append([]Out(nil), d.Outs...)
		for i := range d.Outs {
			d.Outs[i].Value = c.val(d.Outs[i].Value)
		}
	}
	d.ConfigFields = c.fields(d.ConfigFields)
	d.ConfigSchema = c.val(d.ConfigSchema)
	if ck := d.Check; ck != nil {
		n := *ck
		n.AssetExpr = c.val(n.AssetExpr)
		d.Check = &n
	}
	if sc := d.Schedule; sc != nil {
		n := *sc
		n.CronExpr, n.JobExpr, n.Target, n.RunConfig = c.val(n.CronExpr), c.val(n.JobExpr), c.val(n.Target), c.val(n.RunConfig)
		d.Schedule = &n
	}
	if se := d.Sensor; se != nil {
		n := *se
		n.JobExprs = c.vals1(n.JobExprs)
		n.Target = c.val(n.Target)
		d.Sensor = &n
	}
	if j := d.Job; j != nil {
		n := *j
		n.ResourceDefs, n.Config, n.Executor, n.Hooks, n.Tags = c.val(n.ResourceDefs), c.val(n.Config), c.val(n.Executor), c.val(n.Hooks), c.val(n.Tags)
		n.OpRetryPolicy = c.retry(n.OpRetryPolicy)
		if n.Calls != nil {
			n.Calls = append([]OpCall(nil), n.Calls...)
			for i := range n.Calls {
				oc := &n.Calls[i]
				oc.Span = s(oc.Span)
				oc.Hooks, oc.Retry, oc.Tags = c.val(oc.Hooks), c.val(oc.Retry), c.val(oc.Tags)
			}
		}
		d.Job = &n
	}
	if aj := d.AssetJob; aj != nil {
		n := *aj
		n.Selection = c.selection(n.Selection)
		n.SelectionExpr, n.Config, n.Executor, n.Hooks, n.Tags = c.val(n.SelectionExpr), c.val(n.Config), c.val(n.Executor), c.val(n.Hooks), c.val(n.Tags)
		n.Partitions = c.partitions(n.Partitions)
		n.OpRetryPolicy = c.retry(n.OpRetryPolicy)
		d.AssetJob = &n
	}
	if di := d.Definitions; di != nil {
		n := *di
		n.Assets, n.Checks, n.Jobs, n.Schedules, n.Sensors = c.vals1(n.Assets), c.vals1(n.Checks), c.vals1(n.Jobs), c.vals1(n.Schedules), c.vals1(n.Sensors)
		n.Executor = c.val(n.Executor)
		if n.Resources != nil {
			n.Resources = append([]ResourceBinding(nil), n.Resources...)
			for i := range n.Resources {
				n.Resources[i].Value = c.val(n.Resources[i].Value)
			}
		}
		if n.Loaded != nil {
			n.Loaded = append([]LoadCall(nil), n.Loaded...)
			for i := range n.Loaded {
				n.Loaded[i].Span = s(n.Loaded[i].Span)
				n.Loaded[i].Value = c.val(n.Loaded[i].Value)
			}
		}
		d.Definitions = &n
	}
	if r := d.Resource; r != nil {
		n := *r
		n.Fields = c.fields(n.Fields)
		d.Resource = &n
	}
	return &d
}

func (c *copier) span(s Span) Span { return shiftSpan(s, c.d) }

func (c *copier) val(v *Value) *Value {
	if v == nil {
		return nil
	}
	if c.vals == nil {
		c.vals = map[*Value]*Value{}
	}
	if n, ok := c.vals[v]; ok {
		return n
	}
	n := *v
	c.vals[v] = &n
	n.Span = c.span(n.Span)
	n.Items = c.vals1(n.Items)
	n.Keys = c.vals1(n.Keys)
	if n.Kwargs != nil {
		n.Kwargs = append([]Kwarg(nil), n.Kwargs...)
		for i := range n.Kwargs {
			n.Kwargs[i].NameSpan = c.span(n.Kwargs[i].NameSpan)
			n.Kwargs[i].Value = c.val(n.Kwargs[i].Value)
		}
	}
	n.Callee, n.Object, n.Left, n.Right = c.val(n.Callee), c.val(n.Object), c.val(n.Left), c.val(n.Right)
	return &n
}

func (c *copier) vals1(vs []*Value) []*Value {
	if vs == nil {
		return nil
	}
	out := make([]*Value, len(vs))
	for i, v := range vs {
		out[i] = c.val(v)
	}
	return out
}

func (c *copier) fields(fs []Field) []Field {
	if fs == nil {
		return nil
	}
	out := append([]Field(nil), fs...)
	for i := range out {
		out[i].Span = c.span(out[i].Span)
		out[i].DefValue = c.val(out[i].DefValue)
	}
	return out
}

func (c *copier) partitions(p *Partitions) *Partitions {
	if p == nil {
		return nil
	}
	n := *p
	n.Value = c.val(n.Value)
	if n.Dimensions != nil {
		n.Dimensions = append([]PartitionDimension(nil), n.Dimensions...)
		for i := range n.Dimensions {
			n.Dimensions[i].Partitions = c.partitions(n.Dimensions[i].Partitions)
		}
	}
	return &n
}

func (c *copier) retry(r *RetryPolicy) *RetryPolicy {
	if r == nil {
		return nil
	}
	n := *r
	n.Value = c.val(n.Value)
	return &n
}

func (c *copier) selection(s *Selection) *Selection {
	if s == nil {
		return nil
	}
	n := *s
	n.Span = c.span(n.Span)
	n.Left, n.Right = c.selection(n.Left), c.selection(n.Right)
	return &n
}
