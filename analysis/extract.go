package analysis

import (
	"bytes"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
)

// localResource is what a Resolver returns for a resource class defined in another project
// module: parameters annotated with it are resources, but it is not a Dagster symbol.
const localResource = "local:resource"

// Resolver resolves names imported from the project's own modules to Dagster symbols (the
// workspace knows re-exports such as `from .defs import asset`). It returns "" when the name is
// not a re-exported Dagster symbol.
type Resolver func(fromModule string, importedModule string, level int, name string) string

type extractor struct {
	src        []byte
	doc        *Document
	fm         *FileModel
	aliases    map[string]string // local name → qualified name (module or symbol)
	star       bool              // from dagster import *
	vars       map[string]int    // module-level variable → def index
	funcs      map[string]funcRef
	ext        Resolver
	curBody    *sitter.Node // body of the function being specialised
	values     map[string]*Value
	cp         copier // reused by replays
	depth      int    // statement nesting
	seen       map[Span]bool
	rec        *stmtEntry               // the top-level statement being recorded
	inRecovery bool                     // walking the recovery parses of a broken region
	prev       map[stmtKey][]*stmtEntry // cached statements of the previous snapshot by text
	prevModel  *FileModel
	entries    chunk[stmtEntry] // replayed entries
}

// AnalyzeFile extracts the Dagster model of one file. It never fails: broken code yields the
// constructs found outside broken regions and a parse error count.
func AnalyzeFile(path string, doc *Document) *FileModel {
	return AnalyzeFileWith(path, "", doc, nil)
}

// AnalyzeFileWith is AnalyzeFile with the file's dotted module name and a resolver for
// re-exports through project modules.
func AnalyzeFileWith(path, module string, doc *Document, ext Resolver) *FileModel {
	return analyze(path, module, doc, ext, nil)
}

func analyze(path, module string, doc *Document, ext Resolver, prev *FileModel) *FileModel {
	fm := &FileModel{Path: path, Module: module, Doc: doc, Unknown: map[string]int{}, Aliases: map[string]string{},
		Exports: map[string]string{}, Vars: map[string]int{}}
	if doc == nil {
		return fm
	}
	doc.Lock()
	defer doc.Unlock()
	// The function table is scratch (only its size is kept): a re-analysis reuses one.
	funcs := funcTables.Get().(map[string]funcRef)
	defer func() { clear(funcs); funcTables.Put(funcs) }()
	x := &extractor{src: doc.text, doc: doc, fm: fm, aliases: fm.Aliases, vars: fm.Vars, funcs: funcs, ext: ext}
	if prev != nil && prev.Module == module && prev.Path == path {
		x.prevModel = prev
		// The environment will most likely have the previous one's size: no map growth.
		fm.Aliases, fm.Vars = make(map[string]string, len(prev.Aliases)), make(map[string]int, len(prev.Vars))
		x.aliases, x.vars = fm.Aliases, fm.Vars
		if len(prev.Values) > 0 {
			x.values = make(map[string]*Value, len(prev.Values))
		}
	}
	fm.docID = doc.id
	fm.ParseErrors = doc.ErrorCount()
	x.topLevel()
	for k, v := range x.aliases {
		if strings.Contains(v, ".") && isDagsterModule(v) {
			fm.Exports[k] = v
		}
	}
	if x.prevModel != nil {
		fm.Noqa = editNoqa(x.prevModel, doc)
	} else {
		fm.Noqa = scanNoqa(doc)
	}
	doc.dropNodeCache()
	fm.Values = x.values
	return fm
}

var funcTables = sync.Pool{New: func() any { return map[string]funcRef{} }}

// resolve maps a dotted source name to a qualified Dagster symbol, or "".
func (x *extractor) resolve(name string) string {
	first, rest := name, ""
	if i := strings.IndexByte(name, '.'); i >= 0 {
		first, rest = name[:i], name[i:]
	}
	q, ok := x.aliases[first]
	x.readAlias(first, q)
	if !ok {
		if x.star && isKnown(first) {
			return "dagster." + name
		}
		return ""
	}
	q += rest
	if !isDagsterModule(q) {
		return ""
	}
	return q
}

