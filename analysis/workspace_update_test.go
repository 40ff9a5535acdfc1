package analysis

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dagster2mage/dagster2mage/internal/synth"
)

// wsState projects what a workspace tells its users (findings with related locations, the
// asset graph, effective keys) onto comparable text.
func wsState(t *testing.T, ws *Workspace) string {
	t.Helper()
	var b strings.Builder
	for _, p := range ws.Files() {
		rel := strings.TrimPrefix(p, ws.Root())
		for _, f := range ws.Findings(p) {
			fmt.Fprintf(&b, "%s %s %v %s %q", rel, f.Code, f.Span, f.Name, f.Message)
			for _, r := range f.Related {
				fmt.Fprintf(&b, " -> %s %v %s", strings.TrimPrefix(r.Path, ws.Root()), r.Span, r.Message)
			}
			b.WriteByte('\n')
		}
		fm := ws.File(p)
		for _, d := range fm.Defs {
			if k := ws.AssetKeyOf(d); k != nil {
				fmt.Fprintf(&b, "%s key %s %v\n", rel, d.Name, k)
			}
			ws.mu.RLock()
			if ks := ws.defKeys[d.DefCore]; ks != nil {
				fmt.Fprintf(&b, "%s owns %s %v\n", rel, d.Name, ks)
			}
			ws.mu.RUnlock()
		}
	}
	for _, n := range ws.Assets() {
		fmt.Fprintf(&b, "asset %s %s %s up=%v down=%v head=%v out=%d\n", n.Key, strings.TrimPrefix(n.Path, ws.Root()),
			n.Group, n.Upstream, n.Downstream, n.Def.Head, n.Out)
		// The node must point into the stored model, not at a definition of an older one.
		if !slices.Contains(ws.File(n.Path).Defs, n.Def) {
			t.Errorf("asset %s points at a definition that is not in %s's current model", n.Key, n.Path)
		}
	}
	return b.String()
}

// TestUpdateMatchesFromScratch edits the files of a small project at random (typing in
// bodies, renaming assets, changing groups and selections, garbage) through Reanalyze and
// Update, and after every edit compares the workspace with one loaded from scratch.
func TestUpdateMatchesFromScratch(t *testing.T) {
	edits := []struct{ from, to string }{
		{"def report(", "def report_v2("},
		{"def report_v2(", "def report("},
		{`group_name="marts")
def report`, `group_name="raw")
def report`},
		{`group_name="raw")
def report`, `group_name="marts")
def report`},
		{"def revenue(users)", "def revenue(users, orders)"},
		{"def revenue(users, orders)", "def revenue(users)"},
		{`selection=["nope"]`, `selection=["report"]`},
		{`selection=["report"]`, `selection=["nope"]`},
		{"from .raw import orders", "from .raw import orders, users"},
		{"job=mj,", "job=dg.define_asset_job('x'),"},
		{"    return 2\n", "    return 2\n\n@dg.asset\ndef late(users):\n    return users\n"},
		{"@dg.asset_check(asset=report)", "@dg.asset_check(asset=revenue)"},
		// Tags are read from the decorator call by tag selections (bad_job in jobs.py).
		{`group_name="raw")
def users`, `group_name="raw", tags={"team": "x"})
def users`},
		{`tags={"team": "x"}`, `tags={"team": "y"}`},
		{`tags={"team": "y"}`, `tags={"team": "x"}`},
		{"@dg.asset_check(asset=revenue)", "@dg.asset_check(asset=report)"},
	}
	// dsl.py re-exports a decorator: changing it needs other files re-analysed (the
	// server's job), which is not what this test is about.
	fuzzUpdates(t, project, edits, []string{"pkg/dsl.py"}, 4, 120)
}

// graphProject exercises what the per-file graph tracks: a key defined twice (the first
// file in path order owns it), a multi-asset, a name re-exported by a package, deps given as
// variables imported across modules, load_assets_from_modules prefixes and groups, and
// selections by key, by variable and by upstream.
var graphProject = map[string]string{
	"proj/__init__.py":        "",
	"proj/assets/__init__.py": "from .base import src as src_alias\n",
	"proj/assets/base.py": `import dagster as dg

@dg.asset
def src():
    return 1

@dg.multi_asset(outs={'x': dg.AssetOut(), 'y': dg.AssetOut()}, deps=[src])
def xy():
    return 1, 2
`,
	"proj/assets/more.py": `import dagster as dg
from . import src_alias

@dg.asset(deps=[src_alias])
def dup():
    return 0

@dg.asset
def z(x, y):
    return x + y
`,
	"proj/other.py": `import dagster as dg
from .assets.base import xy

@dg.asset(deps=[xy])
def dup():
    return 1

@dg.asset
def after(z):
    return z
`,
	"proj/loaded.py": `import dagster as dg

@dg.asset
def la():
    return 1

@dg.asset
def lb(la):
    return la
`,
	"proj/definitions.py": `import dagster as dg
from . import loaded

defs = dg.Definitions(assets=dg.load_assets_from_modules([loaded], key_prefix="pre", group_name="grp"))
`,
	"proj/jobs.py": `import dagster as dg
from .assets.more import z

j1 = dg.define_asset_job("j1", selection=["dup", "pre/lb"])
j2 = dg.define_asset_job("j2", selection=dg.AssetSelection.assets(z).upstream())
j3 = dg.define_asset_job("j3", selection=[z])
`,
}

