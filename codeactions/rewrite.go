package codeactions

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

// returnMode says how return/yield statements of a function are rewritten.
type returnMode int

const (
	returnValue   returnMode = iota // Output(v)/MaterializeResult(value=v) → v
	returnMulti                     // several outputs: the tuple is kept, Mage splits it
	returnDynamic                   // DynamicOutput yields → [items, metadata]
	returnCheck                     // AssetCheckResult → assert / logged warning
)

// todo is a TODO(dagster2mage) comment to insert above the statement at offset.
type todo struct {
	at   int
	code string
	msg  string
}

type edit struct {
	start, end int
	text       string
}

// fnRewrite rewrites the body of one asset/op/check function into Mage block code.
type fnRewrite struct {
	m    *pyModule
	fn   *sitter.Node // function_definition
	uuid string       // block uuid, used for the logger name

	context string // the context parameter's name, "" if none
	mode    returnMode
	// wrapList makes `return v` into `return [v]` so a list/tuple reaches downstream blocks whole.
	wrapList bool
	// check mode
	checkName string
	blocking  bool
	// resources maps a resource key to the local variable that holds it.
	resources map[string]string
	assetKey  string

	// sensor: RunRequest → return True, SkipReason → return False. hook: HookContext members.
	sensor, hook bool

	edits []edit
	todos []todo

	needLogger, needLogging, needPartitionKey, needTimeWindow, needOpConfig bool
	needNamespace                                                           bool
	// locals are values read from kwargs into local variables (name → expression), in order;
	// replacing context members by names keeps f-strings valid (no quotes inside).
	locals        map[string]string
	localOrder    []string
	usedResources map[string]bool
	returnsValue  bool
	dynamicYields int
	multiYields   int
	notes         []string
}

func (r *fnRewrite) text(n *sitter.Node) string { return n.Content(r.m.src) }

func (r *fnRewrite) replace(n *sitter.Node, s string) {
	r.edits = append(r.edits, edit{int(n.StartByte()), int(n.EndByte()), s})
}

func (r *fnRewrite) addTodo(n *sitter.Node, code, format string, args ...any) {
	st := enclosingStatement(n)
	msg := fmt.Sprintf(format, args...)
	for _, t := range r.todos {
		if t.at == int(st.StartByte()) && t.msg == msg {
			return
		}
	}
	r.todos = append(r.todos, todo{int(st.StartByte()), code, msg})
}

func (r *fnRewrite) note(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	for _, n := range r.notes {
		if n == s {
			return
		}
	}
	r.notes = append(r.notes, s)
}

// enclosingStatement climbs to the statement that contains n (the line a TODO goes above).
func enclosingStatement(n *sitter.Node) *sitter.Node {
	for p := n; p != nil; p = p.Parent() {
		parent := p.Parent()
		if parent == nil || parent.Type() == "block" || parent.Type() == "module" {
			return p
		}
	}
	return n
}

// indentOf returns the whitespace before n on its line.
func (r *fnRewrite) indentOf(n *sitter.Node) string {
	start := int(n.StartByte())
	ls := start
	for ls > 0 && r.m.src[ls-1] != '\n' {
		ls--
	}
	return string(r.m.src[ls:start])
}

func (r *fnRewrite) run() {
	if r.usedResources == nil {
		r.usedResources = map[string]bool{}
	}
	body := r.fn.ChildByFieldName("body")
	if body != nil {
		r.walk(body, false)
	}
}

func (r *fnRewrite) walk(n *sitter.Node, nested bool) {
	switch n.Type() {
	case "function_definition", "lambda", "class_definition":
		nested = true
	case "attribute":
		if obj := n.ChildByFieldName("object"); obj != nil && r.context != "" && obj.Type() == "identifier" && r.text(obj) == r.context {
			r.contextAttr(n)
			return
		}
	case "identifier":
		if r.context != "" && r.text(n) == r.context {
			if p := n.Parent(); p != nil && p.Type() == "keyword_argument" && p.ChildByFieldName("name").Equal(n) {
				return
			}
			r.addTodo(n, "DM901", "the Dagster context object is passed on here; Mage has no context object (runtime values are in kwargs)")
		}
		return
	case "call":
		if r.call(n) {
			return
		}
	case "return_statement":
		if !nested && r.returnStmt(n) {
			return
		}
	case "expression_statement":
		if !nested && n.NamedChildCount() > 0 && n.NamedChild(0).Type() == "yield" && r.yieldStmt(n, n.NamedChild(0)) {
			return
		}
	case "raise_statement":
		// handled through call()
	}
	for i := 0; i < int(n.NamedChildCount()); i++ {
		r.walk(n.NamedChild(i), nested)
	}
}

