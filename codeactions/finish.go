package codeactions

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
)

// pipeExtra holds job-level settings applied once blocks are known.
type pipeExtra struct {
	retry      *analysis.RetryPolicy
	config     *analysis.Value
	partitions *analysis.Partitions
}

func (t *translator) extra(p *mage.Pipeline) *pipeExtra {
	if t.extras == nil {
		t.extras = map[string]*pipeExtra{}
	}
	x, ok := t.extras[p.UUID]
	if !ok {
		x = &pipeExtra{}
		t.extras[p.UUID] = x
	}
	return x
}

func (t *translator) jobSettings(p *mage.Pipeline, d *analysis.Definition, e *Entry, parts *analysis.Partitions, retry *analysis.RetryPolicy, cfg, tags *analysis.Value) {
	x := t.extra(p)
	if retry != nil && (retry.Value == nil || retry.Value.Kind == analysis.ValNone) && retry.MaxRetries == nil && retry.Delay == nil {
		retry = nil // op_retry_policy=None
	}
	x.retry, x.config, x.partitions = retry, cfg, parts
	if tags != nil && tags.Kind == analysis.ValDict {
		for i, k := range tags.Keys {
			ks, ok1 := k.StringValue()
			vs, ok2 := tags.Items[i].StringValue()
			if ok1 && ok2 {
				p.Tags = appendUniq(p.Tags, ks+":"+vs)
			}
		}
	}
	if cfg != nil {
		e.noteOn(StatusReview, "DM407", "the job's run config becomes pipeline variables")
	}
	if d.Call != nil {
		if ex := d.Call.Kwarg("executor_def"); ex != nil {
			e.noteOn(StatusReview, "DM711", "executor %s: Mage runs blocks with its local_python executor", ex.Text)
		}
		if h := d.Call.Kwarg("hooks"); h != nil {
			e.noteOn(StatusReview, "DM721", "hooks %s: see the callback blocks of the pipeline", h.Text)
			t.jobHooks(p, d, h, e)
		}
	}
}

// buildAssetPipelines places the assets no job selected, following the pipeline strategy.
func (t *translator) buildAssetPipelines(files []string) {
	groups := map[string][]*unit{}
	var names []string
	for _, n := range t.ws.Assets() {
		u := t.units[n.Def]
		if u == nil || u.isOp {
			continue
		}
		if t.opts.PipelineStrategy != StrategyGroup && t.placed[n.Def] {
			continue
		}
		g := n.Group
		if t.opts.PipelineStrategy == StrategySingle {
			g = t.project
		} else if g == "" || g == "default" {
			g = "default_assets"
		}
		if _, ok := groups[g]; !ok {
			names = append(names, g)
		}
		found := false
		for _, x := range groups[g] {
			found = found || x == u
		}
		if !found {
			groups[g] = append(groups[g], u)
		}
	}
	sort.Strings(names)
	for _, g := range names {
		desc := "Assets of Dagster group " + g + " that no job selects."
		switch {
		case t.opts.PipelineStrategy == StrategySingle:
			desc = "Every Dagster asset that no job selects."
		case t.opts.PipelineStrategy == StrategyGroup:
			desc = "Assets of Dagster group " + g + "."
		}
		p := t.pipeline(g, desc)
		e := &Entry{}
		t.fillAssetPipeline(p, groups[g], e)
		for _, u := range groups[g] {
			u.entry.addFile("pipelines/" + p.UUID + "/metadata.yaml")
			for _, n := range e.Notes {
				u.entry.noteOn(StatusReview, "DM204", "%s", n)
			}
		}
	}
}

// attachChecks turns asset checks into @test functions of the checked asset's block.
func (t *translator) attachChecks(files []string) {
	for _, p := range files {
		for _, d := range t.ws.File(p).Defs {
			if d.Kind != analysis.KindCheck || d.Check == nil || d.Dynamic {
				continue
			}
			e := t.entry(p, d)
			if d.Construct != "asset_check" {
				e.noteOn(StatusManual, "DM604", "%s has no Mage equivalent; write the checks as @test functions by hand", d.Construct)
				continue
			}
			u := t.unitOfKey(d.Check.Asset)
			if u == nil {
				e.noteOn(StatusManual, "DM601", "the checked asset %s has no block in this project", analysis.KeyString(d.Check.Asset))
				continue
			}
			extra := len(d.Check.AdditionalIns) > 0 || len(d.Check.AdditionalDep) > 0
			for _, prm := range t.params(d) {
				if prm.Role == analysis.RoleResource || prm.Role == analysis.RoleConfig {
					extra = true
				}
			}
			if extra {
				t.checkBlock(p, d, u, e)
				continue
			}
			if u.outs > 1 {
				if n := t.ws.Asset(analysis.KeyString(d.Check.Asset)); n != nil && n.Out >= 0 {
					t.checkOut[d] = n.Out
				}
			}
			u.testDefs = append(u.testDefs, d)
			t.entry(p, d).addFile("") // placeholder replaced in finishUnits
		}
	}
}

