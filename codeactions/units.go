package codeactions

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
)

// assetUnit creates the block unit of an asset definition (once; multi-assets share one).
func (t *translator) assetUnit(path string, d *analysis.Definition) *unit {
	if u, ok := t.units[d]; ok {
		return u
	}
	m := t.module(path)
	if m == nil {
		return nil
	}
	e := t.entry(path, d)
	loader := t.ioLoaderBinding(d)
	if d.BodySpan.IsZero() && loader == nil {
		// AssetSpec / SourceAsset: no code to run.
		e.noteOn(StatusReview, "DM104", "%s %s has no body: downstream blocks get no value for it; add a data_loader block that reads it", d.Construct, d.Name)
		return nil
	}
	base := d.Name
	if len(d.Outs) <= 1 {
		if k := t.ws.AssetKeyOf(d); len(k) > 0 {
			base = strings.Join(k, "__")
		}
	}
	u := &unit{path: path, rel: t.relPath(path), def: d, mod: m, entry: e, uuid: t.uniqueUUID(mage.CleanName(base)), outs: len(d.Outs), loader: loader}
	if u.outs == 0 {
		u.outs = 1
	}
	if d.Construct == "graph_asset" || d.Construct == "graph_multi_asset" {
		u.graph = d
	}
	t.units[d] = u
	t.order = append(t.order, u)
	return u
}

// wireAssets resolves every asset unit's upstream blocks from its parameters and deps, in
// dependency order (dagster-constructs.md §7.2).
func (t *translator) wireAssets() {
	for _, u := range t.order {
		switch {
		case u.graph != nil:
			t.wireGraphAsset(u)
		case !u.isOp:
			t.wireAsset(u)
		}
	}
}

// wireAsset resolves one asset-like unit's upstream blocks (also used for checks that become
// blocks of their own).
func (t *translator) wireAsset(u *unit) {
	{
		d := u.def
		keys := t.ws.UpstreamKeys(u.path, d)
		byParam := map[string][]string{}
		for i, dep := range d.Deps {
			if i < len(keys) {
				if dep.Source == analysis.DepParam {
					byParam[dep.Param] = keys[i]
				} else if keys[i] != nil {
					if up := t.unitOfKey(keys[i]); up != nil && up != u {
						u.orderOnly = appendUniq(u.orderOnly, up.uuid)
					} else {
						u.entry.noteOn(StatusReview, "DM104", "dependency %s is not an asset of this project: the ordering edge is dropped", analysis.KeyString(keys[i]))
					}
				}
			}
		}
		for _, p := range t.params(d) {
			if p.Role != analysis.RoleInput {
				continue
			}
			key := byParam[p.Name]
			if key == nil {
				key = p.UpstreamKey
			}
			node := t.ws.Asset(analysis.KeyString(key))
			var up *unit
			if node != nil && node.Def != nil {
				up = t.units[node.Def]
			}
			if up == nil || up == u {
				u.locals = append(u.locals, p)
				u.entry.noteOn(StatusReview, "DM104", "input %s reads asset %s, which no block of this project produces: it is None in the block until you load it", p.Name, analysis.KeyString(key))
				continue
			}
			t.bindInput(u, up, p, node.Out)
		}
		u.wired = true
	}
}

