package analysis

import (
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
)

// AssetNode is one asset of the workspace graph.
type AssetNode struct {
	Key        []string
	Path       string
	Def        *Definition
	Out        int // index into Def.Outs for multi-assets, -1 otherwise
	Group      string
	Upstream   []string // keys joined with "/"
	Downstream []string
}

// KeyString joins an asset key path with "/".
func KeyString(k []string) string { return strings.Join(k, "/") }

// DefRef locates a definition in the workspace.
type DefRef struct {
	Path string
	Def  *Definition
}

// Workspace is the cross-file index: asset graph, jobs, Definitions wiring and the findings of
// every file. It is safe for concurrent use.
type Workspace struct {
	mu     sync.RWMutex
	root   string
	cfg    *Config
	files  map[string]*FileModel
	cross  map[string][]Finding // cross-file findings per path
	assets map[string]*AssetNode
	byMod  map[string]string // dotted module → path
	// provides/refs per file (sorted), to find who shows locations in a changed file.
	provides map[string][]string
	refs     map[string][]string
	refIdx   map[string][]string     // inverse of refs (workspace_update.go)
	prefix   map[string]loadPrefix   // path → prefix/group applied by load_assets_from_modules
	loaders  map[string]bool         // files applying such prefixes or groups
	defKeys  map[*DefCore][][]string // keyed by core: a replayed definition keeps its entry
	// The per-file graph (workspace_graph.go): claims per key, keys per file, and what each
	// file's edges and cross-file findings read, inverted.
	claims   map[string][]claim
	fileKeys map[string][]string
	deps     map[string]*fileDeps
	depKey   map[string][]string
	depMod   map[string][]string
	depAll   map[string]bool
	trk      *fileDeps // recording, while relink runs
}

type loadPrefix struct {
	prefix []string
	group  string
}

// NewWorkspace creates an empty workspace rooted at root.
func NewWorkspace(root string, cfg *Config) *Workspace {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	w := &Workspace{root: root, cfg: cfg, files: map[string]*FileModel{}, byMod: map[string]string{},
		provides: map[string][]string{}, refs: map[string][]string{}, refIdx: map[string][]string{}}
	w.rebuildAll()
	return w
}

// Snapshot returns a read-only copy of the index as it is now, for long readers such as a
// translation while edits go on: file models and asset nodes are never modified once in the
// index (updates replace them), so the copy shares them and only the maps are copied. The
// copy answers every query; Update, UpdateAll, Remove and SetConfig must not be called on it.
func (w *Workspace) Snapshot() *Workspace {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return &Workspace{root: w.root, cfg: w.cfg, files: maps.Clone(w.files), cross: maps.Clone(w.cross),
		assets: maps.Clone(w.assets), byMod: maps.Clone(w.byMod), prefix: maps.Clone(w.prefix),
		defKeys: maps.Clone(w.defKeys)} // what only updates read (loaders, claims, deps...) stays nil
}

// Root returns the workspace root.
func (w *Workspace) Root() string { return w.root }

// Config returns the configuration.
func (w *Workspace) Config() *Config {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.cfg
}

// SetConfig replaces the configuration and returns every path (findings may change).
func (w *Workspace) SetConfig(cfg *Config) []string {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	w.mu.Lock()
	w.cfg = cfg
	w.mu.Unlock()
	return w.Files()
}

// ModuleName computes the dotted module name of a path relative to the workspace root
// (`src/pkg/a.py` → `src.pkg.a`; packages drop `__init__`).
func (w *Workspace) ModuleName(path string) string {
	rel, err := filepath.Rel(w.root, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = filepath.Base(path)
	}
	rel = filepath.ToSlash(rel)
	if IsComponentYAML(path) {
		// Not a Python module (a component's YAML): a name no import can match.
		return strings.ReplaceAll(rel, ".", "_")
	}
	rel = strings.TrimSuffix(rel, ".py")
	rel = strings.TrimSuffix(rel, "/__init__")
	if rel == "__init__" {
		rel = ""
	}
	return strings.ReplaceAll(rel, "/", ".")
}

