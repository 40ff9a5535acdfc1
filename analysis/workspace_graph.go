package analysis

import (
	"reflect"
	"slices"
	"sort"
	"strings"
)

// The asset graph is maintained per file. Every file contributes claims (asset keys its
// definitions produce); the first claim of a key in path order (then definition order) is the
// key's node, as a from-scratch build would pick it. While a file's edges and cross-file
// findings are computed, the lookups they make are recorded (asset keys whose presence or
// owner was read, module names queried, the whole graph read by a group/tag/upstream
// selection); inverted, those records say which files to recompute when a file changes, so
// a change costs the file and its neighbours, not the workspace.

// claim is one asset key a definition produces.
type claim struct {
	path  string
	def   *Definition
	di    int // index of def in its file's Defs (-1 when unknown): a keystroke that only moves definitions swaps them by index
	out   int // index into def.Outs, -1 for the definition's own key
	key   []string
	group string
}

// fileDeps is what one file's edges and cross-file findings read from the rest of the index.
type fileDeps struct {
	keys []string // asset keys (presence or owner)
	mods []string // module names given to modulePaths
	all  bool     // the whole graph (groups, tags, upstream/downstream…)
	seen map[string]bool
}

func (t *fileDeps) key(k string) {
	if t != nil && !t.seen["k"+k] {
		t.seen["k"+k] = true
		t.keys = append(t.keys, k)
	}
}

func (t *fileDeps) mod(m string) {
	if t != nil && !t.seen["m"+m] {
		t.seen["m"+m] = true
		t.mods = append(t.mods, m)
	}
}

func (t *fileDeps) wholeGraph() {
	if t != nil {
		t.all = true
	}
}

// claimsOf lists the keys a file's definitions produce, load_assets prefixes and groups applied.
func (w *Workspace) claimsOf(path string, fm *FileModel) []claim {
	if fm == nil {
		return nil
	}
	var out []claim
	for i, d := range fm.Defs {
		out = w.appendDefClaims(out, path, i, d)
	}
	return out
}

func (w *Workspace) appendDefClaims(out []claim, path string, di int, d *Definition) []claim {
	if d.Kind != KindAsset && d.Kind != KindIntegration {
		return out
	}
	if len(d.Outs) > 0 && d.Key == nil {
		for i, o := range d.Outs {
			if o.Key != nil {
				out = append(out, w.newClaim(path, di, d, i, o.Key, o.Group))
			}
		}
		return out
	}
	if d.Key != nil {
		out = append(out, w.newClaim(path, di, d, -1, d.Key, d.Group))
	}
	return out
}

func (w *Workspace) newClaim(path string, di int, d *Definition, out int, key []string, group string) claim {
	if lp, ok := w.prefix[path]; ok {
		if len(lp.prefix) > 0 {
			key = append(append([]string(nil), lp.prefix...), key...)
		}
		if group == "" {
			group = lp.group
		}
	}
	if group == "" {
		group = "default"
	}
	return claim{path: path, def: d, di: di, out: out, key: key, group: group}
}

// recordDefKeys records, while a dependency is being tracked, the keys a definition found
// by a lookup claims (its effective keys change when their owners do).
func (w *Workspace) recordDefKeys(path string, d *Definition) {
	if w.trk == nil || d == nil {
		return
	}
	for _, c := range w.appendDefClaims(nil, path, -1, d) {
		w.trk.key(KeyString(c.key))
	}
}

// computePrefix resolves the load_assets_from_modules prefixes and groups of the loader files.
func (w *Workspace) computePrefix() map[string]loadPrefix {
	prefix := map[string]loadPrefix{}
	for _, p := range sortedKeys(w.loaders) {
		fm := w.files[p]
		for _, d := range fm.Defs {
			if d.Definitions == nil {
				continue
			}
			for _, lc := range d.Definitions.Loaded {
				if len(lc.KeyPrefix) == 0 && lc.Group == "" {
					continue
				}
				for _, m := range lc.Modules {
					for _, p := range w.modulePaths(w.importedModule(fm, m)) {
						prefix[p] = loadPrefix{prefix: lc.KeyPrefix, group: lc.Group}
						if lc.Func == "load_assets_from_package_module" {
							// Every module of the package.
							pkg := w.files[p].Module + "."
							for mod, q := range w.byMod {
								if strings.HasPrefix(mod, pkg) {
									prefix[q] = loadPrefix{prefix: lc.KeyPrefix, group: lc.Group}
								}
							}
						}
					}
				}
			}
		}
	}
	return prefix
}