// symbolOf resolves a callee/decorator expression node to (qualified symbol, canonical name).
func (x *extractor) symbolOf(n *sitter.Node) (string, string) {
	switch nodeType(n) {
	case "identifier", "attribute":
	default:
		return "", ""
	}
	name := x.text(n)
	if strings.ContainsAny(name, "([{'\"#") {
		return "", "" // a chained call or subscript, not a dotted name
	}
	if strings.ContainsAny(name, " \t\n\r\\") {
		name = strings.Join(strings.Fields(strings.NewReplacer("\\\n", "", "\\\r\n", "").Replace(name)), "")
	}
	q := x.resolve(name)
	if q == "" {
		return "", ""
	}
	c := canonical(q)
	if strings.IndexByte(name, '.') >= 0 {
		x.noteUse(q, c) // from-imports were counted at the import
	} else {
		x.fm.UsesDagster = true
	}
	return q, c
}

// noteUse counts names used from Dagster that are not in the symbol index.
func (x *extractor) noteUse(q, c string) {
	x.fm.UsesDagster = true
	if strings.Count(q, ".") == 0 {
		return // the module itself
	}
	head := c
	if i := strings.IndexByte(c, '.'); i >= 0 {
		head = c[:i]
	}
	if !isKnown(head) && !isKnown(c) && !looksLikeModule(q) {
		x.fm.Unknown[c]++
	}
}

// looksLikeModule treats lower-case qualified names whose last part is a known subpackage as
// modules (`dagster_aws.s3`), not unknown symbols.
func looksLikeModule(q string) bool {
	parts := strings.Split(q, ".")
	last := parts[len(parts)-1]
	switch last {
	case "s3", "redshift", "ecs", "emr", "utils", "components", "preview", "freshness", "core", "definitions":
		return true
	}
	return strings.HasPrefix(last, "_")
}

func (x *extractor) importStatement(n *sitter.Node) {
	for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
		c := namedChild(n, i)
		switch nodeType(c) {
		case "dotted_name":
			mod := x.text(c)
			first := mod
			if j := strings.IndexByte(mod, '.'); j >= 0 {
				first = mod[:j]
			}
			x.fm.Imports = append(x.fm.Imports, Import{Local: first, Module: mod, Span: spanOf(n)})
			x.setAlias(first, first)
			if isDagsterModule(mod) {
				x.fm.UsesDagster = true
			}
		case "aliased_import":
			mod := x.text(fieldChild(c, "name"))
			alias := x.text(fieldChild(c, "alias"))
			x.fm.Imports = append(x.fm.Imports, Import{Local: alias, Module: mod, Span: spanOf(n)})
			x.setAlias(alias, mod)
			if isDagsterModule(mod) {
				x.fm.UsesDagster = true
			}
		}
	}
}

func (x *extractor) importFrom(n *sitter.Node) {
	modNode := fieldChild(n, "module_name")
	if modNode == nil {
		return
	}
	mod := x.text(modNode)
	level := 0
	if nodeType(modNode) == "relative_import" {
		level = strings.Count(mod, ".") - strings.Count(strings.TrimLeft(mod, "."), ".")
		mod = strings.TrimLeft(mod, ".")
	}
	dag := level == 0 && isDagsterModule(mod)
	if dag {
		x.fm.UsesDagster = true
	}
	for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
		c := namedChild(n, i)
		if c.Equal(modNode) {
			continue
		}
		var name, local string
		switch nodeType(c) {
		case "wildcard_import":
			x.fm.Imports = append(x.fm.Imports, Import{Module: mod, Star: true, Level: level, Span: spanOf(n)})
			if dag && (mod == "dagster") {
				x.setStar()
			}
			continue
		case "dotted_name":
			name = x.text(c)
			local = name
		case "aliased_import":
			name = x.text(fieldChild(c, "name"))
			local = x.text(fieldChild(c, "alias"))
		default:
			continue
		}
		x.fm.Imports = append(x.fm.Imports, Import{Local: local, Module: mod, Name: name, Level: level, Span: spanOf(n)})
		if dag {
			q := mod + "." + name
			x.setAlias(local, q)
			if !isDagsterSubmodule(q) {
				x.noteUse(q, canonical(q))
			}
			continue
		}
		if x.ext != nil {
			if q := x.ext(x.fm.Module, mod, level, name); q != "" {
				x.setAlias(local, q)
				continue
			}
		}
		x.delAlias(local)
	}
}

// isDagsterSubmodule reports imports of modules rather than names (`from dagster_aws import s3`).
func isDagsterSubmodule(q string) bool { return looksLikeModule(q) }

// scope says where statements are being read.
type scope int

const (
	scopeModule   scope = iota
	scopeLoop           // inside for/while at module level, or a comprehension
	scopeFactory        // inside a function body
	scopeRegistry       // inside an @definitions/@repository function: definitions are static
)

