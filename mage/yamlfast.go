package mage

import (
	"bytes"
	"strconv"

	"gopkg.in/yaml.v3"
)

// fastEncode writes the node trees this package builds the way yaml.v3 does (two-space
// indent, sequences indented under their key, empty collections in flow style), byte for
// byte, for the common case: block collections and scalars that need no quoting. yaml.v3's
// emitter took half of a big translation (a pipeline of a thousand blocks); ok is false for
// anything else (a string that needs quotes, a literal block, a sequence in a sequence), and
// the caller then uses yaml.v3 for the whole document.
func fastEncode(n *yaml.Node) (out []byte, ok bool) {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 || n.Style != 0 {
		return nil, false
	}
	e := fastEmitter{buf: make([]byte, 0, 4096)}
	if !e.mapping(n, 0, false) {
		return nil, false
	}
	return e.buf, true
}

type fastEmitter struct{ buf []byte }

func (e *fastEmitter) indent(n int) {
	for range n {
		e.buf = append(e.buf, ' ')
	}
}

// inline writes a scalar or an empty collection; false when it is neither or needs yaml.v3.
func (e *fastEmitter) inline(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.MappingNode:
		if len(n.Content) == 0 && n.Style == yaml.FlowStyle {
			e.buf = append(e.buf, "{}"...)
			return true
		}
	case yaml.SequenceNode:
		if len(n.Content) == 0 && n.Style == yaml.FlowStyle {
			e.buf = append(e.buf, "[]"...)
			return true
		}
	case yaml.ScalarNode:
		if n.Style != 0 {
			return false
		}
		switch n.Tag {
		case "!!str":
			if !plainSafe(n.Value) {
				return false
			}
		case "!!int":
			if _, err := strconv.ParseInt(n.Value, 10, 64); err != nil {
				return false
			}
		case "!!bool":
			if n.Value != "true" && n.Value != "false" {
				return false
			}
		case "!!null":
			if n.Value != "null" {
				return false
			}
		default: // floats and timestamps: yaml.v3's own rules
			return false
		}
		e.buf = append(e.buf, n.Value...)
		return true
	}
	return false
}

func collection(n *yaml.Node) bool {
	return (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && len(n.Content) > 0 && n.Style == 0
}

// mapping writes a block mapping at indent; inline: its first key goes on the current line
// (after a sequence's "- ").
func (e *fastEmitter) mapping(n *yaml.Node, indent int, inline bool) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if i > 0 || !inline {
			e.indent(indent)
		}
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || !e.inline(k) {
			return false
		}
		e.buf = append(e.buf, ':')
		switch {
		case collection(v) && v.Kind == yaml.MappingNode:
			e.buf = append(e.buf, '\n')
			if !e.mapping(v, indent+2, false) {
				return false
			}
		case collection(v):
			e.buf = append(e.buf, '\n')
			if !e.sequence(v, indent+2) {
				return false
			}
		default:
			e.buf = append(e.buf, ' ')
			if !e.inline(v) {
				return false
			}
			e.buf = append(e.buf, '\n')
		}
	}
	return true
}

func (e *fastEmitter) sequence(n *yaml.Node, indent int) bool {
	for _, it := range n.Content {
		e.indent(indent)
		e.buf = append(e.buf, "- "...)
		switch {
		case collection(it) && it.Kind == yaml.MappingNode:
			if !e.mapping(it, indent+2, true) {
				return false
			}
		case collection(it):
			return false
		default:
			if !e.inline(it) {
				return false
			}
			e.buf = append(e.buf, '\n')
		}
	}
	return true
}

// plainSafe reports whether yaml.v3 writes s as a plain scalar: a letter or underscore, then
// letters, digits and a few punctuation marks, no trailing space, and not a word YAML reads as
// another type. Anything else (quotes, colons, #, numbers, timestamps...) is left to yaml.v3.
func plainSafe(s string) bool {
	if s == "" || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == ' ' || c == '.' || c == '/' || c == '-' || c == '(' || c == ')'):
		default:
			return false
		}
	}
	if bytes.Contains([]byte(s), []byte("  ")) {
		return false // kept out of the fast path: runs of spaces are the emitter's business
	}
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL":
		return false
	}
	return true
}
