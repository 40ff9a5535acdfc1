package codeactions

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
	sitter "github.com/smacker/go-tree-sitter"
)

// tickAssign is one config field a schedule function computes from its tick
// (context.scheduled_execution_time): the block recomputes it in runs of that trigger.
type tickAssign struct {
	field, expr, schedule, tz string
}

// collectTickConfigs reads `return RunRequest(run_config={"ops": {op: {"config": {...}}}})` (or
// a returned run-config dict) in schedule functions: values computed from the tick become
// assignments in the op's block for runs of the schedule's trigger; literal values become the
// trigger's variables.
func (t *translator) collectTickConfigs(files []string) {
	for _, path := range files {
		m := t.module(path)
		if m == nil {
			continue
		}
		for _, d := range t.ws.File(path).Defs {
			if d.Schedule == nil || d.Form != analysis.FormDecorator || d.Dynamic {
				continue
			}
			_, fn := m.findFunction(d.VarName)
			if fn == nil {
				continue
			}
			ctxName := "context"
			if len(d.Params) > 0 {
				ctxName = d.Params[0].Name
			}
			for _, ret := range returns(fn) {
				cfg := runConfigNode(m, ret)
				if cfg == nil {
					continue
				}
				t.tickOps(m, path, d, cfg, ctxName)
			}
		}
	}
}

// returns lists the return statements of a function (not of nested functions).
func returns(fn *sitter.Node) []*sitter.Node {
	var out []*sitter.Node
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		switch n.Type() {
		case "function_definition", "lambda", "class_definition":
			return
		case "return_statement":
			if n.NamedChildCount() > 0 {
				out = append(out, n.NamedChild(0))
			}
			return
		}
		for i := 0; i < int(n.NamedChildCount()); i++ {
			walk(n.NamedChild(i))
		}
	}
	if body := fn.ChildByFieldName("body"); body != nil {
		walk(body)
	}
	return out
}

// runConfigNode returns the run-config dict of `RunRequest(run_config={...})` or `{...}`.
func runConfigNode(m *pyModule, v *sitter.Node) *sitter.Node {
	switch v.Type() {
	case "dictionary":
		return v
	case "call":
		if m.dagsterSymbol(v.ChildByFieldName("function")) != "RunRequest" {
			return nil
		}
		args := v.ChildByFieldName("arguments")
		for i := 0; args != nil && i < int(args.NamedChildCount()); i++ {
			a := args.NamedChild(i)
			if a.Type() == "keyword_argument" && a.ChildByFieldName("name").Content(m.src) == "run_config" {
				if val := a.ChildByFieldName("value"); val != nil && val.Type() == "dictionary" {
					return val
				}
			}
		}
	}
	return nil
}

// dictGet returns the value of a string key in a dictionary node.
func dictGet(m *pyModule, dict *sitter.Node, key string) *sitter.Node {
	for i := 0; dict != nil && i < int(dict.NamedChildCount()); i++ {
		p := dict.NamedChild(i)
		if p.Type() != "pair" {
			continue
		}
		if k, ok := pyStringLiteral(p.ChildByFieldName("key").Content(m.src)); ok && k == key {
			return p.ChildByFieldName("value")
		}
	}
	return nil
}

func (t *translator) tickOps(m *pyModule, path string, d *analysis.Definition, cfg *sitter.Node, ctxName string) {
	e := t.entry(path, d)
	ops := dictGet(m, cfg, "ops")
	if ops == nil || ops.Type() != "dictionary" {
		return
	}
	tickRE := regexp.MustCompile(`\b` + regexp.QuoteMeta(ctxName) + `\.scheduled_execution_time\b`)
	ctxRE := regexp.MustCompile(`\b` + regexp.QuoteMeta(ctxName) + `\b`)
	for i := 0; i < int(ops.NamedChildCount()); i++ {
		p := ops.NamedChild(i)
		if p.Type() != "pair" {
			continue
		}
		opName, ok := pyStringLiteral(p.ChildByFieldName("key").Content(m.src))
		if !ok {
			continue
		}
		fields := dictGet(m, p.ChildByFieldName("value"), "config")
		if fields == nil || fields.Type() != "dictionary" {
			continue
		}
		var target *analysis.Definition
		for def := range t.units {
			if def.Name == opName {
				target = def
			}
		}
		if target == nil {
			continue
		}
		for j := 0; j < int(fields.NamedChildCount()); j++ {
			fp := fields.NamedChild(j)
			if fp.Type() != "pair" {
				continue
			}
			field, ok := pyStringLiteral(fp.ChildByFieldName("key").Content(m.src))
			if !ok {
				continue
			}
			text := fp.ChildByFieldName("value").Content(m.src)
			if !tickRE.MatchString(text) {
				continue
			}
			expr := tickRE.ReplaceAllString(text, "scheduled_execution_time")
			if ctxRE.MatchString(expr) || strings.Contains(expr, "\n") {
				e.noteOn(StatusManual, "DM301", "config %s of %s is computed from the schedule's context; compute it in the block", field, opName)
				continue
			}
			t.tickCfg[target] = append(t.tickCfg[target], tickAssign{field: field, expr: expr, schedule: d.Name, tz: d.Schedule.Timezone})
			e.noteOn(StatusReview, "DM301", "config %s of %s, computed from the tick, is recomputed in block %s for runs of trigger %s (from kwargs['execution_date'] in %s)",
				field, opName, t.units[target].uuid, d.Name, firstNonEmpty(d.Schedule.Timezone, "UTC"))
		}
	}
}

// tickLines renders the assignments of a unit's tick-computed config fields.
func (t *translator) tickLines(u *unit, indent string, viaConfig bool) ([]string, bool) {
	var out []string
	bySchedule := map[string][]tickAssign{}
	var order []string
	for _, a := range t.tickCfg[u.def] {
		if _, ok := bySchedule[a.schedule]; !ok {
			order = append(order, a.schedule)
		}
		bySchedule[a.schedule] = append(bySchedule[a.schedule], a)
	}
	for _, s := range order {
		as := bySchedule[s]
		tz := "None"
		if as[0].tz != "" {
			tz = pyQuote(as[0].tz)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "if kwargs.get('trigger_name') == %s:\n", pyQuote(s))
		fmt.Fprintf(&b, "%s    # Dagster schedule %s computed this config from its tick.\n", indent, s)
		fmt.Fprintf(&b, "%s    scheduled_execution_time = scheduled_time(kwargs, %s)", indent, tz)
		for _, a := range as {
			target := "config." + a.field
			if !viaConfig {
				target = "op_config[" + pyQuote(a.field) + "]"
			}
			fmt.Fprintf(&b, "\n%s    %s = %s", indent, target, a.expr)
		}
		out = append(out, b.String())
	}
	return out, len(out) > 0
}