// Analyze parses and analyzes a file in the context of this workspace (module name and
// re-exports through project modules known so far).
func (w *Workspace) Analyze(path string, doc *Document) *FileModel {
	if IsComponentYAML(path) {
		return AnalyzeComponentYAML(path, doc.Text())
	}
	return AnalyzeFileWith(path, w.ModuleName(path), doc, w.Resolver())
}

// Reanalyze is Analyze reusing prev, the model of an earlier snapshot of the same file (nil
// for none): unchanged statements are not walked again (see AnalyzeIncremental).
func (w *Workspace) Reanalyze(path string, doc *Document, prev *FileModel) *FileModel {
	if IsComponentYAML(path) {
		return AnalyzeComponentYAML(path, doc.Text())
	}
	return AnalyzeIncremental(path, w.ModuleName(path), doc, prev, w.Resolver())
}

// Resolver returns a resolver for names re-exported by project modules.
func (w *Workspace) Resolver() Resolver {
	return func(from, mod string, level int, name string) string {
		target := resolveModule(from, mod, level)
		w.mu.RLock()
		defer w.mu.RUnlock()
		for _, p := range w.modulePaths(target) {
			if fm := w.files[p]; fm != nil {
				if q, ok := fm.Exports[name]; ok {
					return q
				}
				if i, ok := fm.Vars[name]; ok {
					if d := fm.Defs[i]; d.Form == FormClass && (d.Kind == KindResource || d.Kind == KindIOManager) {
						return localResource
					}
				}
			}
		}
		return ""
	}
}

// resolveModule turns a possibly relative import into a dotted module name.
func resolveModule(from, mod string, level int) string {
	if level == 0 {
		return mod
	}
	parts := strings.Split(from, ".")
	// from is the importing module; its package is parts[:len-1] (for __init__ modules the
	// module name already is the package, an approximation accepted here).
	up := len(parts) - level
	if up < 0 {
		up = 0
	}
	base := strings.Join(parts[:up], ".")
	if mod == "" {
		return base
	}
	if base == "" {
		return mod
	}
	return base + "." + mod
}

// modulePaths returns the paths whose module name equals mod or ends with "."+mod.
func (w *Workspace) modulePaths(mod string) []string {
	if mod == "" {
		return nil
	}
	w.trk.mod(mod)
	if p, ok := w.byMod[mod]; ok {
		return []string{p}
	}
	var out []string
	for m, p := range w.byMod {
		if strings.HasSuffix(m, "."+mod) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// Update stores a file's model and returns the paths whose findings may have changed (the
// file itself first, then files that depend on what it defines).
func (w *Workspace) Update(fm *FileModel) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if fm.Module == "" {
		fm.Module = w.ModuleName(fm.Path)
	}
	if old := w.files[fm.Path]; old != nil && sameIndexEntry(old, fm) {
		return w.swapFile(old, fm) // the usual keystroke: nothing other files see changed
	}
	return w.replace(fm.Path, fm)
}

// bulkUpdate is the batch size above which UpdateAll rebuilds the index instead of updating
// it file by file.
const bulkUpdate = 64

// UpdateAll stores several models at once (callers republish what they show). Large batches (a
// scan) rebuild the index once instead of updating it per file.
func (w *Workspace) UpdateAll(fms []*FileModel) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, fm := range fms {
		if fm.Module == "" {
			fm.Module = w.ModuleName(fm.Path)
		}
		if len(fms) <= bulkUpdate {
			w.replace(fm.Path, fm)
		} else {
			w.store(fm.Path, fm)
		}
	}
	if len(fms) > bulkUpdate {
		w.rebuildAll()
	}
}

// Remove drops a file and returns the affected paths.
func (w *Workspace) Remove(path string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.files[path]; !ok {
		return nil
	}
	return w.replace(path, nil)
}

