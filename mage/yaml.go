package mage

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// KV is one key of an ordered map.
type KV struct {
	Key   string
	Value any
}

// Map is an ordered mapping: keys are written in slice order, so output is deterministic and
// follows the source's order (config fields, resource fields).
type Map []KV

// Get returns the value of key and whether it is present.
func (m Map) Get(key string) (any, bool) {
	for _, kv := range m {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return nil, false
}

// Set replaces the value of key or appends it.
func (m *Map) Set(key string, v any) {
	for i := range *m {
		if (*m)[i].Key == key {
			(*m)[i].Value = v
			return
		}
	}
	*m = append(*m, KV{key, v})
}

// Keys returns the keys in order.
func (m Map) Keys() []string {
	out := make([]string, len(m))
	for i, kv := range m {
		out[i] = kv.Key
	}
	return out
}

// Node builders. Empty collections are written in flow style ([] / {}) and never as null.

func mapping(kvs ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i := 0; i+1 < len(kvs); i += 2 {
		n.Content = append(n.Content, str(kvs[i].(string)), toNode(kvs[i+1]))
	}
	if len(n.Content) == 0 {
		n.Style = yaml.FlowStyle
	}
	return n
}

func seq(items []*yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}
	if len(items) == 0 {
		n.Style = yaml.FlowStyle
	}
	return n
}

func strSeq(xs []string) *yaml.Node {
	items := make([]*yaml.Node, 0, len(xs))
	for _, x := range xs {
		items = append(items, str(x))
	}
	return seq(items)
}

func str(s string) *yaml.Node {
	// YAML is UTF-8: names taken from broken source files may not be.
	s = strings.ToValidUTF8(s, "\uFFFD")
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	// yaml.v3 quotes a plain string only when it would resolve to another type; strings with a
	// newline are clearer as literal blocks.
	switch {
	case bytes.ContainsRune([]byte(s), '\n'):
		n.Style = yaml.LiteralStyle
	case bytes.Contains([]byte(s), []byte("{{")):
		// Mage renders io_config.yaml with Jinja before parsing the YAML: a single-quoted scalar
		// would hand Jinja the doubled quotes of env_var(''X'').
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

func null() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"} }

// timestamp writes a UTC time the way PyYAML reads a timezone-aware datetime.
func timestamp(t time.Time) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: t.UTC().Format("2006-01-02T15:04:05Z")}
}

// toNode converts the values a generator puts into a Map (scalars, Map, slices, string maps).
func toNode(v any) *yaml.Node {
	switch x := v.(type) {
	case *yaml.Node:
		return x
	case nil:
		return null()
	case string:
		return str(x)
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}
	case int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(x)}
	case int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(x, 10)}
	case float64:
		v := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(v, ".eIN") {
			v += ".0" // keep it a float for YAML readers
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: v}
	case time.Time:
		return timestamp(x)
	case Map:
		n := mapping()
		for _, kv := range x {
			n.Content = append(n.Content, str(kv.Key), toNode(kv.Value))
		}
		if len(n.Content) > 0 {
			n.Style = 0
		}
		return n
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := Map{}
		for _, k := range keys {
			m = append(m, KV{k, x[k]})
		}
		return toNode(m)
	case []string:
		return strSeq(x)
	case []any:
		items := make([]*yaml.Node, 0, len(x))
		for _, it := range x {
			items = append(items, toNode(it))
		}
		return seq(items)
	default:
		return str(fmt.Sprint(x))
	}
}

// encode renders a document with two-space indentation.
func encode(n *yaml.Node) []byte {
	if out, ok := fastEncode(n); ok {
		return out
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		// Only invalid node trees fail, and every tree here is built by this package.
		panic(fmt.Sprintf("mage: yaml encode: %v", err))
	}
	_ = enc.Close()
	return buf.Bytes()
}
