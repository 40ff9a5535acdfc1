package analysis

import (
	"strconv"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

func spanOf(n *sitter.Node) Span { return Span{nodeStart(n), int(n.EndByte())} }

func (x *extractor) text(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	return string(x.src[nodeStart(n):n.EndByte()])
}

// value builds the static model of an expression node. Depth is bounded so that
// pathological nesting cannot blow the stack.
func (x *extractor) value(n *sitter.Node) *Value {
	return x.valueDepth(n, 0)
}

const maxValueDepth = 64

func (x *extractor) valueDepth(n *sitter.Node, depth int) *Value {
	if n == nil {
		return nil
	}
	sp := spanOf(n)
	v := &Value{Kind: ValOther, Text: string(x.src[sp.Start:sp.End]), Span: sp}
	if depth > maxValueDepth {
		return v
	}
	switch nodeType(n) {
	case "parenthesized_expression":
		if n.NamedChildCount() == 1 {
			inner := x.valueDepth(namedChild(n, 0), depth+1)
			if inner != nil {
				inner.Text, inner.Span = v.Text, v.Span
				return inner
			}
		}
	case "string", "concatenated_string":
		v.Kind = ValString
		v.Str, v.Dynamic = x.stringValue(n)
	case "integer":
		v.Kind = ValNumber
		t := strings.ReplaceAll(v.Text, "_", "")
		if i, err := strconv.ParseInt(t, 0, 64); err == nil {
			v.Num, v.Int = float64(i), true
		}
	case "float":
		v.Kind = ValNumber
		if f, err := strconv.ParseFloat(strings.ReplaceAll(v.Text, "_", ""), 64); err == nil {
			v.Num = f
		}
	case "true", "false":
		v.Kind = ValBool
		v.Bool = nodeType(n) == "true"
	case "none":
		v.Kind = ValNone
	case "identifier":
		v.Kind = ValName
		v.Name = v.Text
		v.Symbol = x.resolve(v.Name)
	case "attribute":
		v.Kind = ValAttribute
		obj := fieldChild(n, "object")
		attr := fieldChild(n, "attribute")
		v.Object = x.valueDepth(obj, depth+1)
		v.Attr = x.text(attr)
		if v.Object != nil && v.Object.Name != "" && (v.Object.Kind == ValName || v.Object.Kind == ValAttribute) {
			v.Name = v.Object.Name + "." + v.Attr
			v.Symbol = x.resolve(v.Name)
		}
	case "list", "tuple", "set", "expression_list":
		switch nodeType(n) {
		case "list":
			v.Kind = ValList
		case "set":
			v.Kind = ValSet
		default:
			v.Kind = ValTuple
		}
		for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
			c := namedChild(n, i)
			if nodeType(c) == "comment" {
				continue
			}
			v.Items = append(v.Items, x.valueDepth(c, depth+1))
		}
	case "dictionary":
		v.Kind = ValDict
		for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
			c := namedChild(n, i)
			if nodeType(c) != "pair" {
				continue
			}
			v.Keys = append(v.Keys, x.valueDepth(fieldChild(c, "key"), depth+1))
			v.Items = append(v.Items, x.valueDepth(fieldChild(c, "value"), depth+1))
		}
	case "call":
		v.Kind = ValCall
		fn := fieldChild(n, "function")
		v.Callee = x.valueDepth(fn, depth+1)
		if v.Callee != nil {
			v.Name = v.Callee.Name
			v.Symbol = v.Callee.Symbol
		}
		if args := fieldChild(n, "arguments"); args != nil && nodeType(args) == "argument_list" {
			x.fillArgs(v, args, depth)
		}
	case "list_splat", "dictionary_splat":
		v.Kind = ValUnary
		v.Op = "*"
		if nodeType(n) == "dictionary_splat" {
			v.Op = "**"
		}
		if n.NamedChildCount() > 0 {
			v.Right = x.valueDepth(namedChild(n, 0), depth+1)
			v.Items = []*Value{v.Right}
		}
	case "binary_operator", "boolean_operator":
		v.Kind = ValBinary
		v.Left = x.valueDepth(fieldChild(n, "left"), depth+1)
		v.Right = x.valueDepth(fieldChild(n, "right"), depth+1)
		if op := fieldChild(n, "operator"); op != nil {
			v.Op = x.text(op)
		}
	case "unary_operator", "not_operator":
		v.Kind = ValUnary
		if op := fieldChild(n, "operator"); op != nil {
			v.Op = x.text(op)
		} else {
			v.Op = "not"
		}
		arg := fieldChild(n, "argument")
		v.Right = x.valueDepth(arg, depth+1)
		if v.Op == "-" && v.Right != nil && v.Right.Kind == ValNumber {
			v.Kind, v.Num, v.Int = ValNumber, -v.Right.Num, v.Right.Int
		}
	}
	return v
}

