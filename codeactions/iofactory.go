package codeactions

import (
	"fmt"
	"regexp"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
)

// ioFactory is an IO manager built by a function (`@io_manager def f(init_context): return
// C(...)`, `IOManagerDefinition(resource_fn=f)`) that returns a constructor call of an IO manager
// class of the project: the binding is translated like `C(...)` with each argument read from
// init_context.resource_config mapped to an io_config key.
type ioFactory struct {
	fn     string // the factory function
	args   []string
	params []mage.KV
	// fields are the config fields (init_context.resource_config keys) and their io_config keys.
	fields []mage.KV
}

// resourceConfigFunc is the utils/resources.py function returning the Dagster resource_config
// of a factory-built IO manager, or "".
func (rb *resourceBinding) resourceConfigFunc() string {
	if rb.fromFactory == nil || len(rb.fromFactory.fields) == 0 {
		return ""
	}
	return resourceFuncName(rb.key) + "_resource_config"
}

// resourceImports are the names an exporter or loader block imports from utils/resources.py.
func (rb *resourceBinding) resourceImports() string {
	names := resourceFuncName(rb.key) + "_resource"
	if f := rb.resourceConfigFunc(); f != "" {
		names += ", " + f
	}
	return names
}

// resourceConfigExpr is the resource_config of a context stand-in.
func (rb *resourceBinding) resourceConfigExpr() string {
	if f := rb.resourceConfigFunc(); f != "" {
		return f + "()"
	}
	return "{}"
}

// resourceConfigSource is the Python source of resourceConfigFunc, or "".
func (rb *resourceBinding) resourceConfigSource() string {
	fn := rb.resourceConfigFunc()
	if fn == "" {
		return ""
	}
	var items []string
	for _, f := range rb.fromFactory.fields {
		items = append(items, fmt.Sprintf("%q: config.get(%q)", f.Key, f.Value))
	}
	return fmt.Sprintf("def %s():\n    \"\"\"init_context.resource_config of IO manager %q in Dagster (handed to its context stand-ins).\"\"\"\n    config = io_config()\n    return {%s}\n", fn, rb.key, strings.Join(items, ", "))
}

// ioFactoryTarget returns the function building the IO manager a binding names, the path of its
// module, the config_schema value and the `.configured(...)` config, or fn "" when the value is
// no IO manager factory. why is set when it is one that cannot be read statically.
func ioFactoryTarget(v *analysis.Value, bindPath string, factories map[string]analysis.DefRef) (fn, path string, schema, configured *analysis.Value, why string) {
	if v == nil {
		return
	}
	name := v.Name
	if v.Kind == analysis.ValCall && strings.HasSuffix(name, ".configured") {
		name, configured = strings.TrimSuffix(name, ".configured"), v.Arg(0)
		if configured == nil || configured.Kind != analysis.ValDict {
			why = "its .configured(...) argument is not a literal dict"
		}
	}
	short := name[strings.LastIndex(name, ".")+1:]
	if ref, ok := factories[short]; ok && (v.Kind != analysis.ValCall || configured != nil || why != "") {
		return ref.Def.VarName, ref.Path, ref.Def.Call.Kwarg("config_schema"), configured, why
	}
	if v.Kind == analysis.ValCall && (short == "IOManagerDefinition" || strings.HasSuffix(v.Symbol, "IOManagerDefinition")) {
		rf := v.ArgOr("resource_fn", 0)
		if rf == nil || rf.Kind != analysis.ValName {
			return "IOManagerDefinition", bindPath, nil, nil, "its resource_fn is not the name of a function of this module"
		}
		return rf.Name, bindPath, v.Kwarg("config_schema"), nil, ""
	}
	return "", "", nil, nil, ""
}

var (
	resourceConfigIndexRE = regexp.MustCompile(`^(\w+)\.resource_config\[\s*["'](\w+)["']\s*\]$`)
	resourceConfigGetRE   = regexp.MustCompile(`^(\w+)\.resource_config\.get\(\s*["'](\w+)["']\s*(?:,\s*(.+?))?\s*\)$`)
)

