package codeactions

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
)

// resourceBinding is one resource key bound in Definitions(resources=...) or a job's
// resource_defs.
type resourceBinding struct {
	key   string
	path  string
	value *analysis.Value
	entry *Entry
	// class is the ConfigurableResource definition the value instantiates (nil for others).
	class     *analysis.Definition
	classPath string
	kind      string // custom, duckdb, io_builtin, io_warehouse, unknown
	profile   mage.Map
	factory   string // Python source of <key>_resource()
	// warehouse: "snowflake" or "bigquery" for the pandas IO managers with Mage IO classes.
	warehouse string
	// schema, project: literal config of a warehouse IO manager (table location).
	schema, project string
	// fromFactory: the IO manager is built by an @io_manager function returning class(...);
	// whyNot says why a factory could not be translated.
	fromFactory *ioFactory
	whyNot      string
	// made: the IO manager class a ConfigurableIOManagerFactory class (class) creates.
	made *classRef
	// fnFactory: the resource is built by a plain @resource function (kind fn_factory).
	fnFactory *fnFactory
}

// classRef is a class definition and the path of its module.
type classRef struct {
	def  *analysis.Definition
	path string
}

// copiedClasses are the classes utils/resources.py holds for the binding.
func (rb *resourceBinding) copiedClasses() []classRef {
	var out []classRef
	if rb.class != nil {
		out = append(out, classRef{rb.class, rb.classPath})
	}
	if rb.made != nil {
		out = append(out, *rb.made)
	}
	return out
}

// ioClass is the class whose handle_output and load_input run for an IO manager binding.
func (rb *resourceBinding) ioClass() classRef {
	if rb.made != nil {
		return *rb.made
	}
	return classRef{rb.class, rb.classPath}
}

// knownIntegrations maps resource constructors to their kind.
var knownIntegrations = map[string]string{
	"DuckDBResource": "duckdb", "FilesystemIOManager": "io_builtin", "fs_io_manager": "io_builtin",
	"mem_io_manager": "io_builtin", "InMemoryIOManager": "io_builtin",
	"DuckDBPandasIOManager": "duckdb_io", "DuckDBPolarsIOManager": "duckdb_io",
	"SnowflakePandasIOManager": "io_warehouse", "BigQueryPandasIOManager": "io_warehouse",
	"S3PickleIOManager": "io_warehouse",
}

