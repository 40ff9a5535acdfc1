package analysis

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// dg projects declare component instances in YAML under the defs folder: a `defs.yaml`
// (`component.yaml` in older dg versions) holding one or more documents with `type:` (the
// component class) and `attributes:`. Each instance becomes a Definition with Form yaml whose
// Call is the component "called" with its attributes as keyword arguments.

// IsComponentYAML reports whether path is a dg component file.
func IsComponentYAML(path string) bool {
	b := filepath.Base(path)
	return b == "defs.yaml" || b == "component.yaml"
}

// dbtComponents and loaderComponents are component types with a known translation.
var (
	dbtComponents    = map[string]bool{"DbtProjectComponent": true}
	loaderComponents = map[string]bool{"DefsFolderComponent": true, "DefinitionsComponent": true}
)

// AnalyzeComponentYAML indexes the component instances of a defs.yaml / component.yaml file.
// Broken YAML counts as a parse error; the instances before it are kept.
func AnalyzeComponentYAML(path string, text []byte) *FileModel {
	doc := newPlainDocument(text)
	fm := &FileModel{Path: path, Doc: doc, Unknown: map[string]int{}, Aliases: map[string]string{},
		Exports: map[string]string{}, Vars: map[string]int{}}
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var starts []int
	var nodes []*yaml.Node
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if !errors.Is(err, io.EOF) {
				fm.ParseErrors++
			}
			break
		}
		if len(n.Content) == 0 || n.Content[0].Kind != yaml.MappingNode {
			continue
		}
		m := n.Content[0]
		starts = append(starts, yamlOffset(doc, m.Line, m.Column))
		nodes = append(nodes, m)
	}
	folder := filepath.Base(filepath.Dir(path))
	for i, m := range nodes {
		end := len(text)
		if i+1 < len(starts) {
			end = lastLineEnd(text, starts[i+1])
		}
		name := folder
		if len(nodes) > 1 {
			name += "[" + strconv.Itoa(i) + "]"
		}
		if d := componentDef(doc, m, name, Span{starts[i], end}); d != nil {
			fm.Defs = append(fm.Defs, d)
		}
	}
	fm.Noqa = scanNoqa(doc)
	return fm
}

// lastLineEnd returns the end of the last non-separator line before offset (documents are
// separated by `---` lines).
func lastLineEnd(text []byte, offset int) int {
	i := bytes.LastIndex(text[:offset], []byte("\n---"))
	if i < 0 {
		return offset
	}
	return i
}

func componentDef(doc *Document, m *yaml.Node, name string, span Span) *Definition {
	var typ, attrs *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch m.Content[i].Value {
		case "type":
			typ = m.Content[i+1]
		case "attributes":
			attrs = m.Content[i+1]
		}
	}
	if typ == nil || typ.Kind != yaml.ScalarNode || typ.Value == "" {
		return nil
	}
	hs := yamlOffset(doc, typ.Line, typ.Column)
	head := Span{hs, doc.LineSpan(doc.lineOf(hs)).End}
	q := typ.Value
	con := q[strings.LastIndexByte(q, '.')+1:]
	call := &Value{Kind: ValCall, Text: q, Name: q, Span: head}
	if isDagsterModule(q) {
		call.Symbol = q
	}
	if attrs != nil && attrs.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(attrs.Content); i += 2 {
			k := attrs.Content[i]
			ks := yamlOffset(doc, k.Line, k.Column)
			call.Kwargs = append(call.Kwargs, Kwarg{Name: k.Value, NameSpan: Span{ks, ks + len(k.Value)}, Value: yamlValue(doc, attrs.Content[i+1], 0)})
		}
	}
	d := &Definition{DefCore: &DefCore{Construct: con, Symbol: q, Kind: KindIntegration, Form: FormYAML, Name: name, Call: call},
		Span: span, Head: head, Parent: -1}
	code, detail := "DM905", "type "+q+": its definitions are built by Python code when Dagster loads the project"
	switch {
	case dbtComponents[con] && strings.HasPrefix(q, "dagster_dbt"):
		code, detail = "DM113", q
	case loaderComponents[con] && isDagsterModule(q):
		code, detail = "DM806", ""
	case isDagsterModule(q):
		detail = "type " + q + " has no Mage translation"
	}
	f := newFinding("", code, head, con, name, d, detail)
	d.summary = computeSummary(d)
	d.ftext = f.FindingText
	return d
}

// yamlOffset converts yaml.v3's 1-based line and column (in characters) to a byte offset.
func yamlOffset(doc *Document, line, col int) int {
	return doc.OffsetAt(Position{Line: line - 1, Column: col - 1}, UTF32)
}

// yamlValue converts a YAML node to a Value (mappings are dicts, sequences lists, scalars by
// their resolved tag).
func yamlValue(doc *Document, n *yaml.Node, depth int) *Value {
	start := yamlOffset(doc, n.Line, n.Column)
	v := &Value{Text: n.Value, Span: Span{start, start}}
	if depth > 50 {
		v.Kind = ValOther
		return v
	}
	switch n.Kind {
	case yaml.AliasNode:
		v.Kind = ValOther
	case yaml.MappingNode:
		v.Kind = ValDict
		for i := 0; i+1 < len(n.Content); i += 2 {
			v.Keys = append(v.Keys, yamlValue(doc, n.Content[i], depth+1))
			v.Items = append(v.Items, yamlValue(doc, n.Content[i+1], depth+1))
		}
	case yaml.SequenceNode:
		v.Kind = ValList
		for _, c := range n.Content {
			v.Items = append(v.Items, yamlValue(doc, c, depth+1))
		}
	default:
		v.Span.End = doc.LineSpan(doc.lineOf(start)).End
		switch n.ShortTag() {
		case "!!int", "!!float":
			v.Kind = ValNumber
			v.Num, _ = strconv.ParseFloat(n.Value, 64)
			v.Int = n.ShortTag() == "!!int"
		case "!!bool":
			v.Kind, v.Bool = ValBool, n.Value == "true" || n.Value == "True"
		case "!!null":
			v.Kind = ValNone
		default:
			v.Kind, v.Str = ValString, n.Value
			v.Dynamic = strings.Contains(n.Value, "{{") // dg templates resolve at load time
		}
	}
	return v
}
