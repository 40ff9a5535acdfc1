package codeactions

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
	sitter "github.com/smacker/go-tree-sitter"
	"gopkg.in/yaml.v3"
)

// The Dagster project's own Python modules that generated blocks import travel with the
// migration: each is copied to utils/<path below its source root> and imported as
// <project>.utils.<dotted path> (verified on mage-ai 0.9.80: `mage run`, trigger runs and the
// server all have the project's PARENT folder on sys.path, never the project folder itself
// under `mage run`, so `from utils.x` or `from mypkg.x` cannot work there).
//
// Copied: plain Python modules, transitively through their static imports (module-level and
// nested), and the __init__.py chain of their packages. Never copied: files that hold Dagster
// definitions (assets, ops, graphs, jobs, schedules, sensors, checks, Definitions, hooks,
// automation): importing them would re-import the whole Dagster code location. A package
// __init__.py of that kind is replaced by an empty one. Imports of dagster/dagster_* in a copied
// module read utils/dagster_compat.py instead (exceptions and inert stand-ins), since Mage does
// not install Dagster. Non-Python files next to the modules (credentials, SQL, JSON) are never
// copied: they may hold secrets; a TODO says where they must go.

// codingRE matches a PEP 263 coding declaration.
var codingRE = regexp.MustCompile(`^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+`)

// compatModule is the stand-in module for Dagster names copied modules import.
const compatModule = "dagster_compat"

// modCopy is one project module copied into the Mage project.
type modCopy struct {
	path   string // absolute source path
	out    string // utils/... output path
	dotted string // <project>.utils.… import path
	// skip says why the module is not copied ("" = copied); defs: because it holds Dagster
	// definitions (names a block needs from it may be copied into the block instead).
	skip string
	defs bool
	// readsFiles: its module-level code (or that of a module it imports at module level)
	// reads files, which may be missing where Mage runs: importers import it when the block runs.
	readsFiles bool
	compat     []string // Dagster names replaced by stand-ins
	todos      []string
}

type projMods struct {
	t       *translator
	hasInit map[string]bool // folders holding an __init__.py
	isFile  map[string]bool
	roots   []string // source roots (folders a top-level package or module lives in)
	more    []string // other folders, tried when no source root holds a module
	// workDirs are the working directories of Dagster's workspace.yaml.
	workDirs map[string]bool
	cache    map[string]blockImport // forBlock results by importing file and import text
	resolved map[string][2]string   // resolve results by importing folder, module and level
	// dest maps a source root and top-level name to its folder under utils/; taken holds the
	// names in use there (the translator's own utils modules are reserved).
	dest   map[string]string
	taken  map[string]bool
	copies map[string]*modCopy
	order  []string // copied paths, in the order met (report order)
}

func (t *translator) projMods() *projMods {
	if t.pm != nil {
		return t.pm
	}
	pm := &projMods{t: t, hasInit: map[string]bool{}, isFile: map[string]bool{}, dest: map[string]string{},
		taken:  map[string]bool{"resources": true, "partitions": true, compatModule: true, "__init__": true},
		copies: map[string]*modCopy{}, cache: map[string]blockImport{}, resolved: map[string][2]string{}}
	for _, p := range t.ws.Files() {
		if filepath.Ext(p) != ".py" {
			continue
		}
		pm.isFile[p] = true
		if filepath.Base(p) == "__init__.py" {
			pm.hasInit[filepath.Dir(p)] = true
		}
	}
	seen := map[string]bool{}
	wsRoot := filepath.Clean(t.root)
	for p := range pm.isFile {
		if r := pm.rootOf(p); !seen[r] {
			seen[r] = true
			pm.roots = append(pm.roots, r)
		}
	}
	// Then the other folders up to the workspace root: a folder of modules without __init__.py
	// is a namespace package seen from its parent.
	for p := range pm.isFile {
		for r := filepath.Dir(p); !seen[r]; r = filepath.Dir(r) {
			seen[r] = true
			pm.more = append(pm.more, r)
			if r == wsRoot || !strings.HasPrefix(r, wsRoot) || filepath.Dir(r) == r {
				break
			}
		}
	}
	// The working directories Dagster's workspace.yaml loads code from are source roots even
	// when they hold an __init__.py (`working_directory: dagster_project/` with top-level
	// packages utils/ and resources/ inside).
	pm.workDirs = workspaceDirs(wsRoot)
	for d := range pm.workDirs {
		if !seen[d] {
			seen[d] = true
			pm.roots = append(pm.roots, d)
		}
	}
	sort.Strings(pm.roots)
	sort.Strings(pm.more)
	t.pm = pm
	return pm
}