func (t *translator) collectResources(files []string) {
	classes := map[string]analysis.DefRef{}
	factories := map[string]analysis.DefRef{}
	resFactories := map[string]analysis.DefRef{}
	for _, p := range files {
		for _, d := range t.ws.File(p).Defs {
			if d.Kind == analysis.KindIOManager && d.Form == analysis.FormDecorator && d.VarName != "" {
				factories[d.VarName] = analysis.DefRef{Path: p, Def: d}
			}
			if d.Kind == analysis.KindResource && d.Form == analysis.FormDecorator && d.VarName != "" {
				resFactories[d.VarName] = analysis.DefRef{Path: p, Def: d}
			}
			if (d.Kind == analysis.KindResource || d.Kind == analysis.KindIOManager) && d.Form == analysis.FormClass {
				classes[d.VarName] = analysis.DefRef{Path: p, Def: d}
				if t.resourceClasses == nil {
					t.resourceClasses = map[string]bool{}
				}
				t.resourceClasses[d.VarName] = true
			}
		}
	}
	// bindPath is the module holding the value (a resources dict imported from another
	// module); path the one of the definition that binds it.
	add := func(path, bindPath string, d *analysis.Definition, key string, v *analysis.Value) {
		if key == "" || v == nil {
			return
		}
		e := t.entry(path, d)
		path = bindPath
		if old, ok := t.resources[key]; ok {
			if old.value.Text != v.Text {
				e.noteOn(StatusReview, "DM401", "resource %q is bound differently in several places; the migration uses %s", key, old.value.Text)
			}
			return
		}
		rb := &resourceBinding{key: key, path: path, value: v, entry: e}
		callee := v.Name
		if v.Kind == analysis.ValCall && v.Callee != nil {
			callee = v.Callee.Name
		}
		short := callee[strings.LastIndex(callee, ".")+1:]
		if fn, fpath, schema, configured, why := ioFactoryTarget(v, path, factories); fn != "" || why != "" {
			if why == "" {
				why = t.resolveIOFactory(rb, fn, fpath, schema, configured, classes)
			}
			if why != "" {
				rb.kind, rb.whyNot = "unknown", fmt.Sprintf("IO manager %q (%s) is built by %s, which cannot be translated statically: %s", key, strings.Join(strings.Fields(v.Text), " "), fn, why)
			}
		} else if fn, fpath, schema, configured, why := ioFactoryTarget(v, path, resFactories); fn != "" || why != "" {
			if why == "" {
				why = t.resolveResourceFactory(rb, fn, fpath, schema, configured)
			}
			if why != "" {
				rb.kind, rb.whyNot = "unknown", fmt.Sprintf("resource %q (%s) is built by %s, which cannot be translated statically: %s", key, strings.Join(strings.Fields(v.Text), " "), fn, why)
			}
		} else if ref, ok := classes[short]; ok {
			rb.class, rb.classPath, rb.kind = ref.Def, ref.Path, "custom"
			if ref.Def.Kind == analysis.KindIOManager {
				rb.kind = "io_custom"
				if why := t.resolveFactoryClass(rb, classes); why != "" {
					rb.kind, rb.whyNot = "unknown", fmt.Sprintf("IO manager %q (%s) is a ConfigurableIOManagerFactory that cannot be translated statically: %s", key, strings.Join(strings.Fields(v.Text), " "), why)
				}
			}
		} else if k, ok := knownIntegrations[short]; ok {
			rb.kind = k
		} else {
			rb.kind = "unknown"
		}
		t.resources[key] = rb
		t.resOrder = append(t.resOrder, key)
	}
	addDict := func(p string, d *analysis.Definition, rd *analysis.Value) {
		bindPath := p
		if rd != nil && rd.Kind == analysis.ValName {
			// resources=RESOURCES: a dict assigned in this module or imported.
			rd, bindPath = t.ws.LookupValue(p, rd.Name)
		}
		if rd == nil || rd.Kind != analysis.ValDict {
			return
		}
		for i, k := range rd.Keys {
			if s, ok := k.StringValue(); ok && i < len(rd.Items) {
				add(p, bindPath, d, s, rd.Items[i])
			}
		}
	}
	for _, p := range files {
		for _, d := range t.ws.File(p).Defs {
			if d.Definitions != nil {
				for _, b := range d.Definitions.Resources {
					add(p, p, d, b.Key, b.Value)
				}
				if len(d.Definitions.Resources) == 0 {
					addDict(p, d, d.Call.ArgOr("resources", 4))
				}
			}
			if d.Job != nil {
				addDict(p, d, d.Job.ResourceDefs)
			}
		}
	}
	// io_manager_def=... binds an IO manager to one asset without a key: give it one.
	for _, p := range files {
		for _, d := range t.ws.File(p).Defs {
			if v := d.Call.Kwarg("io_manager_def"); d.Kind == analysis.KindAsset && v != nil && d.IOManagerKey == "" {
				key := mage.Identifier(d.Name) + "_io_manager_def"
				add(p, p, d, key, v)
				t.ioDefKeys[d] = key
			}
		}
	}
	for _, key := range t.resOrder {
		t.prepareResource(t.resources[key])
	}
}

// profileKey is the io_config key holding field f of resource key.
func profileKey(key, field string) string {
	return strings.ToUpper(mage.CleanName(key + "_" + field))
}

// yamlValue converts a literal Value into a YAML value; ok is false for non-literals.
func yamlValue(v *analysis.Value) (any, bool) {
	if v == nil {
		return nil, false
	}
	if env := envName(v); env != "" {
		return "{{ env_var('" + env + "') }}", true
	}
	switch v.Kind {
	case analysis.ValString:
		if v.Dynamic {
			return nil, false
		}
		return v.Str, true
	case analysis.ValNumber:
		if v.Int {
			return int(v.Num), true
		}
		return v.Num, true
	case analysis.ValBool:
		return v.Bool, true
	case analysis.ValNone:
		return nil, true
	case analysis.ValList, analysis.ValTuple:
		var out []any
		for _, it := range v.Items {
			x, ok := yamlValue(it)
			if !ok {
				return nil, false
			}
			out = append(out, x)
		}
		if out == nil {
			out = []any{}
		}
		return out, true
	case analysis.ValDict:
		m := mage.Map{}
		for i, k := range v.Keys {
			ks, ok := k.StringValue()
			if !ok || i >= len(v.Items) {
				return nil, false
			}
			x, ok := yamlValue(v.Items[i])
			if !ok {
				return nil, false
			}
			m = append(m, mage.KV{Key: ks, Value: x})
		}
		return m, true
	}
	return nil, false
}

