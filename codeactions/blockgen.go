package codeactions

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dagster2mage/dagster2mage/mage"
	sitter "github.com/smacker/go-tree-sitter"
)

// inputParam is one positional parameter of a generated block function, in upstream order.
type inputParam struct {
	Name       string
	Annotation string
	// Unpack lists the original parameters read out of a multi-output upstream:
	// `<Target> = <Name>[<Index>]  # output '<Output>' of <Name>`.
	Unpack []unpack
}

type unpack struct {
	Target string
	Index  int
	Output string
	From   string // the variable holding the outputs
	Block  string // the block that produced them, for the comment ("" = From)
}

// configVar is one pipeline variable a block reads.
type configVar struct {
	Field   string // field name in the Config class / config_schema
	Var     string // pipeline variable name (maybe prefixed)
	Default string // Python literal of the default ("None" when required)
}

// funcSpec describes one block function to generate from a Dagster function.
type funcSpec struct {
	m         *pyModule
	fn        *sitter.Node
	name      string // function name to emit
	decorator string // Mage decorator
	uuid      string
	assetKey  string
	inputs    []inputParam
	context   string
	mode      returnMode
	wrapList  bool
	// config: the `config` parameter (Config class) or context.op_config fields.
	configParam string
	configVars  []configVar
	opConfig    []configVar // config_schema fields read through context.op_config
	resources   map[string]string
	// resourceParams: parameter name → resource key, for parameters annotated with resources.
	resourceParams []string
	// partition helpers: the call expression that computes the key / window.
	partitionKeyExpr, timeWindowExpr string
	// check mode
	checkName string
	blocking  bool
	checkDoc  string
	// valueParam: the parameter of a check that receives the asset value.
	valueParam string
	// extraTodos are TODO lines put at the top of the function body.
	extraTodos []string
	// outNames are the output names of a multi-output function, in order.
	outNames []string
	// locals are assignments for parameters no upstream feeds.
	locals []string
	// inputLoads: inputs an input manager loads (after the resources are built).
	inputLoads []inputLoad
	// tick returns statements recomputing config fields a schedule derived from its tick.
	tick func(indent string, viaConfig bool) ([]string, bool)
}

// genResult is a generated function and what it needs at module level.
type genResult struct {
	code          string
	uses          map[string]bool // names read (for imports and helpers)
	needLogging   bool
	needNamespace bool
	needAsyncio   bool
	needTick      bool
	usedResources map[string]bool
	needPartition bool
	needWindow    bool
	returnsValue  bool
	notes         []string
	todos         []string // "DMxxx message"
	// bodyAt is the offset in code where the body's statements start (after the docstring);
	// indent is the body's indentation.
	bodyAt int
	indent string
}

var dagsterReturnTypes = []string{"MaterializeResult", "Output", "Iterator", "Generator", "AssetCheckResult", "Nothing", "ObserveResult", "DynamicOutput", "Iterable"}

