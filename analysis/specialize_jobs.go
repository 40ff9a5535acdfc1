package analysis

import (
	"strconv"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

// job fills @job, define_asset_job, GraphDefinition.to_job and JobDefinition.
func (x *extractor) job(d *Definition) {
	c := d.Call
	switch d.Construct {
	case "define_asset_job":
		if n, ok := c.ArgOr("name", 0).StringValue(); ok {
			d.Name = n
		}
		aj := &AssetJobInfo{SelectionExpr: c.ArgOr("selection", 1), Config: c.Kwarg("config"), Executor: c.Kwarg("executor_def"),
			Hooks: c.Kwarg("hooks"), Tags: c.Kwarg("tags")}
		if aj.SelectionExpr != nil {
			aj.Selection = x.selection(aj.SelectionExpr, 0)
		} else {
			aj.Selection = &Selection{Kind: "all", Static: true}
		}
		if p := c.Kwarg("partitions_def"); p != nil {
			aj.Partitions = x.partitionsOf(p)
		}
		if r := c.Kwarg("op_retry_policy"); r != nil {
			aj.OpRetryPolicy = x.retryOf(r)
		}
		d.AssetJob = aj
		return
	case "GraphDefinition.to_job":
		d.Job = &JobInfo{}
		if obj := c.Callee; obj != nil && obj.Object != nil {
			d.Job.GraphVar = obj.Object.Name
			if d.Name == "" || c.Kwarg("name") == nil {
				d.Name = d.VarName
				if d.Name == "" {
					d.Name = obj.Object.Name
				}
			}
		}
	case "job":
		d.Job = &JobInfo{}
		x.jobBody(d)
	default:
		d.Job = &JobInfo{}
	}
	d.Job.ResourceDefs = c.Kwarg("resource_defs")
	d.Job.Config = c.Kwarg("config")
	d.Job.Executor = c.Kwarg("executor_def")
	d.Job.Hooks = c.Kwarg("hooks")
	d.Job.Tags = c.Kwarg("tags")
	if r := c.Kwarg("op_retry_policy"); r != nil {
		d.Job.OpRetryPolicy = x.retryOf(r)
	}
	if p := c.Kwarg("partitions_def"); p != nil {
		d.Partitions = x.partitionsOf(p)
	}
}

// jobBody reads the composition function of a @job/@graph/@graph_asset: op calls in order,
// their argument bindings, tuple unpacking, aliases, map and collect.
func (x *extractor) jobBody(d *Definition) {
	if d.Job == nil {
		d.Job = &JobInfo{}
	}
	if d.BodySpan.IsZero() {
		return
	}
	body := x.curBody
	if body == nil {
		return
	}
	vars := map[string]int{} // variable → producing call
	outName := map[string]string{}
	x.bodyCalls(d.Job, body, vars, outName, 0)
}

func (x *extractor) bodyCalls(j *JobInfo, n *sitter.Node, vars map[string]int, outName map[string]string, depth int) {
	if depth > 50 {
		return
	}
	for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
		st := namedChild(n, i)
		switch nodeType(st) {
		case "expression_statement":
			for k, cnt := 0, int(st.NamedChildCount()); k < cnt; k++ {
				e := namedChild(st, k)
				if nodeType(e) == "assignment" {
					left, right := fieldChild(e, "left"), fieldChild(e, "right")
					idx := x.opCall(j, right, vars, outName, 0)
					if idx >= 0 && left != nil {
						names := assignTargets(x, left)
						j.Calls[idx].Results = names
						for oi, nm := range names {
							vars[nm] = idx
							if len(names) > 1 {
								outName[nm] = strconv.Itoa(oi)
							}
						}
					}
				} else {
					x.opCall(j, e, vars, outName, 0)
				}
			}
		case "return_statement":
			for k, cnt := 0, int(st.NamedChildCount()); k < cnt; k++ {
				x.opCall(j, namedChild(st, k), vars, outName, 0)
			}
		case "for_statement", "if_statement", "with_statement", "block", "else_clause", "elif_clause":
			x.bodyCalls(j, st, vars, outName, depth+1)
		}
	}
}

func assignTargets(x *extractor, left *sitter.Node) []string {
	switch nodeType(left) {
	case "identifier":
		return []string{x.text(left)}
	case "pattern_list", "tuple_pattern", "tuple", "list_pattern", "list":
		var out []string
		for i, cnt := 0, int(left.NamedChildCount()); i < cnt; i++ {
			out = append(out, x.text(namedChild(left, i)))
		}
		return out
	}
	return nil
}