// rootOf is the folder a file's top-level package (or the module itself) lives in: the parent
// of its highest ancestor folder with an __init__.py below the workspace root (folders without
// one in between are namespace portions of the package).
func (pm *projMods) rootOf(p string) string {
	ws := filepath.Clean(pm.t.root)
	highest := ""
	for d := filepath.Dir(p); d != ws && strings.HasPrefix(d, ws) && filepath.Dir(d) != d; d = filepath.Dir(d) {
		if pm.hasInit[d] {
			highest = d
		}
	}
	if highest == "" {
		return filepath.Dir(p)
	}
	return filepath.Dir(highest)
}

// moduleFile finds the file of a dotted module below a folder: x/y.py or x/y/__init__.py.
func (pm *projMods) moduleFile(dir string, parts []string) string {
	base := filepath.Join(append([]string{dir}, parts...)...)
	if pm.isFile[base+".py"] {
		return base + ".py"
	}
	if pm.isFile[filepath.Join(base, "__init__.py")] {
		return filepath.Join(base, "__init__.py")
	}
	return ""
}

// resolve returns the file an import of module (with level leading dots) in importer reads and
// the source root it is copied relative to.
func (pm *projMods) resolve(importer, module string, level int) (string, string) {
	key := filepath.Dir(importer) + "|" + module + "|" + string(rune('0'+min(level, 9)))
	if r, ok := pm.resolved[key]; ok {
		return r[0], r[1]
	}
	f, root := pm.resolveUncached(importer, module, level)
	pm.resolved[key] = [2]string{f, root}
	return f, root
}

func (pm *projMods) resolveUncached(importer, module string, level int) (string, string) {
	var parts []string
	if module != "" {
		parts = strings.Split(module, ".")
	}
	if level > 0 {
		dir := filepath.Dir(importer)
		for i := 1; i < level; i++ {
			dir = filepath.Dir(dir)
		}
		root := pm.rootOf(importer)
		if !strings.HasPrefix(dir+string(filepath.Separator), root+string(filepath.Separator)) || dir == root {
			// A relative import in a folder without __init__.py: treat the folders as packages.
			root = filepath.Dir(dir)
		}
		if len(parts) == 0 {
			if f := filepath.Join(dir, "__init__.py"); pm.isFile[f] {
				return f, root
			}
			return "", root
		}
		return pm.moduleFile(dir, parts), root
	}
	if len(parts) == 0 {
		return "", ""
	}
	if d := filepath.Dir(importer); !pm.hasInit[d] {
		// A script folder: Dagster loads a python_file with its folder on sys.path, so a
		// sibling module comes first.
		if f := pm.moduleFile(d, parts); f != "" {
			return f, d
		}
	}
	if !pm.t.isLocalTop(parts[0]) {
		return "", ""
	}
	for _, roots := range [][]string{pm.roots, pm.more} {
		best, bestRoot, bestScore := "", "", -1
		for _, r := range roots {
			f := pm.moduleFile(r, parts)
			if f == "" || pm.hasInit[r] && !pm.workDirs[r] {
				// A folder inside a package is no source root: its sub-package named like a
				// third-party package (defs/pandas) must not capture `import pandas`.
				continue
			}
			// Several source roots may hold the package (monorepos): the closest to the importer wins.
			score := commonPrefixLen(r, importer)
			if score > bestScore {
				best, bestRoot, bestScore = f, r, score
			}
		}
		if best != "" {
			return best, bestRoot
		}
	}
	return "", ""
}