// checkBlock turns a check that reads other assets into a block of its own, downstream of the
// checked asset and of its additional inputs: it raises (blocking) or logs (non-blocking).
func (t *translator) checkBlock(path string, d *analysis.Definition, asset *unit, e *Entry) {
	for _, prm := range t.params(d) {
		if prm.Role == analysis.RoleResource || prm.Role == analysis.RoleConfig {
			e.noteOn(StatusManual, "DM602", "check %s needs resources or config: write it as a block by hand", d.Name)
			return
		}
	}
	m := t.module(path)
	if m == nil {
		return
	}
	u := &unit{path: path, rel: t.relPath(path), def: d, mod: m, entry: e, uuid: t.uniqueUUID(mage.CleanName(d.Name)), outs: 1, isCheck: true}
	t.wireAsset(u)
	if len(u.locals) > 0 {
		e.noteOn(StatusManual, "DM602", "check %s reads assets without a block in this project: write it by hand", d.Name)
		return
	}
	placed := false
	for _, id := range t.pipeOrder {
		p := t.pipelines[id]
		all := p.Block(asset.uuid) != nil
		for _, up := range append(append([]string(nil), u.upstream...), u.orderOnly...) {
			all = all && p.Block(up) != nil
		}
		if !all {
			continue
		}
		p.Blocks = append(p.Blocks, &mage.Block{UUID: u.uuid, Name: d.Name})
		for _, up := range append(append([]string(nil), u.upstream...), u.orderOnly...) {
			p.Link(up, u.uuid)
		}
		e.addFile("pipelines/" + p.UUID + "/metadata.yaml")
		placed = true
	}
	if !placed {
		e.noteOn(StatusManual, "DM602", "no pipeline holds both %s and the other assets check %s reads: add the check block by hand", asset.uuid, d.Name)
		return
	}
	t.units[d] = u
	t.order = append(t.order, u)
	e.noteOn(StatusReview, "DM602", "check %s reads other assets: it becomes block %s downstream of them, which fails the run (blocking) or logs a warning", d.Name, u.uuid)
}

// finishUnits generates every block file, decides block types and sets them in the pipelines.
func (t *translator) finishUnits() {
	blocks := map[string][]*mage.Block{}
	pipesOf := map[string][]*mage.Pipeline{}
	for _, id := range t.pipeOrder {
		p := t.pipelines[id]
		for _, b := range p.Blocks {
			blocks[b.UUID] = append(blocks[b.UUID], b)
			pipesOf[b.UUID] = append(pipesOf[b.UUID], p)
			if len(b.Downstream) > 0 {
				// remembered per uuid below
			}
		}
	}
	t.assignConfigVars()
	for _, u := range t.order {
		if len(blocks[u.uuid]) == 0 {
			if !u.isOp {
				u.entry.noteOn(StatusReview, "DM101", "asset %s is in no pipeline", u.def.Name)
			}
			continue
		}
		for _, b := range blocks[u.uuid] {
			if len(b.Downstream) > 0 {
				u.hasDown = true
			}
		}
		t.generateUnit(u)
		for _, b := range blocks[u.uuid] {
			b.Type = u.typ
			if u.retry != nil {
				r := *u.retry
				b.Retry = &r
			}
		}
		for _, p := range pipesOf[u.uuid] {
			x := t.extra(p)
			if x.retry != nil && u.retry == nil {
				rc, _ := RetryConfig(retryInput(x.retry))
				p.Block(u.uuid).Retry = rc
			}
			for _, c := range u.config {
				if _, ok := p.Variables.Get(c.Var); !ok {
					p.Variables.Set(c.Var, literalYAML(c.Default))
				}
			}
			if u.partKey != nil && u.partKey.Kind != "dynamic" && u.partKey.Kind != "multi" {
				if _, ok := p.Variables.Get("partition_key"); !ok {
					p.Variables.Set("partition_key", nil)
				}
			}
		}
		u.entry.addFile(u.file)
	}
	t.replicateAliases(pipesOf)
	// Job-level run config overrides the variables' defaults.
	for _, id := range t.pipeOrder {
		p := t.pipelines[id]
		if x := t.extra(p); x.config != nil {
			t.applyRunConfig(p, x.config, nil)
		}
	}
	for _, e := range t.entries {
		var files []string
		for _, f := range e.Files {
			if f != "" {
				files = append(files, f)
			}
		}
		e.Files = files
	}
}

func retryInput(r *analysis.RetryPolicy) RetryInput {
	in := RetryInput{MaxRetries: 1, Backoff: r.Backoff, Jitter: r.Jitter}
	if r.MaxRetries != nil {
		in.MaxRetries = *r.MaxRetries
	}
	if r.Delay != nil {
		in.Delay = *r.Delay
	}
	return in
}

// literalYAML turns a Python literal default into a YAML value (None → null).
func literalYAML(py string) any {
	switch py {
	case "None", "":
		return nil
	case "True":
		return true
	case "False":
		return false
	}
	if n, err := strconv.Atoi(py); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(py, 64); err == nil {
		return f
	}
	if s, ok := pyStringLiteral(py); ok {
		return s
	}
	return nil
}

