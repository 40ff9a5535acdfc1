package mage

import (
	"context"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// decoratorsModule is where Mage's block decorators live.
const decoratorsModule = "mage_ai.data_preparation.decorators"

// ParamKind classifies a Python parameter the way Mage's signature check sees it.
type ParamKind int

// Parameter kinds.
const (
	ParamPositional  ParamKind = iota // counts as an input (defaults count too)
	ParamKeywordOnly                  // after * or *args; still counts as an input for Mage
	ParamVarArgs                      // *args
	ParamVarKwargs                    // **kwargs
)

// PyParam is one parameter of a function.
type PyParam struct {
	Name string
	Kind ParamKind
}

// PyFunc is a top-level function definition.
type PyFunc struct {
	Name       string
	Decorators []string // decorator names without arguments: @callback('x') -> callback
	Params     []PyParam
	Line       int // 1-based
}

// Inputs is the number of parameters Mage counts as inputs (all but *args and **kwargs).
func (f *PyFunc) Inputs() int {
	n := 0
	for _, p := range f.Params {
		if p.Kind == ParamPositional || p.Kind == ParamKeywordOnly {
			n++
		}
	}
	return n
}

// Has reports whether the function declares a parameter of kind k.
func (f *PyFunc) Has(k ParamKind) bool {
	for _, p := range f.Params {
		if p.Kind == k {
			return true
		}
	}
	return false
}

// PyInfo is what validation needs to know about a block file.
type PyInfo struct {
	Funcs []PyFunc
	// Guarded holds decorator names imported from Mage under `if '<name>' not in globals():`.
	Guarded map[string]bool
	// Unguarded holds decorator names imported from Mage at module level without the guard:
	// inside Mage that import replaces the collector and the block has no decorated function.
	Unguarded []string
	// UsesFile is true when the code mentions __file__, which is undefined in an exec'd block.
	UsesFile bool
	// ErrorNodes counts ERROR and MISSING nodes of the parse.
	ErrorNodes int
}

// Decorated returns the first top-level function carrying decorator name (the one Mage runs).
func (pi *PyInfo) Decorated(name string) *PyFunc {
	for i := range pi.Funcs {
		for _, d := range pi.Funcs[i].Decorators {
			if d == name {
				return &pi.Funcs[i]
			}
		}
	}
	return nil
}

// InspectPython parses Python source with tree-sitter and extracts top-level functions, guarded
// decorator imports and parse errors.
func InspectPython(src []byte) *PyInfo {
	parser := sitter.NewParser()
	defer parser.Close()
	parser.SetLanguage(python.GetLanguage())
	tree, err := parser.ParseCtx(context.Background(), nil, src)
	if err != nil {
		return &PyInfo{Guarded: map[string]bool{}, ErrorNodes: 1}
	}
	defer tree.Close()
	root := tree.RootNode()
	info := &PyInfo{Guarded: map[string]bool{}}
	info.ErrorNodes = countErrors(root)
	info.UsesFile = strings.Contains(string(src), "__file__") && hasIdentifier(root, src, "__file__")
	for i := 0; i < int(root.NamedChildCount()); i++ {
		n := root.NamedChild(i)
		switch n.Type() {
		case "function_definition":
			info.Funcs = append(info.Funcs, pyFunc(n, nil, src))
		case "decorated_definition":
			def := n.ChildByFieldName("definition")
			if def == nil || def.Type() != "function_definition" {
				continue
			}
			var decs []string
			for j := 0; j < int(n.NamedChildCount()); j++ {
				if d := n.NamedChild(j); d.Type() == "decorator" {
					decs = append(decs, decoratorName(d, src))
				}
			}
			info.Funcs = append(info.Funcs, pyFunc(def, decs, src))
		case "import_from_statement":
			if mod := n.ChildByFieldName("module_name"); mod != nil && mod.Content(src) == decoratorsModule {
				info.Unguarded = append(info.Unguarded, importedNames(n, src)...)
			}
		case "if_statement":
			guard := guardName(n, src)
			if guard == "" {
				continue
			}
			body := n.ChildByFieldName("consequence")
			for j := 0; body != nil && j < int(body.NamedChildCount()); j++ {
				st := body.NamedChild(j)
				if st.Type() != "import_from_statement" {
					continue
				}
				if mod := st.ChildByFieldName("module_name"); mod == nil || mod.Content(src) != decoratorsModule {
					continue
				}
				for _, name := range importedNames(st, src) {
					if name == guard {
						info.Guarded[name] = true
					}
				}
			}
		}
	}
	return info
}

func countErrors(n *sitter.Node) int {
	if !n.HasError() && !n.IsMissing() {
		return 0
	}
	c := 0
	if n.IsError() || n.IsMissing() {
		c++
	}
	for i := 0; i < int(n.ChildCount()); i++ {
		c += countErrors(n.Child(i))
	}
	return c
}

func hasIdentifier(n *sitter.Node, src []byte, name string) bool {
	if n.Type() == "identifier" && n.Content(src) == name {
		return true
	}
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if hasIdentifier(n.NamedChild(i), src, name) {
			return true
		}
	}
	return false
}