func commonPrefixLen(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// place computes the output path and dotted name of a module file copied relative to root.
func (pm *projMods) place(p, root string) (string, string) {
	rel, err := filepath.Rel(root, p)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = filepath.Base(p)
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	top := strings.TrimSuffix(parts[0], ".py")
	key := root + "|" + top
	d, ok := pm.dest[key]
	if !ok {
		d = top
		for i := 2; pm.taken[d]; i++ {
			// A generated utils module or another source tree's package of the same name.
			d = fmt.Sprintf("%s_%d", top, i)
			if i == 2 {
				d = top + "_project"
			}
		}
		pm.taken[d] = true
		pm.dest[key] = d
	}
	if len(parts) == 1 {
		parts[0] = d + ".py"
	} else {
		parts[0] = d
	}
	out := "utils/" + strings.Join(parts, "/")
	mod := strings.TrimSuffix(strings.Join(parts, "."), ".py")
	mod = strings.TrimSuffix(mod, ".__init__")
	return out, pm.t.project + ".utils." + mod
}

// definitionKinds are the constructs that make a file a Dagster definitions file (importing it
// would build the code location). Configuration objects (partitions, retry policies, automation
// conditions, resources, config classes) do not: such modules are copied, with stand-ins.
var definitionKinds = map[analysis.Kind]bool{analysis.KindAsset: true, analysis.KindOp: true, analysis.KindGraph: true,
	analysis.KindJob: true, analysis.KindSchedule: true, analysis.KindSensor: true, analysis.KindCheck: true,
	analysis.KindDefinitions: true, analysis.KindHook: true}

// definitionsFile says what Dagster definition a file holds, or "".
func (pm *projMods) definitionsFile(p string) string {
	fm := pm.t.ws.File(p)
	if fm == nil {
		return "it is not part of the analyzed workspace"
	}
	for _, d := range fm.Defs {
		if definitionKinds[d.Kind] {
			return fmt.Sprintf("it holds Dagster definitions (%s %s)", d.Construct, d.Name)
		}
	}
	return ""
}

// importRef is one import statement of a module: where it is and what it reads.
type importRef struct {
	node   *sitter.Node
	module string // without leading dots
	level  int
	names  []string // imported names of a from-import ("*" for a star import)
	top    bool     // executed when the module is imported (not inside a def or class)
}

// importsOf lists every import statement of a parsed module, nested ones included.
func importsOf(m *pyModule) []importRef {
	var out []importRef
	var walk func(n *sitter.Node, top bool, depth int)
	walk = func(n *sitter.Node, top bool, depth int) {
		if depth > 200 {
			return
		}
		switch n.Type() {
		case "import_statement", "import_from_statement":
			out = append(out, parseImport(n, m.src, top))
			return
		case "function_definition", "class_definition", "lambda":
			top = false
		}
		for i := 0; i < int(n.NamedChildCount()); i++ {
			walk(n.NamedChild(i), top, depth+1)
		}
	}
	walk(m.root, true, 0)
	return out
}

func parseImport(n *sitter.Node, src []byte, top bool) importRef {
	ref := importRef{node: n, top: top}
	if n.Type() == "import_statement" {
		for i := 0; i < int(n.NamedChildCount()); i++ {
			c := n.NamedChild(i)
			if c.Type() == "aliased_import" {
				c = c.ChildByFieldName("name")
			}
			ref.names = append(ref.names, c.Content(src))
		}
		return ref
	}
	mod := ""
	if mn := n.ChildByFieldName("module_name"); mn != nil {
		mod = mn.Content(src)
		for i := 0; i < int(n.NamedChildCount()); i++ {
			c := n.NamedChild(i)
			if c.Equal(mn) {
				continue
			}
			switch c.Type() {
			case "wildcard_import":
				ref.names = append(ref.names, "*")
			case "aliased_import":
				ref.names = append(ref.names, c.ChildByFieldName("name").Content(src))
			case "dotted_name":
				ref.names = append(ref.names, c.Content(src))
			}
		}
	}
	ref.level = len(mod) - len(strings.TrimLeft(mod, "."))
	ref.module = strings.TrimSpace(strings.TrimLeft(mod, "."))
	return ref
}

// copyModule copies a project module (and what it needs), once.
func (pm *projMods) copyModule(p, root string) *modCopy {
	if c, ok := pm.copies[p]; ok {
		return c
	}
	out, dotted := pm.place(p, root)
	c := &modCopy{path: p, out: out, dotted: dotted}
	pm.copies[p] = c
	pm.order = append(pm.order, p)
	if why := pm.definitionsFile(p); why != "" {
		c.skip = why
		c.defs = true
		return c
	}
	m := pm.t.module(p)
	if m == nil || m.root.HasError() {
		c.skip = "it does not parse"
		return c
	}
	if feature := newerSyntax(m.root); feature != "" {
		c.skip = "it uses Python 3.12 syntax (" + feature + ") that the Python 3.11 of mage-ai 0.9.80 cannot compile"
		return c
	}
	// The package chain: every __init__.py from the source root down runs on import.
	var inits []*modCopy
	for d := filepath.Dir(p); d != root && strings.HasPrefix(d, root) && filepath.Dir(d) != d; d = filepath.Dir(d) {
		init := filepath.Join(d, "__init__.py")
		if init == p || !pm.isFile[init] {
			continue
		}
		inits = append(inits, pm.copyModule(init, root))
	}
	for _, ic := range inits {
		// A skipped __init__.py is written empty (see files): the package still imports.
		c.readsFiles = c.readsFiles || ic.skip == "" && ic.readsFiles
	}
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	for _, ref := range importsOf(m) {
		text, dep, compat := pm.rewriteImport(p, m, ref)
		if compat != nil {
			c.compat = append(c.compat, compat...)
		}
		if dep != nil && dep.skip != "" && ref.top {
			c.skip = fmt.Sprintf("it imports %s, which is not copied: %s", dep.dottedSource(pm), dep.skip)
			return c
		}
		if dep != nil && ref.top && dep.readsFiles {
			c.readsFiles = true
		}
		if text != "" {
			edits = append(edits, edit{int(ref.node.StartByte()), int(ref.node.EndByte()), text})
			pm.t.importLines = append(pm.t.importLines, text)
		} else {
			// Third-party packages the copy imports go to requirements.txt like the blocks' own.
			pm.t.importLines = append(pm.t.importLines, ref.node.Content(m.src))
		}
	}
	if fileReads(m) {
		c.readsFiles = true
		if fileRE.Match(m.src) {
			c.todos = append(c.todos, fmt.Sprintf("its module-level code reads files next to it (paths from __file__): they were not copied (they may hold secrets); put them next to %s", c.out))
		} else {
			c.todos = append(c.todos, "its module-level code reads files that were not copied (they may hold secrets): make them available where Mage runs")
		}
	}
	src := m.src
	var b strings.Builder
	// A shebang and a coding declaration must stay on the first two lines.
	last := 0
	for i := 0; i < 2 && last < len(src); i++ {
		end := lineEnd(src, last)
		if line := string(src[last:end]); strings.HasPrefix(line, "#!") || codingRE.MatchString(line) {
			b.WriteString(line)
			last = end
			continue
		}
		break
	}
	if last > 0 && !strings.HasSuffix(b.String(), "\n") {
		b.WriteString("\n")
	}
	b.WriteString("# Copied by dagster2mage from " + pm.t.relPath(p) + ": imports of the Dagster project read " + pm.t.project + ".utils.\n")
	if len(c.compat) > 0 {
		sort.Strings(c.compat)
		c.compat = uniqStrings(c.compat)
		b.WriteString("# TODO(dagster2mage): DM101 Dagster names read from " + pm.t.project + ".utils." + compatModule + " (stand-ins, Mage does not install Dagster): " + strings.Join(c.compat, ", ") + ".\n")
	}
	for _, td := range c.todos {
		b.WriteString("# TODO(dagster2mage): DM101 " + td + ".\n")
	}
	for _, e := range edits {
		b.Write(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	pm.t.files[c.out] = []byte(b.String())
	return c
}

// dottedSource names a module by its source path, for messages.
func (c *modCopy) dottedSource(pm *projMods) string { return pm.t.relPath(c.path) }

// rewriteImport returns the new text of an import statement of a copied module ("" = keep),
// the copy of the project module it reads (nil when it reads no project module) and the Dagster
// names it replaced with stand-ins.
func (pm *projMods) rewriteImport(importer string, m *pyModule, ref importRef) (string, *modCopy, []string) {
	text := ref.node.Content(m.src)
	if ref.node.Type() == "import_statement" {
		var dagster []string
		for _, name := range ref.names {
			if isDagsterModule(name) && !pm.t.isLocalTop(strings.Split(name, ".")[0]) {
				dagster = append(dagster, name)
			}
		}
		if len(dagster) > 0 {
			// `import dagster as dg`: the module is the stand-in module.
			return pm.rewriteImportText(text, func(mod string) string {
				if isDagsterModule(mod) {
					return pm.t.project + ".utils." + compatModule
				}
				return ""
			}), nil, dagster
		}
		bi := pm.plainImport(importer, text)
		if bi.text == text {
			bi.text = ""
		}
		return bi.text, bi.dep, nil
	}
	if ref.level == 0 && isDagsterModule(ref.module) && !pm.t.isLocalTop(strings.Split(ref.module, ".")[0]) {
		return replaceFromModule(text, pm.t.project+".utils."+compatModule), nil, ref.names
	}
	if ref.level == 0 && !pm.isProject(importer, ref.module) {
		return "", nil, nil
	}
	bi := pm.fromImport(importer, ref, text)
	if bi.why != "" {
		return "", bi.dep, nil
	}
	return bi.text, bi.dep, nil
}

// plainImport rewrites `import a.b as c, d` where a names a project package.
func (pm *projMods) plainImport(importer, text string) blockImport {
	var dep *modCopy
	out := pm.rewriteImportText(text, func(mod string) string {
		f, r := pm.resolve(importer, mod, 0)
		if f == "" {
			return ""
		}
		dc := pm.copyModule(f, r)
		if dep == nil || dc.skip != "" {
			dep = dc
		}
		if dc.skip != "" {
			return ""
		}
		return dc.dotted
	})
	bi := blockImport{text: out, dep: dep, notFound: dep == nil}
	if dep != nil && dep.skip != "" {
		bi.why = dep.skip
	} else if dep != nil {
		bi.deferred = dep.readsFiles
	}
	return bi
}

// fromImport rewrites `from X import names` (relative or of a project package) to import the
// copy: `from <project>.utils.<dotted X> import names`. Relative imports become absolute too, so
// a module reached from two source roots still resolves.
func (pm *projMods) fromImport(importer string, ref importRef, text string) blockImport {
	f, r := pm.resolve(importer, ref.module, ref.level)
	var dep *modCopy
	target := ""
	if f != "" {
		dep = pm.copyModule(f, r)
		target = dep.dotted
	}
	dir := ""
	switch {
	case f != "" && filepath.Base(f) == "__init__.py":
		dir = filepath.Dir(f)
	case f == "" && ref.level > 0 && ref.module == "":
		dir = filepath.Dir(importer)
		for i := 1; i < ref.level; i++ {
			dir = filepath.Dir(dir)
		}
		// `from . import x` in a folder without __init__.py: x must be a module there.
		_, target = pm.place(filepath.Join(dir, "__init__.py"), r)
	}
	deferred := dep != nil && dep.readsFiles
	if dir != "" {
		// `from pkg import submodule`: the submodules are copied too.
		for _, n := range ref.names {
			if sf := pm.moduleFile(dir, []string{n}); sf != "" {
				sc := pm.copyModule(sf, r)
				if dep == nil || sc.skip != "" && dep.skip == "" {
					dep = sc
				}
				deferred = deferred || sc.readsFiles
			}
		}
	}
	if dep == nil || target == "" {
		return blockImport{why: "the module was not found in the project", notFound: ref.level == 0}
	}
	if dep.skip != "" {
		return blockImport{dep: dep, why: dep.skip}
	}
	bi := blockImport{text: replaceFromModule(text, target), dep: dep, deferred: deferred}
	if len(ref.names) == 1 && ref.names[0] == "*" {
		bi.star = target
	}
	return bi
}

// replaceFromModule swaps the module of a `from X import ...` statement.
func replaceFromModule(text, module string) string {
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "from"))
	i := strings.IndexFunc(rest, func(r rune) bool { return r == ' ' || r == '\t' || r == '\\' || r == '\n' })
	if i < 0 {
		return text
	}
	return "from " + module + rest[i:]
}

// rewriteImportText rewrites each module of an `import a.b as c, d` statement: to(mod) gives
// the new module path ("" = keep). Names bound keep their meaning: `import a.b` (binding a)
// becomes `import P.a.b` plus `import P.a as a`.
func (pm *projMods) rewriteImportText(text string, to func(mod string) string) string {
	body := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "import"))
	var parts, extra []string
	changed := false
	for _, part := range strings.Split(body, ",") {
		f := strings.Fields(strings.ReplaceAll(part, "\\", " "))
		if len(f) == 0 {
			continue
		}
		mod := f[0]
		alias := ""
		if len(f) == 3 && f[1] == "as" {
			alias = f[2]
		}
		nm := to(mod)
		if nm == "" {
			parts = append(parts, strings.Join(f, " "))
			continue
		}
		changed = true
		if alias != "" {
			parts = append(parts, nm+" as "+alias)
			continue
		}
		top := strings.Split(mod, ".")[0]
		if !strings.Contains(mod, ".") {
			parts = append(parts, nm+" as "+top)
			continue
		}
		// nm ends with the dotted rest of mod: the package of top is nm minus that rest.
		topMod := strings.TrimSuffix(nm, strings.TrimPrefix(mod, top))
		parts = append(parts, nm)
		extra = append(extra, "import "+topMod+" as "+top)
	}
	if !changed {
		return text
	}
	out := "import " + strings.Join(parts, ", ")
	for _, e := range extra {
		out += "\n" + e
	}
	return out
}