var graphEdits = []struct{ from, to string }{
	{"def src(", "def src2("},
	{"def src2(", "def src("},
	{"deps=[src])", "deps=[])"},
	{"deps=[])", "deps=[src])"},
	{"def dup():\n    return 0", "def dup0():\n    return 0"},
	{"def dup0():\n    return 0", "def dup():\n    return 0"},
	{`key_prefix="pre"`, `key_prefix="post"`},
	{`key_prefix="post"`, `key_prefix="pre"`},
	{`, group_name="grp"`, ``},
	{`"pre/lb"`, `"post/lb"`},
	{`"post/lb"`, `"pre/lb"`},
	{"import src as src_alias", "import xy as src_alias"},
	{"import xy as src_alias", "import src as src_alias"},
	{"'y': dg.AssetOut()", "'dup': dg.AssetOut()"},
	{"'dup': dg.AssetOut()", "'y': dg.AssetOut()"},
	{"def after(z):", "def after(z, dup):"},
	{"def after(z, dup):", "def after(z):"},
	{"def la():", "def la2():"},
	{"def la2():", "def la():"},
}

// TestGraphUpdateMatchesFromScratch: random edits, removals and re-additions of the graph
// project's files keep the incremental index equal to one built from scratch.
func TestGraphUpdateMatchesFromScratch(t *testing.T) {
	fuzzUpdates(t, graphProject, graphEdits, nil, 6, 150)
}

// TestSynthUpdateMatchesFromScratch does the same on modules of the synthetic workspace the
// server benchmarks use, with edits that rename assets, add dependencies on other modules and
// change selections.
func TestSynthUpdateMatchesFromScratch(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 80; i++ {
		files[fmt.Sprintf("pkg%d/mod%03d.py", i/40, i)] = synth.SmallModule(i)
	}
	files["pkg0/__init__.py"], files["pkg1/__init__.py"] = "", ""
	edits := []struct{ from, to string }{
		{"def report_", "def rep_"},
		{"def rep_", "def report_"},
		{"def raw_", "def raw0_"},
		{"def raw0_", "def raw_"},
		{"(clean_", "(raw_1, clean_"},
		{"(raw_1, clean_", "(clean_"},
		{`selection=["raw_`, `selection=["report_7", "raw_`},
		{`selection=["report_7", "raw_`, `selection=["raw_`},
		{"from dagster import", "from pkg0.mod001 import raw_1\nfrom dagster import"},
		{"from pkg0.mod001 import raw_1\n", ""},
	}
	fuzzUpdates(t, files, edits, nil, 2, 60)
}

// fuzzUpdates applies random edits (typing in bodies, the structural edits given, garbage),
// removals and re-additions to files of a project through Reanalyze, Update and Remove, and
// after every step compares the workspace with one rebuilt from scratch from the same files.
func fuzzUpdates(t *testing.T, files map[string]string, edits []struct{ from, to string }, frozen []string, seeds uint64, steps int) {
	t.Helper()
	var names []string
	for rel := range files {
		if !slices.Contains(frozen, rel) {
			names = append(names, rel)
		}
	}
	slices.Sort(names)
	for seed := uint64(1); seed <= seeds; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ws, root := loadWS(t, files)
			rng := rand.New(rand.NewPCG(seed, 42))
			removed := map[string]string{} // rel → text
			for step := 0; step < steps; step++ {
				rel := names[rng.IntN(len(names))]
				path := filepath.Join(root, rel)
				what := ""
				switch text, gone := removed[rel]; {
				case gone:
					if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
					delete(removed, rel)
					if aff := ws.Update(ws.Analyze(path, NewDocument([]byte(text)))); len(aff) == 0 || aff[0] != path {
						t.Fatalf("step %d: re-adding %s affects %v", step, rel, aff)
					}
					what = "re-added " + rel
				case rng.IntN(12) == 0:
					fm := ws.File(path)
					removed[rel] = string(fm.Doc.Text())
					if aff := ws.Remove(path); len(aff) == 0 || aff[0] != path {
						t.Fatalf("step %d: removing %s affects %v", step, rel, aff)
					}
					if err := os.Remove(path); err != nil {
						t.Fatal(err)
					}
					what = "removed " + rel
				default:
					fm := ws.File(path)
					text := string(fm.Doc.Text())
					start, end, ins := randomWorkspaceEdit(rng, text, edits)
					doc := fm.Doc.Edit(start, end, []byte(ins))
					nfm := ws.Reanalyze(path, doc, fm)
					if aff := ws.Update(nfm); len(aff) == 0 || aff[0] != path {
						t.Fatalf("step %d: affected %v does not start with %s", step, aff, path)
					}
					if err := os.WriteFile(path, doc.Text(), 0o644); err != nil {
						t.Fatal(err)
					}
					what = fmt.Sprintf("%s: [%d,%d) → %q", rel, start, end, ins)
				}
				var paths []string
				for r := range files {
					if _, gone := removed[r]; !gone {
						paths = append(paths, filepath.Join(root, r))
					}
				}
				slices.Sort(paths)
				fresh := NewWorkspace(root, nil)
				fresh.LoadFiles(context.Background(), paths, nil, nil)
				fresh.mu.Lock()
				fresh.rebuildAll() // small projects load file by file: force the from-scratch build
				fresh.mu.Unlock()
				if got, want := wsState(t, ws), wsState(t, fresh); got != want {
					t.Fatalf("step %d (%s): incremental workspace differs from scratch\n--- incremental\n%s--- scratch\n%s",
						step, what, got, want)
				}
			}
		})
	}
}