// resolveIOFactory reads the factory function of a binding. It fills rb.class (the returned
// class) and rb.fromFactory and returns "", or says why the factory cannot be translated.
func (t *translator) resolveIOFactory(rb *resourceBinding, fnName, path string, schema, configured *analysis.Value, classes map[string]analysis.DefRef) string {
	m := t.module(path)
	if m == nil {
		return "its module could not be read"
	}
	_, fn := m.findFunction(fnName)
	if fn == nil {
		return "function " + fnName + " is not defined at the top level of " + t.relPath(path)
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
	call, callee, ref, why := returnedIOClass(m, fn, fnName, classes)
	if why != "" {
		return why
	}
	rb.class, rb.classPath, rb.kind = ref.Def, ref.Path, "io_custom"
	f := &ioFactory{fn: fnName}
	seen := map[string]bool{}
	args := call.ChildByFieldName("arguments")
	for i := 0; args != nil && i < int(args.NamedChildCount()); i++ {
		a := args.NamedChild(i)
		kw, expr := "", a
		switch a.Type() {
		case "comment":
			continue
		case "keyword_argument":
			kw, expr = a.ChildByFieldName("name").Content(m.src), a.ChildByFieldName("value")
		case "list_splat", "dictionary_splat":
			return fmt.Sprintf("%s passes %s to %s", fnName, a.Content(m.src), callee)
		}
		text := strings.TrimSpace(expr.Content(m.src))
		prefix := ""
		if kw != "" {
			prefix = kw + "="
		}
		field, dflt := "", ""
		if mm := resourceConfigIndexRE.FindStringSubmatch(text); mm != nil && mm[1] == ctxName {
			field = mm[2]
		} else if mm := resourceConfigGetRE.FindStringSubmatch(text); mm != nil && mm[1] == ctxName {
			field, dflt = mm[2], mm[3]
		}
		if field == "" {
			if literalYAML(text) != nil || text == "None" {
				f.args = append(f.args, prefix+text)
				continue
			}
			f.args = append(f.args, prefix+"None")
			rb.entry.noteOn(StatusManual, "DM406", "IO manager %q: %s passes %s to %s, which is not read from init_context.resource_config; set it in %s_resource() in utils/resources.py", rb.key, fnName, text, callee, resourceFuncName(rb.key))
			continue
		}
		pk := profileKey(rb.key, field)
		if !seen[field] {
			seen[field] = true
			f.fields = append(f.fields, mage.KV{Key: field, Value: pk})
		} else {
			f.args = append(f.args, fmt.Sprintf("%sconfig.get(%q)", prefix, pk))
			continue
		}
		val, found := staticConfigValue(field, configured, schema)
		if !found && dflt != "" {
			if v := literalYAML(dflt); v != nil || dflt == "None" {
				val, found = v, true
			}
		}
		if !found {
			why := ""
			if dflt != "" {
				why = " (its default " + dflt + " is not a literal)"
			}
			rb.entry.noteOn(StatusReview, "DM406", "IO manager %q: config field %s has no static value%s; set %s in io_config.yaml", rb.key, field, why, pk)
		}
		f.params = append(f.params, mage.KV{Key: pk, Value: val})
		f.args = append(f.args, fmt.Sprintf("%sconfig.get(%q)", prefix, pk))
	}
	// Fields the constructor does not read still reach the context stand-ins' resource_config.
	fields, params := configFields(rb.key, configured, schema, seen)
	f.fields, f.params = append(f.fields, fields...), append(f.params, params...)
	rb.fromFactory = f
	return ""
}

// staticConfigValue is a config field's static value: its .configured value, else its
// config_schema default_value.
func staticConfigValue(field string, configured, schema *analysis.Value) (any, bool) {
	if v, ok := factoryConfigValue(configured.DictGet(field)); ok {
		return v, true
	}
	if fd := schema.DictGet(field); fd != nil && fd.Kind == analysis.ValCall {
		return factoryConfigValue(fd.Kwarg("default_value"))
	}
	return nil, false
}

// configFields lists the config fields of configured, then schema, that are not in seen and
// have a static value: resource_config key → io_config key of binding key (fields), and the
// io_config entries (params). seen gets them.
func configFields(key string, configured, schema *analysis.Value, seen map[string]bool) (fields, params []mage.KV) {
	for _, dict := range []*analysis.Value{configured, schema} {
		if dict == nil || dict.Kind != analysis.ValDict {
			continue
		}
		for _, k := range dict.Keys {
			field, ok := k.StringValue()
			if !ok || seen[field] {
				continue
			}
			val, found := staticConfigValue(field, configured, schema)
			if !found {
				continue // not set: Dagster would refuse to start the run; a KeyError in Mage too
			}
			seen[field] = true
			pk := profileKey(key, field)
			fields = append(fields, mage.KV{Key: field, Value: pk})
			params = append(params, mage.KV{Key: pk, Value: val})
		}
	}
	return fields, params
}

// returnedIOClass reads a function whose body is only `return C(...)` with C an IO manager class
// of the project: the call node, its callee text and C; or why it is not that.
func returnedIOClass(m *pyModule, fn *sitter.Node, fnName string, classes map[string]analysis.DefRef) (*sitter.Node, string, analysis.DefRef, string) {
	body := fn.ChildByFieldName("body")
	var ret *sitter.Node
	for i := 0; body != nil && i < int(body.NamedChildCount()); i++ {
		c := body.NamedChild(i)
		switch {
		case c.Type() == "return_statement":
			ret = c
		case c.Type() == "comment", c.Type() == "expression_statement" && i == 0 && c.NamedChildCount() > 0 && c.NamedChild(0).Type() == "string":
		default:
			return nil, "", analysis.DefRef{}, fmt.Sprintf("%s runs other statements before its return (line %d)", fnName, m.line(int(c.StartByte())))
		}
	}
	if ret == nil || ret.NamedChildCount() == 0 || ret.NamedChild(0).Type() != "call" {
		return nil, "", analysis.DefRef{}, fnName + " does not return a constructor call"
	}
	call := ret.NamedChild(0)
	callee := call.ChildByFieldName("function").Content(m.src)
	ref, ok := classes[callee[strings.LastIndex(callee, ".")+1:]]
	if !ok || ref.Def.Kind != analysis.KindIOManager {
		return nil, "", analysis.DefRef{}, fmt.Sprintf("%s returns %s, which is no IO manager class of this project", fnName, strings.Join(strings.Fields(call.Content(m.src)), " "))
	}
	return call, callee, ref, ""
}

// resolveFactoryClass reads create_io_manager of a ConfigurableIOManagerFactory class: when it
// returns C(...) of a project IO manager class, C is copied too (rb.made) and <key>_resource()
// calls create_io_manager. It returns why not, or "" (also for other classes).
func (t *translator) resolveFactoryClass(rb *resourceBinding, classes map[string]analysis.DefRef) string {
	isFactory := false
	if rb.class.Resource != nil {
		for _, b := range rb.class.Resource.Bases {
			isFactory = isFactory || strings.HasSuffix(b, "ConfigurableIOManagerFactory")
		}
	}
	m := t.module(rb.classPath)
	if !isFactory || m == nil {
		return ""
	}
	st, _ := m.findClass(rb.class.VarName)
	if st == nil {
		return "its class statement could not be read"
	}
	def := st.node
	if def.Type() == "decorated_definition" {
		def = def.ChildByFieldName("definition")
	}
	body := def.ChildByFieldName("body")
	for i := 0; body != nil && i < int(body.NamedChildCount()); i++ {
		fn := body.NamedChild(i)
		if fn.Type() == "decorated_definition" {
			fn = fn.ChildByFieldName("definition")
		}
		if fn == nil || fn.Type() != "function_definition" || fn.ChildByFieldName("name").Content(m.src) != "create_io_manager" {
			continue
		}
		_, _, ref, why := returnedIOClass(m, fn, "create_io_manager", classes)
		if why != "" {
			return why
		}
		if ps := fn.ChildByFieldName("parameters"); ps != nil && ps.NamedChildCount() > 1 {
			ctx := strings.TrimSpace(strings.SplitN(ps.NamedChild(1).Content(m.src), ":", 2)[0])
			if regexp.MustCompile(`\b` + regexp.QuoteMeta(ctx) + `\.`).MatchString(fn.ChildByFieldName("body").Content(m.src)) {
				return "create_io_manager reads its " + ctx + " (InitResourceContext), which Mage has no equivalent for"
			}
		}
		rb.made = &classRef{ref.Def, ref.Path}
		rb.entry.noteOn(StatusReview, "DM406", "IO manager %q: %s.create_io_manager returns %s(...); both classes are copied and %s_resource() calls create_io_manager", rb.key, rb.class.VarName, ref.Def.VarName, resourceFuncName(rb.key))
		return ""
	}
	return rb.class.VarName + " has no create_io_manager method"
}

// factoryConfigValue is the io_config value of a config entry (a literal or an environment
// variable); found is false when v is absent or not static.
func factoryConfigValue(v *analysis.Value) (any, bool) {
	if v == nil {
		return nil, false
	}
	if y, ok := yamlValue(v); ok {
		return y, true
	}
	if env := osEnv(v); env != "" {
		return env, true
	}
	return nil, false
}