// fileReadCalls are the calls that read files (module-level use makes an import fail where the
// file is missing).
var fileReadCalls = map[string]bool{"open": true, "read_text": true, "read_bytes": true, "read_csv": true, "read_json": true,
	"read_parquet": true, "read_excel": true, "read_table": true, "read_pickle": true, "read_feather": true, "load_workbook": true}

// fileReads reports whether module-level code (outside functions and classes) reads files.
func fileReads(m *pyModule) bool {
	for _, st := range m.stmts {
		if st.kind != "def" && st.kind != "import" && readsFile(st.node, m.src) {
			return true
		}
	}
	return false
}

// readsFile reports whether code outside nested functions (class bodies run at definition
// time) calls a file-reading function.
func readsFile(n *sitter.Node, src []byte) bool {
	found := false
	var walk func(x *sitter.Node, depth int)
	walk = func(x *sitter.Node, depth int) {
		if found || depth > 200 {
			return
		}
		switch x.Type() {
		case "function_definition", "lambda":
			return
		case "call":
			fn := x.ChildByFieldName("function")
			name := ""
			if fn != nil && fn.Type() == "identifier" {
				name = fn.Content(src)
			} else if fn != nil && fn.Type() == "attribute" {
				if a := fn.ChildByFieldName("attribute"); a != nil {
					name = a.Content(src)
				}
			}
			if fileReadCalls[name] {
				found = true
				return
			}
		}
		for i := 0; i < int(x.NamedChildCount()); i++ {
			walk(x.NamedChild(i), depth+1)
		}
	}
	walk(n, 0)
	return found
}