// generateUnit writes the block file of one unit.
func (t *translator) generateUnit(u *unit) {
	if u.loader != nil {
		t.generateIOLoader(u)
		return
	}
	d := u.def
	m := u.mod
	st, fn := m.findFunction(d.VarName)
	if fn == nil || u.stub != "" {
		if u.stub == "" {
			u.stub = "the function of " + d.Name + " could not be found; write the block by hand"
		}
		u.entry.noteOn(StatusManual, "DM101", "%s", u.stub)
		u.typ = mage.Custom
		u.file = mage.BlockPath(u.typ, u.uuid)
		t.files[u.file] = []byte(fmt.Sprintf("# TODO(dagster2mage): DM101 write block %s by hand.\n%s\n\n@custom\ndef %s(*args, **kwargs):\n    raise NotImplementedError(%q)\n", u.uuid, mage.GuardImports("custom"), mage.Identifier(u.uuidName()), u.uuid))
		return
	}
	spec := &funcSpec{m: m, fn: fn, name: d.VarName, decorator: "block", uuid: u.uuid, inputs: u.inputs, assetKey: analysis.KeyString(t.ws.AssetKeyOf(d)),
		resources: map[string]string{}}
	if spec.name == "" {
		spec.name = mage.Identifier(u.uuidName())
	}
	for _, p := range t.params(d) {
		switch p.Role {
		case analysis.RoleContext:
			spec.context = p.Name
		case analysis.RoleConfig:
			spec.configParam = p.Name
		case analysis.RoleResource:
			spec.resourceParams = append(spec.resourceParams, p.ResourceKey)
			spec.resources[p.ResourceKey] = p.Name
		}
	}
	spec.configVars = u.config
	if len(t.tickCfg[d]) > 0 {
		spec.tick = func(indent string, viaConfig bool) ([]string, bool) { return t.tickLines(u, indent, viaConfig) }
	}
	if spec.configParam == "" {
		spec.opConfig = u.config
	}
	switch {
	case u.isCheck:
		spec.mode = returnCheck
		spec.checkName, spec.blocking = d.Name, d.Check.Blocking
		spec.checkDoc = "Dagster asset check (non-blocking): a failure is logged as a warning."
		if d.Check.Blocking {
			spec.checkDoc = "Dagster asset check (blocking): a failure fails this block and stops the run."
		}
	case u.dynamic:
		spec.mode = returnDynamic
		u.entry.noteOn(StatusReview, "DM206", "DynamicOut becomes a dynamic block returning [items, metadata]; Mage fans out only in trigger runs")
	case u.outs > 1:
		spec.mode = returnMulti
		for _, o := range d.Outs {
			spec.outNames = append(spec.outNames, o.Name)
		}
		u.entry.noteOn(StatusReview, "DM102", "the %d outputs become one block returning them in order; Mage hands consumers a list they index", u.outs)
	default:
		spec.mode = returnValue
		spec.wrapList = returnsListLike(d)
	}
	if spec.wrapList {
		u.entry.noteOn(StatusReview, "DM101", "the returned list is wrapped as [value]: Mage would split a returned list into separate outputs")
	}
	var partNote func()
	if p := d.Partitions; p != nil {
		u.partKey = p
		spec.partitionKeyExpr, spec.timeWindowExpr, partNote = t.partitionExprs(u, p)
	}
	spec.extraTodos = append(spec.extraTodos, t.inputManagerLoads(u, spec)...)
	for _, l := range u.locals {
		if l.Default == "" {
			spec.extraTodos = append(spec.extraTodos, fmt.Sprintf("DM104 %s has no upstream block in Mage; it is None here", l.Name))
			spec.locals = append(spec.locals, l.Name+" = None")
		} else {
			spec.locals = append(spec.locals, l.Name+" = "+l.Default+"  # not wired in the job: its default")
		}
	}
	for _, k := range spec.resourceParams {
		if !t.resourceAvailable(k) {
			spec.extraTodos = append(spec.extraTodos, fmt.Sprintf("DM401 resource %q is not bound in Definitions; %s_resource() must be written in utils/resources.py", k, resourceFuncName(k)))
		}
	}
	res := genFunction(spec)
	if partNote != nil && (res.needPartition || res.needWindow) {
		partNote()
	}
	u.code = res
	// Block type by role (dagster-constructs.md §6.B).
	ups := len(u.upstream) + len(u.orderOnly)
	switch {
	case ups == 0:
		u.typ = mage.DataLoader
	case res.returnsValue:
		u.typ = mage.Transformer
	case !u.hasDown:
		u.typ = mage.DataExporter
	default:
		u.typ = mage.Custom
	}
	code := "@" + u.typ.Decorator() + strings.TrimPrefix(res.code, "@block")
	u.callAt = res.bodyAt - len("@block") + len("@"+u.typ.Decorator())
	if d.Async {
		// Mage calls block functions synchronously: keep the coroutine, run it with asyncio.
		name := spec.name
		code = strings.Replace(res.code, "@block\ndef "+name+"(", "async def "+name+"_async(", 1)
		var params, args []string
		for _, in := range u.inputs {
			params = append(params, in.Name)
			args = append(args, in.Name)
		}
		params = append(params, "*args", "**kwargs")
		args = append(args, "*args", "**kwargs")
		code += fmt.Sprintf("\n\n@%s\ndef %s(%s):\n    return asyncio.run(%s_async(%s))\n", u.typ.Decorator(), name,
			strings.Join(params, ", "), name, strings.Join(args, ", "))
		res.needAsyncio = true
		u.callAt = strings.LastIndex(code, "    return asyncio.run(")
		res.indent = "    "
		u.entry.noteOn(StatusReview, "DM101", "the async function runs through asyncio.run: Mage calls blocks synchronously")
	}
	if d.Retry != nil {
		rc, notes := RetryConfig(retryInput(d.Retry))
		u.retry = rc
		for _, n := range notes {
			u.entry.noteOn(StatusReview, "DM701", "%s", n)
		}
	}
	for _, n := range res.notes {
		u.entry.noteOn(StatusReview, "", "%s", n)
	}
	for _, td := range res.todos {
		code, msg, _ := strings.Cut(td, " ")
		u.entry.noteOn(StatusManual, code, "%s", msg)
	}
	decorators := []string{u.typ.Decorator()}
	functions := []string{code}
	uses := res.uses
	for _, cd := range u.testDefs {
		tcode, tuses, tlog := t.checkFunction(u, cd)
		if tcode == "" {
			continue
		}
		res.needLogging = res.needLogging || tlog
		if len(decorators) == 1 {
			decorators = append(decorators, "test")
		}
		functions = append(functions, tcode)
		for k := range tuses {
			uses[k] = true
		}
		t.entry(t.defPath(cd), cd).addFile(mage.BlockPath(u.typ, u.uuid))
	}
	u.file = mage.BlockPath(u.typ, u.uuid)
	t.files[u.file] = t.assembleBlock(u, st, uses, decorators, functions, res)
}