// randomWorkspaceEdit picks an edit of text: a character typed in a function body (the usual
// keystroke), one of the structural edits that applies, a random insertion or deletion.
func randomWorkspaceEdit(rng *rand.Rand, text string, edits []struct{ from, to string }) (int, int, string) {
	switch rng.IntN(4) {
	case 0, 1:
		if i := strings.Index(text, "    return "); i >= 0 {
			at := i + len("    return ")
			return at, at, string("x+1 #é"[rng.IntN(6)])
		}
	case 2:
		for _, k := range rng.Perm(len(edits)) {
			if i := strings.Index(text, edits[k].from); i >= 0 {
				return i, i + len(edits[k].from), edits[k].to
			}
		}
	}
	at := rng.IntN(len(text) + 1)
	if rng.IntN(2) == 0 || at == len(text) {
		return at, at, string("a(),=\n #\"[]"[rng.IntN(11)])
	}
	return at, min(len(text), at+1+rng.IntN(4)), ""
}

// TestUpdateBodyEditSkipsGraph: typing in a body keeps the graph (same nodes, now pointing at
// the new model) and affects only the file and the files that show locations in it.
func TestUpdateBodyEditSkipsGraph(t *testing.T) {
	ws, root := loadWS(t, project)
	marts := filepath.Join(root, "pkg/assets/marts.py")
	before := ws.Asset("report")
	fm := ws.File(marts)
	i := strings.Index(string(fm.Doc.Text()), "return users") + len("return users")
	doc := fm.Doc.Edit(i, i, []byte(" + 1"))
	nfm := ws.Reanalyze(marts, doc, fm)
	aff := ws.Update(nfm)
	var rels []string
	for _, p := range aff {
		rels = append(rels, strings.TrimPrefix(p, root+"/"))
	}
	if !slices.Equal(rels, []string{"pkg/assets/marts.py", "pkg/checks.py"}) {
		t.Errorf("affected %v, want the file and the check pointing into it", rels)
	}
	after := ws.Asset("report")
	if !slices.Equal(after.Upstream, before.Upstream) || !slices.Contains(nfm.Defs, after.Def) {
		t.Errorf("report node changed or not re-pointed: %+v", after)
	}
	if !slices.Contains(fm.Defs, before.Def) {
		t.Errorf("the node a reader held was changed in place: %+v", before)
	}
	if got := after.Def.Head.Start; got != strings.Index(string(doc.Text()), "@dg.asset(group_name=\"marts\")\ndef report") {
		t.Errorf("report head at %d after the edit above it", got)
	}
}

// BenchmarkSameIndexEntry: the comparison Update pays per keystroke, on a file of ~1,000
// definitions after an edit in one body: the last one, or the first (every later
// definition is replayed with shifted spans).
func BenchmarkSameIndexEntry(b *testing.B) {
	b.Run("last", func(b *testing.B) { benchSameIndexEntry(b, strings.LastIndex) })
	b.Run("first", func(b *testing.B) { benchSameIndexEntry(b, strings.Index) })
}

func benchSameIndexEntry(b *testing.B, find func(s, sub string) int) {
	var src strings.Builder
	src.WriteString("import dagster as dg\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&src, "\n@dg.asset(group_name=\"g%d\", tags={\"team\": \"t\"})\ndef a%d(a%d):\n    return a%d\n", i%7, i, max(i-1, 0), i)
	}
	ws := NewWorkspace("/ws", nil)
	doc := NewDocument([]byte(src.String()))
	fm := ws.Analyze("/ws/big.py", doc)
	ws.Update(fm)
	i := find(src.String(), "return")
	nfm := ws.Reanalyze("/ws/big.py", doc.Edit(i, i, []byte("1+")), fm)
	b.ResetTimer()
	for b.Loop() {
		if !sameIndexEntry(fm, nfm) {
			b.Fatal("a body edit changed the index entry")
		}
	}
}

