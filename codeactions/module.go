package codeactions

import (
	"context"
	"regexp"
	"sort"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// pyModule is the top level of one Python source file, as the translator needs it: imports,
// module-level statements with the names they bind and use, and which local names are Dagster.
type pyModule struct {
	src   []byte
	tree  *sitter.Tree
	root  *sitter.Node
	stmts []*topStmt
	// dagster maps a local name to the Dagster symbol it binds ("Output" → "dagster.Output",
	// "dg" → "dagster").
	dagster map[string]string
	byName  map[string]*topStmt   // last statement binding a name
	local   func(top string) bool // top-level packages of the project itself
	lines   []int                 // line start offsets
	funcs   map[string]funcAt     // first top-level function per name (findFunction, built on first use)
}

type funcAt struct {
	st *topStmt
	n  *sitter.Node
}

type topStmt struct {
	node    *sitter.Node
	kind    string // import, def, class, assign, other
	binds   []string
	uses    map[string]bool
	dagster bool // imports from dagster* or a Dagster definition (decorated or built by a Dagster call)
	text    string
	index   int
}

func parsePython(src []byte) (*sitter.Tree, error) {
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(python.GetLanguage())
	return p.ParseCtx(context.Background(), nil, src)
}

// isDagsterModule: dagster, dagster.*, and dagster_* packages that are not the project's own
// (a project package may well be called dagster_something).
func (m *pyModule) isDagsterModule(mod string) bool {
	top := strings.SplitN(mod, ".", 2)[0]
	if m.local != nil && m.local(top) {
		return false
	}
	return isDagsterModule(mod)
}

func isDagsterModule(mod string) bool {
	return mod == "dagster" || strings.HasPrefix(mod, "dagster.") || strings.HasPrefix(mod, "dagster_")
}

func newModule(src []byte, local func(top string) bool) (*pyModule, error) {
	tree, err := parsePython(src)
	if err != nil {
		return nil, err
	}
	m := &pyModule{src: src, tree: tree, root: tree.RootNode(), dagster: map[string]string{}, byName: map[string]*topStmt{}, local: local}
	m.lines = []int{0}
	for i, c := range src {
		if c == '\n' {
			m.lines = append(m.lines, i+1)
		}
	}
	for i := 0; i < int(m.root.NamedChildCount()); i++ {
		n := m.root.NamedChild(i)
		st := &topStmt{node: n, uses: map[string]bool{}, text: n.Content(src), index: len(m.stmts)}
		switch n.Type() {
		case "import_statement", "import_from_statement", "future_import_statement":
			st.kind = "import"
			m.scanImport(st)
		case "function_definition", "class_definition":
			st.kind = map[string]string{"function_definition": "def", "class_definition": "class"}[n.Type()]
			if name := n.ChildByFieldName("name"); name != nil {
				st.binds = []string{name.Content(src)}
			}
		case "decorated_definition":
			def := n.ChildByFieldName("definition")
			if def != nil {
				st.kind = map[string]string{"function_definition": "def", "class_definition": "class"}[def.Type()]
				if name := def.ChildByFieldName("name"); name != nil {
					st.binds = []string{name.Content(src)}
				}
			}
		case "expression_statement":
			st.kind = "other"
			if n.NamedChildCount() > 0 && n.NamedChild(0).Type() == "assignment" {
				st.kind = "assign"
				st.binds = assignedNames(n.NamedChild(0).ChildByFieldName("left"), src)
			}
		default:
			// if/try/with/for at module level: the names they assign are module-level names.
			st.kind = "other"
			st.binds = nestedAssigned(n, src)
		}
		collectNames(n, src, st.uses)
		for _, b := range st.binds {
			delete(st.uses, b)
		}
		m.stmts = append(m.stmts, st)
		for _, b := range st.binds {
			m.byName[b] = st
		}
	}
	// A definition is Dagster's when a decorator or the assigned call refers to a Dagster name.
	for _, st := range m.stmts {
		if st.kind == "import" {
			continue
		}
		if st.node.Type() == "decorated_definition" {
			for j := 0; j < int(st.node.NamedChildCount()); j++ {
				if d := st.node.NamedChild(j); d.Type() == "decorator" && m.refersToDagster(d) {
					st.dagster = true
				}
			}
		}
		if st.kind == "assign" {
			if right := st.node.NamedChild(0).ChildByFieldName("right"); right != nil && right.Type() == "call" && m.refersToDagster(right.ChildByFieldName("function")) {
				st.dagster = true
			}
		}
		if st.kind == "class" {
			def := st.node
			if def.Type() == "decorated_definition" {
				def = def.ChildByFieldName("definition")
			}
			if sc := def.ChildByFieldName("superclasses"); sc != nil && m.refersToDagster(sc) {
				st.dagster = true
			}
		}
	}
	return m, nil
}

func (m *pyModule) close() { m.tree.Close() }

// line returns the 1-based line of a byte offset.
func (m *pyModule) line(off int) int {
	return sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > off })
}