// statements walks a block of statements.
func (x *extractor) statements(n *sitter.Node, sc scope) {
	if x.depth > maxStatementDepth {
		return // pathological nesting (Python itself stops at about 100 levels)
	}
	x.depth++
	defer func() { x.depth-- }()
	for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
		x.statement(namedChild(n, i), sc)
	}
}

const maxStatementDepth = 200

// topLevel walks the module's statements chunk by chunk, reusing or recording each
// statement's result for incremental re-analysis.
func (x *extractor) topLevel() {
	if !x.fastPath() {
		if p := x.prevModel; p != nil {
			for _, e := range p.stmtOrder {
				if x.prev == nil {
					x.prev = make(map[stmtKey][]*stmtEntry, len(p.stmtOrder))
				}
				k := stmtKey{e.hash, e.length}
				x.prev[k] = append(x.prev[k], e)
			}
		}
		x.walkChunks(0, len(x.doc.chunks))
	}
	if len(x.fm.Defs) == 0 {
		x.fm.Defs = nil // as a fresh analysis leaves it
	}
}

// walkChunk processes the top-level statements of chunk i.
func (x *extractor) walkChunk(i int) { x.walkChunks(i, i+1) }

// walkChunks processes the top-level statements of chunks [i, j). Consecutive chunks walked
// in the same tree (a fresh document's chunks share one) are walked with one cursor.
func (x *extractor) walkChunks(i, j int) {
	for i < j {
		k := i + 1
		for k < j && x.doc.sameWalk(i, k) {
			k++
		}
		x.walkRange(x.doc.chunkTree(i), x.doc.chunks[i].start, x.doc.chunks[k-1].end)
		i = k
	}
}

// walkRange processes the top-level statements of t in [from, to).
func (x *extractor) walkRange(t *sitter.Tree, from, to int) {
	cur := sitter.NewTreeCursor(t.RootNode())
	defer cur.Close()
	if cur.GoToFirstChildForByte(uint32(from)) < 0 {
		return
	}
	for ok := true; ok; ok = cur.GoToNextSibling() {
		c := cur.CurrentNode()
		if nodeStart(c) >= to {
			return
		}
		// Empty nodes are the statements before a moved chunk in its tree (see shiftEdit).
		if c.IsNamed() && nodeStart(c) >= from && int(c.EndByte()) > nodeStart(c) {
			x.topStatement(c)
		}
	}
}

// topStatement processes one top-level statement: replayed from the previous model when its
// text and what it reads are unchanged, walked and recorded otherwise.
func (x *extractor) topStatement(c *sitter.Node) {
	if c.HasError() {
		// Constructs after a broken region come from the recovery parses; they go
		// first so that definitions the broken node swallowed are not mistaken for
		// nested (dynamic) ones. Broken statements are never cached.
		x.inRecovery = true
		for _, t := range x.doc.recoveryAt(nodeStart(c)) {
			x.statements(t.RootNode(), scopeModule)
		}
		x.statement(c, scopeModule)
		x.inRecovery = false
		return
	}
	start, end := nodeStart(c), int(c.EndByte())
	// The node type is part of the key: the same text can parse as another node next to a
	// syntax error (`a@op(...)` as a bare binary_operator instead of a statement).
	key := stmtKey{hashBytes(x.src[start:end]) ^ uint64(c.Symbol())*0x9E3779B97F4A7C15, end - start}
	if e := x.findCached(key, start); e != nil {
		x.replay(e, start)
		return
	}
	rec := &stmtEntry{stmtInfo: &stmtInfo{hash: key.hash, length: key.length}, start: start, base: len(x.fm.Defs)}
	nd, ndyn, nimp := len(x.fm.Defs), len(x.fm.Dynamic), len(x.fm.Imports)
	unknownBefore := x.fm.Unknown
	x.fm.Unknown = map[string]int{}
	usesBefore := x.fm.UsesDagster
	x.fm.UsesDagster = false
	x.rec = rec
	x.statement(c, scopeModule)
	x.rec = nil
	rec.defs = append(rec.defs, x.fm.Defs[nd:]...)
	rec.dyn = append(rec.dyn, x.fm.Dynamic[ndyn:]...)
	for _, d := range rec.defs {
		sealDef(d)
	}
	for _, d := range rec.dyn {
		sealDef(d)
	}
	rec.imports = append(rec.imports, x.fm.Imports[nimp:]...)
	rec.unknown, rec.uses = x.fm.Unknown, x.fm.UsesDagster
	for k, v := range rec.unknown {
		unknownBefore[k] += v
	}
	x.fm.Unknown = unknownBefore
	x.fm.UsesDagster = x.fm.UsesDagster || usesBefore
	x.keep(rec)
}