// bindInput adds parameter p, fed by block up (output index out when up has several outputs).
func (t *translator) bindInput(u, up *unit, p analysis.Param, out int) {
	if up.outs > 1 && out >= 0 {
		outName := ""
		if out < len(up.def.Outs) {
			outName = up.def.Outs[out].Name
		}
		for i := range u.inputs {
			if u.inputs[i].Name == up.uuidName() {
				u.inputs[i].Unpack = append(u.inputs[i].Unpack, unpack{Target: p.Name, Index: out, Output: outName, From: up.uuidName()})
				return
			}
		}
		u.inputs = append(u.inputs, inputParam{Name: up.uuidName(), Unpack: []unpack{{Target: p.Name, Index: out, Output: outName, From: up.uuidName()}}})
		u.upstream = append(u.upstream, up.uuid)
		u.entry.noteOn(StatusReview, "DM102", "input %s comes from multi-output block %s: Mage passes its outputs as one list, indexed in the block", p.Name, up.uuid)
		return
	}
	for _, x := range u.upstream {
		if x == up.uuid {
			u.locals = append(u.locals, p)
			u.entry.noteOn(StatusReview, "", "input %s repeats upstream %s: Mage passes each upstream once", p.Name, up.uuid)
			return
		}
	}
	u.inputs = append(u.inputs, inputParam{Name: p.Name, Annotation: p.Annotation})
	u.upstream = append(u.upstream, up.uuid)
}

// uuidName is the Python name of a block's value in a consumer: the last uuid segment.
func (u *unit) uuidName() string {
	return u.uuid[strings.LastIndex(u.uuid, "/")+1:]
}

func (t *translator) unitOfKey(key []string) *unit {
	node := t.ws.Asset(analysis.KeyString(key))
	if node == nil || node.Def == nil {
		return nil
	}
	return t.units[node.Def]
}

func appendUniq(xs []string, s string) []string {
	for _, x := range xs {
		if x == s {
			return xs
		}
	}
	return append(xs, s)
}

// opUnit creates the block unit of an op (alias "" for the op itself).
func (t *translator) opUnit(path string, d *analysis.Definition, alias string) *unit {
	key := d
	if alias == "" {
		if u, ok := t.units[key]; ok {
			return u
		}
	}
	m := t.module(path)
	if m == nil || d.BodySpan.IsZero() {
		return nil
	}
	name := d.Name
	if alias != "" {
		name = alias
	}
	u := &unit{path: path, rel: t.relPath(path), def: d, mod: m, entry: t.entry(path, d), isOp: true,
		uuid: t.uniqueUUID(mage.CleanName(name)), outs: len(d.Outs)}
	if u.outs == 0 {
		u.outs = 1
	}
	for _, o := range d.Outs {
		if o.Dynamic {
			u.dynamic = true
			u.outs = 1
		}
	}
	if alias == "" {
		t.units[key] = u
	}
	t.order = append(t.order, u)
	return u
}

// lookupOp finds the op or graph called name from a job in path.
func (t *translator) lookupOp(path, name string) (string, *analysis.Definition) {
	refs := t.opsByName[name]
	for _, r := range refs {
		if r.Path == path {
			return r.Path, r.Def
		}
	}
	if len(refs) > 0 {
		return refs[0].Path, refs[0].Def
	}
	return "", nil
}

// inputParams returns the op/asset parameters that are data inputs, in order.
func (t *translator) inputParams(d *analysis.Definition) []analysis.Param {
	var out []analysis.Param
	for _, p := range t.params(d) {
		if p.Role == analysis.RoleInput {
			out = append(out, p)
		}
	}
	return out
}

// pipeline returns (creating) the pipeline with a uuid derived from name.
func (t *translator) pipeline(name, desc string) *mage.Pipeline {
	uuid := mage.CleanName(name)
	if strings.Trim(uuid, "_") == "" {
		uuid = "pipeline"
	}
	if p, ok := t.pipelines[uuid]; ok {
		return p
	}
	p := &mage.Pipeline{UUID: uuid, Name: name, Description: desc, Tags: []string{"dagster2mage"}}
	t.pipelines[uuid] = p
	t.pipeOrder = append(t.pipeOrder, uuid)
	return p
}

func (t *translator) addUnitBlock(p *mage.Pipeline, u *unit, name string) *mage.Block {
	if b := p.Block(u.uuid); b != nil {
		return b
	}
	if name == "" {
		name = u.def.Name
	}
	b := &mage.Block{UUID: u.uuid, Name: name}
	p.Blocks = append(p.Blocks, b)
	return b
}