func (x *extractor) fillArgs(v *Value, args *sitter.Node, depth int) {
	for i, cnt := 0, int(args.NamedChildCount()); i < cnt; i++ {
		c := namedChild(args, i)
		switch nodeType(c) {
		case "keyword_argument":
			name := fieldChild(c, "name")
			v.Kwargs = append(v.Kwargs, Kwarg{Name: x.text(name), NameSpan: spanOf(name), Value: x.valueDepth(fieldChild(c, "value"), depth+1)})
		case "dictionary_splat":
			v.Kwargs = append(v.Kwargs, Kwarg{Name: "**", NameSpan: spanOf(c), Value: x.valueDepth(namedChild(c, 0), depth+1)})
		case "comment":
		default:
			v.Items = append(v.Items, x.valueDepth(c, depth+1))
		}
	}
}

// stringValue decodes a (possibly concatenated) string literal; dynamic is set for f-strings.
func (x *extractor) stringValue(n *sitter.Node) (string, bool) {
	if nodeType(n) == "concatenated_string" {
		var b strings.Builder
		dyn := false
		for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
			s, d := x.stringValue(namedChild(n, i))
			b.WriteString(s)
			dyn = dyn || d
		}
		return b.String(), dyn
	}
	raw := false
	if st := n.Child(0); st != nil && nodeType(st) == "string_start" {
		pre := strings.ToLower(x.text(st))
		raw = strings.Contains(pre, "r")
	}
	var b strings.Builder
	dyn := false
	for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
		c := namedChild(n, i)
		switch nodeType(c) {
		case "string_content":
			// Escape sequences are separate children in newer grammars but inside the
			// content in older ones; decode both ways.
			t := x.text(c)
			if !raw && strings.IndexByte(t, '\\') >= 0 {
				t = unescape(t)
			}
			b.WriteString(t)
		case "escape_sequence":
			if raw {
				b.WriteString(x.text(c))
			} else {
				b.WriteString(unescape(x.text(c)))
			}
		case "interpolation":
			dyn = true
			b.WriteString(x.text(c))
		}
	}
	return b.String(), dyn
}

// unescape decodes the escape sequences of a Python string's content; an unknown sequence
// is kept as written.
func unescape(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '\\')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		if len(s) > 1 && (s[1] == '\'' || s[1] == '"') {
			b.WriteByte(s[1])
			s = s[2:]
			continue
		}
		if len(s) > 1 && s[1] == '\n' {
			s = s[2:] // line continuation
			continue
		}
		r, mb, tail, err := strconv.UnquoteChar(s, '"')
		if err != nil {
			b.WriteByte('\\')
			s = s[1:]
			continue
		}
		if mb {
			b.WriteRune(r)
		} else {
			b.WriteByte(byte(r))
		}
		s = tail
	}
	return b.String()
}

// keyPath turns a key expression into an asset key path: "a", "a/b" (selection style is
// handled by the caller), ["a", "b"], AssetKey("a"), AssetKey(["a","b"]), a definition
// variable (resolved later by the caller through vars). Returns nil when not static.
func (x *extractor) keyPath(v *Value) []string {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case ValString:
		if v.Dynamic {
			return nil
		}
		return []string{v.Str}
	case ValList, ValTuple:
		var out []string
		for _, it := range v.Items {
			s, ok := it.StringValue()
			if !ok {
				return nil
			}
			out = append(out, s)
		}
		return out
	case ValCall:
		switch canonical(v.Symbol) {
		case "AssetKey":
			return x.keyPath(v.ArgOr("path", 0))
		case "AssetKey.from_user_string":
			if s, ok := v.Arg(0).StringValue(); ok {
				return strings.Split(s, "/")
			}
		}
		// AssetKey([...]).with_prefix(...) and others are not static.
	case ValName:
		if d, ok := x.lookupVar(v.Name); ok && d.Key != nil {
			return d.Key
		}
	case ValAttribute:
		// some_spec.key
		if v.Attr == "key" && v.Object != nil && v.Object.Kind == ValName {
			if d, ok := x.lookupVar(v.Object.Name); ok && d.Key != nil {
				return d.Key
			}
		}
	}
	return nil
}

// stringList returns the strings of a string or list/tuple of strings.
func stringList(v *Value) []string {
	if v == nil {
		return nil
	}
	if s, ok := v.StringValue(); ok {
		return []string{s}
	}
	var out []string
	if v.Kind == ValList || v.Kind == ValTuple || v.Kind == ValSet {
		for _, it := range v.Items {
			if s, ok := it.StringValue(); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