func (x *extractor) findCached(key stmtKey, start int) *stmtEntry {
	for _, e := range x.prev[key] {
		if x.readsValid(e, start) {
			return e
		}
	}
	return nil
}

func (x *extractor) keep(e *stmtEntry) {
	x.fm.stmtOrder = append(x.fm.stmtOrder, e)
}

func (x *extractor) statement(c *sitter.Node, sc scope) {
	switch nodeType(c) {
	case "import_statement":
		x.importStatement(c)
	case "import_from_statement":
		x.importFrom(c)
	case "decorated_definition":
		x.decorated(c, sc)
	case "function_definition":
		x.function(c, nil, sc)
	case "class_definition":
		x.class(c, nil, sc)
	case "expression_statement":
		x.expressionStatement(c, sc)
	case "return_statement":
		if sc != scopeModule {
			for i, cnt := 0, int(c.NamedChildCount()); i < cnt; i++ {
				x.scanExpr(namedChild(c, i), sc, "", c)
			}
		}
	case "if_statement", "try_statement", "with_statement", "else_clause", "elif_clause", "except_clause", "finally_clause", "block", "with_clause":
		x.statements(c, sc)
	case "for_statement", "while_statement":
		inner := sc
		if sc == scopeModule || sc == scopeRegistry {
			inner = scopeLoop
		}
		x.statements(c, inner)
	case "ERROR":
		// Constructs inside an error region are still reported when their own nodes parse.
		x.statements(c, sc)
	}
}

// expressionStatement handles `x = call(...)`, `x: T = call(...)` and bare calls.
func (x *extractor) expressionStatement(c *sitter.Node, sc scope) {
	for i, cnt := 0, int(c.NamedChildCount()); i < cnt; i++ {
		e := namedChild(c, i)
		switch nodeType(e) {
		case "assignment":
			left := fieldChild(e, "left")
			right := fieldChild(e, "right")
			if right == nil {
				continue
			}
			name := ""
			if left != nil && nodeType(left) == "identifier" {
				name = x.text(left)
			}
			nDefs := len(x.fm.Defs)
			x.scanExpr(right, sc, name, c)
			if name != "" && sc == scopeModule && len(x.fm.Defs) == nDefs && (selectionLike(x.src[nodeStart(right):right.EndByte()]) || (nodeType(right) == "list" || nodeType(right) == "tuple" || nodeType(right) == "dictionary") && right.NamedChildCount() <= 256) {
				// Selection variables (`marts = AssetSelection.groups("m")`) are kept so that
				// jobs using them can be resolved; dicts for `resources=RESOURCES`.
				x.setValue(name, x.value(right))
			}
			if name != "" && sc == scopeModule {
				// Rebinding a name hides the Dagster symbol it held, unless it is an alias
				// of one (`asset = dg.asset`).
				if q := x.resolve(x.text(right)); q != "" && (nodeType(right) == "identifier" || nodeType(right) == "attribute") {
					x.setAlias(name, q)
				} else {
					x.delAlias(name)
				}
			}
		default:
			x.scanExpr(e, sc, "", c)
		}
	}
}

// scanExpr looks for Dagster construct calls in an expression. The outermost recognised call
// becomes a definition; nested recognised calls become definitions with a Parent.
func (x *extractor) scanExpr(n *sitter.Node, sc scope, varName string, stmt *sitter.Node) {
	x.scanExprParent(n, sc, varName, stmt, -1, 0)
}

