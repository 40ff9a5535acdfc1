package analysis

import (
	"strconv"
	"strings"
)

// The asset selection syntax of newer Dagster versions (UI, `dg`, component YAML and
// define_asset_job strings): attribute filters key:, tag:, kind:, owner:, group: (values may be
// quoted; key values may hold * wildcards), `and` / `or` / `not`, parentheses, and layers:
// `+x` / `x+` select every upstream / downstream layer, `2+x` / `x+2` that many. A bare value
// is a key; `*` alone is every asset; roots(…) and sinks(…) keep the assets of a selection
// with no upstream (downstream) asset inside it. Other attributes and functions
// (code_location:, status: ...) are not static.

type selToken struct {
	kind  byte // '(' ')' '+' 'w' (word), 'o' (operator and/or/not)
	text  string
	depth int // '+': layers, -1 for all
}

func lexSelection(s string) ([]selToken, bool) {
	var out []selToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')':
			out = append(out, selToken{kind: c})
			i++
		case c >= '0' && c <= '9' && strings.IndexByte(s[i:], '+') > 0 && allDigits(s[i:i+strings.IndexByte(s[i:], '+')]):
			j := i + strings.IndexByte(s[i:], '+')
			n, _ := strconv.Atoi(s[i:j])
			out = append(out, selToken{kind: '+', depth: n})
			i = j + 1
		case c == '+':
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			d := -1
			if j > i+1 {
				d, _ = strconv.Atoi(s[i+1 : j])
			}
			out = append(out, selToken{kind: '+', depth: d})
			i = j
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()+", rune(s[j])) {
				if s[j] == '"' {
					k := strings.IndexByte(s[j+1:], '"')
					if k < 0 {
						return nil, false
					}
					j += k + 1
				}
				j++
			}
			w := s[i:j]
			switch strings.ToLower(w) {
			case "and", "or", "not":
				out = append(out, selToken{kind: 'o', text: strings.ToLower(w)})
			default:
				out = append(out, selToken{kind: 'w', text: w})
			}
			i = j
		}
	}
	return out, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

type selParser struct {
	toks []selToken
	i    int
	src  *Selection // text and span for every node
	ok   bool
}

// parseSelectionSyntax parses the newer selection syntax; the result is Kind "other" when the
// string uses something that is not static.
func parseSelectionSyntax(str string, s *Selection) *Selection {
	toks, ok := lexSelection(str)
	if !ok || len(toks) == 0 {
		s.Kind = "other"
		return s
	}
	p := &selParser{toks: toks, src: s, ok: true}
	out := p.or()
	if !p.ok || p.i != len(p.toks) || out == nil {
		s.Kind, s.Static = "other", false
		return s
	}
	return out
}

func (p *selParser) node(kind string) *Selection {
	return &Selection{Kind: kind, Static: true, Text: p.src.Text, Span: p.src.Span}
}

func (p *selParser) peek() *selToken {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return nil
}

func (p *selParser) binary(op, kind string, next func() *Selection) *Selection {
	left := next()
	for p.ok {
		t := p.peek()
		if t == nil || t.kind != 'o' || t.text != op {
			return left
		}
		p.i++
		right := next()
		if left == nil || right == nil {
			p.ok = false
			return nil
		}
		n := p.node(kind)
		n.Left, n.Right, n.Static = left, right, left.Static && right.Static
		left = n
	}
	return left
}

func (p *selParser) or() *Selection  { return p.binary("or", "union", p.and) }
func (p *selParser) and() *Selection { return p.binary("and", "intersect", p.not) }

func (p *selParser) not() *Selection {
	if t := p.peek(); t != nil && t.kind == 'o' && t.text == "not" {
		p.i++
		inner := p.not()
		if inner == nil {
			p.ok = false
			return nil
		}
		n := p.node("diff")
		n.Left, n.Right, n.Static = p.node("all"), inner, inner.Static
		return n
	}
	return p.layered()
}

func (p *selParser) layered() *Selection {
	up, hasUp := 0, false
	if t := p.peek(); t != nil && t.kind == '+' {
		up, hasUp = t.depth, true
		p.i++
	}
	base := p.primary()
	if base == nil {
		p.ok = false
		return nil
	}
	down, hasDown := 0, false
	if t := p.peek(); t != nil && t.kind == '+' {
		down, hasDown = t.depth, true
		p.i++
	}
	cur := base
	if hasUp {
		cur = p.node("upstream")
		cur.Left, cur.Upstream, cur.Include, cur.Static = base, up, true, base.Static
	}
	if hasDown {
		dn := p.node("downstream")
		dn.Left, dn.Downstream, dn.Include, dn.Static = base, down, true, base.Static
		if hasUp {
			u := p.node("union")
			u.Left, u.Right, u.Static = cur, dn, cur.Static
			return u
		}
		return dn
	}
	return cur
}

func (p *selParser) primary() *Selection {
	t := p.peek()
	if t == nil {
		return nil
	}
	p.i++
	switch t.kind {
	case '(':
		inner := p.or()
		if c := p.peek(); c == nil || c.kind != ')' {
			p.ok = false
			return nil
		}
		p.i++
		return inner
	case 'w':
		if f := strings.ToLower(t.text); f == "roots" || f == "sinks" {
			if open := p.peek(); open != nil && open.kind == '(' {
				p.i++
				inner := p.or()
				if c := p.peek(); inner == nil || c == nil || c.kind != ')' {
					p.ok = false
					return nil
				}
				p.i++
				n := p.node(f)
				n.Left, n.Static = inner, inner.Static
				return n
			}
		}
		return p.filter(t.text)
	}
	p.ok = false
	return nil
}

// filter turns one `attr:value` (or bare value) into a selection.
func (p *selParser) filter(w string) *Selection {
	if w == "*" {
		return p.node("all")
	}
	attr, val := "key", w
	if i := indexUnquoted(w, ':'); i >= 0 {
		attr, val = w[:i], w[i+1:]
	}
	switch attr {
	case "key":
		v := unquoteSel(val)
		if strings.Contains(v, "*") {
			n := p.node("key_match")
			n.Values = []string{v}
			return n
		}
		n := p.node("keys")
		n.Keys = [][]string{strings.Split(v, "/")}
		return n
	case "group":
		n := p.node("groups")
		n.Groups = []string{unquoteSel(val)}
		return n
	case "tag":
		n := p.node("tag")
		if i := indexUnquoted(val, '='); i >= 0 {
			n.Keys = [][]string{{unquoteSel(val[:i]), unquoteSel(val[i+1:])}}
		} else {
			n.Keys = [][]string{{unquoteSel(val)}}
		}
		return n
	case "kind", "owner":
		n := p.node(attr)
		n.Values = []string{unquoteSel(val)}
		return n
	}
	n := p.node("other")
	n.Static = false
	return n
}

func indexUnquoted(s string, c byte) int {
	in := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			in = !in
		case s[i] == c && !in:
			return i
		}
	}
	return -1
}

func unquoteSel(s string) string { return strings.Trim(s, `"`) }

// isNewSelectionSyntax tells the newer syntax from the classic one ("a*", "+a", "p/a").
func isNewSelectionSyntax(s string) bool {
	return strings.ContainsAny(s, ":() \t") || strings.TrimSpace(s) == "*"
}

// globMatch matches s against a pattern whose * matches any run of characters.
func globMatch(pat, s string) bool {
	parts := strings.Split(pat, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for i, part := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(s, part)
		}
		j := strings.Index(s, part)
		if j < 0 {
			return false
		}
		s = s[j+len(part):]
	}
	return s == ""
}