// opCall records a call expression of a composition body and returns its index in j.Calls,
// or -1 when the node is not an op call. Nested calls (op_b(op_a())) are recorded first.
func (x *extractor) opCall(j *JobInfo, n *sitter.Node, vars map[string]int, outName map[string]string, depth int) int {
	if n == nil || depth > 30 {
		return -1
	}
	switch nodeType(n) {
	case "tuple", "expression_list", "list", "parenthesized_expression":
		last := -1
		for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
			if r := x.opCall(j, namedChild(n, i), vars, outName, depth+1); r >= 0 {
				last = r
			}
		}
		return last
	case "dictionary":
		last := -1
		for i, cnt := 0, int(n.NamedChildCount()); i < cnt; i++ {
			if p := namedChild(n, i); nodeType(p) == "pair" {
				if r := x.opCall(j, fieldChild(p, "value"), vars, outName, depth+1); r >= 0 {
					last = r
				}
			}
		}
		return last
	case "call":
	default:
		return -1
	}
	fn := fieldChild(n, "function")
	args := fieldChild(n, "arguments")
	if fn == nil {
		return -1
	}
	call := OpCall{Span: spanOf(n)}
	// Peel modifiers: op.alias("x")(...), op.with_hooks(...)(...), src.map(op), x.collect().
	switch nodeType(fn) {
	case "identifier":
		call.Op = x.text(fn)
	case "attribute":
		obj, attr := fieldChild(fn, "object"), x.text(fieldChild(fn, "attribute"))
		switch attr {
		case "map":
			// source.map(fn) or source.map(lambda v: op(v))
			call.Mapped = true
			call.Source = x.text(obj)
			if args != nil && args.NamedChildCount() > 0 {
				a := namedChild(args, 0)
				if nodeType(a) == "lambda" {
					if b := fieldChild(a, "body"); b != nil {
						inner := x.opCall(j, b, vars, outName, depth+1)
						if inner >= 0 {
							j.Calls[inner].Mapped = true
							j.Calls[inner].Source = call.Source
							return inner
						}
					}
					return -1
				}
				call.Op = x.text(a)
			}
			src := x.opCall(j, obj, vars, outName, depth+1)
			from := call.Source
			if src >= 0 {
				from = j.Calls[src].Op
			} else if v, ok := vars[from]; ok {
				src = v
			}
			call.Args = []OpArg{{Index: 0, From: from, FromOp: src, Text: from}}
			j.Calls = append(j.Calls, call)
			return len(j.Calls) - 1
		case "collect":
			src := x.opCall(j, obj, vars, outName, depth+1)
			if src < 0 {
				if v, ok := vars[x.text(obj)]; ok {
					src = v
				}
			}
			if src >= 0 {
				j.Calls[src].Collect = true
			}
			return src
		case "alias", "tag", "with_hooks", "with_retry_policy":
		default:
			return -1
		}
	case "call":
		// op.alias("x")(...) and friends.
		inner := fieldChild(fn, "function")
		for inner != nil && nodeType(inner) == "attribute" {
			attr := x.text(fieldChild(inner, "attribute"))
			ia := fieldChild(fn, "arguments")
			switch attr {
			case "alias":
				if ia != nil && ia.NamedChildCount() > 0 {
					v := x.value(namedChild(ia, 0))
					call.Alias, _ = v.StringValue()
				}
			case "with_hooks":
				if ia != nil && ia.NamedChildCount() > 0 {
					call.Hooks = x.value(namedChild(ia, 0))
				}
			case "with_retry_policy":
				if ia != nil && ia.NamedChildCount() > 0 {
					call.Retry = x.value(namedChild(ia, 0))
				}
			case "tag":
				if ia != nil && ia.NamedChildCount() > 0 {
					call.Tags = x.value(namedChild(ia, 0))
				}
			default:
				return -1
			}
			obj := fieldChild(inner, "object")
			if nodeType(obj) == "call" {
				fn = obj
				inner = fieldChild(obj, "function")
				continue
			}
			call.Op = x.text(obj)
			break
		}
	default:
		return -1
	}
	if call.Op == "" {
		return -1
	}
	if args != nil {
		pos := 0
		for i, cnt := 0, int(args.NamedChildCount()); i < cnt; i++ {
			a := namedChild(args, i)
			arg := OpArg{FromOp: -1, Index: -1}
			val := a
			if nodeType(a) == "keyword_argument" {
				arg.Param = x.text(fieldChild(a, "name"))
				val = fieldChild(a, "value")
			} else if nodeType(a) == "comment" {
				continue
			} else {
				arg.Index = pos
				pos++
			}
			arg.Text = x.text(val)
			if val != nil {
				switch nodeType(val) {
				case "identifier":
					arg.From = x.text(val)
					if v, ok := vars[arg.From]; ok {
						arg.FromOp = v
						arg.Output = outName[arg.From]
					}
				case "subscript":
					// results["name"] / results[0]
					base := fieldChild(val, "value")
					if base != nil && nodeType(base) == "identifier" {
						arg.From = x.text(base)
						if v, ok := vars[arg.From]; ok {
							arg.FromOp = v
						}
						if sub := fieldChild(val, "subscript"); sub != nil {
							sv := x.value(sub)
							if s, ok := sv.StringValue(); ok {
								arg.Output = s
							} else {
								arg.Output = sv.Text
							}
						}
					}
				case "call", "attribute":
					if r := x.opCall(j, val, vars, outName, depth+1); r >= 0 {
						arg.FromOp = r
						arg.From = j.Calls[r].Op
					}
				}
			}
			call.Args = append(call.Args, arg)
		}
	}
	j.Calls = append(j.Calls, call)
	return len(j.Calls) - 1
}