// genFunction rewrites the Dagster function into a Mage block (or @test) function.
func genFunction(s *funcSpec) genResult {
	r := &fnRewrite{m: s.m, fn: s.fn, uuid: s.uuid, context: s.context, mode: s.mode, wrapList: s.wrapList,
		checkName: s.checkName, blocking: s.blocking, resources: s.resources, assetKey: s.assetKey}
	r.run()
	src := s.m.src
	body := s.fn.ChildByFieldName("body")
	var b strings.Builder
	// Signature.
	var params []string
	for _, in := range s.inputs {
		p := in.Name
		if in.Annotation != "" && len(in.Unpack) == 0 && !s.m.namesDagster(in.Annotation) {
			p += ": " + in.Annotation
		}
		params = append(params, p)
	}
	if s.partitionKeyExpr == "" {
		s.partitionKeyExpr = "kwargs.get('partition_key')  # TODO(dagster2mage): DM501 no partitions_def: set the partition_key variable"
		s.timeWindowExpr = "None  # TODO(dagster2mage): DM501 no time partitions: compute the window from kwargs['execution_date']"
	}
	needKwargs := true
	if s.mode == returnCheck && s.valueParam != "" {
		params = []string{s.valueParam}
		needKwargs = r.needLogger || r.needPartitionKey || r.needTimeWindow || r.needOpConfig || len(s.configVars) > 0
	}
	if len(params) == 0 || !strings.HasPrefix(params[len(params)-1], "*") {
		params = append(params, "*args")
	}
	if needKwargs {
		params = append(params, "**kwargs")
	}
	ret := ""
	if rt := s.fn.ChildByFieldName("return_type"); rt != nil {
		ret = rt.Content(src)
		for _, d := range dagsterReturnTypes {
			if strings.Contains(ret, d) {
				ret = ""
				break
			}
		}
		if s.m.refersToDagster(rt) || s.wrapList || s.mode == returnDynamic {
			ret = ""
		}
	}
	if s.mode == returnCheck && s.valueParam != "" {
		ret = "None"
	}
	b.WriteString("@" + s.decorator + "\n")
	b.WriteString("def " + s.name + "(" + strings.Join(params, ", ") + ")")
	if ret != "" {
		b.WriteString(" -> " + ret)
	}
	b.WriteString(":\n")
	if body == nil {
		b.WriteString("    pass\n")
		return genResult{code: b.String()}
	}
	// Body: the docstring first, then the prologue, then the rewritten statements.
	first := body.NamedChild(0)
	indent := "    "
	if first != nil {
		indent = r.indentOf(first)
		if strings.TrimSpace(indent) != "" || indent == "" {
			indent = "    "
		}
	}
	bodyStart, inline := bodyStartOf(src, body)
	restStart := bodyStart
	doc := ""
	if first != nil && first.Type() == "expression_statement" && first.NamedChildCount() > 0 && first.NamedChild(0).Type() == "string" {
		restStart = lineEnd(src, int(first.EndByte()))
		doc = string(src[bodyStart:restStart])
	}
	if doc != "" {
		b.WriteString(doc)
		if !strings.HasSuffix(doc, "\n") {
			b.WriteString("\n")
		}
	} else if s.mode == returnCheck && s.checkDoc != "" {
		b.WriteString(indent + `"""` + s.checkDoc + `"""` + "\n")
	}
	var prologue []string
	for _, t := range s.extraTodos {
		prologue = append(prologue, "# TODO(dagster2mage): "+t)
	}
	res := genResult{usedResources: r.usedResources}
	if r.needLogger {
		prologue = append(prologue, fmt.Sprintf("logger = kwargs.get('logger') or logging.getLogger(%s)", pyQuote(s.uuid)))
		res.needLogging = true
	}
	prologue = append(prologue, s.locals...)
	for _, name := range r.localOrder {
		prologue = append(prologue, name+" = "+r.locals[name])
	}
	if r.needNamespace {
		res.needNamespace = true
	}
	for _, u := range inputsUnpack(s.inputs) {
		of := u.Block
		if of == "" {
			of = u.From
		}
		prologue = append(prologue, fmt.Sprintf("%s = %s[%d]  # output '%s' of %s", u.Target, u.From, u.Index, u.Output, of))
	}
	if s.configParam != "" && len(s.configVars) > 0 {
		var fields []string
		for _, c := range s.configVars {
			fields = append(fields, fmt.Sprintf("%s=kwargs.get(%q, %s)", c.Field, c.Var, c.Default))
		}
		prologue = append(prologue, wrapCall("config = SimpleNamespace(", fields, ")", indent))
		res.needNamespace = true
	} else if s.configParam != "" {
		prologue = append(prologue, "config = SimpleNamespace(**kwargs)")
		res.needNamespace = true
	}
	if r.needOpConfig {
		if len(s.opConfig) > 0 {
			var fields []string
			for _, c := range s.opConfig {
				fields = append(fields, fmt.Sprintf("%q: kwargs.get(%q, %s)", c.Field, c.Var, c.Default))
			}
			prologue = append(prologue, wrapCall("op_config = {", fields, "}", indent))
		} else {
			prologue = append(prologue, "op_config = kwargs  # Dagster op config arrives as pipeline variables")
		}
	}
	if s.tick != nil && (s.configParam != "" || r.needOpConfig) {
		lines, ok := s.tick(indent, s.configParam != "")
		prologue = append(prologue, lines...)
		res.needTick = ok
	}
	prologue = append(prologue, resourceSetup(r, s)...)
	for _, l := range s.inputLoads {
		prologue = append(prologue, l.line(s.uuid, indent))
		res.needNamespace, res.needLogging = true, true
	}
	if r.needPartitionKey || r.needTimeWindow {
		if r.needPartitionKey {
			prologue = append(prologue, "partition_key = "+s.partitionKeyExpr)
			res.needPartition = true
		}
		if r.needTimeWindow {
			prologue = append(prologue, "partition_time_window = "+s.timeWindowExpr)
			res.needWindow = true
		}
	}
	if s.mode == returnDynamic {
		prologue = append(prologue, "dynamic_items, dynamic_metadata = [], []")
	}
	if r.multiYields > 0 {
		prologue = append(prologue, "outputs = {}")
	}
	res.bodyAt, res.indent = b.Len(), indent
	for _, p := range prologue {
		b.WriteString(indentLines(p, indent) + "\n")
	}
	rest := r.apply(restStart, int(body.EndByte()))
	if inline {
		rest = indent + rest // `def f(): ...` on one line
	}
	b.WriteString(rest)
	if !strings.HasSuffix(rest, "\n") {
		b.WriteString("\n")
	}
	if s.mode == returnDynamic {
		b.WriteString(indent + "return [dynamic_items, dynamic_metadata]\n")
		res.returnsValue = true
	}
	if r.multiYields > 0 {
		var outs []string
		for _, n := range s.outNames {
			outs = append(outs, "outputs["+pyQuote(n)+"]")
		}
		b.WriteString(indent + "return " + strings.Join(outs, ", ") + "\n")
	}
	if strings.TrimSpace(rest) == "" && len(prologue) == 0 && doc == "" {
		b.WriteString(indent + "pass\n")
	}
	res.code = b.String()
	res.returnsValue = res.returnsValue || r.returnsValue
	res.needLogging = res.needLogging || r.needLogging
	res.notes = r.notes
	for _, t := range r.todos {
		res.todos = append(res.todos, t.code+" "+t.msg)
	}
	res.todos = append(res.todos, s.extraTodos...)
	// Names the new code reads: parse it alone (it is a complete function definition).
	res.uses = namesUsed(res.code)
	return res
}