// buildJobPipelines turns @job / to_job bodies and define_asset_job selections into pipelines.
func (t *translator) buildJobPipelines(files []string) {
	for _, path := range files {
		fm := t.ws.File(path)
		for _, d := range fm.Defs {
			if d.Kind != analysis.KindJob || d.Dynamic {
				continue
			}
			e := t.entry(path, d)
			switch {
			case d.AssetJob != nil:
				t.assetJobPipeline(path, d, e)
			case d.Job != nil:
				t.opJobPipeline(path, d, e)
			default:
				e.noteOn(StatusManual, "DM205", "the job's body could not be read statically; create the pipeline by hand")
			}
		}
	}
}

func (t *translator) assetJobPipeline(path string, d *analysis.Definition, e *Entry) {
	keys, ok, reason := t.ws.ResolveSelection(path, d.AssetJob.Selection)
	if d.AssetJob.Selection == nil {
		keys, ok = nil, true
		for _, n := range t.ws.Assets() {
			keys = append(keys, analysis.KeyString(n.Key))
		}
	}
	if !ok {
		e.noteOn(StatusReview, "DM207", "part of the selection cannot be resolved statically (%s): check the pipeline's blocks", reason)
	}
	var us []*unit
	for _, k := range keys {
		n := t.ws.Asset(k)
		if n == nil || n.Def == nil {
			continue
		}
		if u := t.units[n.Def]; u != nil {
			us = append(us, u)
		}
	}
	if len(us) == 0 {
		e.noteOn(StatusManual, "DM207", "the selection resolves to no asset of this project; the pipeline is empty")
	}
	p := t.pipeline(d.Name, "Migrated from define_asset_job "+d.Name+".")
	t.fillAssetPipeline(p, us, e)
	t.jobSettings(p, d, e, d.AssetJob.Partitions, d.AssetJob.OpRetryPolicy, d.AssetJob.Config, d.AssetJob.Tags)
	e.addFile("pipelines/" + p.UUID + "/metadata.yaml")
}

// fillAssetPipeline adds the units and the edges among them; upstream assets outside the set
// are added too, because Mage cannot read another pipeline's outputs.
func (t *translator) fillAssetPipeline(p *mage.Pipeline, us []*unit, e *Entry) {
	in := map[string]*unit{}
	for _, u := range us {
		in[u.uuid] = u
	}
	byUUID := map[string]*unit{}
	for _, u := range t.order {
		byUUID[u.uuid] = u
	}
	var added []string
	// The upstream closure, one visit per unit (the set, not the visiting order, matters:
	// added is sorted below).
	for queue := sortedUnits(in); len(queue) > 0; {
		u := queue[0]
		queue = queue[1:]
		for _, up := range append(append([]string(nil), u.upstream...), u.orderOnly...) {
			if _, ok := in[up]; !ok && byUUID[up] != nil {
				in[up] = byUUID[up]
				if !byUUID[up].inGraph {
					added = append(added, up)
				}
				queue = append(queue, byUUID[up])
			}
		}
	}
	if len(added) > 0 {
		sort.Strings(added)
		e.noteOn(StatusReview, "DM204", "upstream blocks %s are outside the selection but added to the pipeline: Mage cannot load another pipeline's outputs, so they are recomputed", strings.Join(added, ", "))
	}
	for _, u := range topoUnits(in) {
		b := t.addUnitBlock(p, u, "")
		// Ops of an expanded graph asset keep their fan-out (set on job pipelines by opPipeline).
		b.Configuration.Dynamic = b.Configuration.Dynamic || u.dynamic
		b.Configuration.ReduceOutput = b.Configuration.ReduceOutput || u.reduce
		t.placed[u.def] = true
		if u.graph != nil {
			t.placed[u.graph] = true
		}
		u.entry.addFile("pipelines/" + p.UUID + "/metadata.yaml")
	}
	for _, u := range topoUnits(in) {
		for _, up := range append(append([]string(nil), u.upstream...), u.orderOnly...) {
			p.Link(up, u.uuid)
		}
	}
}