func decoratorName(d *sitter.Node, src []byte) string {
	if d.NamedChildCount() == 0 {
		return ""
	}
	e := d.NamedChild(0)
	if e.Type() == "call" {
		e = e.ChildByFieldName("function")
	}
	return e.Content(src)
}

func importedNames(n *sitter.Node, src []byte) []string {
	var out []string
	for i := 0; i < int(n.NamedChildCount()); i++ {
		c := n.NamedChild(i)
		if n.FieldNameForChild(indexOfChild(n, c)) != "name" {
			continue
		}
		switch c.Type() {
		case "dotted_name":
			out = append(out, c.Content(src))
		case "aliased_import":
			if a := c.ChildByFieldName("alias"); a != nil {
				out = append(out, a.Content(src))
			}
		}
	}
	return out
}

func indexOfChild(parent, child *sitter.Node) int {
	for i := 0; i < int(parent.ChildCount()); i++ {
		if parent.Child(i).Equal(child) {
			return i
		}
	}
	return -1
}

// guardName returns X for `if 'X' not in globals():`.
func guardName(n *sitter.Node, src []byte) string {
	cond := n.ChildByFieldName("condition")
	if cond == nil || cond.Type() != "comparison_operator" || cond.NamedChildCount() != 2 {
		return ""
	}
	text := strings.Join(strings.Fields(cond.Content(src)), " ")
	left := cond.NamedChild(0)
	if left.Type() != "string" || !strings.HasSuffix(text, "not in globals()") {
		return ""
	}
	return strings.Trim(left.Content(src), `'"`)
}

func pyFunc(def *sitter.Node, decs []string, src []byte) PyFunc {
	f := PyFunc{Decorators: decs, Line: int(def.StartPoint().Row) + 1}
	if name := def.ChildByFieldName("name"); name != nil {
		f.Name = name.Content(src)
	}
	params := def.ChildByFieldName("parameters")
	kwOnly := false
	for i := 0; params != nil && i < int(params.NamedChildCount()); i++ {
		p := params.NamedChild(i)
		kind := ParamPositional
		if kwOnly {
			kind = ParamKeywordOnly
		}
		inner := p
		if p.Type() == "typed_parameter" && p.NamedChildCount() > 0 {
			inner = p.NamedChild(0)
		}
		switch inner.Type() {
		case "list_splat_pattern":
			f.Params = append(f.Params, PyParam{strings.TrimPrefix(inner.Content(src), "*"), ParamVarArgs})
			kwOnly = true
			continue
		case "dictionary_splat_pattern":
			f.Params = append(f.Params, PyParam{strings.TrimPrefix(inner.Content(src), "**"), ParamVarKwargs})
			continue
		case "keyword_separator":
			kwOnly = true
			continue
		case "positional_separator":
			continue
		}
		name := inner
		if inner.Type() != "identifier" {
			if nn := inner.ChildByFieldName("name"); nn != nil {
				name = nn
			} else if inner.NamedChildCount() > 0 {
				name = inner.NamedChild(0)
			}
		}
		f.Params = append(f.Params, PyParam{name.Content(src), kind})
	}
	return f
}

// GuardImports returns the guarded imports of Mage decorators, one `if` per name, in the given
// order: inside Mage the name is already injected and must not be replaced.
func GuardImports(names ...string) string {
	var b strings.Builder
	for _, n := range names {
		b.WriteString("if '" + n + "' not in globals():\n    from " + decoratorsModule + " import " + n + "\n")
	}
	return b.String()
}