// contextAttr rewrites context.<attr> (dagster-constructs.md §7.8).
func (r *fnRewrite) contextAttr(n *sitter.Node) {
	attr := r.text(n.ChildByFieldName("attribute"))
	parent := n.Parent()
	parentAttr := ""
	if parent != nil && parent.Type() == "attribute" && parent.ChildByFieldName("object").Equal(n) {
		parentAttr = r.text(parent.ChildByFieldName("attribute"))
	}
	isCallee := parent != nil && parent.Type() == "call" && parent.ChildByFieldName("function").Equal(n)
	if r.hook {
		switch {
		case (attr == "op" || attr == "op_def") && parentAttr == "name":
			r.replace(parent, r.local("parent_block_uuid", "kwargs.get('parent_block_uuid')"))
			return
		case attr == "op_exception":
			r.replace(n, r.local("error", "kwargs.get('__error')"))
			return
		case attr == "run_id":
			r.replace(n, r.local("run_id", "getattr(kwargs.get('pipeline_run'), 'id', None)"))
			return
		}
	}
	if r.sensor && (attr == "cursor" || attr == "update_cursor" || attr == "last_run_key" || attr == "instance") {
		r.addTodo(n, "DM311", "context.%s: Mage sensors keep no cursor or run history; store that state yourself (a file or a table)", attr)
		return
	}
	switch attr {
	case "log":
		r.replace(n, "logger")
		r.needLogger = true
	case "partition_key", "asset_partition_key_for_output":
		if isCallee {
			r.replace(parent, "partition_key")
		} else {
			r.replace(n, "partition_key")
		}
		r.needPartitionKey = true
	case "partition_time_window", "asset_partitions_time_window_for_output":
		if isCallee {
			r.replace(parent, "partition_time_window")
		} else {
			r.replace(n, "partition_time_window")
		}
		r.needTimeWindow = true
	case "has_partition_key":
		r.replace(n, "(partition_key is not None)")
		r.needPartitionKey = true
	case "op_config":
		r.replace(n, "op_config")
		r.needOpConfig = true
	case "resources":
		if parentAttr == "" {
			r.addTodo(n, "DM401", "context.resources is used as a whole; build the resources it needs from %s.utils", "the project")
			return
		}
		v, ok := r.resources[parentAttr]
		if !ok {
			v = parentAttr
		}
		r.usedResources[parentAttr] = true
		r.replace(parent, v)
	case "run_id":
		r.replace(n, r.local("run_id", "kwargs.get('pipeline_run_id')"))
	case "run":
		if parentAttr == "run_id" {
			r.replace(parent, r.local("run_id", "kwargs.get('pipeline_run_id')"))
			return
		}
		r.addTodo(n, "DM901", "context.run has no Mage equivalent; kwargs holds pipeline_run_id, pipeline_uuid and execution_date")
	case "job_name":
		r.replace(n, r.local("pipeline_uuid", "kwargs.get('pipeline_uuid')"))
	case "asset_key":
		var parts []string
		for _, p := range strings.Split(r.assetKey, "/") {
			parts = append(parts, pyQuote(p))
		}
		r.replace(n, r.local("asset_key", "SimpleNamespace(path=["+strings.Join(parts, ", ")+"])  # Dagster AssetKey"))
		r.needNamespace = true
		r.note("context.asset_key became a local asset_key with the key's path")
	case "op_def", "op", "op_handle", "node_handle":
		if parentAttr == "name" {
			r.replace(parent, r.local("block_uuid", "kwargs.get('block_uuid')"))
			return
		}
		r.addTodo(n, "DM901", "context.%s has no Mage equivalent", attr)
	case "add_output_metadata", "add_asset_metadata", "log_event":
		if !isCallee {
			r.addTodo(n, "DM901", "context.%s has no Mage equivalent", attr)
			return
		}
		args := parent.ChildByFieldName("arguments")
		r.replace(parent, r.logCall("metadata", args))
		r.needLogger = true
		r.note("context.%s(...) is logged: Mage has no asset metadata", attr)
	case "scheduled_execution_time":
		r.replace(n, r.local("execution_date", "kwargs.get('execution_date')"))
	case "retry_number":
		r.replace(n, r.local("retry_number", "(kwargs.get('retry') or {}).get('attempts', 0)"))
	default:
		r.addTodo(n, "DM901", "context.%s has no Mage equivalent", attr)
		r.note("context.%s has no Mage equivalent (TODO in the block)", attr)
	}
}

