package analysis

import "strings"

// DefAt returns the innermost definition whose span contains offset, or nil.
func (fm *FileModel) DefAt(offset int) *Definition {
	var best *Definition
	for _, list := range [][]*Definition{fm.Defs, fm.Dynamic} {
		for _, d := range list {
			if d.Span.Contains(offset) && (best == nil || d.Span.Len() < best.Span.Len()) {
				best = d
			}
		}
	}
	return best
}

// DefByName returns the first definition with this Dagster name or Python name, or nil.
func (fm *FileModel) DefByName(name string) *Definition {
	for _, d := range fm.Defs {
		if d.Name == name {
			return d
		}
	}
	for _, d := range fm.Defs {
		if d.VarName == name {
			return d
		}
	}
	return nil
}

// ConfigClass returns the Config class that d's `config` parameter is annotated with
// (d.ConfigClass), in the same file or imported from another indexed module (through
// re-exports, or as a module attribute such as `configs.MyConfig`), with the file defining
// it; nil when the workspace does not hold it. Its ConfigFields carry spans and defaults,
// which the copy in d.ConfigFields (same-file classes only) does not.
func (w *Workspace) ConfigClass(path string, d *Definition) (*Definition, string) {
	if d == nil || d.ConfigClass == "" {
		return nil, ""
	}
	name := configClassName(d.ConfigClass)
	w.mu.RLock()
	defer w.mu.RUnlock()
	fm := w.files[path]
	if fm == nil || name == "" {
		return nil, ""
	}
	var cd *Definition
	var cp string
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		for _, p := range w.modulePaths(w.importedModule(fm, name[:i])) {
			if other := w.files[p]; other != nil {
				if cd, cp = w.lookupVarDepth(other, name[i+1:], maxReexports); cd != nil {
					break
				}
			}
		}
	} else {
		cd, cp = w.lookupVar(fm, name)
	}
	if cd == nil || cd.Kind != KindConfig || cd.Form != FormClass {
		return nil, ""
	}
	return cd, cp
}

// configClassName reduces an annotation to the class name: quotes, Optional[X] and X | None
// are removed.
func configClassName(ann string) string {
	s := strings.Trim(strings.TrimSpace(ann), `"'`)
	if strings.HasPrefix(s, "Optional[") && strings.HasSuffix(s, "]") {
		s = s[len("Optional[") : len(s)-1]
	}
	for _, part := range strings.Split(s, "|") {
		if part = strings.TrimSpace(part); part != "None" && part != "" {
			return strings.Trim(part, `"'`)
		}
	}
	return ""
}

// LookupName resolves a Python name used in path (a module-level definition of that file, or
// one imported from another indexed module) to its definition and the file defining it.
func (w *Workspace) LookupName(path, name string) (*Definition, string) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	fm := w.files[path]
	if fm == nil {
		return nil, ""
	}
	return w.lookupVar(fm, name)
}

// LookupValue finds the value of a module-level variable holding a list, a dict or an asset
// selection, as used in path (following imports); it returns the value and the path of the
// module that assigns it, or nil.
func (w *Workspace) LookupValue(path, name string) (*Value, string) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	fm := w.files[path]
	if fm == nil {
		return nil, ""
	}
	v, vfm := w.lookupValue(fm, name)
	if v == nil {
		return nil, ""
	}
	return v, vfm.Path
}

// ResourceRef is one `key: resource` binding of a Definitions object, with the definition the
// value refers to when it is known (a resource class, an integration resource call, a
// module-level resource variable).
type ResourceRef struct {
	Key     string
	Path    string // file of the Definitions object
	Value   *Value
	Def     *Definition
	DefPath string
}

// Resources returns the resource bindings of every Definitions object in the workspace.
func (w *Workspace) Resources() []ResourceRef {
	w.mu.RLock()
	defer w.mu.RUnlock()
	var out []ResourceRef
	for _, p := range sortedKeys(w.files) {
		fm := w.files[p]
		for _, d := range fm.Defs {
			if d.Definitions == nil {
				continue
			}
			for _, rb := range d.Definitions.Resources {
				ref := ResourceRef{Key: rb.Key, Path: p, Value: rb.Value}
				v := rb.Value
				name := ""
				switch {
				case v == nil:
				case v.Kind == ValName:
					name = v.Name
				case v.Kind == ValCall && v.Callee != nil && v.Callee.Kind == ValName:
					name = v.Callee.Name
				}
				if name != "" {
					ref.Def, ref.DefPath = w.lookupVar(fm, name)
				}
				if ref.Def == nil && v != nil {
					// An integration resource built inline: its own definition in this file.
					vs := d.Abs(v.Span)
					for _, c := range fm.Defs {
						if c.Head.Start >= vs.Start && c.Head.End <= vs.End && (c.Kind == KindResource || c.Kind == KindIOManager) {
							ref.Def, ref.DefPath = c, p
							break
						}
					}
				}
				out = append(out, ref)
			}
		}
	}
	return out
}