// selection parses an asset selection expression.
func (x *extractor) selection(v *Value, depth int) *Selection {
	s := &Selection{Text: v.Text, Span: v.Span}
	if depth > 30 {
		s.Kind = "other"
		return s
	}
	switch v.Kind {
	case ValString:
		if v.Dynamic {
			s.Kind = "other"
			return s
		}
		return parseSelectionString(v.Str, s)
	case ValList, ValTuple, ValSet:
		s.Kind = "list"
		s.Static = true
		for _, it := range v.Items {
			sub := x.selection(it, depth+1)
			if !sub.Static {
				s.Static = false
			}
			if s.Left == nil {
				s.Left = sub
			} else {
				s.Left = &Selection{Kind: "union", Left: s.Left, Right: sub, Static: s.Left.Static && sub.Static, Text: s.Left.Text + ", " + sub.Text}
			}
		}
		if s.Left == nil {
			s.Kind = "keys"
			return s
		}
		s.Left.Text, s.Left.Span = s.Text, s.Span
		return s.Left
	case ValName:
		// A definition variable (asset function, spec) or a selection variable.
		if d, ok := x.lookupVar(v.Name); ok {
			if d.Key != nil {
				s.Kind, s.Keys, s.Static = "keys", [][]string{d.Key}, true
				return s
			}
			if len(d.Outs) > 0 {
				s.Kind, s.Static = "keys", true
				for _, o := range d.Outs {
					s.Keys = append(s.Keys, o.Key)
				}
				return s
			}
		}
		if sv := x.lookupValue(v.Name); sv != nil && sv.Kind != ValDict && depth < 10 {
			// A selection variable of this file: parse its expression, keeping only this
			// use's position (spans of another statement are not kept, see incremental.go).
			sub := x.selection(sv, depth+1)
			relocate(sub, v.Span)
			sub.Text = v.Name
			return sub
		}
		s.Kind = "ref"
		s.Refs = []string{v.Name}
		s.Static = true
		return s
	case ValBinary:
		switch v.Op {
		case "|":
			s.Kind = "union"
		case "&":
			s.Kind = "intersect"
		case "-":
			s.Kind = "diff"
		default:
			s.Kind = "other"
			return s
		}
		s.Left, s.Right = x.selection(v.Left, depth+1), x.selection(v.Right, depth+1)
		s.Static = s.Left.Static && s.Right.Static
		return s
	case ValCall:
		c := canonical(v.Symbol)
		switch c {
		case "AssetSelection.all":
			s.Kind, s.Static = "all", true
		case "AssetSelection.assets", "AssetSelection.keys":
			s.Kind, s.Static = "keys", true
			for _, it := range v.Items {
				var k []string
				if c == "AssetSelection.keys" {
					if str, ok := it.StringValue(); ok {
						k = strings.Split(str, "/")
					} else {
						k = x.keyPath(it)
					}
				} else {
					sub := x.selection(it, depth+1)
					if sub.Kind == "keys" && len(sub.Keys) > 0 {
						s.Keys = append(s.Keys, sub.Keys...)
						continue
					}
					if sub.Kind == "ref" {
						s.Refs = append(s.Refs, sub.Refs...)
						continue
					}
					k = x.keyPath(it)
				}
				if k == nil {
					s.Static = false
					continue
				}
				s.Keys = append(s.Keys, k)
			}
		case "AssetSelection.groups":
			s.Kind, s.Static = "groups", true
			for _, it := range v.Items {
				if str, ok := it.StringValue(); ok {
					s.Groups = append(s.Groups, str)
				} else {
					s.Static = false
				}
			}
		case "AssetSelection.key_prefixes":
			s.Kind, s.Static = "key_prefixes", true
			for _, it := range v.Items {
				k := x.keyPath(it)
				if k == nil {
					s.Static = false
					continue
				}
				s.Keys = append(s.Keys, k)
			}
		case "AssetSelection.tag":
			k, kok := v.ArgOr("key", 0).StringValue()
			val, vok := v.ArgOr("value", 1).StringValue()
			s.Kind, s.Keys, s.Static = "tag", [][]string{{k, val}}, kok && vok
		case "AssetSelection.tag_string":
			if str, ok := v.Arg(0).StringValue(); ok {
				pair := []string{str}
				if k, val, ok := strings.Cut(str, "="); ok {
					pair = []string{k, val}
				}
				s.Kind, s.Keys, s.Static = "tag", [][]string{pair}, true
			} else {
				s.Kind = "other"
			}
		case "AssetSelection.from_string":
			if str, ok := v.Arg(0).StringValue(); ok {
				return parseSelectionString(str, s)
			}
			s.Kind = "other"
		default:
			// Method on a selection: .downstream(), .upstream(), .required_multi_asset_neighbors() ...
			if v.Callee != nil && v.Callee.Kind == ValAttribute && v.Callee.Object != nil {
				inner := x.selection(v.Callee.Object, depth+1)
				switch v.Callee.Attr {
				case "downstream", "upstream":
					s.Kind = v.Callee.Attr
					s.Left = inner
					s.Static = inner.Static
					s.Include = true
					dd := -1
					if dv := v.ArgOr("depth", 0); dv != nil {
						if n, ok := dv.IntValue(); ok {
							dd = n
						} else if dv.Kind != ValNone {
							s.Static = false
						}
					}
					if iv := v.ArgOr("include_self", 1); iv != nil && iv.Kind == ValBool {
						s.Include = iv.Bool
					}
					if s.Kind == "downstream" {
						s.Downstream = dd
					} else {
						s.Upstream = dd
					}
				case "roots", "sinks":
					s.Kind, s.Left, s.Static = v.Callee.Attr, inner, inner.Static
				default:
					s.Kind = "other"
					s.Left = inner
				}
				return s
			}
			s.Kind = "other"
		}
		return s
	}
	s.Kind = "other"
	return s
}