// isProjectImport reports whether an absolute import names a top-level package or module of the
// Dagster workspace itself.
func (t *translator) isProjectImport(st *topStmt) bool {
	text := strings.TrimSpace(st.text)
	f := strings.Fields(text)
	if len(f) < 2 || strings.HasPrefix(f[1], ".") {
		return false
	}
	return t.isLocalTop(strings.Split(strings.TrimSuffix(f[1], ","), ".")[0])
}

// importModule returns the module an import statement reads.
func importModule(text string) string {
	f := strings.Fields(text)
	if len(f) < 2 {
		return text
	}
	return strings.TrimSuffix(f[1], ",")
}

// isLocalTop reports whether a top-level module name is a package or module of the workspace.
func (t *translator) isLocalTop(top string) bool {
	if t.localTops == nil {
		t.localTops = map[string]bool{}
		// Packages (folders with an __init__.py) anywhere in the project, and modules at the
		// root or under src/: monorepos nest their packages.
		for _, p := range t.ws.Files() {
			rel := t.relPath(p)
			parts := strings.Split(rel, "/")
			// A nested subpackage named dagster (pkg/dagster/assets.py) does not shadow the real
			// dagster for `from dagster import ...`: only one at the root could.
			if parts[len(parts)-1] == "__init__.py" && len(parts) > 1 && (parts[len(parts)-2] != "dagster" || len(parts) == 2) {
				t.localTops[parts[len(parts)-2]] = true
			}
			if len(parts) == 1 || len(parts) == 2 && parts[0] == "src" {
				t.localTops[strings.TrimSuffix(parts[len(parts)-1], ".py")] = true
			}
		}
	}
	return t.localTops[top]
}

var fileRE = regexp.MustCompile(`\b__file__\b`)

// defPath finds the file of a definition.
func (t *translator) defPath(d *analysis.Definition) string {
	for p, fm := range t.fileModels() {
		for _, x := range fm.Defs {
			if x == d {
				return p
			}
		}
	}
	return ""
}

func (t *translator) fileModels() map[string]*analysis.FileModel {
	out := map[string]*analysis.FileModel{}
	for _, p := range t.ws.Files() {
		out[p] = t.ws.File(p)
	}
	return out
}

// returnsListLike: the asset's annotation says it returns a list or tuple.
func returnsListLike(d *analysis.Definition) bool {
	rt := strings.TrimSpace(d.ReturnType)
	for _, p := range []string{"list", "List", "tuple", "Tuple", "typing.List", "typing.Tuple", "Sequence"} {
		if rt == p || strings.HasPrefix(rt, p+"[") {
			return true
		}
	}
	return false
}

