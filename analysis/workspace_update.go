package analysis

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Typing inside a function body changes a file's spans but not what other files can see of
// it. Update compares the new model's index entry (asset keys, dependencies, decorator
// arguments, selections, imports, module-level names) with the old one, ignoring positions;
// when they are equal the asset graph and the other files' cross-file findings stay valid,
// and only the graph's pointers into the file and the file's own cross-file findings are
// refreshed.

// sameIndexEntry reports whether old and fm expose the same things to the rest of the
// workspace (everything rebuildGraph, crossFindings and the resolver read), positions aside.
func sameIndexEntry(old, fm *FileModel) bool {
	if old == nil || old.Path != fm.Path || old.Module != fm.Module || len(old.Defs) != len(fm.Defs) {
		return false
	}
	// Typed comparisons first: this runs on every keystroke, and reflection over a
	// thousand-entry map allocates.
	if !slices.EqualFunc(old.Imports, fm.Imports, func(a, b Import) bool { a.Span, b.Span = Span{}, Span{}; return a == b }) ||
		!maps.Equal(old.Exports, fm.Exports) || !maps.Equal(old.Vars, fm.Vars) ||
		!maps.EqualFunc(old.Values, fm.Values, func(a, b *Value) bool { return a == b || equalNoSpans(reflect.ValueOf(a), reflect.ValueOf(b)) }) {
		return false
	}
	for i, d := range fm.Defs {
		if o := old.Defs[i]; o != d && !sameOrigin(o, d) && !sameIndexDef(o, d) {
			return false
		}
	}
	return true
}

// indexDefFields are the Definition fields the workspace index reads from other files; the
// rest (body, parameters, docstring, op calls of a job body) is per-file.
var indexDefFields = func() [][]int {
	names := []string{"Construct", "Symbol", "Kind", "Form", "Name", "VarName", "Key", "KeyPrefix", "Group",
		"Call", "Deps", "Outs", "Check", "Schedule", "Sensor", "AssetJob", "Definitions", "Dynamic", "Parent"}
	t := reflect.TypeFor[Definition]()
	out := make([][]int, len(names))
	for i, n := range names {
		f, ok := t.FieldByName(n)
		if !ok {
			panic("analysis: Definition has no field " + n)
		}
		out[i] = f.Index
	}
	return out
}()

// sameOrigin: b was replayed from the statement that gave a (its header copied with shifted
// spans, its DefCore shared), the usual case for every definition after a keystroke, so only
// Parent can differ.
func sameOrigin(a, b *Definition) bool {
	return a.DefCore == b.DefCore && a.Parent == b.Parent
}

func sameIndexDef(a, b *Definition) bool {
	if a == nil || b == nil {
		return a == b
	}
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for _, i := range indexDefFields {
		if !equalNoSpans(va.FieldByIndex(i), vb.FieldByIndex(i)) {
			return false
		}
	}
	return true
}

var spanType = reflect.TypeFor[Span]()

// structFields caches the exported, non-Span field indices per struct type (reflect's
// Type.Field allocates, and a 5,000-line file compares thousands of structs per keystroke).
var structFields sync.Map // reflect.Type → []int

func exportedFields(t reflect.Type) []int {
	if v, ok := structFields.Load(t); ok {
		return v.([]int)
	}
	var out []int
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() && f.Type != spanType {
			out = append(out, i)
		}
	}
	structFields.Store(t, out)
	return out
}

