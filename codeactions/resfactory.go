package codeactions

import (
	"fmt"
	"sort"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
)

// fnFactory is a resource built by a plain `@resource` function (`@resource(config_schema=...)
// def db(init_context): return Conn(init_context.resource_config["url"])`): the function is
// copied into utils/resources.py without its decorator and <key>_resource() calls it with a
// stand-in init context whose resource_config comes from io_config.yaml.
type fnFactory struct {
	fn     string // the Dagster function
	copyAs string // its name in utils/resources.py
	path   string
	code   string          // the copied function
	uses   map[string]bool // names it reads (for its imports and helpers)
	fields []mage.KV       // resource_config key → io_config key
	// takesContext: the function has an init_context parameter (it may have none).
	takesContext bool
	// yields: a generator resource (`conn = connect(); yield conn; conn.close()`): its value is
	// what it yields, and the rest runs when the process ends.
	yields bool
}

// resourceInitContext stands in for Dagster's InitResourceContext in utils/resources.py.
const resourceInitContext = `class ResourceInitContext:
    """Stands in for Dagster's InitResourceContext when a migrated @resource function runs."""

    def __init__(self, resource_config):
        import logging

        self.resource_config = resource_config
        self.log = logging.getLogger('dagster2mage.resources')
        self.instance = None
`

// resolveResourceFactory reads the @resource function a binding names. It fills rb.fnFactory
// and rb.profile and returns "", or says why the function cannot be translated.
func (t *translator) resolveResourceFactory(rb *resourceBinding, fnName, path string, schema, configured *analysis.Value) string {
	m := t.module(path)
	if m == nil {
		return "its module could not be read"
	}
	_, fn := m.findFunction(fnName)
	if fn == nil {
		return "function " + fnName + " is not defined at the top level of " + t.relPath(path)
	}
	if schema != nil && schema.Kind != analysis.ValDict {
		return "its config_schema is not a dict of fields"
	}
	ctxName := ""
	if ps := fn.ChildByFieldName("parameters"); ps != nil && ps.NamedChildCount() > 0 {
		p := ps.NamedChild(0)
		if p.Type() != "identifier" {
			p = p.NamedChild(0)
		}
		if p != nil {
			ctxName = p.Content(m.src)
		}
	}
	body := fn.ChildByFieldName("body")
	if body == nil {
		return fnName + " has no body"
	}
	if ctxName != "" && strings.Contains(body.Content(m.src), ctxName+".resources") {
		return fnName + " reads other resources from " + ctxName + ".resources"
	}
	uses := map[string]bool{}
	collectNames(body, m.src, uses)
	if ps := fn.ChildByFieldName("parameters"); ps != nil {
		collectNames(ps, m.src, uses) // defaults and annotations
	}
	// Dagster names the function or the helpers it reaches use (annotations of the context
	// aside: utils/resources.py leaves annotations unevaluated).
	_, _, missing, _ := m.supportNames(uses, nil)
	var dagsterNames []string
	for _, n := range missing {
		if n != "InitResourceContext" {
			dagsterNames = append(dagsterNames, n)
		}
	}
	if len(dagsterNames) > 0 {
		sort.Strings(dagsterNames)
		return fnName + " (or code it calls) uses Dagster's own " + strings.Join(dagsterNames, ", ")
	}
	f := &fnFactory{fn: fnName, copyAs: "_" + mage.Identifier(rb.key) + "_dagster_resource", path: path, uses: uses, takesContext: ctxName != "", yields: hasYield(body)}
	// The copy keeps the function's text with its own name replaced (a binding key "db" and a
	// function named db_resource would otherwise clash with the generated db_resource()).
	name := fn.ChildByFieldName("name")
	src := fn.Content(m.src)
	off := int(name.StartByte() - fn.StartByte())
	f.code = src[:off] + f.copyAs + src[off+int(name.EndByte()-name.StartByte()):]
	if configured != nil {
		for i, k := range configured.Keys {
			field, ok := k.StringValue()
			if !ok {
				return "its configured keys are not all strings"
			}
			if _, ok := factoryConfigValue(configured.Items[i]); !ok {
				return fmt.Sprintf("its configured value for %s (%s) is not a literal", field, configured.Items[i].Text)
			}
		}
	}
	fields, params := configFields(rb.key, configured, schema, map[string]bool{})
	f.fields, rb.profile = fields, append(rb.profile, params...)
	rb.kind, rb.fnFactory = "fn_factory", f
	return ""
}

// fnFactorySource is <key>_resource() for a binding built by a copied @resource function.
func (rb *resourceBinding) fnFactorySource(fn, rel string) string {
	f := rb.fnFactory
	var items []string
	for _, kv := range f.fields {
		items = append(items, fmt.Sprintf("%q: config.get(%q)", kv.Key, kv.Value))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "def %s():\n    \"\"\"The %q resource, bound in %s (Dagster) and built by %s", fn, rb.key, rel, f.fn)
	call := f.copyAs + "()"
	if f.takesContext {
		b.WriteString("; its resource_config comes from io_config.yaml")
		call = fmt.Sprintf("%s(ResourceInitContext({%s}))", f.copyAs, strings.Join(items, ", "))
	}
	b.WriteString(".\"\"\"\n")
	if f.takesContext {
		b.WriteString("    config = io_config()\n")
	}
	if !f.yields {
		fmt.Fprintf(&b, "    return %s\n", call)
		return b.String()
	}
	// Dagster resumes the generator after the step; here its clean-up runs when the block's
	// process ends.
	fmt.Fprintf(&b, "    gen = %s\n    value = next(gen)\n    atexit.register(gen.close)\n    return value\n", call)
	return b.String()
}

// hasYield reports whether a function body yields (outside nested functions and classes).
func hasYield(n *sitter.Node) bool {
	switch n.Type() {
	case "yield":
		return true
	case "function_definition", "class_definition", "lambda":
		return false
	}
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if hasYield(n.NamedChild(i)) {
			return true
		}
	}
	return false
}