func (m *pyModule) scanImport(st *topStmt) {
	n, src := st.node, m.src
	switch n.Type() {
	case "import_statement":
		for i := 0; i < int(n.NamedChildCount()); i++ {
			c := n.NamedChild(i)
			mod, local := c.Content(src), ""
			if c.Type() == "aliased_import" {
				mod = c.ChildByFieldName("name").Content(src)
				local = c.ChildByFieldName("alias").Content(src)
			} else {
				local = strings.Split(mod, ".")[0]
			}
			st.binds = append(st.binds, local)
			if m.isDagsterModule(mod) {
				st.dagster = true
				m.dagster[local] = mod
			}
		}
	case "import_from_statement":
		modNode := n.ChildByFieldName("module_name")
		mod := ""
		if modNode != nil {
			mod = modNode.Content(src)
		}
		dag := m.isDagsterModule(mod)
		st.dagster = dag
		for i := 0; i < int(n.NamedChildCount()); i++ {
			c := n.NamedChild(i)
			if modNode != nil && c.Equal(modNode) {
				continue
			}
			name, local := "", ""
			switch c.Type() {
			case "dotted_name":
				name = c.Content(src)
				local = name
			case "aliased_import":
				name = c.ChildByFieldName("name").Content(src)
				local = c.ChildByFieldName("alias").Content(src)
			case "wildcard_import":
				continue
			default:
				continue
			}
			st.binds = append(st.binds, local)
			if dag {
				m.dagster[local] = mod + "." + name
			}
		}
	}
}

// dagsterSymbol returns the Dagster symbol an expression names ("Output", "dg.Output" →
// "Output"), or "".
func (m *pyModule) dagsterSymbol(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	switch n.Type() {
	case "identifier":
		if s, ok := m.dagster[n.Content(m.src)]; ok {
			return s[strings.LastIndex(s, ".")+1:]
		}
	case "attribute":
		obj := n.ChildByFieldName("object")
		attr := n.ChildByFieldName("attribute")
		if obj != nil && attr != nil {
			if obj.Type() == "identifier" {
				if s, ok := m.dagster[obj.Content(m.src)]; ok && m.isDagsterModule(s) {
					return attr.Content(m.src)
				}
			}
			if inner := m.dagsterSymbol(obj); inner != "" {
				return inner + "." + attr.Content(m.src)
			}
		}
	case "call":
		return m.dagsterSymbol(n.ChildByFieldName("function"))
	}
	return ""
}

func (m *pyModule) refersToDagster(n *sitter.Node) bool {
	if n == nil {
		return false
	}
	if n.Type() == "identifier" {
		_, ok := m.dagster[n.Content(m.src)]
		return ok
	}
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if m.refersToDagster(n.NamedChild(i)) {
			return true
		}
	}
	return false
}

// collectNames adds every identifier read in n (attribute names and keyword-argument names
// excluded) to out.
func collectNames(n *sitter.Node, src []byte, out map[string]bool) {
	switch n.Type() {
	case "identifier":
		out[n.Content(src)] = true
		return
	case "attribute":
		if obj := n.ChildByFieldName("object"); obj != nil {
			collectNames(obj, src, out)
		}
		return
	case "keyword_argument":
		if v := n.ChildByFieldName("value"); v != nil {
			collectNames(v, src, out)
		}
		return
	case "string", "comment":
		// f-string interpolations are children of string nodes.
		for i := 0; i < int(n.NamedChildCount()); i++ {
			if c := n.NamedChild(i); c.Type() == "interpolation" {
				collectNames(c, src, out)
			}
		}
		return
	}
	for i := 0; i < int(n.NamedChildCount()); i++ {
		collectNames(n.NamedChild(i), src, out)
	}
}

// nestedAssigned returns the names assigned anywhere inside a compound statement (not inside
// nested functions or classes): assignments, `with ... as x`, for targets.
func nestedAssigned(n *sitter.Node, src []byte) []string {
	var out []string
	var walk func(x *sitter.Node, depth int)
	walk = func(x *sitter.Node, depth int) {
		if depth > 50 {
			return
		}
		switch x.Type() {
		case "function_definition", "class_definition", "lambda":
			return
		case "assignment", "augmented_assignment":
			out = append(out, assignedNames(x.ChildByFieldName("left"), src)...)
		case "as_pattern_target":
			if x.NamedChildCount() > 0 {
				out = append(out, assignedNames(x.NamedChild(0), src)...)
			}
		case "for_statement":
			out = append(out, assignedNames(x.ChildByFieldName("left"), src)...)
		}
		for i := 0; i < int(x.NamedChildCount()); i++ {
			walk(x.NamedChild(i), depth+1)
		}
	}
	walk(n, 0)
	return out
}

func assignedNames(left *sitter.Node, src []byte) []string {
	if left == nil {
		return nil
	}
	switch left.Type() {
	case "identifier":
		return []string{left.Content(src)}
	case "pattern_list", "tuple_pattern", "list_pattern":
		var out []string
		for i := 0; i < int(left.NamedChildCount()); i++ {
			out = append(out, assignedNames(left.NamedChild(i), src)...)
		}
		return out
	}
	return nil
}