func (x *extractor) scanExprParent(n *sitter.Node, sc scope, varName string, stmt *sitter.Node, parent int, depth int) {
	if n == nil || depth > maxValueDepth {
		return
	}
	switch nodeType(n) {
	case "identifier", "attribute":
		// Executors and built-in IO managers are used as plain values
		// (`executor_def=in_process_executor`).
		if q, c := x.symbolOf(n); q != "" {
			if con, ok := constructs[c]; ok && valueConstruct(con, c) {
				d := &Definition{DefCore: &DefCore{Construct: c, Symbol: q, Kind: con.kind, Form: FormRef, Call: x.value(n)},
					Parent: parent, Span: spanOf(n), Head: spanOf(n)}
				if parent >= 0 {
					d.Name = x.fm.Defs[parent].Name
				}
				x.add(d, sc, false)
			}
		}
		return
	case "call":
		fn := fieldChild(n, "function")
		if fn != nil {
			q, c := x.symbolOf(fn)
			if q == "" && nodeType(fn) == "attribute" && x.dagsterImported() && x.text(fieldChild(fn, "attribute")) == "to_job" {
				// graph.to_job(...): the graph is a local or imported @graph.
				q, c = "dagster.GraphDefinition.to_job", "GraphDefinition.to_job"
			}
			c = constructName(c)
			if q != "" {
				if con, ok := constructs[c]; ok && con.code != "" {
					idx := x.callDefinition(n, fn, q, c, con, sc, varName, stmt, parent)
					// Arguments may hold further constructs (inline RetryPolicy, jobs in
					// Definitions...).
					if args := fieldChild(n, "arguments"); args != nil {
						x.scanExprParent(args, sc, "", stmt, idx, depth+1)
					}
					return
				}
			}
			// Method chains: AssetSelection.groups(...).downstream() — scan the receiver.
			if q == "" && nodeType(fn) == "attribute" {
				x.scanExprParent(fieldChild(fn, "object"), sc, "", stmt, parent, depth+1)
			}
		}
		if args := fieldChild(n, "arguments"); args != nil {
			x.scanExprParent(args, sc, "", stmt, parent, depth+1)
		}
		return
	case "list_comprehension", "generator_expression", "set_comprehension", "dictionary_comprehension":
		inner := sc
		if sc == scopeModule || sc == scopeRegistry {
			inner = scopeLoop
		}
		for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
			x.scanExprParent(namedChild(n, i), inner, "", stmt, parent, depth+1)
		}
		return
	case "lambda":
		return
	}
	for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
		c := namedChild(n, i)
		if nodeType(c) == "keyword_argument" {
			c = fieldChild(c, "value")
		}
		x.scanExprParent(c, sc, "", stmt, parent, depth+1)
	}
}

// constructName maps methods of construct classes to the class (`AutomationCondition.on_cron`,
// `BackfillPolicy.single_run`, `EnvVar.int` → the class).
func constructName(c string) string {
	if _, ok := constructs[c]; ok {
		return c
	}
	if i := strings.IndexByte(c, '.'); i > 0 {
		if _, ok := constructs[c[:i]]; ok {
			return c[:i]
		}
	}
	return c
}

// valueConstruct reports constructs that are used as values rather than called.
func valueConstruct(con construct, c string) bool {
	switch c {
	case "fs_io_manager", "mem_io_manager", "s3_pickle_io_manager", "s3_resource", "slack_on_failure":
		return true
	}
	return con.kind == KindExecutor
}

// add appends a definition, moving it to Dynamic when it was built in a loop or factory.
func (x *extractor) add(d *Definition, sc scope, regs bool) int {
	if x.seen[d.Head] {
		return -1 // found twice: in a broken region and in its recovery parse
	}
	x.markSeen(d.Head)
	if regs && (sc == scopeLoop || sc == scopeFactory) {
		d.Dynamic = true
		if sc == scopeLoop {
			d.Reason = "built in a loop or comprehension"
		} else {
			d.Reason = "built inside a function (factory)"
		}
	}
	if d.Dynamic {
		x.fm.Dynamic = append(x.fm.Dynamic, d)
		return -1
	}
	x.fm.Defs = append(x.fm.Defs, d)
	return len(x.fm.Defs) - 1
}

// decorated handles a decorated function or class.
func (x *extractor) decorated(n *sitter.Node, sc scope) {
	def := fieldChild(n, "definition")
	if def == nil {
		return
	}
	var decs []*sitter.Node
	for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
		if c := namedChild(n, i); nodeType(c) == "decorator" {
			decs = append(decs, c)
		}
	}
	if nodeType(def) == "class_definition" {
		x.class(def, n, sc)
		return
	}
	x.function(def, n, sc)
	_ = decs
}