// store puts fm (nil: nothing) in path's place in the file table and the reference index,
// and returns the file's previous model and what it provided.
func (w *Workspace) store(path string, fm *FileModel) (*FileModel, []string) {
	old, oldProv := w.files[path], w.provides[path]
	w.unindexRefs(path)
	if old != nil && w.byMod[old.Module] == path {
		delete(w.byMod, old.Module)
	}
	if fm == nil {
		delete(w.files, path)
		delete(w.provides, path)
		delete(w.refs, path)
		return old, oldProv
	}
	w.files[path] = fm
	w.byMod[fm.Module] = path
	w.provides[path], w.refs[path] = provRefs(fm)
	w.indexRefs(path)
	return old, oldProv
}

// replace stores fm (nil: removes the file), updates the graph for that file and its
// neighbours, and returns path followed by every other file whose findings or related
// locations may have changed. Callers hold w.mu.
func (w *Workspace) replace(path string, fm *FileModel) []string {
	old, oldProv := w.store(path, fm)
	redo := w.updateGraph(path, old, fm)
	for _, prov := range [][]string{oldProv, w.provides[path]} {
		w.referrers(prov, redo)
	}
	delete(redo, path)
	return append([]string{path}, sortedKeys(redo)...)
}

// provRefs lists what a file provides (asset keys, job names, its module) and what it refers
// to (keys, job names, imported modules) — the edges used to find affected files.
func provRefs(fm *FileModel) (provides, refers []string) {
	prov, refs := map[string]bool{"mod:" + fm.Module: true}, map[string]bool{}
	for _, d := range fm.Defs {
		if d.Key != nil {
			prov["key:"+KeyString(d.Key)] = true
		}
		for _, o := range d.Outs {
			if o.Key != nil {
				prov["key:"+KeyString(o.Key)] = true
			}
		}
		if d.Kind == KindJob {
			prov["job:"+d.Name] = true
		}
		if d.VarName != "" {
			prov["var:"+d.VarName] = true
		}
		for _, dep := range d.Deps {
			if dep.Key != nil {
				refs["key:"+KeyString(dep.Key)] = true
			} else if dep.Expr != nil && dep.Expr.Kind == ValName {
				refs["var:"+dep.Expr.Name] = true
			}
		}
		if d.Schedule != nil && d.Schedule.Job != "" {
			refs["job:"+d.Schedule.Job] = true
		}
		if d.Sensor != nil {
			for _, j := range d.Sensor.Jobs {
				refs["job:"+j] = true
			}
		}
		if d.Check != nil && d.Check.AssetExpr != nil && d.Check.AssetExpr.Kind == ValName {
			refs["var:"+d.Check.AssetExpr.Name] = true
		}
	}
	for k := range fm.Values {
		prov["var:"+k] = true
	}
	for _, im := range fm.Imports {
		refs["mod:"+resolveModule(importBase(fm), im.Module, im.Level)] = true
		if im.Name != "" {
			refs["mod:"+resolveModule(importBase(fm), strings.TrimPrefix(im.Module+"."+im.Name, "."), im.Level)] = true
		}
	}
	return slices.Sorted(maps.Keys(prov)), slices.Sorted(maps.Keys(refs))
}

// File returns a file's model.
func (w *Workspace) File(path string) *FileModel {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.files[path]
}