// isLoader reports whether a file applies prefixes or groups to loaded modules.
func isLoader(fm *FileModel) bool {
	if fm == nil {
		return false
	}
	for _, d := range fm.Defs {
		if d.Definitions == nil {
			continue
		}
		for _, lc := range d.Definitions.Loaded {
			if len(lc.KeyPrefix) > 0 || lc.Group != "" {
				return true
			}
		}
	}
	return false
}

// rebuildAll builds the graph, the dependency records and every file's cross-file findings
// from scratch. Callers hold w.mu.
func (w *Workspace) rebuildAll() {
	w.loaders = map[string]bool{}
	for p, fm := range w.files {
		if isLoader(fm) {
			w.loaders[p] = true
		}
	}
	w.prefix = w.computePrefix()
	w.claims = map[string][]claim{}
	w.fileKeys = map[string][]string{}
	w.assets = map[string]*AssetNode{}
	w.defKeys = map[*DefCore][][]string{}
	w.deps = map[string]*fileDeps{}
	w.depKey = map[string][]string{}
	w.depMod = map[string][]string{}
	w.depAll = map[string]bool{}
	w.cross = map[string][]Finding{}
	paths := sortedKeys(w.files)
	for _, p := range paths {
		w.insertClaims(p, w.claimsOf(p, w.files[p])) // in path order: each lands at the end
	}
	for k, cs := range w.claims {
		c := cs[0]
		w.assets[k] = &AssetNode{Key: c.key, Path: c.path, Def: c.def, Out: c.out, Group: c.group}
	}
	for _, p := range paths {
		w.setDefKeys(p, w.files[p], nil)
	}
	for _, p := range paths {
		w.relink(p, nil)
	}
}

// claimKeyStrings returns the key string of each claim (compactKeys makes them distinct).
func claimKeyStrings(cs []claim) []string {
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = KeyString(c.key)
	}
	return keys
}

// compactKeys drops repeated keys (a file claiming a key twice), keeping the first.
func compactKeys(keys []string) []string {
	if len(keys) == 0 {
		return nil
	}
	seen := make(map[string]bool, len(keys))
	out := keys[:0:0]
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return slices.Clip(out)
}

// insertClaims puts a file's claims at their path-order place in each key's list.
func (w *Workspace) insertClaims(path string, cs []claim) {
	keys := claimKeyStrings(cs)
	for j, c := range cs {
		list := w.claims[keys[j]]
		i := sort.Search(len(list), func(i int) bool { return list[i].path > path })
		w.claims[keys[j]] = slices.Insert(list, i, c)
	}
	if keys = compactKeys(keys); keys != nil {
		w.fileKeys[path] = keys
	} else {
		delete(w.fileKeys, path)
	}
}

// dropClaims removes a file's claims.
func (w *Workspace) dropClaims(path string) {
	for _, k := range w.fileKeys[path] {
		list := slices.DeleteFunc(w.claims[k], func(c claim) bool { return c.path == path })
		if len(list) == 0 {
			delete(w.claims, k)
		} else {
			w.claims[k] = list
		}
	}
	delete(w.fileKeys, path)
}

// setDefKeys records the keys each definition of fm owns (in output order); old's
// definitions, when given, are forgotten first.
func (w *Workspace) setDefKeys(path string, fm, old *FileModel) {
	if old != nil {
		for _, d := range old.Defs {
			delete(w.defKeys, d.DefCore)
		}
	}
	if fm == nil {
		return
	}
	for i, d := range fm.Defs {
		var ks [][]string
		for _, c := range w.appendDefClaims(nil, path, i, d) {
			if cs := w.claims[KeyString(c.key)]; len(cs) > 0 && cs[0].def == d && cs[0].out == c.out {
				ks = append(ks, cs[0].key)
			}
		}
		if ks != nil {
			w.defKeys[d.DefCore] = ks
		} else {
			delete(w.defKeys, d.DefCore)
		}
	}
}