// function handles a function definition, decorated (outer = decorated_definition) or not.
func (x *extractor) function(def, outer *sitter.Node, sc scope) {
	var found *Definition
	foundIdx := -1
	registry := false
	if outer != nil {
		for i, cnt := 0, int(outer.NamedChildCount()); i < cnt; i++ {
			dec := namedChild(outer, i)
			if nodeType(dec) != "decorator" || dec.NamedChildCount() == 0 {
				continue
			}
			expr := namedChild(dec, 0)
			callee := expr
			var call *sitter.Node
			if nodeType(expr) == "call" {
				call = expr
				callee = fieldChild(expr, "function")
			}
			q, c := x.symbolOf(callee)
			if q == "" {
				continue
			}
			con, ok := constructs[c]
			if !ok || con.code == "" {
				continue
			}
			if found != nil {
				continue // stacked Dagster decorators: the innermost... keep the first (outermost) one
			}
			d := &Definition{DefCore: &DefCore{Construct: c, Symbol: q, Kind: con.kind, Form: FormDecorator}, Parent: -1,
				Span: spanOf(outer), Head: Span{nodeStart(dec), int(callee.EndByte())}}
			if call != nil {
				d.Call = x.value(call)
			} else {
				d.Call = &Value{Kind: ValCall, Text: x.text(callee), Span: spanOf(callee), Name: x.text(callee), Symbol: q}
			}
			x.fillFunction(d, def)
			idx := x.add(d, sc, con.registers)
			foundIdx = idx
			x.specialize(d, idx)
			if call != nil {
				if args := fieldChild(call, "arguments"); args != nil {
					x.scanExprParent(args, sc, "", dec, idx, 1)
				}
			}
			if c == "definitions" || c == "repository" {
				registry = true
			}
			found = d
		}
	}
	if nm := fieldChild(def, "name"); nm != nil && (sc == scopeModule || sc == scopeRegistry) {
		name := x.text(nm)
		// The def binds its name after the decorators ran: a local `def asset` hides
		// Dagster's asset from here on.
		x.delAlias(name)
		if sc == scopeModule && x.rec != nil {
			x.setFunc(name, funcRef{node: def, start: x.rec.start, end: x.rec.start + x.rec.length})
		} else {
			x.setFunc(name, funcRef{node: def, start: nodeStart(def), end: int(def.EndByte())})
		}
		x.delVar(name)
		if found != nil && foundIdx >= 0 {
			x.setVar(name, foundIdx)
		}
	}
	// Function bodies: nested Dagster definitions are factories (or the content of a registry
	// function).
	body := fieldChild(def, "body")
	if body == nil {
		return
	}
	inner := scopeFactory
	if registry {
		inner = scopeRegistry
	}
	if found != nil && !registry && (found.Kind == KindJob || found.Kind == KindGraph || found.Kind == KindAsset) {
		// Bodies of jobs/graphs call ops; bodies of assets may build values. Neither defines.
		return
	}
	if found != nil && !registry {
		return
	}
	x.statements(body, inner)
}

// fillFunction records the function-level spans and parameters.
func (x *extractor) fillFunction(d *Definition, def *sitter.Node) {
	if nm := fieldChild(def, "name"); nm != nil {
		d.VarName = x.text(nm)
		d.NameSpan = spanOf(nm)
	}
	d.Name = d.VarName
	if c := def.Child(0); c != nil && nodeType(c) == "async" {
		d.Async = true
	}
	if ps := fieldChild(def, "parameters"); ps != nil {
		d.ParamsSpan = spanOf(ps)
		d.Params = x.params(ps)
	}
	if rt := fieldChild(def, "return_type"); rt != nil {
		d.ReturnType = x.text(rt)
	}
	x.curBody = nil
	if body := fieldChild(def, "body"); body != nil {
		x.curBody = body
		d.BodySpan = spanOf(body)
		if body.NamedChildCount() > 0 {
			first := namedChild(body, 0)
			if nodeType(first) == "expression_statement" && first.NamedChildCount() > 0 && nodeType(namedChild(first, 0)) == "string" {
				s := namedChild(first, 0)
				d.DocSpan = spanOf(s)
				d.Docstring, _ = x.stringValue(s)
			}
		}
		d.Generator = bytesContains(x.src[nodeStart(body):body.EndByte()], "yield") && x.hasYield(body, 0)
	}
}

// hasYield reports whether a body yields (not counting nested functions).
func (x *extractor) hasYield(n *sitter.Node, depth int) bool {
	if depth > 200 {
		return false
	}
	for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
		c := namedChild(n, i)
		switch nodeType(c) {
		case "yield":
			return true
		case "function_definition", "class_definition", "lambda", "decorated_definition":
			continue
		}
		if c.NamedChildCount() > 0 && x.hasYield(c, depth+1) {
			return true
		}
	}
	return false
}