func uniqStrings(xs []string) []string {
	var out []string
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// blockImport is how a block imports a project module.
type blockImport struct {
	text     string   // the rewritten import statement
	star     string   // for a star import: the dotted module
	deferred bool     // the module reads files at import: import it when the block runs
	dep      *modCopy // the module (nil: not a project module)
	why      string   // not copied: why
	// notFound: an absolute import no file of the project provides (a third-party package that
	// shares its name with some project folder): the import stays as it is.
	notFound bool
}

// forBlock rewrites an import statement (text already trimmed to the names the block needs) of
// the Dagster module at path, for a block file.
func (pm *projMods) forBlock(path string, m *pyModule, st *topStmt, text string) blockImport {
	// Blocks of one Dagster module share its imports: resolve each once.
	key := path + "\x00" + text
	if bi, ok := pm.cache[key]; ok {
		return bi
	}
	bi := pm.resolveForBlock(path, m, st, text)
	pm.cache[key] = bi
	return bi
}

func (pm *projMods) resolveForBlock(path string, m *pyModule, st *topStmt, text string) blockImport {
	if st.node.Type() == "import_statement" {
		return pm.plainImport(path, text)
	}
	ref := parseImport(st.node, m.src, true)
	if tm, err := newModule([]byte(text), nil); err == nil {
		// The trimmed text names only what the block needs (submodules to copy included).
		if len(tm.stmts) == 1 && tm.stmts[0].kind == "import" {
			ref = parseImport(tm.stmts[0].node, tm.src, true)
		}
		tm.close()
	}
	return pm.fromImport(path, ref, text)
}

// finish adds one report entry per copied (or refused) project module, writes the empty
// __init__.py standing in for refused ones and the stand-in module when a copy needs it.
func (pm *projMods) finish() {
	if len(pm.order) == 0 {
		return
	}
	needCompat := false
	written := map[string]bool{}
	for _, p := range pm.order {
		c := pm.copies[p]
		e := &Entry{Path: pm.t.relPath(p), Line: 1, Construct: "project module", Name: strings.TrimPrefix(c.dotted, pm.t.project+".utils."),
			Status: StatusConverted, abs: p}
		if c.skip != "" {
			if filepath.Base(p) == "__init__.py" {
				// The package must still import: an empty __init__.py stands in.
				pm.t.files[c.out] = []byte("# dagster2mage: " + pm.t.relPath(p) + " was not copied: " + c.skip + ".\n")
				e.Files = []string{c.out}
				e.noteOn(StatusReview, "DM101", "package __init__.py not copied (%s): an empty one stands in, so names it re-exported are missing", c.skip)
			} else {
				e.noteOn(StatusManual, "DM101", "not copied: %s; blocks importing it keep a TODO", c.skip)
			}
		} else {
			e.Files = []string{c.out}
			written[c.out] = true
			if len(c.compat) > 0 {
				needCompat = true
				e.noteOn(StatusReview, "DM101", "Dagster names %s come from utils/%s.py: stand-ins, since Mage does not install Dagster", strings.Join(c.compat, ", "), compatModule)
			}
			for _, td := range c.todos {
				e.noteOn(StatusReview, "DM101", "%s", td)
			}
		}
		pm.t.entries = append(pm.t.entries, e)
	}
	if needCompat {
		pm.t.files["utils/"+compatModule+".py"] = []byte(compatSource)
	}
}

// newerSyntax names Python syntax newer than 3.11 in a module (PEP 695 type parameters and
// type aliases), or "".
func newerSyntax(root *sitter.Node) string {
	found := ""
	var walk func(n *sitter.Node, depth int)
	walk = func(n *sitter.Node, depth int) {
		if found != "" || depth > 200 {
			return
		}
		switch n.Type() {
		case "function_definition", "class_definition":
			// (type_parameter nodes also stand for the subscripts of List[int] annotations.)
			if n.ChildByFieldName("type_parameters") != nil {
				found = "type parameters"
				return
			}
		case "type_alias_statement":
			found = "a type statement"
			return
		}
		for i := 0; i < int(n.NamedChildCount()); i++ {
			walk(n.NamedChild(i), depth+1)
		}
	}
	walk(root, 0)
	return found
}

// workspaceDirs reads the working_directory entries of the workspace.yaml at the workspace root
// (absolute, cleaned); none when there is no such file or it does not parse.
func workspaceDirs(root string) map[string]bool {
	out := map[string]bool{}
	for _, name := range []string{"workspace.yaml", "workspace.yml"} {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			continue
		}
		var doc any
		if yaml.Unmarshal(b, &doc) != nil {
			continue
		}
		var walk func(v any, depth int)
		walk = func(v any, depth int) {
			if depth > 20 {
				return
			}
			switch x := v.(type) {
			case map[string]any:
				for k, val := range x {
					if s, ok := val.(string); ok && k == "working_directory" && s != "" {
						d := filepath.Clean(filepath.Join(root, filepath.FromSlash(s)))
						if strings.HasPrefix(d, root) {
							out[d] = true
						}
						continue
					}
					walk(val, depth+1)
				}
			case []any:
				for _, val := range x {
					walk(val, depth+1)
				}
			}
		}
		walk(doc, 0)
	}
	return out
}