// checkFunction generates the @test for an asset check.
func (t *translator) checkFunction(u *unit, cd *analysis.Definition) (string, map[string]bool, bool) {
	path := t.defPath(cd)
	m := t.module(path)
	if m == nil {
		return "", nil, false
	}
	_, fn := m.findFunction(cd.VarName)
	if fn == nil {
		return "", nil, false
	}
	valueParam := cd.Check.ValueParam
	if valueParam == "" {
		valueParam = "output"
	}
	doc := "Blocking check in Dagster: a failure stops the run here too."
	if !cd.Check.Blocking {
		doc = "Non-blocking check in Dagster: a failure is logged as a warning and the run goes on."
	}
	spec := &funcSpec{m: m, fn: fn, name: cd.VarName, decorator: "test", uuid: u.uuid, mode: returnCheck,
		checkName: cd.Name, blocking: cd.Check.Blocking, checkDoc: doc, valueParam: valueParam}
	if out, ok := t.checkOut[cd]; ok {
		// A @test receives every output of the block, spread: take the checked one.
		spec.valueParam = "*outputs"
		name := ""
		if out < len(u.def.Outs) {
			name = u.def.Outs[out].Name
		}
		spec.inputs = []inputParam{{Name: "outputs", Unpack: []unpack{{Target: valueParam, Index: out, Output: name, From: "outputs", Block: u.uuid}}}}
	}
	for _, p := range t.params(cd) {
		if p.Role == analysis.RoleContext {
			spec.context = p.Name
		}
	}
	res := genFunction(spec)
	e := t.entry(path, cd)
	if cd.Check.Blocking {
		e.noteOn(StatusReview, "DM601", "blocking check becomes a @test that asserts: a failure fails block %s (Mage runs tests in trigger runs, and with `mage run --test`)", u.uuid)
	} else {
		e.noteOn(StatusReview, "DM601", "non-blocking check becomes a @test that logs a warning, so the run goes on as in Dagster")
	}
	for _, td := range res.todos {
		code, msg, _ := strings.Cut(td, " ")
		e.noteOn(StatusManual, code, "%s", msg)
	}
	if m != u.mod {
		// Helpers of the check's own module are not copied; names it needs must exist in the block.
		e.noteOn(StatusReview, "DM601", "check %s lives in %s: module-level names it uses are not copied", cd.Name, t.relPath(path))
	}
	return res.code, res.uses, res.needLogging
}

// assembleBlock writes header, imports, helpers, guards and functions of a block file.
func (t *translator) assembleBlock(u *unit, st *topStmt, uses map[string]bool, decorators, functions []string, res genResult) []byte {
	d := u.def
	construct := "@" + d.Construct
	if d.Form != analysis.FormDecorator {
		construct = d.Construct
	}
	header := []string{fmt.Sprintf("Migrated by dagster2mage from %s:%d (%s %s).", u.rel, u.entry.Line, construct, d.Name)}
	if g := u.graph; g != nil {
		header[0] = fmt.Sprintf("Migrated by dagster2mage from %s:%d (@%s %s: its last op, %s %s of %s).", u.entry.Path, u.entry.Line, g.Construct, g.Name, construct, d.Name, u.rel)
	}
	if g := d.Group; g != "" {
		header = append(header, "Dagster group: "+g+".")
	}
	if d.Call != nil {
		for _, k := range []string{"owners", "tags", "kinds", "compute_kind", "metadata", "code_version", "description"} {
			if v := d.Call.Kwarg(k); v != nil && !strings.Contains(v.Text, "\n") && len(v.Text) < 120 {
				header = append(header, "Dagster "+k+": "+v.Text)
			}
		}
	}
	imports, helpers, missing, reached := u.mod.supportNames(uses, map[*topStmt]bool{st: true})
	var lines []string
	// undefined: a name the block uses stays unbound until a TODO is done; annotations are then
	// postponed so the file still loads (Mage execs it at load time to find the function).
	undefined := false
	if res.needLogging {
		lines = append(lines, "import logging")
	}
	if res.needNamespace {
		lines = append(lines, "from types import SimpleNamespace")
	}
	if res.needAsyncio {
		lines = append(lines, "import asyncio")
	}
	ip := t.blockImports(u.path, u.mod, u.entry, imports, uses, reached, true)
	lines = append(lines, ip.lines...)
	undefined = undefined || ip.undefined
	if imp := t.resourceImport(res.usedResources, u.entry); imp != "" {
		lines = append(lines, imp)
	}
	if res.needPartition || res.needWindow || res.needTick {
		var fns []string
		if res.needTick {
			fns = append(fns, "scheduled_time")
		}
		if res.needPartition {
			fns = append(fns, "current_partition_key")
		}
		if res.needWindow {
			fns = append(fns, "current_time_window")
		}
		lines = append(lines, "from "+t.project+".utils.partitions import "+strings.Join(fns, ", "))
		t.needPartitions = true
	}
	var shims []string
	for _, name := range missing {
		if name == d.VarName {
			continue
		}
		if shim, ok := exceptionShims[name]; ok && u.mod.dagster[name] != "" {
			// Raising it fails the block, as in Dagster (retries only come from retry_config).
			shims = append(shims, shim)
			u.entry.noteOn(StatusReview, "DM101", "%s becomes a local exception class: raising it fails the block", name)
			continue
		}
		u.entry.noteOn(StatusManual, "DM101", "the block uses %s, a Dagster name with no Mage equivalent (TODO in the block)", name)
		header = append(header, "TODO(dagster2mage): DM101 "+name+" is a Dagster name that does not exist in Mage; replace it.")
		undefined = true
	}
	if undefined {
		lines = append([]string{"from __future__ import annotations"}, lines...)
	}
	hs := append(shims, ip.helpers...)
	kept, setup, reads := t.moduleSetup(u.mod, u.rel, helpers, missing, ip)
	hs = append(hs, kept...)
	if setup != "" {
		hs = append(hs, setup)
		functions[0] = insertSetupCall(functions[0], u.callAt, res.indent)
		setupNotes(u.entry, u.rel, reads)
	}
	// Mage execs block files: __file__ is not defined there.
	usesFile := false
	for _, x := range append(append([]string(nil), hs...), functions...) {
		usesFile = usesFile || fileRE.MatchString(x)
	}
	if usesFile {
		for i := range hs {
			hs[i] = fileRE.ReplaceAllString(hs[i], "BLOCK_FILE")
		}
		for i := range functions {
			functions[i] = fileRE.ReplaceAllString(functions[i], "BLOCK_FILE")
		}
		msg := "Mage does not set __file__ when it runs a block; BLOCK_FILE names this block's file instead, so paths next to the Dagster module must be moved"
		hs = append([]string{"# TODO(dagster2mage): DM101 " + msg + ".\nBLOCK_FILE = os.path.join(os.environ.get('MAGE_REPO_PATH', '.'), " + pyQuote(mage.BlockPath(u.typ, u.uuid)) + ")"}, hs...)
		lines = appendImport(lines, "import os")
		u.entry.noteOn(StatusManual, "DM101", "%s", msg)
	}
	f := blockFileSpec{header: header, imports: lines, helpers: hs, decorators: decorators, functions: functions}
	return f.render(&t.importLines)
}