// TestSwapAffectedMatchesScan: the inverted index finds the same dependents as scanning every
// file's references (exact keys and module names matched by dotted suffix either way).
func TestSwapAffectedMatchesScan(t *testing.T) {
	files := maps.Clone(project)
	files["other/uses_full.py"] = "from pkg.assets.marts import report\n"
	files["other/uses_short.py"] = "from marts import revenue\n"
	files["other/unrelated.py"] = "from pkg.assets.raw import users\n"
	ws, root := loadWS(t, files)
	for _, p := range ws.Files() {
		fm := ws.File(p)
		text := fm.Doc.Text()
		doc := fm.Doc.Edit(len(text), len(text), []byte("\n# edited\n"))
		nfm := ws.Reanalyze(p, doc, fm)
		got := ws.Update(nfm)
		var want []string
		ws.mu.RLock()
		touch := map[string]bool{}
		for _, k := range ws.provides[p] {
			touch[k] = true
		}
		for _, q := range sortedKeys(ws.refs) {
			if q == p {
				continue
			}
			for _, k := range ws.refs[q] {
				if touch[k] || (strings.HasPrefix(k, "mod:") && touchesModule(touch, k)) {
					want = append(want, q)
					break
				}
			}
		}
		ws.mu.RUnlock()
		if !slices.Equal(got[1:], want) {
			t.Errorf("%s: affected %v, scan finds %v", strings.TrimPrefix(p, root), got[1:], want)
		}
	}
	marts := filepath.Join(root, "pkg/assets/marts.py")
	got := ws.Update(ws.File(marts))
	for _, want := range []string{"other/uses_full.py", "other/uses_short.py", "pkg/checks.py"} {
		if !slices.Contains(got, filepath.Join(root, want)) {
			t.Errorf("editing marts.py does not affect %s: %v", want, got)
		}
	}
}

// TestProjectsUpdateMatchesFromScratch runs the same over the repository's test projects,
// with edits derived from their text: every function renamed and back, parameters (upstream
// assets) added and removed, groups changed.
func TestProjectsUpdateMatchesFromScratch(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "projects", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no test projects: %v", err)
	}
	defRE := regexp.MustCompile(`def (\w+)\(`)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			files := map[string]string{}
			var edits []struct{ from, to string }
			err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".py") {
					return err
				}
				b, err := os.ReadFile(p)
				rel, _ := filepath.Rel(dir, p)
				files[rel] = string(b)
				for _, m := range defRE.FindAllStringSubmatch(string(b), -1) {
					edits = append(edits,
						struct{ from, to string }{m[0], "def " + m[1] + "_x("},
						struct{ from, to string }{"def " + m[1] + "_x(", m[0]},
						struct{ from, to string }{m[0], m[0] + "extra_up, "},
						struct{ from, to string }{m[0] + "extra_up, ", m[0]})
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			edits = append(edits, struct{ from, to string }{`group_name="`, `group_name="g_`},
				struct{ from, to string }{`group_name="g_`, `group_name="`})
			fuzzUpdates(t, files, edits, nil, 2, 80)
		})
	}
}

// BenchmarkUpdateNewBigFile: the index's cost of adding the 5,000-line file (what opening it
// pays after the analysis), into an empty workspace and into a 1,000-module one.
func BenchmarkUpdateNewBigFile(b *testing.B) {
	fm := NewWorkspace("/ws", nil).Analyze("/ws/big.py", NewDocument([]byte(synth.BigFile(5000))))
	var small []*FileModel
	for i := 0; i < 1000; i++ {
		small = append(small, NewWorkspace("/ws", nil).Analyze(fmt.Sprintf("/ws/pkg/m%04d.py", i), NewDocument([]byte(synth.SmallModule(i)))))
	}
	for _, n := range []int{0, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				ws := NewWorkspace("/ws", nil)
				ws.UpdateAll(small[:n])
				b.StartTimer()
				ws.Update(fm)
			}
		})
	}
}

// touchesModule is the oracle's module match: k names a module that is a dotted suffix of one
// touch provides, or the other way round.
func touchesModule(touch map[string]bool, k string) bool {
	for t := range touch {
		if strings.HasPrefix(t, "mod:") && (strings.HasSuffix(t, "."+strings.TrimPrefix(k, "mod:")) || strings.HasSuffix(k, "."+strings.TrimPrefix(t, "mod:"))) {
			return true
		}
	}
	return false
}
