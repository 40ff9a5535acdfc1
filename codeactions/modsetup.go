package codeactions

import (
	"sort"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

// setupFunc runs the module-level code of the Dagster module that cannot run when Mage loads
// a block file; the block function calls it first.
const setupFunc = "_dagster_module_setup"

// moduleSetup splits the module-level helpers a block copies from its Dagster module into those
// kept at module level and those that run when the block runs: statements that read files
// (credentials next to the Dagster module, data files), or that need a name bound only then
// (an import deferred because its module reads files, a star import, an import left as a TODO,
// a Dagster name with no Mage equivalent), and, transitively, what needs their names at
// definition time. Mage execs a block file whenever it loads or runs it, while Dagster ran this
// code once per process; deferring it keeps the order and the values for the run and lets the
// pipeline load where the files are missing. It returns the kept helpers' text, the setup
// function (or "") and whether deferred code reads files.
func (t *translator) moduleSetup(m *pyModule, rel string, helpers []*topStmt, missing []string, ip *importPlan) ([]string, string, bool) {
	dead, setupImports, deferredStar, liveStar := ip.deadBinds, ip.setupImports, ip.deferredStar, ip.liveStar
	deferred := map[string]bool{}
	for b := range ip.setupBinds {
		deferred[b] = true
	}
	unbound := map[string]bool{}
	for _, n := range missing {
		if _, shim := exceptionShims[n]; !shim {
			unbound[n] = true
		}
	}
	for n := range dead {
		unbound[n] = true
	}
	isBad := func(name string) bool {
		if deferred[name] || unbound[name] {
			return true
		}
		if pythonBuiltins[name] {
			return false
		}
		if st := m.byName[name]; st != nil {
			// A Dagster definition is not copied into the block: its name is unbound here.
			return st.dagster && st.kind != "import"
		}
		return deferredStar || !liveStar
	}
	var kept []string
	var later []*topStmt
	reads := false
	for _, h := range helpers {
		bad := false
		if h.kind != "def" && readsFile(h.node, m.src) {
			bad, reads = true, true
		}
		for n := range definitionTimeUses(h, m.src) {
			bad = bad || isBad(n)
		}
		if !bad {
			kept = append(kept, h.text)
			continue
		}
		later = append(later, h)
		for _, b := range h.binds {
			deferred[b] = true
		}
	}
	if len(later) == 0 && len(setupImports) == 0 {
		return kept, "", false
	}
	var b strings.Builder
	b.WriteString("def " + setupFunc + "():\n")
	b.WriteString("    \"\"\"Module-level code of " + rel + " that cannot run when Mage loads this file (it reads\n")
	b.WriteString("    files, or needs names bound only when the block runs): the block function calls it first.\"\"\"\n")
	var globals []string
	for n := range deferred {
		globals = append(globals, n)
	}
	sort.Strings(globals)
	if len(globals) > 0 {
		b.WriteString("    global " + strings.Join(globals, ", ") + "\n")
	}
	for _, imp := range setupImports {
		b.WriteString("    " + strings.ReplaceAll(imp, "\n", "\n    ") + "\n")
	}
	for _, h := range later {
		b.WriteString(indentStatement(h, m.src, "    ") + "\n")
	}
	return kept, strings.TrimRight(b.String(), "\n"), reads
}

// definitionTimeUses are the names a module-level statement reads when it runs: for a function,
// its decorators, defaults and annotations (not its body); for anything else, every name.
func definitionTimeUses(st *topStmt, src []byte) map[string]bool {
	if st.kind != "def" && st.kind != "class" {
		out := map[string]bool{}
		for k := range st.uses {
			out[k] = true
		}
		// Comprehension variables, lambda parameters and `as` targets are bound in the statement.
		for k := range innerBinds(st.node, src) {
			delete(out, k)
		}
		return out
	}
	out := map[string]bool{}
	n := st.node
	if n.Type() == "decorated_definition" {
		for i := 0; i < int(n.NamedChildCount()); i++ {
			if d := n.NamedChild(i); d.Type() == "decorator" {
				collectNames(d, src, out)
			}
		}
		n = n.ChildByFieldName("definition")
	}
	if n == nil {
		return st.uses
	}
	if st.kind == "class" {
		// The class body runs at definition time, its methods' bodies do not.
		if sc := n.ChildByFieldName("superclasses"); sc != nil {
			collectNames(sc, src, out)
		}
		body := n.ChildByFieldName("body")
		for i := 0; body != nil && i < int(body.NamedChildCount()); i++ {
			c := body.NamedChild(i)
			switch c.Type() {
			case "function_definition":
			case "decorated_definition":
				for j := 0; j < int(c.NamedChildCount()); j++ {
					if d := c.NamedChild(j); d.Type() == "decorator" {
						collectNames(d, src, out)
					}
				}
			default:
				collectNames(c, src, out)
				for _, b := range nestedAssigned(c, src) {
					delete(out, b)
				}
				if c.Type() == "expression_statement" && c.NamedChildCount() > 0 && c.NamedChild(0).Type() == "assignment" {
					for _, b := range assignedNames(c.NamedChild(0).ChildByFieldName("left"), src) {
						delete(out, b)
					}
				}
			}
		}
		for k := range innerBinds(n, src) {
			delete(out, k)
		}
		return out
	}
	for _, f := range []string{"parameters", "return_type"} {
		if c := n.ChildByFieldName(f); c != nil {
			collectNames(c, src, out)
		}
	}
	for _, b := range st.binds {
		delete(out, b)
	}
	// Parameter names are collected as identifiers too; they are bound, not read.
	if ps := n.ChildByFieldName("parameters"); ps != nil {
		for i := 0; i < int(ps.NamedChildCount()); i++ {
			p := ps.NamedChild(i)
			switch p.Type() {
			case "identifier":
				delete(out, p.Content(src))
			case "default_parameter", "typed_parameter", "typed_default_parameter":
				if nm := p.ChildByFieldName("name"); nm != nil {
					delete(out, nm.Content(src))
				} else if p.NamedChildCount() > 0 && p.NamedChild(0).Type() == "identifier" {
					delete(out, p.NamedChild(0).Content(src))
				}
			}
		}
	}
	return out
}

// indentStatement indents a module-level statement's lines, except lines inside multi-line
// strings (their text must not change).
func indentStatement(st *topStmt, src []byte, indent string) string {
	base := int(st.node.StartPoint().Row)
	inString := map[int]bool{}
	var walk func(n *sitter.Node, depth int)
	walk = func(n *sitter.Node, depth int) {
		if depth > 200 {
			return
		}
		if n.Type() == "string" && n.EndPoint().Row > n.StartPoint().Row {
			for r := n.StartPoint().Row + 1; r <= n.EndPoint().Row; r++ {
				inString[int(r)-base] = true
			}
			return
		}
		for i := 0; i < int(n.NamedChildCount()); i++ {
			walk(n.NamedChild(i), depth+1)
		}
	}
	walk(st.node, 0)
	lines := strings.Split(st.text, "\n")
	for i, l := range lines {
		if !inString[i] && strings.TrimSpace(l) != "" {
			lines[i] = indent + l
		}
	}
	return strings.Join(lines, "\n")
}

// innerBinds are names bound inside an expression statement: comprehension variables, lambda
// parameters, `as` targets, walrus targets.
func innerBinds(n *sitter.Node, src []byte) map[string]bool {
	out := map[string]bool{}
	var walk func(x *sitter.Node, depth int)
	walk = func(x *sitter.Node, depth int) {
		if depth > 200 {
			return
		}
		switch x.Type() {
		case "for_in_clause":
			for _, b := range assignedNames(x.ChildByFieldName("left"), src) {
				out[b] = true
			}
		case "lambda":
			if ps := x.ChildByFieldName("parameters"); ps != nil {
				collectNames(ps, src, out)
			}
		case "as_pattern_target":
			collectNames(x, src, out)
		case "named_expression":
			if nm := x.ChildByFieldName("name"); nm != nil {
				out[nm.Content(src)] = true
			}
		case "except_clause":
			for i := 0; i < int(x.NamedChildCount()); i++ {
				if c := x.NamedChild(i); c.Type() == "as_pattern" {
					if a := c.ChildByFieldName("alias"); a != nil {
						collectNames(a, src, out)
					}
				}
			}
		}
		for i := 0; i < int(x.NamedChildCount()); i++ {
			walk(x.NamedChild(i), depth+1)
		}
	}
	walk(n, 0)
	return out
}