// osEnvRE matches os.environ["X"].
var osEnvRE = regexp.MustCompile(`^os\.environ\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]$`)

// osEnv returns the io_config template for os.environ.get("X", "d"), os.getenv("X") and
// os.environ["X"], or "".
func osEnv(v *analysis.Value) string {
	if v == nil {
		return ""
	}
	if m := osEnvRE.FindStringSubmatch(strings.TrimSpace(v.Text)); m != nil {
		return "{{ env_var('" + m[1] + "') }}"
	}
	if v.Kind != analysis.ValCall || (v.Name != "os.environ.get" && v.Name != "os.getenv") {
		return ""
	}
	name, ok := v.Arg(0).StringValue()
	if !ok || strings.ContainsAny(name, "'\\{}") {
		return ""
	}
	if d := v.Arg(1); d != nil {
		ds, ok := d.StringValue()
		if !ok || strings.ContainsAny(ds, "'\\{}") {
			return ""
		}
		return "{{ env_var('" + name + "', '" + ds + "') }}"
	}
	return "{{ env_var('" + name + "') }}"
}

// envName returns X for EnvVar("X"), EnvVar.int("X"), {"env": "X"}.
func envName(v *analysis.Value) string {
	if v == nil {
		return ""
	}
	if v.Kind == analysis.ValCall && (strings.HasSuffix(v.Symbol, "EnvVar") || strings.HasSuffix(v.Symbol, "EnvVar.int") || v.Name == "EnvVar" || strings.HasSuffix(v.Name, ".EnvVar") || strings.HasSuffix(v.Name, "EnvVar.int")) {
		if s, ok := v.Arg(0).StringValue(); ok {
			return s
		}
	}
	if v.Kind == analysis.ValDict && len(v.Keys) == 1 {
		if k, _ := v.Keys[0].StringValue(); k == "env" {
			if s, ok := v.Items[0].StringValue(); ok {
				return s
			}
		}
	}
	return ""
}