// wrapCall renders open + items + close on one line, or one item per line past 100 columns.
func wrapCall(open string, items []string, closing, indent string) string {
	line := open + strings.Join(items, ", ") + closing
	if len(line)+len(indent) <= 100 {
		return line
	}
	return open + "\n" + indent + "    " + strings.Join(items, ",\n"+indent+"    ") + ",\n" + indent + closing
}

func inputsUnpack(ins []inputParam) []unpack {
	var out []unpack
	for _, in := range ins {
		out = append(out, in.Unpack...)
	}
	return out
}

// indentLines indents the first line; continuation lines are built with the indent already.
func indentLines(s, indent string) string { return indent + s }

// bodyStartOf is where a function body's text starts: the beginning of its first line, or the
// body itself when it follows the colon on the def line (inline is then true).
func bodyStartOf(src []byte, body *sitter.Node) (int, bool) {
	start := int(body.StartByte())
	ls := lineStart(src, start)
	if strings.TrimSpace(string(src[ls:start])) != "" {
		return start, true
	}
	return ls, false
}

func lineStart(src []byte, off int) int {
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

func lineEnd(src []byte, off int) int {
	for off < len(src) && src[off] != '\n' {
		off++
	}
	if off < len(src) {
		off++
	}
	return off
}

// namesUsed returns the free names a piece of Python code reads (minus what it binds itself is
// not subtracted: module-level lookups of bound names are harmless).
func namesUsed(code string) map[string]bool {
	out := map[string]bool{}
	tree, err := parsePython([]byte(code))
	if err != nil {
		return out
	}
	defer tree.Close()
	collectNames(tree.RootNode(), []byte(code), out)
	return out
}

// resourceSetup marks the resources a block takes as parameters as used and returns the lines
// that build every used resource (`files = files_resource()`), in key order.
func resourceSetup(r *fnRewrite, s *funcSpec) []string {
	for _, p := range s.resourceParams {
		r.usedResources[p] = true
	}
	var keys []string
	for k := range r.usedResources {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var lines []string
	for _, k := range keys {
		v := k
		if lv, ok := s.resources[k]; ok {
			v = lv
		}
		lines = append(lines, fmt.Sprintf("%s = %s_resource()", v, resourceFuncName(k)))
	}
	return lines
}

func resourceFuncName(key string) string { return mage.Identifier(key) }

// blockFileSpec assembles a block file.
type blockFileSpec struct {
	header     []string // comment lines (without "# ")
	imports    []string // import lines
	helpers    []string // module-level helper code, in source order
	decorators []string // guarded decorator names, in order
	functions  []string
}

func (f *blockFileSpec) render(record *[]string) []byte {
	*record = append(*record, f.imports...)
	var b strings.Builder
	for _, h := range f.header {
		b.WriteString(strings.TrimRight("# "+h, " ") + "\n")
	}
	seen := map[string]bool{}
	for _, imp := range f.imports {
		if !seen[imp] {
			seen[imp] = true
			b.WriteString(imp + "\n")
		}
	}
	if len(f.imports) > 0 || len(f.header) > 0 {
		b.WriteString("\n")
	}
	if len(f.helpers) > 0 {
		b.WriteString("\n")
		for _, h := range f.helpers {
			b.WriteString(strings.TrimRight(h, "\n") + "\n\n\n")
		}
	}
	for _, d := range f.decorators {
		b.WriteString("if '" + d + "' not in globals():\n    from mage_ai.data_preparation.decorators import " + d + "\n")
	}
	for _, fn := range f.functions {
		b.WriteString("\n\n" + strings.TrimRight(fn, "\n") + "\n")
	}
	return []byte(b.String())
}