// partitionExprs returns the calls computing the partition key and time window in a block.
func (t *translator) partitionExprs(u *unit, p *analysis.Partitions) (string, string, func()) {
	e := u.entry
	switch p.Kind {
	case "hourly", "daily", "weekly", "monthly", "time_window":
		fmtS := p.Fmt
		if fmtS == "" {
			fmtS = map[string]string{"hourly": "%Y-%m-%d-%H:%M", "daily": "%Y-%m-%d", "weekly": "%Y-%m-%d", "monthly": "%Y-%m-%d"}[p.Kind]
			if fmtS == "" {
				fmtS = "%Y-%m-%d"
			}
		}
		cadence := p.Kind
		if cadence == "time_window" {
			cadence = "cron:" + p.Cron
			e.noteOn(StatusReview, "DM501", "TimeWindowPartitionsDefinition: the window is computed from the trigger's previous tick")
		}
		args := fmt.Sprintf("kwargs, %s, %s", pyQuote(cadence), pyQuote(fmtS))
		if p.Timezone != "" {
			args += ", tz=" + pyQuote(p.Timezone)
		}
		for _, o := range []struct {
			name string
			v    *int
		}{{"minute_offset", p.MinuteOffset}, {"hour_offset", p.HourOffset}, {"day_offset", p.DayOffset}} {
			if o.v != nil {
				args += fmt.Sprintf(", %s=%d", o.name, *o.v)
			}
		}
		note := func() {
			e.noteOn(StatusReview, "DM501", "%s partitions: the block computes partition_key from the trigger run's schedule (the window ending at the tick), or takes the partition_key variable (mage run --runtime-vars '{\"partition_key\": \"...\"}'); backfills are made in the Mage UI", p.Kind)
		}
		return "current_partition_key(" + args + ")", "current_time_window(" + args + ")", note
	case "static":
		note := func() {
			e.noteOn(StatusReview, "DM502", "static partitions: the partition key is the partition_key pipeline variable (one of %s)", strings.Join(p.Keys, ", "))
		}
		return "current_partition_key(kwargs, 'static', None)", "current_time_window(kwargs, 'static', None)", note
	default:
		code := "DM503"
		if p.Kind == "multi" {
			code = "DM504"
		}
		e.noteOn(StatusManual, code, "%s partitions have no Mage equivalent: the partition key is the partition_key variable, to be set by whoever runs the pipeline", p.Construct)
		return "current_partition_key(kwargs, 'static', None)", "current_time_window(kwargs, 'static', None)", nil
	}
}

// triggerStart is the deterministic start_time of a trigger: the end of the first partition
// window when known, else the partition start, else a fixed past date.
func triggerStart(p *analysis.Partitions) time.Time {
	fallback := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	if p == nil || p.Start == "" {
		return fallback
	}
	var start time.Time
	var err error
	for _, layout := range []string{"2006-01-02", "2006-01-02-15:04", "2006-01-02 15:04:05", time.RFC3339} {
		if start, err = time.Parse(layout, p.Start); err == nil {
			break
		}
	}
	if err != nil {
		return fallback
	}
	loc := time.UTC
	if p.Timezone != "" {
		if l, err := time.LoadLocation(p.Timezone); err == nil {
			loc = l
		}
	}
	start = time.Date(start.Year(), start.Month(), start.Day(), start.Hour(), start.Minute(), 0, 0, loc)
	switch p.Kind {
	case "hourly":
		start = start.Add(time.Hour)
	case "daily":
		start = start.AddDate(0, 0, 1)
	case "weekly":
		start = start.AddDate(0, 0, 7)
	case "monthly":
		start = start.AddDate(0, 1, 0)
	}
	return start.UTC()
}