// local registers a local variable computed once in the prologue and returns its name.
func (r *fnRewrite) local(name, expr string) string {
	if r.locals == nil {
		r.locals = map[string]string{}
	}
	if _, ok := r.locals[name]; !ok {
		r.locals[name] = expr
		r.localOrder = append(r.localOrder, name)
	}
	return name
}

// logCall renders logger.info('<label>: %s', <value>) from call arguments: a single
// positional argument or metadata=... is logged as is, anything else as a dict.
func (r *fnRewrite) logCall(label string, args *sitter.Node) string {
	value := "None"
	if args != nil {
		var pos []*sitter.Node
		var kw []*sitter.Node
		for i := 0; i < int(args.NamedChildCount()); i++ {
			a := args.NamedChild(i)
			if a.Type() == "keyword_argument" {
				kw = append(kw, a)
			} else if a.Type() != "comment" {
				pos = append(pos, a)
			}
		}
		switch {
		case len(pos) == 1 && len(kw) == 0:
			value = r.text(pos[0])
		case len(pos) == 0 && len(kw) == 1 && r.text(kw[0].ChildByFieldName("name")) == "metadata":
			value = r.text(kw[0].ChildByFieldName("value"))
		default:
			inner := r.text(args)
			value = "dict" + inner
			if len(pos) > 0 {
				value = "[" + strings.TrimSuffix(strings.TrimPrefix(inner, "("), ")") + "]"
			}
		}
	}
	return fmt.Sprintf("logger.info(%s, %s)", strconv.Quote(label+": %s"), value)
}

// call rewrites calls to Dagster helpers; it reports whether it handled the whole node.
func (r *fnRewrite) call(n *sitter.Node) bool {
	sym := r.m.dagsterSymbol(n.ChildByFieldName("function"))
	switch sym {
	case "get_dagster_logger":
		if p := n.Parent(); p != nil && p.Type() == "assignment" {
			r.replace(n, "kwargs.get('logger') or logging.getLogger("+pyQuote(r.uuid)+")")
			r.needLogging = true
		} else {
			r.replace(n, "logger")
			r.needLogger = true
		}
		return true
	case "Failure":
		args := n.ChildByFieldName("arguments")
		desc := r.argValue(args, "description", 0)
		if desc == nil {
			r.replace(n, "Exception('failure')")
		} else {
			r.replace(n, "Exception("+r.text(desc)+")")
		}
		return true
	case "RetryRequested":
		r.replace(n, "Exception('retry requested')")
		r.note("RetryRequested became a plain exception: Mage retries a failed block per its retry_config")
		return true
	}
	return false
}

// argValue returns keyword argument name, else the i-th positional argument (i < 0: none).
func (r *fnRewrite) argValue(args *sitter.Node, name string, i int) *sitter.Node {
	if args == nil {
		return nil
	}
	pos := 0
	var positional *sitter.Node
	for j := 0; j < int(args.NamedChildCount()); j++ {
		a := args.NamedChild(j)
		switch a.Type() {
		case "keyword_argument":
			if r.text(a.ChildByFieldName("name")) == name {
				return a.ChildByFieldName("value")
			}
		case "comment", "list_splat", "dictionary_splat":
		default:
			if pos == i {
				positional = a
			}
			pos++
		}
	}
	return positional
}

func (r *fnRewrite) isLast(st *sitter.Node) bool {
	body := r.fn.ChildByFieldName("body")
	return st.Parent() != nil && st.Parent().Equal(body) && st.NextNamedSibling() == nil
}

func (r *fnRewrite) insertBefore(st *sitter.Node, line string) {
	start := int(st.StartByte())
	r.edits = append(r.edits, edit{start, start, line + "\n" + r.indentOf(st)})
}

// metadataLine logs Dagster metadata unless it is built from Dagster types (which do not exist
// in Mage): then it is dropped with a comment.
func (r *fnRewrite) metadataLine(md *sitter.Node) string {
	if r.m.refersToDagster(md) {
		r.note("Dagster metadata built with Dagster types is dropped")
		return "# Dagster metadata dropped here: it used Dagster metadata types."
	}
	r.needLogger = true
	return fmt.Sprintf("logger.info('metadata: %%s', %s)", r.text(md))
}