// params reads a parameter list (roles are assigned by the caller's specialisation).
func (x *extractor) params(ps *sitter.Node) []Param {
	var out []Param
	for i, cnt := 0, int(ps.NamedChildCount()); i < cnt; i++ {
		c := namedChild(ps, i)
		p := Param{Span: spanOf(c), Role: RoleInput}
		switch nodeType(c) {
		case "identifier":
			p.Name, p.NameSpan = x.text(c), spanOf(c)
		case "typed_parameter":
			id := namedChild(c, 0)
			if id != nil && nodeType(id) != "identifier" {
				p.Star = starOf(nodeType(id))
				if id.NamedChildCount() > 0 {
					id = namedChild(id, 0)
				}
			}
			if id != nil {
				p.Name, p.NameSpan = x.text(id), spanOf(id)
			}
			p.Annotation = x.text(fieldChild(c, "type"))
		case "default_parameter", "typed_default_parameter":
			nm := fieldChild(c, "name")
			p.Name, p.NameSpan = x.text(nm), spanOf(nm)
			p.Annotation = x.text(fieldChild(c, "type"))
			p.Default = x.text(fieldChild(c, "value"))
		case "list_splat_pattern", "dictionary_splat_pattern":
			p.Star = starOf(nodeType(c))
			if c.NamedChildCount() > 0 {
				p.Name, p.NameSpan = x.text(namedChild(c, 0)), spanOf(namedChild(c, 0))
			}
		default:
			continue // keyword/positional separators, comments
		}
		if p.Star != "" {
			p.Role = RoleOther
		}
		out = append(out, p)
	}
	return out
}

func starOf(t string) string {
	if t == "dictionary_splat_pattern" {
		return "**"
	}
	if t == "list_splat_pattern" {
		return "*"
	}
	return ""
}

// class handles class definitions deriving from Dagster bases.
func (x *extractor) class(def, outer *sitter.Node, sc scope) {
	nm := fieldChild(def, "name")
	if nm == nil {
		return
	}
	name := x.text(nm)
	if sc == scopeModule {
		x.delAlias(name)
		x.delVar(name)
	}
	if outer != nil {
		// Decorated classes: a Dagster decorator on a class (rare) is still reported.
		for i, cnt := 0, int(outer.NamedChildCount()); i < cnt; i++ {
			dec := namedChild(outer, i)
			if nodeType(dec) == "decorator" && dec.NamedChildCount() > 0 {
				expr := namedChild(dec, 0)
				if nodeType(expr) == "call" {
					expr = fieldChild(expr, "function")
				}
				x.symbolOf(expr)
			}
		}
	}
	// Methods can build definitions (component build_defs, factories): walk the body as a
	// factory scope, whatever the class derives from.
	if body := fieldChild(def, "body"); body != nil {
		defer x.statements(body, classScope(sc))
	}
	sup := fieldChild(def, "superclasses")
	if sup == nil {
		return
	}
	var bases []string
	con, cname, csym := construct{}, "", ""
	for i, cnt := 0, int(sup.NamedChildCount()); i < cnt; i++ {
		b := namedChild(sup, i)
		if nodeType(b) == "keyword_argument" {
			continue
		}
		if nodeType(b) == "subscript" { // Generic[...] / UPathIOManager[...]
			b = fieldChild(b, "value")
		}
		bases = append(bases, x.text(b))
		q, c := x.symbolOf(b)
		if q == "" {
			// A base defined earlier in this file that is itself a Dagster class.
			if base, ok := x.lookupVar(x.text(b)); ok && base.Form == FormClass && cname == "" {
				cname, csym, con = base.Construct, base.Symbol, constructs[base.Construct]
			}
			continue
		}
		if k, ok := constructs[c]; ok && k.code != "" && cname == "" {
			con, cname, csym = k, c, q
		}
	}
	if cname == "" {
		return
	}
	span := spanOf(def)
	if outer != nil {
		span = spanOf(outer)
	}
	d := &Definition{DefCore: &DefCore{Construct: cname, Symbol: csym, Kind: con.kind, Form: FormClass, Name: name, VarName: name, ParamsSpan: spanOf(sup)},
		Parent: -1, Span: span, Head: spanOf(nm), NameSpan: spanOf(nm)}
	body := fieldChild(def, "body")
	if body != nil {
		d.BodySpan = spanOf(body)
		if body.NamedChildCount() > 0 {
			first := namedChild(body, 0)
			if nodeType(first) == "expression_statement" && first.NamedChildCount() > 0 && nodeType(namedChild(first, 0)) == "string" {
				d.DocSpan = spanOf(namedChild(first, 0))
				d.Docstring, _ = x.stringValue(namedChild(first, 0))
			}
		}
		fields := x.classFields(body)
		switch con.kind {
		case KindConfig:
			d.ConfigFields = fields
		default:
			d.Resource = &ResourceInfo{Bases: bases, Fields: fields}
		}
	}
	if d.Resource == nil && con.kind != KindConfig {
		d.Resource = &ResourceInfo{Bases: bases}
	}
	idx := x.add(d, sc, false)
	if sc == scopeModule && idx >= 0 {
		x.setVar(name, idx)
	}
}

func classScope(sc scope) scope {
	if sc == scopeLoop {
		return scopeLoop
	}
	return scopeFactory
}