// inlineFrom copies into a block the module-level code that the names of a from-import need,
// out of a Dagster definitions module that is not copied (constants and helpers living next to
// assets): its helpers' text, and the imports they need (through blockImports, so project
// imports read their copies). It refuses (ok false) when a name is a Dagster definition itself,
// needs Dagster names, reads files at import, or the module is already being inlined.
func (t *translator) inlineFrom(dep *modCopy, e *Entry, names []string, ip *importPlan) bool {
	if t.inlining == nil {
		t.inlining = map[string]bool{}
	}
	if t.inlining[dep.path] || len(names) == 0 {
		return false
	}
	m := t.module(dep.path)
	if m == nil {
		return false
	}
	want := map[string]bool{}
	for _, n := range names {
		st := m.byName[n]
		if n == "*" || st == nil || st.dagster || st.kind == "import" {
			return false
		}
		want[n] = true
	}
	imports, helpers, missing, reached := m.supportNames(want, nil)
	if len(missing) > 0 {
		return false
	}
	for _, h := range helpers {
		if h.dagster || h.kind != "def" && readsFile(h.node, m.src) {
			return false
		}
	}
	t.inlining[dep.path] = true
	defer delete(t.inlining, dep.path)
	sub := t.blockImports(dep.path, m, e, imports, want, reached, false)
	if sub.undefined {
		return false
	}
	ip.lines = append(ip.lines, sub.lines...)
	ip.helpers = append(ip.helpers, sub.helpers...)
	rel := t.relPath(dep.path)
	for i, h := range helpers {
		text := h.text
		if i == 0 {
			text = "# From " + rel + " (it holds Dagster definitions, so it is not copied into utils/).\n" + text
		}
		ip.helpers = append(ip.helpers, text)
	}
	e.noteOn(StatusReview, "DM101", "%s of %s (a module with Dagster definitions) are copied into the block", strings.Join(names, ", "), rel)
	return true
}

// isProject reports whether an absolute import of module in importer reads the project's own
// code: a top-level package or module of the workspace, or a sibling module of a script folder.
func (pm *projMods) isProject(importer, module string) bool {
	top := strings.Split(module, ".")[0]
	if top == "" {
		return false
	}
	if pm.t.isLocalTop(top) {
		return true
	}
	d := filepath.Dir(importer)
	return !pm.hasInit[d] && pm.moduleFile(d, []string{top}) != ""
}