func sortedUnits(m map[string]*unit) []*unit {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*unit, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// topoUnits orders units so that upstream blocks come first (ties by uuid).
func topoUnits(m map[string]*unit) []*unit {
	var out []*unit
	done := map[string]bool{}
	var visit func(u *unit, depth int)
	visit = func(u *unit, depth int) {
		if done[u.uuid] || depth > 1000 {
			return
		}
		done[u.uuid] = true
		for _, up := range append(append([]string(nil), u.upstream...), u.orderOnly...) {
			if x, ok := m[up]; ok {
				visit(x, depth+1)
			}
		}
		out = append(out, u)
	}
	for _, u := range sortedUnits(m) {
		visit(u, 0)
	}
	return out
}

// opJobPipeline builds a pipeline from the call graph of a @job/@graph body.
func (t *translator) opJobPipeline(path string, d *analysis.Definition, e *Entry) {
	body, bodyPath := d, path
	if d.Job.GraphVar != "" && len(d.Job.Calls) == 0 {
		gp, g := t.lookupOp(path, d.Job.GraphVar)
		if g == nil || g.Job == nil {
			e.noteOn(StatusManual, "DM205", "graph %s of this job was not found", d.Job.GraphVar)
			return
		}
		body, bodyPath = g, gp
		e.noteOn(StatusReview, "DM205", "the job runs graph %s: its ops become the pipeline's blocks", g.Name)
	}
	t.opPipeline(bodyPath, d, body, e)
}

// opPipeline builds pipeline d.Name from the calls of body (the job itself or its graph).
func (t *translator) opPipeline(path string, d, body *analysis.Definition, e *Entry) {
	p := t.pipeline(d.Name, "Migrated from "+d.Construct+" "+d.Name+".")
	calls := t.expandCalls(path, body, e, 0)
	callUUID := make([]string, len(calls))
	callUnit := make([]*unit, len(calls))
	for i, c := range calls {
		opPath, op := c.path, c.def
		if op == nil {
			continue
		}
		alias := c.call.Alias
		if alias == "" && p.Block(mage.CleanName(op.Name)) != nil {
			// The same op called twice: Dagster names the second one <op>_2.
			alias = op.Name + "_2"
		}
		u := t.opUnit(opPath, op, alias)
		if u == nil {
			e.noteOn(StatusManual, "DM201", "op %s has no body to migrate", c.call.Op)
			continue
		}
		if alias != "" {
			u.alias = true
			e.noteOn(StatusReview, "DM203", "%s is an alias of op %s: it gets its own block %s", alias, op.Name, u.uuid)
			u.entry.noteOn(StatusReview, "DM203", "used in job %s as %s, which gets its own block %s", d.Name, alias, u.uuid)
		}
		callUUID[i], callUnit[i] = u.uuid, u
		t.addUnitBlock(p, u, alias)
	}
	for i, c := range calls {
		u := callUnit[i]
		if u == nil {
			continue
		}
		ins := t.inputParams(u.def)
		bound := make([]int, len(ins)) // producing call per input, -1 none
		outIdx := make([]string, len(ins))
		for k := range bound {
			bound[k] = -1
		}
		var orderOnly []int // producers bound to inputs the function does not take (In(Nothing))
		for _, a := range c.args {
			target := -1
			if a.param != "" {
				for k, p := range ins {
					if p.Name == a.param {
						target = k
					}
				}
			} else if a.index >= 0 && a.index < len(ins) {
				target = a.index
			}
			if target >= 0 && a.from >= 0 && bound[target] < 0 {
				bound[target] = a.from
				outIdx[target] = a.output
			} else if target < 0 && a.from >= 0 {
				orderOnly = append(orderOnly, a.from)
			}
		}
		if u.wired && !sameInputs(u, ins, bound, callUnit) {
			// The op is wired differently in another pipeline: one block file has one
			// signature, so this call gets a block of its own.
			v := t.opUnit(c.path, u.def, u.def.Name+"__"+d.Name)
			if v != nil {
				if b := p.Block(u.uuid); b != nil {
					b.UUID, b.Name = v.uuid, v.uuid
				}
				e.noteOn(StatusReview, "DM203", "op %s takes other inputs here than in another pipeline: this job's call gets its own block %s", u.def.Name, v.uuid)
				u, callUnit[i], callUUID[i] = v, v, v.uuid
			}
		}
		if !u.wired {
			for k, p := range ins {
				if bound[k] < 0 || callUnit[bound[k]] == nil {
					u.locals = append(u.locals, p)
					continue
				}
				up := callUnit[bound[k]]
				out := -1
				if up.outs > 1 {
					out = outputIndex(up.def, outIdx[k])
				}
				t.bindInput(u, up, p, out)
			}
			u.wired = true
		}
		// Edges in this pipeline follow the unit's input order, then order-only ones.
		seen := map[string]bool{}
		for k := range ins {
			if bound[k] < 0 || callUnit[bound[k]] == nil {
				continue
			}
			up := callUUID[bound[k]]
			if !seen[up] {
				seen[up] = true
				p.Link(up, u.uuid)
			}
		}
		for _, k := range orderOnly {
			if callUnit[k] == nil || seen[callUUID[k]] {
				continue
			}
			seen[callUUID[k]] = true
			p.Link(callUUID[k], u.uuid)
			u.orderOnly = appendUniq(u.orderOnly, callUUID[k])
		}
		if c.call.Mapped {
			if c.call.Collect {
				if b := p.Block(u.uuid); b != nil {
					b.Configuration.ReduceOutput = true
				}
			}
			e.noteOn(StatusReview, "DM206", "dynamic fan-out: %s runs once per item; Mage fans out only in trigger runs, not in a plain `mage run`", u.uuid)
		}
		if c.call.Retry != nil {
			e.noteOn(StatusReview, "DM701", "with_retry_policy on %s: set its retry_config by hand", u.uuid)
		}
		if c.call.Hooks != nil {
			e.noteOn(StatusReview, "DM721", "with_hooks on %s: see the callback notes", u.uuid)
		}
	}
	for _, u := range callUnit {
		if u != nil && u.dynamic {
			if b := p.Block(u.uuid); b != nil {
				b.Configuration.Dynamic = true
			}
		}
	}
	if len(p.Blocks) == 0 {
		e.noteOn(StatusManual, "DM203", "no op call of the job body could be resolved; the pipeline is empty")
	}
	var retry *analysis.RetryPolicy
	var cfg, tags *analysis.Value
	if d.Job != nil {
		retry, cfg, tags = d.Job.OpRetryPolicy, d.Job.Config, d.Job.Tags
	}
	t.jobSettings(p, d, e, nil, retry, cfg, tags)
	e.addFile("pipelines/" + p.UUID + "/metadata.yaml")
}

// sameInputs tells whether binding this call would give a wired unit the same positional
// parameters (same count, same names as bindInput makes them): then its block file fits.
func sameInputs(u *unit, ins []analysis.Param, bound []int, callUnit []*unit) bool {
	var want []string
	for k, b := range bound {
		if b < 0 || callUnit[b] == nil {
			continue
		}
		name := ins[k].Name
		if up := callUnit[b]; up.outs > 1 {
			name = up.uuidName()
		}
		want = appendUniq(want, name)
	}
	if len(want) != len(u.inputs) {
		return false
	}
	for i := range want {
		if want[i] != u.inputs[i].Name {
			return false
		}
	}
	return true
}

// outputIndex maps an output reference ("1", "name") to its index.
func outputIndex(d *analysis.Definition, ref string) int {
	for i, o := range d.Outs {
		if o.Name == ref {
			return i
		}
	}
	var n int
	if _, err := fmt.Sscanf(ref, "%d", &n); err == nil {
		return n
	}
	return 0
}

// flatCall is a call of a job body after inlining nested graphs; argument sources are
// indices into the flat call list.
type flatCall struct {
	call analysis.OpCall
	path string
	def  *analysis.Definition
	args []flatArg
}

type flatArg struct {
	param  string
	index  int
	from   int
	output string
	name   string // the bound variable (a graph input when from < 0)
}

// expandCalls resolves the op of every call; calls to @graph definitions are inlined (the
// graph's inputs are handed to its first call, its result is its last call).
func (t *translator) expandCalls(path string, d *analysis.Definition, e *Entry, depth int) []flatCall {
	var out []flatCall
	idx := make([]int, len(d.Job.Calls)) // body call → flat index
	mapArgs := func(args []analysis.OpArg) []flatArg {
		var fa []flatArg
		for _, a := range args {
			from := -1
			if a.FromOp >= 0 && a.FromOp < len(idx) {
				from = idx[a.FromOp]
			}
			fa = append(fa, flatArg{a.Param, a.Index, from, a.Output, a.From})
		}
		return fa
	}
	aliases := t.aliasVars(path, d)
	for i, c := range d.Job.Calls {
		idx[i] = -1
		opPath, op := t.lookupOp(path, c.Op)
		if op == nil {
			if av, ok := aliases[c.Op]; ok {
				opPath, op = t.lookupOp(path, av[0])
				c.Alias = av[1]
			}
		}
		if op == nil {
			e.noteOn(StatusManual, "DM203", "call %s() does not resolve to an op of this project", c.Op)
			continue
		}
		if op.Kind == analysis.KindGraph {
			if op.Job == nil || depth >= 10 {
				e.noteOn(StatusManual, "DM202", "graph %s could not be read", op.Name)
				continue
			}
			sub := t.expandCalls(opPath, op, e, depth+1)
			if len(sub) == 0 {
				continue
			}
			e.noteOn(StatusReview, "DM202", "graph %s is flattened into the pipeline", op.Name)
			base := len(out)
			for _, s := range sub {
				for k := range s.args {
					if s.args[k].from >= 0 {
						s.args[k].from += base
					}
				}
				out = append(out, s)
			}
			if len(c.Args) > 0 {
				out[base].args = append(out[base].args, mapArgs(c.Args)...)
			}
			idx[i] = len(out) - 1
			continue
		}
		idx[i] = len(out)
		out = append(out, flatCall{call: c, path: opPath, def: op, args: mapArgs(c.Args)})
	}
	return out
}

// params returns a definition's parameters with resource parameters recognized across files: a
// parameter the analysis saw as an input is a resource when its annotation names a resource
// class of the workspace, or when its name is a bound resource key and no asset has that key.
func (t *translator) params(d *analysis.Definition) []analysis.Param {
	if ps, ok := t.paramCache[d]; ok {
		return ps
	}
	if t.paramCache == nil {
		t.paramCache = map[*analysis.Definition][]analysis.Param{}
	}
	out := make([]analysis.Param, len(d.Params))
	copy(out, d.Params)
	for i, p := range out {
		if p.Role != analysis.RoleInput {
			continue
		}
		ann := p.Annotation
		if j := strings.LastIndex(ann, "."); j >= 0 {
			ann = ann[j+1:]
		}
		_, isClass := t.resourceClasses[ann]
		_, bound := t.resources[p.Name]
		isAsset := t.ws.Asset(analysis.KeyString(p.UpstreamKey)) != nil
		if isClass || bound && !isAsset {
			out[i].Role = analysis.RoleResource
			out[i].ResourceKey = p.Name
			out[i].UpstreamKey = nil
		}
	}
	t.paramCache[d] = out
	return out
}

// aliasVars finds `x = op.alias("name")` assignments in a job or graph body: x → (op, name).
func (t *translator) aliasVars(path string, d *analysis.Definition) map[string][2]string {
	out := map[string][2]string{}
	m := t.module(path)
	if m == nil || d.VarName == "" {
		return out
	}
	_, fn := m.findFunction(d.VarName)
	if fn == nil {
		return out
	}
	body := fn.ChildByFieldName("body")
	for i := 0; body != nil && i < int(body.NamedChildCount()); i++ {
		st := body.NamedChild(i)
		if st.Type() != "expression_statement" || st.NamedChildCount() == 0 || st.NamedChild(0).Type() != "assignment" {
			continue
		}
		a := st.NamedChild(0)
		left, right := a.ChildByFieldName("left"), a.ChildByFieldName("right")
		if left == nil || right == nil || left.Type() != "identifier" || right.Type() != "call" {
			continue
		}
		fnNode := right.ChildByFieldName("function")
		if fnNode == nil || fnNode.Type() != "attribute" || fnNode.ChildByFieldName("attribute").Content(m.src) != "alias" {
			continue
		}
		args := right.ChildByFieldName("arguments")
		if args == nil || args.NamedChildCount() == 0 {
			continue
		}
		name, ok := pyStringLiteral(args.NamedChild(0).Content(m.src))
		if !ok {
			continue
		}
		out[left.Content(m.src)] = [2]string{fnNode.ChildByFieldName("object").Content(m.src), name}
	}
	return out
}

// looseToJobs finds `x = graph.to_job(...)` statements the analysis did not recognize (the
// graph imported from another module) and builds their pipelines.
func (t *translator) looseToJobs(files []string) {
	for _, path := range files {
		m := t.module(path)
		if m == nil {
			continue
		}
		known := map[string]bool{}
		for _, d := range t.ws.File(path).Defs {
			if d.Kind == analysis.KindJob {
				known[d.VarName] = true
			}
		}
		for _, st := range m.stmts {
			if st.kind != "assign" || len(st.binds) != 1 || known[st.binds[0]] {
				continue
			}
			right := st.node.NamedChild(0).ChildByFieldName("right")
			if right == nil || right.Type() != "call" {
				continue
			}
			fnNode := right.ChildByFieldName("function")
			if fnNode == nil || fnNode.Type() != "attribute" || fnNode.ChildByFieldName("attribute").Content(m.src) != "to_job" {
				continue
			}
			gname := fnNode.ChildByFieldName("object").Content(m.src)
			gp, g := t.lookupOp(path, gname)
			if g == nil || g.Kind != analysis.KindGraph || g.Job == nil {
				continue
			}
			name := st.binds[0]
			if args := right.ChildByFieldName("arguments"); args != nil {
				for i := 0; i < int(args.NamedChildCount()); i++ {
					a := args.NamedChild(i)
					if a.Type() == "keyword_argument" && a.ChildByFieldName("name").Content(m.src) == "name" {
						if s, ok := pyStringLiteral(a.ChildByFieldName("value").Content(m.src)); ok {
							name = s
						}
					}
				}
			}
			e := &Entry{Path: t.relPath(path), Line: m.line(int(st.node.StartByte())), Construct: "GraphDefinition.to_job", Name: name,
				Status: StatusConverted, abs: path, varName: st.binds[0]}
			t.entries = append(t.entries, e)
			d := &analysis.Definition{DefCore: &analysis.DefCore{Construct: "GraphDefinition.to_job", Kind: analysis.KindJob, Name: name, VarName: st.binds[0]}, Parent: -1}
			e.noteOn(StatusReview, "DM205", "the job runs graph %s: its ops become the pipeline's blocks", g.Name)
			t.opPipeline(gp, d, g, e)
		}
	}
}