// relocate sets every span of a selection tree to span.
func relocate(s *Selection, span Span) {
	if s == nil {
		return
	}
	s.Span = span
	relocate(s.Left, span)
	relocate(s.Right, span)
}

func selectionLike(b []byte) bool { return bytesContains(b, "AssetSelection") }

// parseSelectionString parses the classic string selection: "name", "a/b", "*a", "a*",
// "+a", "a++"; strings in the newer syntax (key:, group:, tag:, kind:, owner:, and/or/not,
// parentheses) go to parseSelectionSyntax.
func parseSelectionString(str string, s *Selection) *Selection {
	t := strings.TrimSpace(str)
	if isNewSelectionSyntax(t) {
		return parseSelectionSyntax(t, s)
	}
	up, down := 0, 0
	for strings.HasPrefix(t, "*") {
		up = -1
		t = t[1:]
	}
	for strings.HasPrefix(t, "+") {
		if up >= 0 {
			up++
		}
		t = t[1:]
	}
	for strings.HasSuffix(t, "*") {
		down = -1
		t = t[:len(t)-1]
	}
	for strings.HasSuffix(t, "+") {
		if down >= 0 {
			down++
		}
		t = t[:len(t)-1]
	}
	t = strings.Trim(t, `"`)
	if t == "" || strings.ContainsAny(t, "*+") {
		s.Kind = "other"
		return s
	}
	base := &Selection{Kind: "keys", Keys: [][]string{strings.Split(t, "/")}, Static: true, Text: s.Text, Span: s.Span}
	if up == 0 && down == 0 {
		return base
	}
	cur := base
	if up != 0 {
		cur = &Selection{Kind: "upstream", Left: cur, Upstream: up, Include: true, Static: true, Text: s.Text, Span: s.Span}
	}
	if down != 0 {
		dn := &Selection{Kind: "downstream", Left: base, Downstream: down, Include: true, Static: true, Text: s.Text, Span: s.Span}
		if up != 0 {
			cur = &Selection{Kind: "union", Left: cur, Right: dn, Static: true, Text: s.Text, Span: s.Span}
		} else {
			cur = dn
		}
	}
	return cur
}
