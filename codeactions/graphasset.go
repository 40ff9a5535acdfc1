package codeactions

import (
	"fmt"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// wireGraphAsset expands a @graph_asset (or a @graph_multi_asset whose last op has one output
// per asset output) into one block per op call (dagster-constructs.md §6.B): the graph's inputs
// read the upstream asset blocks, the calls feed each other as in a job, and the last call's
// block takes the asset's uuid, so consumers of the asset read it. Other shapes get a
// placeholder block and a manual report entry.
func (t *translator) wireGraphAsset(u *unit) {
	g := u.graph
	u.wired = true
	var calls []flatCall
	if g.Job != nil {
		calls = t.expandCalls(u.path, g, u.entry, 0)
	}
	last := -1
	for i := len(calls) - 1; i >= 0; i-- {
		if calls[i].def != nil {
			last = i
			break
		}
	}
	if last < 0 {
		u.stub = fmt.Sprintf("@%s %s: no op call of its body could be resolved; write the block by hand", g.Construct, g.Name)
		return
	}
	if n := len(g.Outs); g.Construct == "graph_multi_asset" && (n != len(calls[last].def.Outs) || n < 2) {
		u.stub = fmt.Sprintf("@graph_multi_asset %s: its outputs do not come from one op with the same outputs; split it into blocks by hand", g.Name)
		return
	}
	// Graph inputs → the upstream asset blocks (same key rules as an asset's parameters).
	keys := t.ws.UpstreamKeys(u.path, g)
	byParam := map[string][]string{}
	for i, dep := range g.Deps {
		if i >= len(keys) || keys[i] == nil {
			continue
		}
		if dep.Source == analysis.DepParam {
			byParam[dep.Param] = keys[i]
		} else if up := t.unitOfKey(keys[i]); up != nil && up != u {
			u.orderOnly = appendUniq(u.orderOnly, up.uuid)
		}
	}
	graphIn := map[string]*unit{}
	graphOut := map[string]int{}
	for _, p := range t.params(g) {
		if p.Role != analysis.RoleInput {
			continue
		}
		key := byParam[p.Name]
		if key == nil {
			key = p.UpstreamKey
		}
		if node := t.ws.Asset(analysis.KeyString(key)); node != nil && node.Def != nil && t.units[node.Def] != nil && t.units[node.Def] != u {
			graphIn[p.Name], graphOut[p.Name] = t.units[node.Def], node.Out
		} else {
			u.entry.noteOn(StatusReview, "DM104", "graph input %s reads asset %s, which no block of this project produces: it is None in the block until you load it", p.Name, analysis.KeyString(key))
		}
	}
	// One unit per call; the last one is u itself, now running that op's function.
	units := make([]*unit, len(calls))
	for i, c := range calls {
		if c.def == nil {
			continue
		}
		if i == last {
			m := t.module(c.path)
			if m == nil {
				u.stub = fmt.Sprintf("the module of op %s could not be read", c.def.Name)
				return
			}
			u.def, u.path, u.rel, u.mod, u.isOp = c.def, c.path, t.relPath(c.path), m, false
			u.outs = max(1, len(c.def.Outs))
			units[i] = u
			t.entry(c.path, c.def).noteOn(StatusReview, "DM103", "the last op of graph asset %s: block %s", g.Name, u.uuid)
			continue
		}
		name := c.call.Alias
		if name == "" {
			name = g.Name + "__" + c.def.Name
		}
		ou := t.opUnit(c.path, c.def, name)
		if ou == nil {
			u.entry.noteOn(StatusManual, "DM201", "op %s of graph asset %s has no body to migrate", c.def.Name, g.Name)
			continue
		}
		ou.wired, ou.inGraph = true, true
		units[i] = ou
	}
	for i, c := range calls {
		cu := units[i]
		if cu == nil {
			continue
		}
		ins := t.inputParams(cu.def)
		bound := make([]bool, len(ins))
		for _, a := range c.args {
			k := a.index
			if a.param != "" {
				k = -1
				for j, p := range ins {
					if p.Name == a.param {
						k = j
					}
				}
			}
			if k < 0 || k >= len(ins) || bound[k] {
				continue
			}
			var up *unit
			out := -1
			switch {
			case a.from >= 0 && a.from < len(units) && units[a.from] != nil:
				up = units[a.from]
				if up.outs > 1 {
					out = outputIndex(up.def, a.output)
				}
			case a.from < 0 && graphIn[a.name] != nil:
				up, out = graphIn[a.name], graphOut[a.name]
			}
			if up == nil {
				continue
			}
			bound[k] = true
			t.bindInput(cu, up, ins[k], out)
		}
		for k, p := range ins {
			if !bound[k] {
				cu.locals = append(cu.locals, p)
			}
		}
		if c.call.Mapped {
			cu.reduce = cu.reduce || c.call.Collect
			u.entry.noteOn(StatusReview, "DM206", "dynamic fan-out: %s runs once per item; Mage fans out only in trigger runs, not in a plain `mage run`", cu.uuid)
		}
		if cu != u {
			cu.entry.noteOn(StatusReview, "DM103", "called in graph asset %s: block %s", g.Name, cu.uuid)
		}
	}
	u.entry.noteOn(StatusReview, "DM103", "@%s %s is expanded into %d blocks, one per op call; block %s (op %s) takes the asset's name", g.Construct, g.Name, countUnits(units), u.uuid, u.def.Name)
	if g.Partitions != nil && u.def.Partitions == nil {
		u.entry.noteOn(StatusReview, "DM601", "the graph asset's partitions are not carried to its ops' blocks: read the partition in the blocks by hand")
	}
}

func countUnits(us []*unit) int {
	n := 0
	for _, u := range us {
		if u != nil {
			n++
		}
	}
	return n
}