func (r *fnRewrite) returnStmt(n *sitter.Node) bool {
	if n.NamedChildCount() == 0 {
		return false
	}
	value := n.NamedChild(0)
	sym := ""
	if value.Type() == "call" {
		sym = r.m.dagsterSymbol(value.ChildByFieldName("function"))
	}
	if r.sensor {
		return r.sensorResult(n, value, sym, "return ")
	}
	if r.mode == returnCheck {
		if sym == "AssetCheckResult" {
			r.checkResult(n, value)
			return true
		}
		r.addTodo(n, "DM601", "this check returns something other than AssetCheckResult(...); turn it into an assert")
		return false
	}
	switch sym {
	case "Output", "MaterializeResult", "ObserveResult":
		args := value.ChildByFieldName("arguments")
		v := r.argValue(args, "value", -1)
		if sym == "Output" {
			v = r.argValue(args, "value", 0)
		}
		if md := r.argValue(args, "metadata", -1); md != nil {
			r.insertBefore(n, r.metadataLine(md))
		}
		if v == nil {
			r.replace(value, "None")
			return false
		}
		r.returnsValue = true
		open, closing := "", ""
		if r.wrapList && r.mode == returnValue {
			open, closing = "[", "]"
		} else if strings.Contains(r.text(v), "\n") {
			open, closing = "(", ")" // it spanned lines inside the call's parentheses
		}
		r.edits = append(r.edits, edit{int(value.StartByte()), int(v.StartByte()), open},
			edit{int(v.EndByte()), int(value.EndByte()), closing})
		r.walk(v, false)
		return true
	}
	if value.Type() == "none" {
		return false
	}
	r.returnsValue = true
	if r.mode == returnValue && r.wrapList {
		open, closing := "[", "]"
		if value.Type() == "expression_list" {
			open, closing = "[(", ")]"
		}
		r.edits = append(r.edits, edit{int(value.StartByte()), int(value.StartByte()), open},
			edit{int(value.EndByte()), int(value.EndByte()), closing})
	}
	return false
}

func (r *fnRewrite) yieldStmt(st, y *sitter.Node) bool {
	var value *sitter.Node
	if y.NamedChildCount() > 0 {
		value = y.NamedChild(0)
	}
	sym := ""
	if value != nil && value.Type() == "call" {
		sym = r.m.dagsterSymbol(value.ChildByFieldName("function"))
	}
	indent := r.indentOf(st)
	if r.sensor && value != nil {
		return r.sensorResult(st, value, sym, "yield ")
	}
	switch {
	case sym == "DynamicOutput" && r.mode == returnDynamic:
		args := value.ChildByFieldName("arguments")
		v := r.argValue(args, "value", 0)
		k := r.argValue(args, "mapping_key", 1)
		if v == nil {
			break
		}
		line := "dynamic_items.append(" + r.text(v) + ")"
		if k != nil {
			line += "\n" + indent + "dynamic_metadata.append({'block_uuid': " + r.text(k) + "})"
		}
		r.replace(st, line)
		r.dynamicYields++
		return true
	case sym == "Output" && r.mode == returnMulti:
		args := value.ChildByFieldName("arguments")
		v := r.argValue(args, "value", 0)
		name := r.argValue(args, "output_name", 1)
		if v == nil || name == nil {
			break
		}
		if md := r.argValue(args, "metadata", -1); md != nil {
			r.insertBefore(st, r.metadataLine(md))
		}
		r.replace(st, "outputs["+r.text(name)+"] = "+parenIfMultiline(r.text(v)))
		r.multiYields++
		r.returnsValue = true
		return true
	case sym == "Output" && r.mode == returnValue && r.isLast(st):
		args := value.ChildByFieldName("arguments")
		v := r.argValue(args, "value", 0)
		if v == nil {
			break
		}
		if md := r.argValue(args, "metadata", -1); md != nil {
			r.insertBefore(st, r.metadataLine(md))
		}
		r.replace(st, "return "+parenIfMultiline(r.text(v)))
		r.returnsValue = true
		return true
	case sym == "AssetMaterialization" || sym == "AssetObservation" || sym == "ExpectationResult":
		r.replace(st, "pass  # Dagster "+sym+" event dropped: Mage has no event log")
		r.note("yield %s(...) dropped: Mage has no event log", sym)
		return true
	}
	r.addTodo(st, "DM104", "this yield has no Mage equivalent: a Mage block returns its output once")
	r.note("generator body: yields need a manual rewrite (TODO in the block)")
	return false
}