// Files returns the indexed paths, sorted.
func (w *Workspace) Files() []string {
	w.mu.RLock()
	defer w.mu.RUnlock()
	out := make([]string, 0, len(w.files))
	for p := range w.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Texts returns each file's text (the snapshot each model was made from).
func (w *Workspace) Texts() map[string][]byte {
	w.mu.RLock()
	defer w.mu.RUnlock()
	out := make(map[string][]byte, len(w.files))
	for p, fm := range w.files {
		if fm.Doc != nil {
			out[p] = fm.Doc.Text()
		}
	}
	return out
}

// Findings returns the findings of a file (per-file and cross-file), filtered by the
// configuration's select/ignore and by `# noqa` comments, sorted by position.
func (w *Workspace) Findings(path string) []Finding {
	w.mu.RLock()
	defer w.mu.RUnlock()
	fm := w.files[path]
	if fm == nil {
		return nil
	}
	all := fileFindingsRoom(fm, len(w.cross[path]))
	w.applyPrefixNames(fm, all)
	all = append(all, w.cross[path]...)
	out := all[:0]
	for _, f := range all {
		if !w.cfg.Enabled(f.Code) || suppressed(fm, f) {
			continue
		}
		if f.Def != nil && (f.Def.Schedule != nil || f.Def.Sensor != nil || f.Def.Check != nil) {
			f.Related = w.relatedOf(path, f.Def)
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	return out
}

// applyPrefixNames is a hook for workspace-level renames (load_assets_from_modules prefixes);
// names in messages keep the Python-level name, so nothing changes today.
func (w *Workspace) applyPrefixNames(_ *FileModel, _ []Finding) {}

// depKeyWS resolves a dependency key, following definitions imported from other modules and
// load_assets_from_modules prefixes.
func (w *Workspace) depKeyWS(fm *FileModel, dep Dep) []string {
	if dep.Key != nil {
		if lp, ok := w.prefix[fm.Path]; ok && len(lp.prefix) > 0 && dep.Source == DepParam {
			// Dagster applies the prefix to dependencies among assets loaded together.
			pk := append(append([]string(nil), lp.prefix...), dep.Key...)
			w.trk.key(KeyString(pk))
			if _, ok := w.assets[KeyString(pk)]; ok {
				return pk
			}
		}
		return dep.Key
	}
	if dep.Expr != nil && dep.Expr.Kind == ValName {
		if d, _ := w.lookupVar(fm, dep.Expr.Name); d != nil {
			return w.effectiveKey(d)
		}
	}
	return nil
}

// effectiveKey is a definition's key with any workspace-level prefix applied (nil for a
// multi-asset: see effectiveKeys).
func (w *Workspace) effectiveKey(d *Definition) []string {
	if ks := w.defKeys[d.DefCore]; len(ks) == 1 && d.Key != nil {
		return ks[0]
	}
	if d.Key == nil {
		return nil
	}
	return d.Key
}

// effectiveKeys returns every asset key a definition produces, prefixes applied.
func (w *Workspace) effectiveKeys(d *Definition) [][]string {
	if ks := w.defKeys[d.DefCore]; len(ks) > 0 {
		return ks
	}
	if d.Key != nil {
		return [][]string{d.Key}
	}
	return nil
}

// lookupVar finds the definition bound to a name in fm, following `from mod import name`.
func (w *Workspace) lookupVar(fm *FileModel, name string) (*Definition, string) {
	d, p := w.lookupVarDepth(fm, name, maxReexports)
	w.recordDefKeys(p, d)
	return d, p
}

// maxReexports bounds how many `from x import y` hops a lookup follows (a package's
// __init__ re-exporting a submodule's name is one hop; cycles end here too).
const maxReexports = 4

func (w *Workspace) lookupVarDepth(fm *FileModel, name string, depth int) (*Definition, string) {
	if i, ok := fm.Vars[name]; ok {
		return fm.Defs[i], fm.Path
	}
	if depth == 0 {
		return nil, ""
	}
	for _, im := range fm.Imports {
		if im.Local != name || im.Name == "" {
			continue
		}
		for _, p := range w.modulePaths(resolveModule(importBase(fm), im.Module, im.Level)) {
			if other := w.files[p]; other != nil && other != fm {
				if d, dp := w.lookupVarDepth(other, im.Name, depth-1); d != nil {
					return d, dp
				}
			}
		}
	}
	return nil, ""
}

// lookupValue finds a module-level list/selection variable used in fm, following imports.
func (w *Workspace) lookupValue(fm *FileModel, name string) (*Value, *FileModel) {
	if v, ok := fm.Values[name]; ok {
		return v, fm
	}
	for _, im := range fm.Imports {
		if im.Local != name || im.Name == "" {
			continue
		}
		for _, p := range w.modulePaths(resolveModule(importBase(fm), im.Module, im.Level)) {
			if other := w.files[p]; other != nil {
				if v, ok := other.Values[im.Name]; ok {
					return v, other
				}
			}
		}
	}
	return nil, nil
}

// importedModule resolves a module reference used in fm (`assets`, `pkg.assets`) to a dotted
// module name through fm's imports.
func (w *Workspace) importedModule(fm *FileModel, ref string) string {
	first, rest := ref, ""
	if i := strings.IndexByte(ref, '.'); i >= 0 {
		first, rest = ref[:i], ref[i:]
	}
	for _, im := range fm.Imports {
		if im.Local != first {
			continue
		}
		if im.Name != "" {
			return resolveModule(importBase(fm), strings.TrimPrefix(im.Module+"."+im.Name, "."), im.Level) + rest
		}
		return im.Module + rest
	}
	return ref
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Assets returns the asset graph nodes sorted by key.
func (w *Workspace) Assets() []*AssetNode {
	w.mu.RLock()
	defer w.mu.RUnlock()
	out := make([]*AssetNode, 0, len(w.assets))
	for _, k := range sortedKeys(w.assets) {
		out = append(out, w.assets[k])
	}
	return out
}

// Asset returns the node of a key ("a/b" form), or nil.
func (w *Workspace) Asset(key string) *AssetNode {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.assets[key]
}

// AssetKeyOf returns the workspace-level key of an asset definition (prefixes applied).
func (w *Workspace) AssetKeyOf(d *Definition) []string {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.effectiveKey(d)
}

// UpstreamKeys returns the resolved upstream keys of an asset definition in dependency order
// (parameters, deps, non_argument_deps); unresolvable entries are nil.
func (w *Workspace) UpstreamKeys(path string, d *Definition) [][]string {
	w.mu.RLock()
	defer w.mu.RUnlock()
	fm := w.files[path]
	if fm == nil {
		return nil
	}
	out := make([][]string, len(d.Deps))
	for i, dep := range d.Deps {
		out[i] = w.depKeyWS(fm, dep)
	}
	return out
}

// Jobs returns every job-like definition (job, define_asset_job, to_job) in the workspace.
func (w *Workspace) Jobs() []DefRef {
	w.mu.RLock()
	defer w.mu.RUnlock()
	var out []DefRef
	for _, p := range sortedKeys(w.files) {
		for _, d := range w.files[p].Defs {
			if d.Kind == KindJob {
				out = append(out, DefRef{p, d})
			}
		}
	}
	return out
}

// Job finds a job by its Dagster name.
func (w *Workspace) Job(name string) (DefRef, bool) {
	for _, r := range w.Jobs() {
		if r.Def.Name == name {
			return r, true
		}
	}
	return DefRef{}, false
}

// DefinitionsObjects returns every Definitions / @repository / @definitions in the workspace.
func (w *Workspace) DefinitionsObjects() []DefRef {
	w.mu.RLock()
	defer w.mu.RUnlock()
	var out []DefRef
	for _, p := range sortedKeys(w.files) {
		for _, d := range w.files[p].Defs {
			if d.Kind == KindDefinitions && (d.Construct == "Definitions" || d.Construct == "repository" || d.Construct == "definitions" || d.Construct == "Definitions.merge") {
				out = append(out, DefRef{p, d})
			}
		}
	}
	return out
}

// ResolveSelection resolves a selection against the asset graph. ok is false when part of it
// cannot be resolved statically; reason says which part.
func (w *Workspace) ResolveSelection(path string, s *Selection) (keys []string, ok bool, reason string) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	set, ok, reason := w.resolveSel(w.files[path], s, 0)
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, ok, reason
}

func (w *Workspace) resolveSel(fm *FileModel, s *Selection, depth int) (map[string]bool, bool, string) {
	out := map[string]bool{}
	if s == nil || depth > 40 {
		return out, false, "empty selection"
	}
	switch s.Kind {
	case "all", "groups", "key_match", "tag", "kind", "owner", "key_prefixes", "upstream", "downstream", "roots", "sinks":
		w.trk.wholeGraph()
	}
	switch s.Kind {
	case "all":
		for k := range w.assets {
			out[k] = true
		}
		return out, true, ""
	case "keys":
		ok, reason := s.Static, ""
		for _, k := range s.Keys {
			ks := KeyString(k)
			w.trk.key(ks)
			if _, found := w.assets[ks]; found {
				out[ks] = true
				continue
			}
			if fm != nil && len(k) == 1 {
				if d, _ := w.lookupVar(fm, k[0]); d != nil {
					if ek := w.effectiveKey(d); ek != nil {
						out[KeyString(ek)] = true
						continue
					}
				}
			}
			ok, reason = false, "unknown asset "+ks
		}
		for _, r := range s.Refs {
			if !w.resolveRef(fm, r, out) {
				ok, reason = false, "cannot resolve "+r+" to an asset"
			}
		}
		if !s.Static && reason == "" {
			reason = "non-literal key in " + s.Text
		}
		return out, ok, reason
	case "ref":
		for _, r := range s.Refs {
			if !w.resolveRef(fm, r, out) {
				return out, false, "selection variable " + r + " is computed in code or unknown"
			}
		}
		return out, true, ""
	case "groups":
		for k, n := range w.assets {
			for _, g := range s.Groups {
				if n.Group == g {
					out[k] = true
				}
			}
		}
		if !s.Static {
			return out, false, "non-literal group name"
		}
		return out, true, ""
	case "key_match":
		for k := range w.assets {
			for _, pat := range s.Values {
				if globMatch(pat, k) {
					out[k] = true
				}
			}
		}
		return out, s.Static, ""
	case "tag", "kind", "owner":
		ok, reason := s.Static, ""
		if !ok {
			reason = "non-literal " + s.Kind + " in " + s.Text
		}
		for k, n := range w.assets {
			f := assetFactsOf(n)
			if !f.static {
				ok, reason = false, "the tags, kinds or owners of asset "+k+" are computed in code"
			}
			if f.matches(s) {
				out[k] = true
			}
		}
		if len(out) == 0 && ok {
			// Tags, kinds and owners can also be attached where the index does not look
			// (map_asset_specs, components): an empty match is not trusted.
			ok, reason = false, "no asset has "+s.Text
		}
		return out, ok, reason
	case "key_prefixes":
		for k, n := range w.assets {
			for _, p := range s.Keys {
				if len(n.Key) >= len(p) && KeyString(n.Key[:len(p)]) == KeyString(p) {
					out[k] = true
				}
			}
		}
		return out, s.Static, ""
	case "union", "intersect", "diff":
		l, lok, lr := w.resolveSel(fm, s.Left, depth+1)
		r, rok, rr := w.resolveSel(fm, s.Right, depth+1)
		switch s.Kind {
		case "union":
			for k := range l {
				out[k] = true
			}
			for k := range r {
				out[k] = true
			}
		case "intersect":
			for k := range l {
				if r[k] {
					out[k] = true
				}
			}
		case "diff":
			for k := range l {
				if !r[k] {
					out[k] = true
				}
			}
		}
		reason := lr
		if reason == "" {
			reason = rr
		}
		return out, lok && rok, reason
	case "roots", "sinks":
		// The assets of the selection with no upstream (roots) or downstream (sinks) asset
		// inside it.
		base, ok, reason := w.resolveSel(fm, s.Left, depth+1)
		for k := range base {
			if w.assets[k] == nil {
				continue
			}
			inside := false
			for _, m := range w.neighbours(k, s.Kind == "roots") {
				if m != k && base[m] {
					inside = true
					break
				}
			}
			if !inside {
				out[k] = true
			}
		}
		return out, ok && s.Static, reason
	case "upstream", "downstream":
		base, ok, reason := w.resolveSel(fm, s.Left, depth+1)
		d := s.Upstream
		if s.Kind == "downstream" {
			d = s.Downstream
		}
		frontier := base
		if s.Include {
			for k := range base {
				out[k] = true
			}
		}
		for level := 0; d < 0 || level < d; level++ {
			next := map[string]bool{}
			for k := range frontier {
				for _, m := range w.neighbours(k, s.Kind == "upstream") {
					if !out[m] {
						out[m] = true
						next[m] = true
					}
				}
			}
			if len(next) == 0 {
				break
			}
			frontier = next
		}
		return out, ok, reason
	}
	return out, false, "selection " + s.Text + " is not static"
}

// neighbours returns the upstream (up) or downstream keys of an asset, nil when it is unknown.
func (w *Workspace) neighbours(k string, up bool) []string {
	n := w.assets[k]
	switch {
	case n == nil:
		return nil
	case up:
		return n.Upstream
	}
	return n.Downstream
}

// resolveRef adds the asset keys of the definition a Python name refers to.
func (w *Workspace) resolveRef(fm *FileModel, name string, out map[string]bool) bool {
	if fm == nil {
		return false
	}
	d, _ := w.lookupVar(fm, name)
	if d == nil {
		// A list variable, here or in an imported module: `DAILY = [a, b]`.
		if v, vfm := w.lookupValue(fm, name); v != nil && (v.Kind == ValList || v.Kind == ValTuple) {
			for _, it := range v.Items {
				switch it.Kind {
				case ValName:
					if !w.resolveRef(vfm, it.Name, out) {
						return false
					}
				case ValString:
					out[KeyString(strings.Split(it.Str, "/"))] = true
				default:
					return false
				}
			}
			return true
		}
		return false
	}
	ks := w.effectiveKeys(d)
	for _, k := range ks {
		out[KeyString(k)] = true
	}
	return len(ks) > 0
}

// crossFindings computes findings that need other files: unresolvable selections and related
// locations (a schedule's job, a check's asset).
func (w *Workspace) crossFindings(fm *FileModel) []Finding {
	var out []Finding
	for _, d := range fm.Defs {
		if d.AssetJob != nil && d.AssetJob.Selection != nil {
			_, ok, reason := w.resolveSel(fm, d.AssetJob.Selection, 0)
			if !ok {
				out = append(out, newFinding(fm.Path, "DM207", selectionSpan(d), d.Construct, d.Name, d, reason))
			}
		}
	}
	return out
}

// selectionSpan is where DM207 points for an asset job: its selection, else its head.
func selectionSpan(d *Definition) Span {
	if d.AssetJob != nil && d.AssetJob.SelectionExpr != nil {
		return d.Abs(d.AssetJob.SelectionExpr.Span)
	}
	return d.Head
}

// JobFor resolves the job a schedule or sensor in path targets: through its Python variable
// (followed across imports) or else by Dagster job name.
func (w *Workspace) JobFor(path, varName, name string) (DefRef, bool) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	fm := w.files[path]
	if fm == nil {
		return DefRef{}, false
	}
	return w.jobFor(fm, varName, name)
}

func (w *Workspace) jobFor(fm *FileModel, varName, name string) (DefRef, bool) {
	if varName != "" {
		if d, p := w.lookupVar(fm, varName); d != nil && d.Kind == KindJob {
			return DefRef{p, d}, true
		}
	}
	if name == "" {
		return DefRef{}, false
	}
	for _, p := range sortedKeys(w.files) {
		for _, jd := range w.files[p].Defs {
			if jd.Kind == KindJob && jd.Name == name {
				return DefRef{p, jd}, true
			}
		}
	}
	return DefRef{}, false
}

// CheckAsset returns the key of the asset an asset check in path targets, following imports.
func (w *Workspace) CheckAsset(path string, d *Definition) []string {
	w.mu.RLock()
	defer w.mu.RUnlock()
	fm := w.files[path]
	if fm == nil || d.Check == nil {
		return nil
	}
	if d.Check.Asset != nil {
		return d.Check.Asset
	}
	if e := d.Check.AssetExpr; e != nil && e.Kind == ValName {
		if ad, _ := w.lookupVar(fm, e.Name); ad != nil {
			return w.effectiveKey(ad)
		}
	}
	return nil
}

// RelatedOf returns the related locations of a definition: a schedule's or sensor's job, a
// check's asset, a dependency's upstream definitions.
func (w *Workspace) RelatedOf(path string, d *Definition) []Related {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.relatedOf(path, d)
}

func (w *Workspace) relatedOf(path string, d *Definition) []Related {
	fm := w.files[path]
	if fm == nil {
		return nil
	}
	var out []Related
	job := func(varName, name string) {
		if r, ok := w.jobFor(fm, varName, name); ok {
			out = append(out, Related{Path: r.Path, Span: r.Def.Head, Message: "target job " + r.Def.Name})
		}
	}
	if d.Schedule != nil && (d.Schedule.Job != "" || d.Schedule.JobVar != "") {
		job(d.Schedule.JobVar, d.Schedule.Job)
	}
	if d.Sensor != nil {
		seen := map[string]bool{}
		for _, v := range d.Sensor.JobVars {
			if r, ok := w.jobFor(fm, v, ""); ok {
				seen[r.Def.Name] = true
				out = append(out, Related{Path: r.Path, Span: r.Def.Head, Message: "target job " + r.Def.Name})
			}
		}
		for _, j := range d.Sensor.Jobs {
			if !seen[j] {
				job("", j)
			}
		}
	}
	if d.Check != nil {
		var k []string
		if d.Check.Asset != nil {
			k = d.Check.Asset
		} else if d.Check.AssetExpr != nil && d.Check.AssetExpr.Kind == ValName {
			if ad, _ := w.lookupVar(fm, d.Check.AssetExpr.Name); ad != nil {
				k = w.effectiveKey(ad)
			}
		}
		if n := w.assets[KeyString(k)]; k != nil && n != nil {
			out = append(out, Related{Path: n.Path, Span: n.Def.Head, Message: "checked asset " + KeyString(k)})
		}
	}
	return out
}

// importBase is the module name relative imports of fm count from: a package's __init__
// imports relative to the package itself (`from .settings import X` in p/conf/__init__.py is
// p.conf.settings).
func importBase(fm *FileModel) string {
	if filepath.Base(fm.Path) == "__init__.py" {
		return fm.Module + ".__init__"
	}
	return fm.Module
}

// assetFacts are the tags, kinds and owners of an asset, read from its decorator or spec.
type assetFacts struct {
	tags   map[string]string
	kinds  []string
	owners []string
	static bool // all of them are literals
}

// assetFactsOf reads tags=, kinds=, compute_kind= and owners= from a multi-asset output's
// spec (falling back to the decorator) or the asset's own call.
func assetFactsOf(n *AssetNode) assetFacts {
	f := assetFacts{static: true}
	if n == nil || n.Def == nil {
		return f
	}
	call := n.Def.Call
	var spec *Value
	if n.Out >= 0 && n.Out < len(n.Def.Outs) {
		spec = n.Def.Outs[n.Out].Value
	}
	arg := func(name string) *Value {
		if v := spec.Kwarg(name); v != nil {
			return v
		}
		return call.Kwarg(name)
	}
	if v := arg("tags"); v != nil {
		if v.Kind != ValDict {
			f.static = false
		} else {
			f.tags = map[string]string{}
			for i, k := range v.Keys {
				ks, kok := k.StringValue()
				vs, vok := v.Items[i].StringValue()
				if !kok || !vok {
					f.static = false
					continue
				}
				f.tags[ks] = vs
			}
		}
	}
	f.kinds = f.strings(arg("kinds"))
	if v := arg("compute_kind"); v != nil {
		if str, ok := v.StringValue(); ok {
			f.kinds = append(f.kinds, str)
		} else {
			f.static = false
		}
	}
	f.owners = f.strings(arg("owners"))
	return f
}

func (f *assetFacts) strings(v *Value) []string {
	if v == nil {
		return nil
	}
	if v.Kind != ValList && v.Kind != ValSet && v.Kind != ValTuple {
		f.static = false
		return nil
	}
	var out []string
	for _, it := range v.Items {
		if str, ok := it.StringValue(); ok {
			out = append(out, str)
		} else {
			f.static = false
		}
	}
	return out
}

// matches reports whether the asset is selected by a tag, kind or owner selection.
func (f assetFacts) matches(s *Selection) bool {
	switch s.Kind {
	case "tag":
		for _, kv := range s.Keys {
			v, ok := f.tags[kv[0]]
			if ok && (len(kv) < 2 || kv[1] == v) {
				return true
			}
		}
	case "kind", "owner":
		have := f.kinds
		if s.Kind == "owner" {
			have = f.owners
		}
		for _, want := range s.Values {
			for _, h := range have {
				if h == want {
					return true
				}
			}
		}
	}
	return false
}
