package analysis

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
					for _, c := range fm.Defs {
						if c.Head.Start >= v.Span.Start && c.Head.End <= v.Span.End && (c.Kind == KindResource || c.Kind == KindIOManager) {
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