// parenIfMultiline wraps an expression taken out of a call's parentheses when it spans lines.
func parenIfMultiline(expr string) string {
	if strings.Contains(expr, "\n") {
		return "(" + expr + ")"
	}
	return expr
}

// sensorResult rewrites what a sensor returns or yields into the boolean a Mage sensor returns.
func (r *fnRewrite) sensorResult(st, value *sitter.Node, sym, kw string) bool {
	if kw == "yield " && (sym == "RunRequest" || sym == "SkipReason" || sym == "SensorResult") {
		r.dropBareReturnAfter(st)
	}
	switch sym {
	case "RunRequest":
		r.replace(st, "return True")
		return true
	case "SkipReason":
		r.replace(st, "return False")
		return true
	case "SensorResult":
		args := value.ChildByFieldName("arguments")
		if rr := r.argValue(args, "run_requests", 0); rr != nil {
			r.replace(st, "return bool("+r.text(rr)+")")
		} else {
			r.replace(st, "return False")
		}
		return true
	}
	if kw == "return " && (value.Type() == "list" || value.Type() == "list_comprehension") {
		r.replace(st, "return bool("+r.text(value)+")")
		return true
	}
	if kw == "yield " {
		r.addTodo(st, "DM311", "this yield does not request a run in Mage: return True from the sensor to start the pipeline")
	}
	return false
}

// checkResult turns `return AssetCheckResult(passed=P, ...)` into an assert (blocking checks)
// or a logged warning (non-blocking ones), dagster-constructs.md §6.I.
func (r *fnRewrite) checkResult(st, call *sitter.Node) {
	args := call.ChildByFieldName("arguments")
	passed := r.argValue(args, "passed", 0)
	if passed == nil {
		r.addTodo(st, "DM601", "AssetCheckResult without passed=; write the assertion by hand")
		return
	}
	severityWarn := false
	if sev := r.argValue(args, "severity", -1); sev != nil && strings.HasSuffix(r.text(sev), "WARN") {
		severityWarn = true
	}
	msg := r.checkMessage(r.argValue(args, "description", -1), r.argValue(args, "metadata", -1))
	indent := r.indentOf(st)
	var out string
	p := r.text(passed)
	if strings.Contains(p, "\n") {
		p = "(" + p + ")" // it spanned lines inside the call's parentheses
	}
	switch {
	case p == "True":
		out = "pass"
	case r.blocking && !severityWarn && p == "False":
		out = "raise AssertionError(" + msg + ")"
	case r.blocking && !severityWarn:
		out = "assert " + p + ", " + msg
	case p == "False":
		r.needLogger = true
		out = "logger.warning(" + msg + ")"
	default:
		r.needLogger = true
		out = "if not (" + p + "):\n" + indent + "    logger.warning(" + msg + ")"
	}
	if !r.isLast(st) {
		out += "\n" + indent + "return"
	}
	r.replace(st, out)
}