// classFields reads annotated class attributes (`host: str = "x"`).
func (x *extractor) classFields(body *sitter.Node) []Field {
	var out []Field
	for i, cnt := 0, int(body.NamedChildCount()); i < cnt; i++ {
		st := namedChild(body, i)
		if nodeType(st) != "expression_statement" || st.NamedChildCount() == 0 {
			continue
		}
		a := namedChild(st, 0)
		if nodeType(a) != "assignment" {
			continue
		}
		left, typ, right := fieldChild(a, "left"), fieldChild(a, "type"), fieldChild(a, "right")
		if left == nil || nodeType(left) != "identifier" || typ == nil {
			continue
		}
		f := Field{Name: x.text(left), Type: x.text(typ), Span: spanOf(st)}
		if right != nil {
			f.HasDef = true
			f.Default = x.text(right)
			f.DefValue = x.value(right)
			f.EnvVar = envVarOf(f.DefValue)
			if f.DefValue.Kind == ValCall && f.DefValue.Name != "" && strings.HasSuffix(f.DefValue.Name, "Field") {
				// pydantic Field(default=...)
				if dv := f.DefValue.ArgOr("default", 0); dv != nil {
					f.Default = dv.Text
					f.DefValue = dv
					f.EnvVar = envVarOf(dv)
				} else {
					f.HasDef = false
					f.Default = ""
				}
			}
		}
		out = append(out, f)
	}
	return out
}

// envVarOf returns X for EnvVar("X"), EnvVar.int("X") and {"env": "X"}.
func envVarOf(v *Value) string {
	if v == nil {
		return ""
	}
	if v.Kind == ValCall {
		c := canonical(v.Symbol)
		if c == "EnvVar" || c == "EnvVar.int" || c == "EnvVar.bool" || c == "EnvVar.float" {
			s, _ := v.Arg(0).StringValue()
			return s
		}
	}
	if e := v.DictGet("env"); e != nil {
		s, _ := e.StringValue()
		return s
	}
	return ""
}

// callDefinition records a construct made by a call (`define_asset_job(...)`,
// `ScheduleDefinition(...)`, `asset(fn)`, `RetryPolicy(...)`).
func (x *extractor) callDefinition(n, fn *sitter.Node, q, c string, con construct, sc scope, varName string, stmt *sitter.Node, parent int) int {
	x.curBody = nil
	d := &Definition{DefCore: &DefCore{Construct: c, Symbol: q, Kind: con.kind, Form: FormCall, VarName: varName, Call: x.value(n)},
		Parent: parent, Span: spanOf(n), Head: spanOf(fn)}
	if varName != "" && stmt != nil {
		d.Span = spanOf(stmt)
		if left := firstAssignLeft(stmt); left != nil {
			d.NameSpan = spanOf(left)
		}
	}
	if args := fieldChild(n, "arguments"); args != nil {
		d.ParamsSpan = spanOf(args)
	}
	// `asset(fn)` / `op(fn)`: the function form of a decorator.
	if arg := d.Call.Arg(0); arg != nil && arg.Kind == ValName && (con.kind == KindAsset || con.kind == KindOp || con.kind == KindCheck || con.kind == KindSensor || con.kind == KindSchedule || con.kind == KindJob || con.kind == KindGraph) && c != "define_asset_job" && c != "AssetSpec" && c != "SourceAsset" {
		if f := x.lookupFunc(arg.Name, n); f != nil {
			x.fillFunction(d, f)
			d.Span = spanOf(n)
			if varName != "" && stmt != nil {
				d.Span = spanOf(stmt)
			}
		}
	}
	if d.Name == "" {
		d.Name = varName
	}
	if d.Name == "" && parent >= 0 {
		d.Name = x.fm.Defs[parent].Name // an inline RetryPolicy, partitions... of its parent
	}
	regs := con.registers
	if parent >= 0 {
		// Built inline as an argument of another construct: dynamic only with its parent.
		regs = regs && sc != scopeModule && sc != scopeRegistry
	}
	idx := x.add(d, sc, regs)
	x.specialize(d, idx)
	if idx >= 0 && varName != "" && sc == scopeModule {
		x.setVar(varName, idx)
	}
	return idx
}

func firstAssignLeft(stmt *sitter.Node) *sitter.Node {
	if stmt.NamedChildCount() == 0 {
		return nil
	}
	a := namedChild(stmt, 0)
	if nodeType(a) != "assignment" {
		return nil
	}
	return fieldChild(a, "left")
}

func bytesContains(b []byte, s string) bool { return bytes.Contains(b, []byte(s)) }