// relink computes the upstream edges of the nodes a file owns (adding itself to the
// downstream lists of their upstream nodes) and the file's cross-file findings, recording
// what they read. The file's nodes must have no edges yet (new nodes, or unlinked).
// fresh, when not nil, holds the keys of nodes created in this update (others are copied
// before being changed: readers may hold them).
func (w *Workspace) relink(p string, fresh map[string]bool) {
	w.dropDeps(p)
	fm := w.files[p]
	if fm == nil {
		delete(w.cross, p)
		return
	}
	t := &fileDeps{seen: map[string]bool{}}
	w.trk = t
	defer func() { w.trk = nil }()
	for _, k := range w.fileKeys[p] {
		if n := w.assets[k]; n != nil && n.Path == p && len(n.Def.Deps) > 0 {
			w.link(fm, w.own(k, fresh), fresh)
		}
	}
	if cf := w.crossFindings(fm); cf != nil {
		w.cross[p] = cf
	} else {
		delete(w.cross, p)
	}
	t.seen = nil
	if len(t.keys) > 0 || len(t.mods) > 0 || t.all {
		t.keys, t.mods = slices.Clip(t.keys), slices.Clip(t.mods)
		w.deps[p] = t
		for _, k := range t.keys {
			w.depKey[k] = append(w.depKey[k], p)
		}
		for _, m := range t.mods {
			w.depMod[m] = append(w.depMod[m], p)
		}
		if t.all {
			w.depAll[p] = true
		}
	}
}

// link computes one node's upstream edges (every output of a multi-asset shares the
// function's dependencies).
func (w *Workspace) link(fm *FileModel, n *AssetNode, fresh map[string]bool) {
	nk := KeyString(n.Key)
	for _, dep := range n.Def.Deps {
		keys := [][]string{w.depKeyWS(fm, dep)}
		if keys[0] == nil && dep.Expr != nil && dep.Expr.Kind == ValName {
			// deps=[a_multi_asset]: every output.
			if d, _ := w.lookupVar(fm, dep.Expr.Name); d != nil {
				keys = w.effectiveKeys(d)
			}
		}
		for _, k := range keys {
			if k == nil {
				continue
			}
			ks := KeyString(k)
			w.trk.key(ks)
			if up := w.assets[ks]; up != nil {
				n.Upstream = appendUnique(n.Upstream, ks)
				up = w.own(ks, fresh)
				up.Downstream = insertSorted(up.Downstream, nk)
			}
		}
	}
}

// own returns the node of k, copied first unless it was created in this update.
func (w *Workspace) own(k string, fresh map[string]bool) *AssetNode {
	n := w.assets[k]
	if fresh == nil || fresh[k] {
		return n
	}
	c := *n
	c.Upstream = slices.Clone(n.Upstream)
	c.Downstream = slices.Clone(n.Downstream)
	w.assets[k] = &c
	fresh[k] = true
	return &c
}

func insertSorted(s []string, v string) []string {
	i, found := slices.BinarySearch(s, v)
	if found {
		return s
	}
	return slices.Insert(s, i, v)
}

// dropDeps forgets what a file's edges and findings read.
func (w *Workspace) dropDeps(p string) {
	t := w.deps[p]
	if t == nil {
		return
	}
	del := func(m map[string][]string, k string) {
		if l := slices.DeleteFunc(m[k], func(q string) bool { return q == p }); len(l) == 0 {
			delete(m, k)
		} else {
			m[k] = l
		}
	}
	for _, k := range t.keys {
		del(w.depKey, k)
	}
	for _, m := range t.mods {
		del(w.depMod, m)
	}
	delete(w.depAll, p)
	delete(w.deps, p)
}

// moduleSuffixes returns m and every dotted suffix of it (`a.b.c`, `b.c`, `c`): the
// module names whose modulePaths lookups can find a file of module m.
func moduleSuffixes(m string) []string {
	out := []string{m}
	for i := strings.IndexByte(m, '.'); i >= 0; i = strings.IndexByte(m, '.') {
		m = m[i+1:]
		out = append(out, m)
	}
	return out
}