// prepareResource computes the io_config profile keys and the factory of one binding.
func (t *translator) prepareResource(rb *resourceBinding) {
	fn := resourceFuncName(rb.key) + "_resource"
	var b strings.Builder
	fmt.Fprintf(&b, "def %s():\n    \"\"\"The %q resource, bound in %s (Dagster). Values come from io_config.yaml.\"\"\"\n", fn, rb.key, t.relPath(rb.path))
	if rb.kind == "io_custom" {
		if names := t.dagsterNamesIn(rb); len(names) > 0 {
			rb.entry.noteOn(StatusManual, "DM406", "IO manager %q (%s) is built on Dagster's own code (%s): it cannot run without Dagster; write an exporter block by hand where the data must land", rb.key, rb.class.VarName, strings.Join(names, ", "))
			return
		}
	}
	switch rb.kind {
	case "custom", "duckdb", "io_custom":
		var args []string
		fields := map[string]analysis.Field{}
		var order []string
		if rb.class != nil && rb.class.Resource != nil {
			for _, f := range rb.class.Resource.Fields {
				fields[f.Name] = f
				order = append(order, f.Name)
			}
		}
		set := map[string]bool{}
		if rb.fromFactory != nil {
			args = rb.fromFactory.args
			rb.profile = append(rb.profile, rb.fromFactory.params...)
		}
		for _, kw := range rb.value.Kwargs {
			if rb.fromFactory != nil {
				break
			}
			if kw.Name == "**" {
				rb.entry.noteOn(StatusReview, "DM401", "resource %q is built with **kwargs; complete %s in utils/resources.py", rb.key, fn)
				continue
			}
			set[kw.Name] = true
			pk := profileKey(rb.key, kw.Name)
			if v, ok := yamlValue(kw.Value); ok {
				rb.profile = append(rb.profile, mage.KV{Key: pk, Value: v})
				args = append(args, fmt.Sprintf("%s=config.get(%q)", kw.Name, pk))
			} else if env := osEnv(kw.Value); env != "" {
				rb.profile = append(rb.profile, mage.KV{Key: pk, Value: env})
				args = append(args, fmt.Sprintf("%s=config.get(%q)", kw.Name, pk))
			} else {
				args = append(args, fmt.Sprintf("%s=None", kw.Name))
				rb.entry.noteOn(StatusManual, "DM401", "resource %q field %s = %s is not a literal; set it in %s in utils/resources.py", rb.key, kw.Name, kw.Value.Text, fn)
			}
		}
		for i, a := range rb.value.Items {
			if rb.fromFactory != nil {
				break
			}
			name := fmt.Sprintf("arg%d", i)
			if i < len(order) {
				name = order[i]
			}
			pk := profileKey(rb.key, name)
			if v, ok := yamlValue(a); ok {
				rb.profile = append(rb.profile, mage.KV{Key: pk, Value: v})
				args = append(args, fmt.Sprintf("%s=config.get(%q)", name, pk))
			}
		}
		class := "DuckDBResource"
		if rb.class != nil {
			class = rb.class.VarName
		}
		if rb.kind == "duckdb" {
			// Mage's own DuckDB client reads DUCKDB_DATABASE; keep both spellings.
			if v, ok := rb.profile.Get(profileKey(rb.key, "database")); ok {
				rb.profile = append(rb.profile, mage.KV{Key: "DUCKDB_DATABASE", Value: v})
			}
		}
		create := ""
		if rb.made != nil {
			create = ".create_io_manager(None)"
		}
		fmt.Fprintf(&b, "    config = io_config()\n    return %s(%s)%s\n", class, strings.Join(args, ", "), create)
		switch rb.kind {
		case "duckdb":
			rb.entry.noteOn(StatusReview, "DM403", "DuckDBResource %q becomes io_config keys and a small DuckDBResource helper in utils/resources.py with the same get_connection()", rb.key)
		case "io_custom":
			if f := rb.fromFactory; f != nil {
				rb.entry.noteOn(StatusReview, "DM406", "IO manager %q is built by %s, which returns %s(...): the class is copied and %s() builds it with the same arguments, init_context.resource_config values coming from io_config.yaml", rb.key, f.fn, rb.class.VarName, fn)
			}
			rb.entry.noteOn(StatusReview, "DM406", "IO manager %q becomes %s() in utils/resources.py; a data_exporter block after each asset it stored calls its handle_output. Mage hands a block's value to downstream blocks in memory, so load_input is not called between blocks: the same data when load_input only reverses handle_output (check it); a SourceAsset it stores becomes a data_loader block calling load_input", rb.key, fn)
		default:
			rb.entry.noteOn(StatusReview, "DM401", "resource %q becomes io_config.yaml keys and %s() in utils/resources.py", rb.key, fn)
		}
	case "fn_factory":
		b.Reset()
		b.WriteString(rb.fnFactorySource(fn, t.relPath(rb.path)))
		how := ""
		if rb.fnFactory.takesContext {
			how = " with a stand-in init_context whose resource_config comes from io_config.yaml"
		}
		rb.entry.noteOn(StatusReview, "DM402", "resource %q is built by the @resource function %s: it is copied into utils/resources.py and %s() calls it%s", rb.key, rb.fnFactory.fn, fn, how)
		if rb.fnFactory.yields {
			rb.entry.noteOn(StatusReview, "DM402", "resource %q yields its value: %s() takes what it yields, and the code after the yield (closing a connection...) runs when the block's process ends instead of after the step", rb.key, fn)
		}
	case "io_builtin":
		rb.entry.noteOn(StatusConverted, "DM405", "IO manager %q is dropped: Mage stores block outputs itself", rb.key)
		return
	case "duckdb_io":
		for _, kw := range rb.value.Kwargs {
			if v, ok := yamlValue(kw.Value); ok {
				rb.profile = append(rb.profile, mage.KV{Key: profileKey(rb.key, kw.Name), Value: v})
			} else if env := osEnv(kw.Value); env != "" {
				rb.profile = append(rb.profile, mage.KV{Key: profileKey(rb.key, kw.Name), Value: env})
			}
		}
		rb.entry.noteOn(StatusReview, "DM406", "IO manager %q (%s) becomes a data_exporter block after each asset it stored, writing the asset to the same DuckDB table; Mage keeps block outputs itself, so other pipelines do not read the table back", rb.key, rb.value.Text)
		return
	case "io_warehouse":
		if t.warehouseProfile(rb) {
			return
		}
		rb.entry.noteOn(StatusManual, "DM406", "IO manager %q (%s) is not migrated: Mage stores block outputs itself; add a data_exporter block where the data must land in the warehouse", rb.key, rb.value.Text)
		return
	default:
		if rb.whyNot != "" {
			code := "DM406"
			if rb.fnFactory == nil && strings.HasPrefix(rb.whyNot, "resource ") {
				code = "DM402"
			}
			rb.entry.noteOn(StatusManual, code, "%s; %s() in utils/resources.py must be written by hand", rb.whyNot, fn)
		} else {
			rb.entry.noteOn(StatusManual, "DM401", "resource %q (%s) has no known Mage equivalent; %s() in utils/resources.py must be written by hand", rb.key, rb.value.Text, fn)
		}
		fmt.Fprintf(&b, "    # TODO(dagster2mage): DM401 build the %q resource (%s) here.\n    raise NotImplementedError(%q)\n", rb.key, strings.Join(strings.Fields(rb.value.Text), " "), "resource "+rb.key+" is not migrated")
	}
	rb.factory = b.String()
	if src := rb.resourceConfigSource(); src != "" {
		rb.factory += "\n\n" + src
	}
}