// equalNoSpans is reflect.DeepEqual for the model's acyclic data, skipping Span values and
// unexported fields (caches).
func equalNoSpans(a, b reflect.Value) bool {
	if a.Type() == spanType {
		return true
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Kind() == reflect.Pointer && a.Pointer() == b.Pointer() {
			return true
		}
		if a.Kind() == reflect.Interface && a.Elem().Type() != b.Elem().Type() {
			return false
		}
		return equalNoSpans(a.Elem(), b.Elem())
	case reflect.Struct:
		for _, i := range exportedFields(a.Type()) {
			if !equalNoSpans(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !equalNoSpans(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if !equalNoSpans(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		it := a.MapRange()
		for it.Next() {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() || !equalNoSpans(it.Value(), bv) {
				return false
			}
		}
		return true
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	default:
		return reflect.DeepEqual(a.Interface(), b.Interface())
	}
}

// swapFile replaces old by fm when both expose the same index entry: the graph's nodes and
// definition keys point at fm's definitions (same order), and fm's own cross-file findings
// are recomputed (their spans moved). It returns fm's path followed by the files whose
// diagnostics carry related locations in fm (a schedule's job, a check's asset), whose
// findings are unchanged but whose positions may have moved. Callers hold w.mu.
func (w *Workspace) swapFile(old, fm *FileModel) []string {
	w.files[fm.Path] = fm
	for i, od := range old.Defs {
		nd := fm.Defs[i]
		if od == nd {
			continue
		}
		keys := w.defKeys[od.DefCore] // nd's too when they share a core (a replay)
		if od.DefCore != nd.DefCore && keys != nil {
			delete(w.defKeys, od.DefCore)
			w.defKeys[nd.DefCore] = keys
		}
		for _, k := range keys {
			ks := KeyString(k)
			if n := w.assets[ks]; n != nil && n.Def == od {
				c := *n // readers may hold n
				c.Def = nd
				w.assets[ks] = &c
			}
		}
	}
	// Claims, including those that lost to another file's, point at the new definitions.
	for _, k := range w.fileKeys[fm.Path] {
		for i, c := range w.claims[k] {
			if c.path == fm.Path && c.di >= 0 {
				w.claims[k][i].def = fm.Defs[c.di]
			}
		}
	}
	if moved, ok := movedCross(old, fm, w.cross[fm.Path]); ok {
		w.cross[fm.Path] = moved
	} else {
		w.cross[fm.Path] = w.crossFindings(fm)
	}
	others := map[string]bool{}
	w.referrers(w.provides[fm.Path], others)
	delete(others, fm.Path)
	return append([]string{fm.Path}, sortedKeys(others)...)
}

// referrers adds to out the files whose references match what prov lists (exact keys, and
// module names matched by dotted suffix either way); selections over the whole graph are left
// to the graph's own records (depAll).
func (w *Workspace) referrers(prov []string, out map[string]bool) {
	add := func(paths []string) {
		for _, p := range paths {
			out[p] = true
		}
	}
	for _, k := range prov {
		add(w.refIdx[k])
		if mod, ok := strings.CutPrefix(k, "mod:"); ok {
			// A reference to a dotted suffix of the module, or to a longer name ending with it.
			add(w.refIdx[suffixKey+mod])
			for _, s := range moduleSuffixes(mod)[1:] {
				add(w.refIdx["mod:"+s])
			}
		}
	}
}

// suffixKey prefixes the entries of refIdx that list, for a dotted module name m, the files
// that import a module whose name ends with "."+m.
const suffixKey = "modsuffix:"

// refIndexKeys calls put with every refIdx key under which path's references are listed.
func (w *Workspace) refIndexKeys(path string, put func(k string)) {
	for _, k := range w.refs[path] {
		put(k)
		if mod, ok := strings.CutPrefix(k, "mod:"); ok {
			for _, s := range moduleSuffixes(mod)[1:] {
				put(suffixKey + s)
			}
		}
	}
}

// indexRefs adds path's references to the inverted index (w.refs[path] must be set).
func (w *Workspace) indexRefs(path string) {
	w.refIndexKeys(path, func(k string) {
		if l := w.refIdx[k]; len(l) == 0 || l[len(l)-1] != path { // a suffix can repeat
			w.refIdx[k] = append(l, path)
		}
	})
}

// unindexRefs removes path's current references from the inverted index.
func (w *Workspace) unindexRefs(path string) {
	w.refIndexKeys(path, func(k string) {
		if l := slices.DeleteFunc(w.refIdx[k], func(p string) bool { return p == path }); len(l) == 0 {
			delete(w.refIdx, k)
		} else {
			w.refIdx[k] = l
		}
	})
}

// movedCross carries old's cross-file findings over to fm when swapFile replaces old by fm:
// the index entry and the graph are the same, so each job selection resolves as before and
// only the definitions and spans move (re-resolving a big file's job selections on every
// keystroke is what this saves). ok is false when a finding's definition is not found.
func movedCross(old, fm *FileModel, prev []Finding) ([]Finding, bool) {
	if len(prev) == 0 {
		return prev, true
	}
	out := make([]Finding, 0, len(prev))
	for _, f := range prev {
		i := slices.Index(old.Defs, f.Def)
		if i < 0 || f.Code != "DM207" {
			return nil, false
		}
		f.Def = fm.Defs[i]
		f.Span = selectionSpan(f.Def)
		out = append(out, f)
	}
	return out, true
}