// partitionCron is the cadence cron of time partitions (dagster-constructs.md §7.6).
func partitionCron(p *analysis.Partitions, s *analysis.ScheduleInfo) string {
	iv := func(x *int, def int) int {
		if x != nil {
			return *x
		}
		return def
	}
	minute := iv(p.MinuteOffset, 0)
	hour := iv(p.HourOffset, 0)
	day := iv(p.DayOffset, 0)
	if s != nil {
		minute = iv(s.MinuteOfHour, minute)
		hour = iv(s.HourOfDay, hour)
		if p.Kind == "weekly" {
			day = iv(s.DayOfWeek, day)
		}
		if p.Kind == "monthly" {
			day = iv(s.DayOfMonth, day)
		}
	}
	switch p.Kind {
	case "hourly":
		return fmt.Sprintf("%d * * * *", minute)
	case "daily":
		return fmt.Sprintf("%d %d * * *", minute, hour)
	case "weekly":
		return fmt.Sprintf("%d %d * * %d", minute, hour, day)
	case "monthly":
		if day == 0 {
			day = 1
		}
		return fmt.Sprintf("%d %d %d * *", minute, hour, day)
	case "time_window":
		return p.Cron
	}
	return ""
}

// pyQuote renders a Python single-quoted string literal.
func pyQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`, "\n", `\n`).Replace(s) + "'"
}

// replicateAliases turns an alias block into a `replicated_block` of its op's block when both
// are in the same pipeline (Mage resolves the replica within its pipeline) and the generated
// code is the same; verified on mage-ai 0.9.80: `mage run` and trigger runs execute the
// original's file once per entry, each with its own upstream values. A copy is kept otherwise.
func (t *translator) replicateAliases(pipesOf map[string][]*mage.Pipeline) {
	for _, u := range t.order {
		base := t.units[u.def]
		if !u.alias || base == nil || base == u || u.file == "" || base.file == "" || u.typ != base.typ {
			continue
		}
		same := bytes.Equal(t.files[u.file], t.files[base.file])
		copies := 0
		for _, p := range pipesOf[u.uuid] {
			if same && p.Block(base.uuid) != nil {
				p.Block(u.uuid).ReplicatedBlock = base.uuid
				u.entry.noteOn(StatusReview, "DM203", "alias %s in pipeline %s replicates block %s (replicated_block): it runs the same file", u.uuid, p.UUID, base.uuid)
				continue
			}
			copies++
		}
		if copies == 0 && len(pipesOf[u.uuid]) > 0 {
			delete(t.files, u.file)
			u.entry.dropFile(u.file)
			u.file = base.file
		}
	}
}

// exceptionShims stand in for Dagster's exceptions a block raises.
var exceptionShims = map[string]string{
	"Failure": `class Failure(Exception):
    """Stands in for dagster.Failure: raising it fails the Mage block."""

    def __init__(self, description=None, metadata=None, allow_retries=None):
        super().__init__(description)
        self.description = description
        self.metadata = metadata`,
	"RetryRequested": `class RetryRequested(Exception):
    """Stands in for dagster.RetryRequested: the block's retry_config decides about retries."""

    def __init__(self, max_retries=1, seconds_to_wait=None):
        super().__init__(f'retry requested (max_retries={max_retries})')`,
}

// importPlan is how a generated block imports what its Dagster module imported.
type importPlan struct {
	lines []string
	// helpers are module-level code copied out of Dagster definitions modules (inlineFrom).
	helpers []string
	// setupImports run in the setup function (their modules read files at import); setupBinds
	// are the names they bind; deadBinds the names of imports left as TODO comments.
	setupImports           []string
	setupBinds, deadBinds  map[string]bool
	deferredStar, liveStar bool
	undefined              bool
}

// blockImports renders the imports a block needs from its Dagster module at path: third-party
// imports as they are, imports of the project's own modules rewritten to their copies under
// utils/ (or left as a TODO when a module cannot be copied).
// Without setup (no function runs first), modules that read files are imported at load time.
func (t *translator) blockImports(path string, m *pyModule, e *Entry, imports []*topStmt, uses, reached map[string]bool, setup bool) *importPlan {
	ip := &importPlan{setupBinds: map[string]bool{}, deadBinds: map[string]bool{}}
	pm := t.projMods()
	// Imports of modules whose import reads files run when the block runs (setup below).
	for _, imp := range imports {
		text := m.importText(imp, reached)
		if text == "" {
			continue
		}
		relative := false
		if imp.node.Type() == "import_from_statement" {
			if mod := imp.node.ChildByFieldName("module_name"); mod != nil && strings.HasPrefix(mod.Content(m.src), ".") {
				relative = true
			}
		}
		if !relative && !t.isProjectImport(imp) && !pm.isProject(path, importModule(text)) {
			ip.lines = appendImport(ip.lines, text)
			continue
		}
		bi := pm.forBlock(path, m, imp, text)
		switch {
		case bi.notFound && !relative:
			ip.lines = appendImport(ip.lines, text)
			continue
		case bi.why == "" && bi.deferred && setup:
			ip.setupImports = append(ip.setupImports, bi.text)
			for _, b := range imp.binds {
				if reached[b] {
					ip.setupBinds[b] = true
				}
			}
			continue
		case bi.why == "":
			ip.lines = appendImport(ip.lines, bi.text)
			continue
		case setup && bi.dep != nil && bi.dep.defs && imp.node.Type() == "import_from_statement" && t.inlineFrom(bi.dep, e, fromNames(imp, m, reached), ip):
			continue
		case relative:
			e.noteOn(StatusManual, "DM101", "relative import %q: the module is not copied into the Mage project (%s); copy what the block needs into utils/ and import it as %s.utils.<module>", strings.TrimSpace(imp.text), bi.why, t.project)
			// One entry: the TODO and the commented-out import stay together wherever lines go.
			ip.lines = append(ip.lines, "# TODO(dagster2mage): DM101 this module is not copied ("+bi.why+"): copy what the block needs into utils/ and import it from "+t.project+".utils\n# "+strings.ReplaceAll(text, "\n", "\n# "))
			ip.undefined = true
			for _, b := range imp.binds {
				ip.deadBinds[b] = true
			}
			continue
		}
		ip.lines = append(ip.lines, "# TODO(dagster2mage): DM101 "+importModule(text)+" belongs to the Dagster project and is not copied ("+bi.why+"): install that package where Mage runs, or copy what the block needs into utils/ and import it from "+t.project+".utils\n"+text)
		e.noteOn(StatusReview, "DM101", "import %q reads a module of the Dagster project that is not copied (%s): install the package where Mage runs, or copy what the block needs into utils/", strings.TrimSpace(text), bi.why)
	}
	// Names bound nowhere may come from a star import: keep it (commented out when relative).
	for _, st := range m.starImports(uses) {
		relative := strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(st.text, "from")), ".")
		if !relative && !t.isProjectImport(st) && !pm.isProject(path, importModule(st.text)) {
			ip.lines = append(ip.lines, st.text)
			ip.liveStar = true
			continue
		}
		bi := pm.forBlock(path, m, st, st.text)
		switch {
		case bi.notFound && !relative:
			ip.lines = append(ip.lines, st.text)
			ip.liveStar = true
			continue
		case bi.why == "" && bi.deferred && setup:
			ip.setupImports = append(ip.setupImports, "_star = importlib.import_module("+pyQuote(bi.star)+")",
				"globals().update({k: v for k, v in vars(_star).items() if k in getattr(_star, '__all__', ()) or not hasattr(_star, '__all__') and not k.startswith('_')})")
			ip.lines = appendImport(ip.lines, "import importlib")
			ip.deferredStar = true
			continue
		case bi.why == "":
			ip.lines = append(ip.lines, bi.text)
			ip.liveStar = true
			continue
		}
		ip.lines = append(ip.lines, "# TODO(dagster2mage): DM101 names used here come from this import of a project module that is not copied ("+bi.why+"): copy what the block needs into utils/\n# "+strings.ReplaceAll(st.text, "\n", "\n# "))
		ip.undefined = true
		e.noteOn(StatusManual, "DM101", "star import %q: the module is not copied into the Mage project (%s); copy what the block needs into utils/ and import it as %s.utils.<module>", strings.TrimSpace(st.text), bi.why, t.project)
	}
	return ip
}

// insertSetupCall puts a call of the setup function where a block function's body starts.
func insertSetupCall(fn string, at int, indent string) string {
	if at < 0 || at > len(fn) {
		return fn
	}
	return fn[:at] + indent + setupFunc + "()\n" + fn[at:]
}

func setupNotes(e *Entry, rel string, reads bool) {
	e.noteOn(StatusReview, "DM101", "module-level code of %s that cannot run when Mage loads the block (it reads files, or needs names bound only then) runs when the block runs, in %s()", rel, setupFunc)
	if reads {
		e.noteOn(StatusReview, "DM101", "module-level code of %s reads files that were not copied (they may hold secrets): make them available where Mage runs", rel)
	}
}

// fromNames are the names a from-import binds that the block needs (original names; an alias
// makes the import unsuitable for copying its code, so it yields nothing).
func fromNames(st *topStmt, m *pyModule, reached map[string]bool) []string {
	var out []string
	mod := st.node.ChildByFieldName("module_name")
	for i := 0; i < int(st.node.NamedChildCount()); i++ {
		c := st.node.NamedChild(i)
		if mod != nil && c.Equal(mod) {
			continue
		}
		switch c.Type() {
		case "dotted_name":
			if n := c.Content(m.src); reached[n] {
				out = append(out, n)
			}
		case "aliased_import", "wildcard_import":
			return nil
		}
	}
	return out
}