// resourceImport returns the import line for the <key>_resource() functions of the used
// resources (and records them as used in utils/resources.py); a resource no binding provides
// gets a stub there and, when e is given, a manual note on e.
func (t *translator) resourceImport(used map[string]bool, e *Entry) string {
	keys := make([]string, 0, len(used))
	for k := range used {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic notes
	var names []string
	for _, k := range keys {
		if !t.resourceAvailable(k) {
			// Bound nowhere this migration could read: a stub that says so, so the block
			// still loads and fails with that message instead of a NameError.
			t.unboundResource(k)
			if e != nil {
				noteUnbound(e, k)
			}
		}
		names = append(names, resourceFuncName(k)+"_resource")
		t.usedRes[k] = true
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return "from " + t.project + ".utils.resources import " + strings.Join(names, ", ")
}

// resourceAvailable reports whether blocks can call <key>_resource() built from a binding.
func (t *translator) resourceAvailable(key string) bool {
	rb, ok := t.resources[key]
	return ok && rb.factory != "" && rb.kind != "unbound"
}

// noteUnbound says on e that resource key is bound nowhere the migration could read.
func noteUnbound(e *Entry, key string) {
	e.noteOn(StatusManual, "DM401", "resource %q is not bound in Definitions: write %s_resource() in utils/resources.py", key, resourceFuncName(key))
}

// unboundResource makes <key>_resource() a stub raising a clear error, for a resource a
// block uses that no Definitions or job binding (as far as it can be read) provides.
func (t *translator) unboundResource(key string) {
	if rb, ok := t.resources[key]; ok && rb.factory != "" {
		return
	}
	fn := resourceFuncName(key) + "_resource"
	t.resources[key] = &resourceBinding{key: key, kind: "unbound", factory: fmt.Sprintf(
		"def %s():\n    \"\"\"The %q resource: no Definitions or job binds it where dagster2mage could read it.\"\"\"\n    # TODO(dagster2mage): DM401 build the %q resource here.\n    raise NotImplementedError(%q)\n",
		fn, key, key, "resource "+key+" is not bound in Definitions; write "+fn+"() in utils/resources.py")}
}

const ioConfigHelper = `def io_config(profile='default'):
    """Reads one profile of the project's io_config.yaml, rendering {{ env_var('X') }} like Mage."""
    import jinja2
    import yaml

    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'io_config.yaml')
    with open(path, encoding='utf-8') as f:
        text = jinja2.Template(f.read()).render(env_var=lambda name, default=None: os.getenv(name, default))
    values = (yaml.safe_load(text) or {}).get(profile) or {}
    return {k: (None if v == 'None' else v) for k, v in values.items()}
`

const duckdbHelper = `class DuckDBResource:
    """Stands in for dagster_duckdb.DuckDBResource: same get_connection() context manager."""

    def __init__(self, database=None, schema=None, connection_config=None, **kwargs):
        self.database = database
        self.schema = schema
        self.connection_config = connection_config or {}

    @contextlib.contextmanager
    def get_connection(self):
        import duckdb

        conn = duckdb.connect(self.database or ':memory:', config=self.connection_config)
        try:
            yield conn
        finally:
            conn.close()
`

// resourcesModule renders utils/resources.py for the resources blocks use.
func (t *translator) resourcesModule(used map[string]bool) []byte {
	var keys []string
	for k := range used {
		if rb, ok := t.resources[k]; ok && rb.factory != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 && !t.needIOConfig {
		return nil
	}
	sort.Strings(keys)
	imports := []string{"import os"}
	var classes, helpers []string
	needDuck, postpone := false, false
	seenClass := map[*analysis.Definition]bool{}
	needInit := false
	for _, k := range keys {
		rb := t.resources[k]
		if rb.kind == "duckdb" {
			needDuck = true
		}
		if f := rb.fnFactory; f != nil {
			needInit = needInit || f.takesContext
			if f.yields {
				imports = appendImport(imports, "import atexit")
			}
			m := t.module(f.path)
			if m == nil {
				continue
			}
			classes = append(classes, f.code)
			for n := range f.uses {
				postpone = postpone || (m.dagster[n] != "" && ioContextNames[n]) // annotations only
			}
			imps, hs, _, reached := m.supportNames(f.uses, nil)
			ip := t.blockImports(f.path, m, rb.entry, imps, f.uses, reached, false)
			postpone = postpone || ip.undefined
			for _, l := range ip.lines {
				imports = appendImport(imports, l)
			}
			for _, h := range hs {
				helpers = appendUniq(helpers, h.text)
			}
		}
		for _, c := range rb.copiedClasses() {
			if seenClass[c.def] {
				continue
			}
			seenClass[c.def] = true
			postpone = postpone || rb.kind == "io_custom"
			m := t.module(c.path)
			if m == nil {
				continue
			}
			code, uses := classShim(m, c.def)
			classes = append(classes, code)
			imps, hs, _, reached := m.supportNames(uses, nil)
			// Imports of the project's own modules read their copies under utils/.
			ip := t.blockImports(c.path, m, rb.entry, imps, uses, reached, false)
			postpone = postpone || ip.undefined
			for _, l := range ip.lines {
				imports = appendImport(imports, l)
			}
			for _, h := range hs {
				helpers = appendUniq(helpers, h.text) // a factory class and the class it makes often share helpers
			}
		}
	}
	if postpone {
		// An IO manager's methods are annotated with Dagster's context classes, which are not
		// imported here: keep the annotations unevaluated.
		imports = append([]string{"from __future__ import annotations"}, imports...)
	}
	if needDuck {
		imports = append(imports, "import contextlib")
		classes = append(classes, duckdbHelper)
	}
	if needInit {
		classes = append(classes, resourceInitContext)
	}
	var b strings.Builder
	b.WriteString("\"\"\"Resources migrated by dagster2mage: each Dagster resource becomes a plain class built\nfrom io_config.yaml by a <key>_resource() function that blocks call.\"\"\"\n")
	seen := map[string]bool{}
	sort.SliceStable(imports, func(i, j int) bool { return importRank(imports[i]) < importRank(imports[j]) })
	for _, imp := range imports {
		if !seen[imp] {
			seen[imp] = true
			b.WriteString(imp + "\n")
			t.importLines = append(t.importLines, imp)
		}
	}
	for _, part := range append(append(append([]string{ioConfigHelper}, helpers...), classes...), t.factories(keys)...) {
		b.WriteString("\n\n" + strings.TrimRight(part, "\n") + "\n")
	}
	return []byte(b.String())
}

func importRank(s string) int {
	if strings.HasPrefix(s, "from __future__ ") {
		return -1
	}
	if strings.HasPrefix(s, "import ") {
		return 0
	}
	return 1
}

func (t *translator) factories(keys []string) []string {
	var out []string
	for _, k := range keys {
		out = append(out, t.resources[k].factory)
	}
	return out
}

// classShim rewrites a ConfigurableResource class as a plain class: an __init__ taking the
// fields (defaults kept when literal), then the class's own methods and statements.
func classShim(m *pyModule, d *analysis.Definition) (string, map[string]bool) {
	st, _ := m.findClass(d.VarName)
	uses := map[string]bool{}
	if st == nil {
		return "", uses
	}
	def := st.node
	if def.Type() == "decorated_definition" {
		def = def.ChildByFieldName("definition")
	}
	body := def.ChildByFieldName("body")
	var params, assigns []string
	fieldNames := map[string]bool{}
	for _, f := range d.Resource.Fields {
		fieldNames[f.Name] = true
		def := "None"
		if f.HasDef && f.DefValue != nil {
			if _, ok := yamlValue(f.DefValue); ok && envName(f.DefValue) == "" {
				def = f.DefValue.Text
			}
		}
		params = append(params, f.Name+"="+def)
		assigns = append(assigns, "        self."+f.Name+" = "+f.Name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "class %s:\n", d.VarName)
	doc := "Was a Dagster " + d.Construct + "; now a plain class built by a <key>_resource() function."
	if d.Docstring != "" {
		doc = strings.TrimSpace(d.Docstring) + "\n\n    " + doc
	}
	b.WriteString("    \"\"\"" + doc + "\"\"\"\n")
	ownInit := body != nil && strings.Contains(body.Content(m.src), "def __init__(")
	if len(assigns) > 0 || !ownInit {
		// A plain IOManager class keeps its own __init__ (copied below).
		b.WriteString("\n    def __init__(self, " + strings.Join(append(params, "**kwargs"), ", ") + "):\n")
	}
	if len(assigns) == 0 && !ownInit {
		b.WriteString("        pass\n")
	}
	b.WriteString(strings.Join(assigns, "\n"))
	if len(assigns) > 0 {
		b.WriteString("\n")
	}
	for i := 0; body != nil && i < int(body.NamedChildCount()); i++ {
		c := body.NamedChild(i)
		if c.Type() == "expression_statement" && c.NamedChildCount() > 0 {
			first := c.NamedChild(0)
			if first.Type() == "string" && i == 0 {
				continue // docstring, kept above
			}
			if first.Type() == "assignment" {
				if l := first.ChildByFieldName("left"); l != nil && fieldNames[l.Content(m.src)] {
					continue // a field: set in __init__
				}
			}
		}
		if c.Type() == "comment" {
			continue
		}
		text := c.Content(m.src)
		collectNames(c, m.src, uses)
		b.WriteString("\n    " + text + "\n")
	}
	return b.String(), uses
}

// findClass returns the top-level class statement named name.
func (m *pyModule) findClass(name string) (*topStmt, bool) {
	for _, st := range m.stmts {
		if st.kind == "class" && len(st.binds) == 1 && st.binds[0] == name {
			return st, true
		}
	}
	return nil, false
}

// ioContextNames are Dagster names an IO manager class may mention in annotations only (they are
// left unevaluated in utils/resources.py) or as the base classes the shim drops.
var ioContextNames = map[string]bool{"OutputContext": true, "InputContext": true, "InitResourceContext": true,
	"ConfigurableIOManager": true, "IOManager": true, "ConfigurableResource": true, "ConfigurableIOManagerFactory": true}

// dagsterNamesIn lists the other Dagster names a resource class uses (decorators, helpers,
// Dagster's own IO managers): the copied class would fail without Dagster.
func (t *translator) dagsterNamesIn(rb *resourceBinding) []string {
	var out []string
	for _, c := range rb.copiedClasses() {
		m := t.module(c.path)
		if m == nil {
			continue
		}
		_, uses := classShim(m, c.def)
		for n := range uses {
			if m.dagster[n] != "" && !ioContextNames[n] {
				out = appendUniq(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}