// supportNames collects, for code that reads the names in uses, the module-level statements it
// needs: imports binding those names and non-Dagster helpers (functions, classes, constants),
// transitively, in source order. Dagster names still used are returned in missing, and every
// name reached in reached (to trim imports to what is needed).
func (m *pyModule) supportNames(uses map[string]bool, exclude map[*topStmt]bool) (imports, helpers []*topStmt, missing []string, reached map[string]bool) {
	need := map[*topStmt]bool{}
	queue := make([]string, 0, len(uses))
	for u := range uses {
		queue = append(queue, u)
	}
	sort.Strings(queue)
	seen := map[string]bool{}
	dagsterUsed := map[string]bool{}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		st := m.byName[name]
		if st == nil || exclude[st] {
			continue
		}
		if st.dagster {
			// Only Dagster imports are missing in Mage; a Dagster definition's name here is a
			// parameter or local of the same name.
			if st.kind == "import" {
				dagsterUsed[name] = true
			}
			continue
		}
		if need[st] {
			continue
		}
		need[st] = true
		var more []string
		for u := range st.uses {
			more = append(more, u)
		}
		sort.Strings(more)
		queue = append(queue, more...)
	}
	for _, st := range m.stmts {
		if !need[st] {
			continue
		}
		if st.kind == "import" {
			imports = append(imports, st)
		} else {
			helpers = append(helpers, st)
		}
	}
	for n := range dagsterUsed {
		missing = append(missing, n)
	}
	sort.Strings(missing)
	return imports, helpers, missing, seen
}

// importText renders an import statement keeping only the bound names in keep (an import of
// several names may be only partly needed).
func (m *pyModule) importText(st *topStmt, keep map[string]bool) string {
	all := true
	for _, b := range st.binds {
		if !keep[b] {
			all = false
		}
	}
	if all {
		return st.text
	}
	n := st.node
	if n.Type() == "import_from_statement" {
		modNode := n.ChildByFieldName("module_name")
		var parts []string
		for i := 0; i < int(n.NamedChildCount()); i++ {
			c := n.NamedChild(i)
			if modNode != nil && c.Equal(modNode) {
				continue
			}
			local := c.Content(m.src)
			if c.Type() == "aliased_import" {
				local = c.ChildByFieldName("alias").Content(m.src)
			}
			if keep[local] {
				parts = append(parts, c.Content(m.src))
			}
		}
		if len(parts) == 0 {
			return ""
		}
		return "from " + modNode.Content(m.src) + " import " + strings.Join(parts, ", ")
	}
	var parts []string
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		local := strings.Split(c.Content(m.src), ".")[0]
		if c.Type() == "aliased_import" {
			local = c.ChildByFieldName("alias").Content(m.src)
		}
		if keep[local] {
			parts = append(parts, c.Content(m.src))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "import " + strings.Join(parts, ", ")
}

// appendImport adds an import line unless it is empty (an import none of whose names is
// needed).
func appendImport(lines []string, imp string) []string {
	if strings.TrimSpace(imp) == "" {
		return lines
	}
	return append(lines, imp)
}

// findFunction returns the top-level function definition whose name node starts at off, or
// named name.
func (m *pyModule) findFunction(name string) (*topStmt, *sitter.Node) {
	if m.funcs == nil {
		// One pass over the module: a file of a thousand assets asks for each of them.
		m.funcs = map[string]funcAt{}
		for _, st := range m.stmts {
			n := st.node
			if n.Type() == "decorated_definition" {
				n = n.ChildByFieldName("definition")
			}
			if n == nil || n.Type() != "function_definition" {
				continue
			}
			if nm := n.ChildByFieldName("name"); nm != nil {
				if _, seen := m.funcs[nm.Content(m.src)]; !seen {
					m.funcs[nm.Content(m.src)] = funcAt{st, n}
				}
			}
		}
	}
	f := m.funcs[name]
	return f.st, f.n
}

// pythonBuiltins are the names Python provides without an import.
var pythonBuiltins = func() map[string]bool {
	m := map[string]bool{"__name__": true, "__file__": true, "__doc__": true, "self": true, "cls": true, "kwargs": true, "args": true}
	for _, n := range strings.Fields("ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip") {
		m[n] = true
	}
	return m
}()

// starImports returns the module's `from x import *` statements when some name in uses is bound
// nowhere in the module (it probably comes from one of them).
func (m *pyModule) starImports(uses map[string]bool) []*topStmt {
	unresolved := false
	for u := range uses {
		if m.byName[u] == nil && !pythonBuiltins[u] {
			unresolved = true
			break
		}
	}
	if !unresolved {
		return nil
	}
	var out []*topStmt
	for _, st := range m.stmts {
		if st.kind == "import" && strings.Contains(st.text, "*") && !st.dagster {
			out = append(out, st)
		}
	}
	return out
}

var identRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// namesDagster reports whether a piece of source text (an annotation) names a Dagster import.
func (m *pyModule) namesDagster(text string) bool {
	for _, id := range identRE.FindAllString(text, -1) {
		if _, ok := m.dagster[id]; ok {
			return true
		}
	}
	return false
}