// updateGraph brings the graph, the dependency records and the cross-file findings up to date
// after path's model changed from old to fm (nil: removed); w.files already holds fm. It
// returns the files it recomputed (their cross-file findings may have changed).
func (w *Workspace) updateGraph(path string, old, fm *FileModel) map[string]bool {
	wasLoader, nowLoader := w.loaders[path], isLoader(fm)
	if nowLoader {
		w.loaders[path] = true
	} else {
		delete(w.loaders, path)
	}
	if wasLoader || nowLoader || (len(w.loaders) > 0 && (old == nil || fm == nil)) {
		if np := w.computePrefix(); !reflect.DeepEqual(np, w.prefix) {
			// Prefixes moved keys of other files: rare enough to pay for a full rebuild.
			w.rebuildAll()
			all := map[string]bool{}
			for p := range w.files {
				all[p] = true
			}
			return all
		}
	}
	oldKeys := w.fileKeys[path]
	newClaims := w.claimsOf(path, fm)
	// Owners before the change, of every key the file claimed or claims.
	type owner struct {
		path string
		out  int
	}
	cand := map[string]*owner{}
	for _, k := range oldKeys {
		cand[k] = nil
	}
	for _, c := range newClaims {
		cand[KeyString(c.key)] = nil
	}
	for k := range cand {
		if cs := w.claims[k]; len(cs) > 0 {
			cand[k] = &owner{cs[0].path, cs[0].out}
		}
	}
	w.dropClaims(path)
	w.insertClaims(path, newClaims)

	redo := map[string]bool{path: true} // files whose edges and findings are recomputed
	touched := map[string]bool{}        // keys whose presence or owner changed
	for k, was := range cand {
		cs := w.claims[k]
		if (len(cs) > 0) == (was != nil) && (was == nil || (cs[0].path == was.path && cs[0].out == was.out)) {
			continue
		}
		touched[k] = true
		if was != nil {
			redo[was.path] = true
		}
		if len(cs) > 0 {
			redo[cs[0].path] = true
		}
		for _, p := range w.depKey[k] {
			redo[p] = true
		}
	}
	mod := ""
	if fm != nil {
		mod = fm.Module
	} else if old != nil {
		mod = old.Module
	}
	for _, s := range moduleSuffixes(mod) {
		for _, p := range w.depMod[s] {
			redo[p] = true
		}
	}
	if len(cand) > 0 {
		for p := range w.depAll {
			redo[p] = true
		}
	}
	fresh := map[string]bool{}
	// Unlink the nodes of every file recomputed (before any node changes owner).
	for p := range redo {
		keys := w.fileKeys[p]
		if p == path {
			keys = oldKeys
		}
		for _, k := range keys {
			n := w.assets[k]
			if n == nil || n.Path != p || len(n.Upstream) == 0 {
				continue
			}
			for _, u := range n.Upstream {
				if w.assets[u] != nil {
					up := w.own(u, fresh)
					if i, ok := slices.BinarySearch(up.Downstream, k); ok {
						up.Downstream = slices.Delete(up.Downstream, i, i+1)
					}
				}
			}
			n = w.own(k, fresh)
			n.Upstream = nil
		}
	}
	// New nodes where the owner changed or is this file (its definitions are new objects).
	for k := range cand {
		cs := w.claims[k]
		prev := w.assets[k]
		if len(cs) == 0 {
			delete(w.assets, k)
			continue
		}
		c := cs[0]
		if c.path != path && !touched[k] {
			continue
		}
		n := &AssetNode{Key: c.key, Path: c.path, Def: c.def, Out: c.out, Group: c.group}
		if prev != nil {
			n.Downstream = slices.Clone(prev.Downstream)
		}
		w.assets[k] = n
		fresh[k] = true
	}
	w.setDefKeys(path, fm, old)
	for k, was := range cand {
		// Definitions of other files that won or lost a key.
		if was != nil && was.path != path && touched[k] {
			w.setDefKeys(was.path, w.files[was.path], nil)
		}
		if cs := w.claims[k]; len(cs) > 0 && cs[0].path != path && touched[k] {
			w.setDefKeys(cs[0].path, w.files[cs[0].path], nil)
		}
	}
	for _, p := range sortedKeys(redo) {
		w.relink(p, fresh)
	}
	return redo
}