// checkMessage builds the failure message "<check>: <description>; k=v, ..." as an f-string, or
// with %-formatting when an expression holds quotes, braces, backslashes or newlines (an f-string
// cannot on Python < 3.12).
func (r *fnRewrite) checkMessage(desc, md *sitter.Node) string {
	type part struct {
		lit  string // literal text
		expr string // or an expression
	}
	var segs []part
	if desc != nil {
		if s, ok := pyStringLiteral(r.text(desc)); ok {
			segs = append(segs, part{lit: s})
		} else {
			segs = append(segs, part{expr: r.text(desc)})
		}
	}
	var kvs []part // alternating key literal, value expression
	if md != nil && md.Type() == "dictionary" {
		for i := 0; i < int(md.NamedChildCount()); i++ {
			p := md.NamedChild(i)
			if p.Type() != "pair" {
				continue
			}
			k, ok := pyStringLiteral(r.text(p.ChildByFieldName("key")))
			if !ok {
				continue
			}
			v := p.ChildByFieldName("value")
			// MetadataValue.int(x) → x
			if v.Type() == "call" && strings.HasPrefix(r.m.dagsterSymbol(v.ChildByFieldName("function")), "MetadataValue") {
				if a := r.argValue(v.ChildByFieldName("arguments"), "value", 0); a != nil {
					v = a
				}
			}
			if r.m.refersToDagster(v) {
				continue
			}
			kvs = append(kvs, part{lit: k + "="}, part{expr: r.text(v)})
		}
	} else if md != nil && !r.m.refersToDagster(md) {
		kvs = append(kvs, part{lit: "metadata="}, part{expr: r.text(md)})
	}
	all := append(append([]part(nil), segs...), kvs...)
	fOK, hasExpr := true, false
	for _, p := range all {
		if p.expr != "" {
			hasExpr = true
			if strings.ContainsAny(p.expr, "\"\\{}\n") {
				fOK = false
			}
		}
	}
	render := func(lit func(string) string, expr func(string) string) string {
		var b strings.Builder
		b.WriteString(lit(r.checkName))
		if len(all) == 0 {
			return b.String()
		}
		b.WriteString(lit(": "))
		for _, p := range segs {
			if p.expr != "" {
				b.WriteString(expr(p.expr))
			} else {
				b.WriteString(lit(p.lit))
			}
		}
		if len(segs) > 0 && len(kvs) > 0 {
			b.WriteString(lit("; "))
		}
		for i := 0; i+1 < len(kvs); i += 2 {
			if i > 0 {
				b.WriteString(lit(", "))
			}
			b.WriteString(lit(kvs[i].lit) + expr(kvs[i+1].expr))
		}
		return b.String()
	}
	same := func(s string) string { return s }
	switch {
	case !hasExpr:
		return strconv.Quote(render(same, same))
	case fOK:
		esc := strings.NewReplacer("{", "{{", "}", "}}")
		return "f" + strconv.Quote(render(esc.Replace, func(e string) string { return "{" + e + "}" }))
	}
	var vals []string
	text := render(func(s string) string { return strings.ReplaceAll(s, "%", "%%") }, func(e string) string {
		vals = append(vals, e)
		return "%s"
	})
	return fmt.Sprintf("%s %% (%s,)", strconv.Quote(text), strings.Join(vals, ", "))
}

// pyStringLiteral decodes a simple (non-f, non-bytes) Python string literal.
func pyStringLiteral(s string) (string, bool) {
	if len(s) < 2 {
		return "", false
	}
	q := s[0]
	if q != '"' && q != '\'' || s[len(s)-1] != q || strings.HasPrefix(s, `"""`) || strings.HasPrefix(s, "'''") {
		return "", false
	}
	inner := s[1 : len(s)-1]
	if strings.ContainsAny(inner, "\\\n") || strings.ContainsRune(inner, rune(q)) {
		return "", false
	}
	return inner, true
}

// apply returns the source of [start, end) with the edits applied and TODO comments inserted
// above their statements.
func (r *fnRewrite) apply(start, end int) string {
	if end > len(r.m.src) {
		end = len(r.m.src)
	}
	if start > end {
		start = end
	}
	edits := append([]edit(nil), r.edits...)
	for _, t := range r.todos {
		ls := t.at
		for ls > 0 && r.m.src[ls-1] != '\n' {
			ls--
		}
		indent := string(r.m.src[ls:t.at])
		edits = append(edits, edit{ls, ls, indent + "# TODO(dagster2mage): " + t.code + " " + t.msg + "\n"})
	}
	// Insertions go before a replacement that starts at the same offset.
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end == edits[i].start && edits[j].end != edits[j].start
	})
	var b strings.Builder
	pos := start
	for _, e := range edits {
		if e.start < pos || e.start < start || e.end > end {
			continue // overlapping or outside: the outer edit wins
		}
		b.Write(r.m.src[pos:e.start])
		b.WriteString(e.text)
		pos = e.end
	}
	b.Write(r.m.src[pos:end])
	return b.String()
}

// dropBareReturnAfter removes a bare `return` that follows a yield turned into a return
// (`yield SkipReason(...); return` in Dagster): it would be dead code after `return False`.
func (r *fnRewrite) dropBareReturnAfter(st *sitter.Node) {
	next := st.NextNamedSibling()
	for next != nil && next.Type() == "comment" {
		next = next.NextNamedSibling()
	}
	if next == nil || next.Type() != "return_statement" || next.NamedChildCount() > 0 {
		return
	}
	ls := lineStart(r.m.src, int(next.StartByte()))
	le := lineEnd(r.m.src, int(next.EndByte()))
	if strings.TrimSpace(string(r.m.src[ls:next.StartByte()])) != "" || strings.TrimSpace(string(r.m.src[next.EndByte():le])) != "" {
		r.replace(next, "pass")
		return
	}
	r.edits = append(r.edits, edit{ls, le, ""})
}
