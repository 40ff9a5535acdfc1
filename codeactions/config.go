package codeactions

import (
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
)

// configFields returns the config fields of a unit: its Config class fields or config_schema.
func (t *translator) configFields(u *unit) []analysis.Field {
	d := u.def
	if d.ConfigClass != "" {
		// The class's own fields carry the parsed defaults; the copy on the op may not.
		if cd, _ := t.ws.ConfigClass(u.path, d); cd != nil {
			return cd.ConfigFields
		}
		for _, p := range t.ws.Files() {
			for _, x := range t.ws.File(p).Defs {
				if x.Kind == analysis.KindConfig && x.Form == analysis.FormClass && x.VarName == d.ConfigClass {
					return x.ConfigFields
				}
			}
		}
		if len(d.ConfigFields) > 0 {
			return d.ConfigFields
		}
		u.entry.noteOn(StatusReview, "DM407", "Config class %s was not found: config is rebuilt from every pipeline variable", d.ConfigClass)
		return nil
	}
	s := d.ConfigSchema
	if s == nil || s.Kind != analysis.ValDict {
		if s != nil {
			u.entry.noteOn(StatusReview, "DM408", "config_schema %s is not a dict: op_config is the block's kwargs", s.Text)
		}
		return nil
	}
	var out []analysis.Field
	for i, k := range s.Keys {
		name, ok := k.StringValue()
		if !ok || i >= len(s.Items) {
			continue
		}
		v := s.Items[i]
		f := analysis.Field{Name: name, Type: v.Text}
		if v.Kind == analysis.ValCall && strings.HasSuffix(v.Name, "Field") {
			if dv := v.Kwarg("default_value"); dv != nil {
				f.HasDef, f.Default, f.DefValue = true, dv.Text, dv
			}
		}
		out = append(out, f)
	}
	return out
}

// assignConfigVars gives every config field of every unit a pipeline variable name: the plain
// field name, or <uuid>__<field> when the name is used by another unit or equals a positional
// parameter of any block (Mage passes variables as keyword arguments, §7.5).
func (t *translator) assignConfigVars() {
	fieldsOf := map[*unit][]analysis.Field{}
	count := map[string]int{}
	params := map[string]bool{}
	for _, u := range t.order {
		for _, in := range u.inputs {
			params[in.Name] = true
		}
		hasCfg := u.def.ConfigClass != "" || u.def.ConfigSchema != nil
		for _, p := range t.params(u.def) {
			if p.Role == analysis.RoleConfig {
				hasCfg = true
			}
		}
		if !hasCfg {
			continue
		}
		fs := t.configFields(u)
		fieldsOf[u] = fs
		for _, f := range fs {
			count[f.Name]++
		}
	}
	reserved := map[string]bool{"env": true, "event": true, "execution_date": true, "execution_partition": true,
		"pipeline_run_id": true, "trigger_name": true, "ds": true, "hr": true, "configuration": true, "context": true,
		"pipeline_uuid": true, "block_uuid": true, "repo_path": true, "logger": true, "retry": true, "partition_key": true}
	for _, u := range t.order {
		fs, ok := fieldsOf[u]
		if !ok {
			continue
		}
		for _, f := range fs {
			name := f.Name
			if count[name] > 1 || params[name] || reserved[name] {
				name = strings.ReplaceAll(u.uuid, "/", "__") + "__" + f.Name
			}
			def := "None"
			if f.HasDef && f.DefValue != nil {
				if _, ok := yamlValue(f.DefValue); ok && envName(f.DefValue) == "" {
					def = f.DefValue.Text
				}
			} else if f.HasDef && literalYAML(f.Default) != nil {
				def = f.Default
			}
			if env := envName(f.DefValue); env != "" {
				u.entry.noteOn(StatusReview, "DM409", "config field %s defaults to environment variable %s: set pipeline variable %s from it", f.Name, env, name)
			}
			if !f.HasDef {
				u.entry.noteOn(StatusReview, "DM407", "config field %s has no default: pipeline variable %s is null until a trigger or run sets it", f.Name, name)
			}
			u.config = append(u.config, configVar{Field: f.Name, Var: name, Default: def})
		}
		kind := "DM407"
		if u.def.ConfigClass == "" {
			kind = "DM408"
		}
		u.entry.noteOn(StatusReview, kind, "config becomes pipeline variables (%s) read from kwargs", strings.Join(varNames(u.config), ", "))
	}
}

func varNames(cs []configVar) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Var)
	}
	return out
}

// applyRunConfig writes {"ops": {"<op>": {"config": {...}}}} (or RunConfig(ops=...)) values
// into variables (pipeline variables when vars is nil).
func (t *translator) applyRunConfig(p *mage.Pipeline, cfg *analysis.Value, vars *mage.Map) {
	if vars == nil {
		vars = &p.Variables
	}
	ops := cfg.DictGet("ops")
	if ops == nil && cfg.Kind == analysis.ValCall {
		ops = cfg.Kwarg("ops")
	}
	if ops == nil || ops.Kind != analysis.ValDict {
		return
	}
	for i, k := range ops.Keys {
		opName, ok := k.StringValue()
		if !ok || i >= len(ops.Items) {
			continue
		}
		v := ops.Items[i]
		c := v.DictGet("config")
		if c == nil {
			c = v
		}
		var u *unit
		for _, x := range t.order {
			if x.def.Name == opName || x.uuid == mage.CleanName(opName) {
				u = x
			}
		}
		if u == nil || c.Kind != analysis.ValDict && c.Kind != analysis.ValCall {
			continue
		}
		set := func(field string, val *analysis.Value) {
			for _, cv := range u.config {
				if cv.Field == field {
					if y, ok := yamlValue(val); ok {
						vars.Set(cv.Var, y)
					}
				}
			}
		}
		if c.Kind == analysis.ValDict {
			for j, fk := range c.Keys {
				if fs, ok := fk.StringValue(); ok && j < len(c.Items) {
					set(fs, c.Items[j])
				}
			}
		} else {
			for _, kw := range c.Kwargs {
				set(kw.Name, kw.Value)
			}
		}
	}
}
