package analysis

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, files map[string]string) (string, []string) {
	t.Helper()
	root := t.TempDir()
	var paths []string
	for rel, src := range files {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return root, paths
}

func loadWS(t *testing.T, files map[string]string) (*Workspace, string) {
	root, paths := writeFiles(t, files)
	ws := NewWorkspace(root, nil)
	ws.LoadFiles(context.Background(), paths, nil, func(e *LoadError) { t.Errorf("load: %v", e) })
	return ws, root
}

var project = map[string]string{
	"pkg/__init__.py":        "",
	"pkg/assets/__init__.py": "",
	"pkg/assets/raw.py": `import dagster as dg

@dg.asset(group_name="raw")
def orders():
    return 1

@dg.asset(group_name="raw")
def users():
    return 2
`,
	"pkg/assets/marts.py": `import dagster as dg
from .raw import orders

@dg.asset(deps=[orders], group_name="marts")
def revenue(users):
    return users

@dg.asset(group_name="marts")
def report(revenue):
    return revenue
`,
	"pkg/dsl.py": `from dagster import asset as asset, define_asset_job
`,
	"pkg/extra.py": `from .dsl import asset

@asset
def reexported():
    return 0
`,
	"pkg/jobs.py": `import dagster as dg
from .assets.raw import users

marts_job = dg.define_asset_job("marts_job", selection=dg.AssetSelection.groups("marts"))
down_job = dg.define_asset_job("down_job", selection=dg.AssetSelection.assets(users).downstream())
up_job = dg.define_asset_job("up_job", selection="*report")
bad_job = dg.define_asset_job("bad_job", selection=dg.AssetSelection.tag("team", "x"))
raw_sel = dg.AssetSelection.groups("raw")
raw_job = dg.define_asset_job("raw_job", selection=raw_sel - dg.AssetSelection.assets("orders"))
missing_job = dg.define_asset_job("missing_job", selection=["nope"])
`,
	"pkg/schedules.py": `import dagster as dg
from .jobs import marts_job as mj

nightly = dg.ScheduleDefinition(job=mj, cron_schedule="0 3 * * *")
`,
	"pkg/checks.py": `import dagster as dg
from .assets.marts import report

@dg.asset_check(asset=report)
def report_not_empty(report):
    return dg.AssetCheckResult(passed=bool(report))
`,
}

func TestWorkspaceGraphAndSelections(t *testing.T) {
	ws, root := loadWS(t, project)
	rev := ws.Asset("revenue")
	if rev == nil || !reflect.DeepEqual(rev.Upstream, []string{"users", "orders"}) {
		t.Fatalf("revenue upstream %+v", rev)
	}
	if u := ws.Asset("users"); !reflect.DeepEqual(u.Downstream, []string{"revenue"}) {
		t.Errorf("users downstream %v", u.Downstream)
	}
	if ws.Asset("reexported") == nil {
		t.Error("asset decorated through a project re-export not found")
	}
	jobs := filepath.Join(root, "pkg/jobs.py")
	fm := ws.File(jobs)
	sel := func(name string) ([]string, bool) {
		d := findDef(fm, "define_asset_job", name)
		k, ok, _ := ws.ResolveSelection(jobs, d.AssetJob.Selection)
		return k, ok
	}
	if k, ok := sel("marts_job"); !ok || !reflect.DeepEqual(k, []string{"report", "revenue"}) {
		t.Errorf("marts_job %v %v", k, ok)
	}
	if k, ok := sel("down_job"); !ok || !reflect.DeepEqual(k, []string{"report", "revenue", "users"}) {
		t.Errorf("down_job %v %v", k, ok)
	}
	if k, ok := sel("raw_job"); !ok || !reflect.DeepEqual(k, []string{"users"}) {
		t.Errorf("raw_job (selection variable) %v %v", k, ok)
	}
	if k, ok := sel("up_job"); !ok || !reflect.DeepEqual(k, []string{"orders", "report", "revenue", "users"}) {
		t.Errorf("up_job %v %v", k, ok)
	}
	codes := map[string]string{}
	for _, f := range ws.Findings(jobs) {
		if f.Code == "DM207" {
			codes[f.Name] = f.Message
		}
	}
	if _, ok := codes["bad_job"]; !ok {
		t.Error("unresolvable tag selection not reported")
	}
	if m, ok := codes["missing_job"]; !ok || !strings.Contains(m, "unknown asset nope") {
		t.Errorf("missing asset selection: %q", m)
	}
	if len(codes) != 2 {
		t.Errorf("DM207 findings %v", codes)
	}
	// Related locations: the schedule's job and the check's asset, in other files.
	for _, c := range []struct{ file, code, want string }{
		{"pkg/schedules.py", "DM302", "pkg/jobs.py"},
		{"pkg/checks.py", "DM601", "pkg/assets/marts.py"},
	} {
		found := false
		for _, f := range ws.Findings(filepath.Join(root, c.file)) {
			if f.Code == c.code && len(f.Related) == 1 && strings.HasSuffix(f.Related[0].Path, c.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no related location in %s", c.file, c.want)
		}
	}
}

func TestWorkspaceUpdateAffected(t *testing.T) {
	ws, root := loadWS(t, project)
	marts := filepath.Join(root, "pkg/assets/marts.py")
	// Renaming the report asset: the jobs file (selections) and the checks file must be
	// re-published; an unrelated file must not.
	src := strings.Replace(project["pkg/assets/marts.py"], "def report(", "def report_v2(", 1)
	fm := ws.Analyze(marts, NewDocument([]byte(src)))
	affected := ws.Update(fm)
	if affected[0] != marts {
		t.Fatalf("first affected %v", affected)
	}
	set := map[string]bool{}
	for _, p := range affected {
		set[strings.TrimPrefix(p, root+"/")] = true
	}
	for _, want := range []string{"pkg/jobs.py", "pkg/checks.py"} {
		if !set[want] {
			t.Errorf("%s not affected: %v", want, affected)
		}
	}
	if set["pkg/extra.py"] {
		t.Errorf("unrelated file affected: %v", affected)
	}
	jobs := filepath.Join(root, "pkg/jobs.py")
	found := false
	for _, f := range ws.Findings(jobs) {
		if f.Code == "DM207" && f.Name == "up_job" {
			found = true
		}
	}
	if !found {
		t.Error("selection of a removed asset not re-reported after Update")
	}
	if aff := ws.Remove(marts); len(aff) == 0 || ws.File(marts) != nil || ws.Asset("revenue") != nil {
		t.Errorf("remove: %v", aff)
	}
}

func TestLoadAssetsPrefixAndGroup(t *testing.T) {
	ws, _ := loadWS(t, map[string]string{
		"proj/__init__.py": "",
		"proj/assets.py":   "from dagster import asset\n@asset\ndef a():\n    return 1\n@asset\ndef b(a):\n    return a\n",
		"proj/definitions.py": "from dagster import Definitions, load_assets_from_modules\nfrom . import assets\n" +
			"defs = Definitions(assets=load_assets_from_modules([assets], key_prefix=\"pre\", group_name=\"grp\"))\n",
	})
	b := ws.Asset("pre/b")
	if b == nil || b.Group != "grp" || !reflect.DeepEqual(b.Upstream, []string{"pre/a"}) {
		t.Fatalf("prefixed asset %+v", b)
	}
}

func TestLoadAssetsFromPackageModule(t *testing.T) {
	ws, _ := loadWS(t, map[string]string{
		"proj/__init__.py":        "",
		"proj/assets/__init__.py": "",
		"proj/assets/a.py":        "from dagster import asset\n@asset\ndef a():\n    return 1\n",
		"proj/assets/sub/b.py":    "from dagster import asset\n@asset\ndef b(a):\n    return a\n",
		"proj/defs.py": "from dagster import Definitions, load_assets_from_package_module\nfrom . import assets\n" +
			"defs = Definitions(assets=load_assets_from_package_module(assets, group_name=\"pkg\", key_prefix=\"p\"))\n",
	})
	if b := ws.Asset("p/b"); b == nil || b.Group != "pkg" || !reflect.DeepEqual(b.Upstream, []string{"p/a"}) {
		t.Fatalf("package prefix %+v", b)
	}
}

func TestNoqaAndSelectIgnore(t *testing.T) {
	src := "from dagster import asset, op\n@asset  # noqa: DM101\ndef a():\n    return 1\n@asset  # NOQA\ndef b():\n    return 1\n@op  # noqa: DM101, DM999\ndef c():\n    return 1\n@asset\ndef d():\n    return 1\n"
	doc := NewDocument([]byte(src))
	ws := NewWorkspace("", &Config{Ignore: []string{"DM9"}})
	fm := AnalyzeFile("x.py", doc)
	ws.Update(fm)
	var names []string
	for _, f := range ws.Findings("x.py") {
		names = append(names, f.Name)
	}
	if !reflect.DeepEqual(names, []string{"c", "d"}) {
		t.Errorf("findings %v", names)
	}
	ws.SetConfig(&Config{Select: []string{"DM2"}})
	names = names[:0]
	for _, f := range ws.Findings("x.py") {
		names = append(names, f.Name)
	}
	if !reflect.DeepEqual(names, []string{"c"}) {
		t.Errorf("select DM2: %v", names)
	}
}

func TestConfig(t *testing.T) {
	cfg, err := ParseConfig("pyproject.toml", []byte("[project]\nname='x'\n[tool.dagster2mage]\nout = \"mage\"\npipeline_strategy = \"group\"\nselect = [\"DM1\", \"DM201\"]\nignore = [\"DM101\"]\nexclude = [\"tests/**\", \"*_test.py\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Out != "mage" || cfg.PipelineStrategy != "group" || !cfg.Enabled("DM102") || cfg.Enabled("DM101") || !cfg.Enabled("DM201") || cfg.Enabled("DM301") {
		t.Errorf("config %+v", cfg)
	}
	if !cfg.Excluded("tests/a/b.py") || !cfg.Excluded("pkg/x_test.py") || cfg.Excluded("pkg/x.py") {
		t.Error("exclude globs")
	}
	bad := []struct{ src, want string }{
		{"[tool.dagster2mage]\nout = [1\n", "pyproject.toml:2"},
		{"[tool.dagster2mage]\n\npipeline_strategy = \"every\"\n", "pyproject.toml:3"},
		{"[tool.dagster2mage]\nselect = [\"DM1\"]\nignore = [\"E501\"]\n", "pyproject.toml:3"},
		{"[tool.dagster2mage]\nouts = \"x\"\n", "pyproject.toml:2: unknown key"},
		{"[tool.dagster2mage]\nselect = \"DM1\"\n", "pyproject.toml:1"},
		{"[tool.dagster2mage]\nexclude = [\"[\"]\n", "pyproject.toml:2"},
	}
	for _, b := range bad {
		_, err := ParseConfig("pyproject.toml", []byte(b.src))
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%q: error %v, want %q", b.src, err, b.want)
		}
	}
	if cfg, err := LoadConfig(t.TempDir()); err != nil || cfg.PipelineStrategy != "job" {
		t.Errorf("defaults %+v %v", cfg, err)
	}
}

func TestScanDirExcludes(t *testing.T) {
	root, _ := writeFiles(t, map[string]string{
		"a.py": "", "pkg/b.py": "", ".venv/lib/c.py": "", "node_modules/x/d.py": "", "build/e.py": "",
		"env2/pyvenv.cfg": "", "env2/f.py": "", "__pycache__/g.py": "", "skip/h.py": "", "pkg/notes.txt": "",
	})
	got := ScanDir(root, &Config{Exclude: []string{"skip"}}, nil)
	var rel []string
	for _, p := range got {
		r, _ := filepath.Rel(root, p)
		rel = append(rel, filepath.ToSlash(r))
	}
	if !reflect.DeepEqual(rel, []string{"a.py", "pkg/b.py"}) {
		t.Errorf("scan %v", rel)
	}
}

func TestLookupHelpers(t *testing.T) {
	ws, root := loadWS(t, map[string]string{
		"p/res.py": "import dagster as dg\nclass Db(dg.ConfigurableResource):\n    url: str = dg.EnvVar('DB_URL')\n",
		"p/defs.py": "import dagster as dg\nfrom dagster_duckdb import DuckDBResource\nfrom .res import Db\n" +
			"@dg.op\ndef step():\n    return 1\n" +
			"defs = dg.Definitions(resources={'db': Db(url='x'), 'duck': DuckDBResource(database='a.duckdb')})\n",
	})
	defs := filepath.Join(root, "p/defs.py")
	refs := ws.Resources()
	if len(refs) != 2 || refs[0].Key != "db" || refs[0].Def == nil || refs[0].Def.Construct != "ConfigurableResource" || !strings.HasSuffix(refs[0].DefPath, "res.py") {
		t.Fatalf("resources %+v", refs)
	}
	if refs[1].Def == nil || refs[1].Def.Construct != "DuckDBResource" {
		t.Errorf("inline integration resource %+v", refs[1])
	}
	// The same after an edit before the Definitions statement (its definitions are replayed,
	// their values keep the positions they were analyzed at).
	fm := ws.File(defs)
	for range 3 {
		fm = ws.Reanalyze(defs, fm.Doc.Edit(0, 0, []byte("# "+strings.Repeat("x", 100)+"\n")), fm)
		ws.Update(fm)
	}
	if refs := ws.Resources(); len(refs) != 2 || refs[1].Def == nil || refs[1].Def.Construct != "DuckDBResource" || refs[1].Def != fm.Defs[len(fm.Defs)-1] {
		t.Errorf("inline integration resource after an edit %+v", refs)
	}
	if d := fm.DefByName("step"); d == nil || fm.DefAt(d.Abs(d.BodySpan).Start) != d {
		t.Error("DefByName/DefAt")
	}
	if d, p := ws.LookupName(defs, "Db"); d == nil || !strings.HasSuffix(p, "res.py") {
		t.Error("LookupName through import")
	}
}

func TestImportedResourceClassParameter(t *testing.T) {
	ws, root := loadWS(t, map[string]string{
		"p/res.py":    "import dagster as dg\nclass Db(dg.ConfigurableResource):\n    url: str\n",
		"p/assets.py": "import dagster as dg\nfrom .res import Db\n@dg.asset\ndef a(context, db: Db, up):\n    return up\n",
	})
	d := ws.File(filepath.Join(root, "p/assets.py")).DefByName("a")
	if d == nil || d.Params[1].Role != RoleResource || d.Params[2].Role != RoleInput || len(d.Deps) != 1 {
		t.Fatalf("params %+v", d)
	}
}

func TestWorkspaceReanalyzeEdits(t *testing.T) {
	ws, root := loadWS(t, project)
	path := filepath.Join(root, "pkg/assets/marts.py")
	fm := ws.File(path)
	doc := fm.Doc
	// Type a new asset at the end, one character at a time, as an editor would.
	text := "\n@dg.asset\ndef margin(revenue):\n    return revenue\n"
	for i := 0; i < len(text); i++ {
		end := len(doc.Text())
		doc = doc.Edit(end, end, []byte{text[i]})
		fm = ws.Reanalyze(path, doc, fm)
		ws.Update(fm)
	}
	full := ws.Analyze(path, NewDocument(doc.Text()))
	if a, b := modelJSON(t, fm), modelJSON(t, full); a != b {
		t.Fatalf("typed model differs from a full analysis\n%s\n%s", a, b)
	}
	if m := ws.Asset("margin"); m == nil || !reflect.DeepEqual(m.Upstream, []string{"revenue"}) {
		t.Fatalf("typed asset %+v", m)
	}
}

func TestMultiAssetGraphEdges(t *testing.T) {
	ws, _ := loadWS(t, map[string]string{
		"m.py": "import dagster as dg\n@dg.asset\ndef src():\n    return 1\n" +
			"@dg.multi_asset(outs={'x': dg.AssetOut(), 'y': dg.AssetOut()}, deps=[src])\ndef xy():\n    return 1, 2\n" +
			"@dg.asset\ndef z(x, y):\n    return x + y\n" +
			"@dg.asset(deps=[xy])\ndef after():\n    return 0\n" +
			"j = dg.define_asset_job('j', selection=dg.AssetSelection.assets(xy))\n",
	})
	if n := ws.Asset("after"); n == nil || !reflect.DeepEqual(n.Upstream, []string{"x", "y"}) {
		t.Errorf("deps on a multi-asset: %+v", n)
	}
	for _, p := range ws.Files() {
		d := ws.File(p).DefByName("j")
		if k, ok, _ := ws.ResolveSelection(p, d.AssetJob.Selection); !ok || !reflect.DeepEqual(k, []string{"x", "y"}) {
			t.Errorf("selection of a multi-asset: %v %v", k, ok)
		}
	}
	for _, k := range []string{"x", "y"} {
		if n := ws.Asset(k); n == nil || !reflect.DeepEqual(n.Upstream, []string{"src"}) || !reflect.DeepEqual(n.Downstream, []string{"after", "z"}) {
			t.Errorf("%s: %+v", k, n)
		}
	}
	if s := ws.Asset("src"); !reflect.DeepEqual(s.Downstream, []string{"x", "y"}) {
		t.Errorf("src downstream %v", s.Downstream)
	}
}

func TestConfigClassFromAnotherModule(t *testing.T) {
	ws, root := loadWS(t, map[string]string{
		"p/__init__.py":      "",
		"p/conf/__init__.py": "from .settings import RunConfig\n",
		"p/conf/settings.py": "import dagster as dg\nclass RunConfig(dg.Config):\n    limit: int = 10\n    name: str\n",
		"p/a.py": "import dagster as dg\nfrom .conf import RunConfig\nfrom p import conf\nfrom typing import Optional\n" +
			"@dg.asset\ndef direct(config: RunConfig):\n    return 1\n" +
			"@dg.asset\ndef attr(config: conf.RunConfig):\n    return 1\n" +
			"@dg.op\ndef opt(config: Optional[RunConfig]):\n    return 1\n" +
			"@dg.op\ndef missing(config: NoSuchConfig):\n    return 1\n",
	})
	a := filepath.Join(root, "p/a.py")
	fm := ws.File(a)
	for _, name := range []string{"direct", "attr", "opt"} {
		cd, p := ws.ConfigClass(a, fm.DefByName(name))
		if cd == nil || !strings.HasSuffix(p, filepath.Join("conf", "settings.py")) {
			t.Fatalf("%s: config class %v in %q", name, cd, p)
		}
		if len(cd.ConfigFields) != 2 || cd.ConfigFields[0].Name != "limit" || cd.ConfigFields[0].Default != "10" || cd.ConfigFields[1].HasDef {
			t.Errorf("%s: fields %+v", name, cd.ConfigFields)
		}
	}
	if cd, _ := ws.ConfigClass(a, fm.DefByName("missing")); cd != nil {
		t.Errorf("unknown class resolved to %+v", cd)
	}
}

func TestSelectionsByTagKindOwnerAndSyntax(t *testing.T) {
	ws, root := loadWS(t, map[string]string{
		"p/assets.py": `import dagster as dg

@dg.asset(tags={"tier": "gold", "pii": ""}, kinds={"python"}, owners=["team:core"], group_name="raw")
def a():
    return 1

@dg.asset(compute_kind="dbt", owners=["alice@x.com"], group_name="raw")
def b(a):
    return a

@dg.asset(tags={"tier": "silver"}, group_name="marts")
def c(b):
    return b

@dg.multi_asset(specs=[dg.AssetSpec("d1", deps=["c"], tags={"tier": "gold"}), dg.AssetSpec("d2", kinds={"dbt"})])
def d():
    pass

j1 = dg.define_asset_job("j1", selection=dg.AssetSelection.tag("tier", "gold"))
j2 = dg.define_asset_job("j2", selection="kind:dbt or owner:\"team:core\"")
j3 = dg.define_asset_job("j3", selection='tag:tier and not tag:"tier"="gold"')
j4 = dg.define_asset_job("j4", selection="+key:c")
j5 = dg.define_asset_job("j5", selection="1+key:\"b\"+1")
j6 = dg.define_asset_job("j6", selection="(group:raw and kind:python)+ and +key:c")
j7 = dg.define_asset_job("j7", selection="key:d*")
j8 = dg.define_asset_job("j8", selection="tag:pii")
j9 = dg.define_asset_job("j9", selection="status:missing")
j10 = dg.define_asset_job("j10", selection=dg.AssetSelection.tag_string("tier=silver"))
`,
	})
	path := filepath.Join(root, "p/assets.py")
	fm := ws.File(path)
	want := map[string]string{
		"j1":  "a d1",
		"j2":  "a b d2",
		"j3":  "c",
		"j4":  "a b c",
		"j5":  "a b c",
		"j6":  "a b c",
		"j7":  "d1 d2",
		"j8":  "a",
		"j10": "c",
	}
	for _, d := range fm.Defs {
		if d.AssetJob == nil {
			continue
		}
		keys, ok, reason := ws.ResolveSelection(path, d.AssetJob.Selection)
		if d.Name == "j9" {
			if ok {
				t.Errorf("j9: status: must not be static")
			}
			continue
		}
		if got := strings.Join(keys, " "); !ok || got != want[d.Name] {
			t.Errorf("%s: %q ok=%v (%s), want %q", d.Name, got, ok, reason, want[d.Name])
		}
	}
}

func TestSelectionFactsComputedInCode(t *testing.T) {
	ws, root := loadWS(t, map[string]string{
		"p/assets.py": "import dagster as dg\nTAGS = {'tier': 'gold'}\n@dg.asset(tags=TAGS)\ndef a():\n    return 1\n" +
			"j = dg.define_asset_job('j', selection='tag:tier')\n",
	})
	path := filepath.Join(root, "p/assets.py")
	d := ws.File(path).DefByName("j")
	if _, ok, reason := ws.ResolveSelection(path, d.AssetJob.Selection); ok || !strings.Contains(reason, "computed") {
		t.Errorf("tags from a variable resolved: ok=%v %q", ok, reason)
	}
}

// TestRootsAndSinks resolves AssetSelection.roots()/.sinks() and the selection syntax's
// roots(…)/sinks(…): the assets of a selection without upstream (downstream) assets inside it.
func TestRootsAndSinks(t *testing.T) {
	ws, root := loadWS(t, map[string]string{
		"p.py": `import dagster as dg

@dg.asset
def a():
    return 1

@dg.asset
def b(a):
    return a

@dg.asset
def c(b):
    return b

@dg.asset
def d():
    return 0

all_roots = dg.define_asset_job("all_roots", selection=dg.AssetSelection.all().roots())
all_sinks = dg.define_asset_job("all_sinks", selection=dg.AssetSelection.all().sinks())
ab_sinks = dg.define_asset_job("ab_sinks", selection=dg.AssetSelection.assets(a, b).sinks())
bc_roots = dg.define_asset_job("bc_roots", selection="roots(key:b or key:c)")
str_sinks = dg.define_asset_job("str_sinks", selection="sinks(*)")
nested = dg.define_asset_job("nested", selection="roots(sinks(key:a or key:b) or key:c)")
`,
	})
	path := filepath.Join(root, "p.py")
	fm := ws.File(path)
	for name, want := range map[string][]string{
		"all_roots": {"a", "d"},
		"all_sinks": {"c", "d"},
		"ab_sinks":  {"b"},
		"bc_roots":  {"b"},
		"str_sinks": {"c", "d"},
		"nested":    {"b"},
	} {
		d := findDef(fm, "define_asset_job", name)
		keys, ok, reason := ws.ResolveSelection(path, d.AssetJob.Selection)
		if !ok || !reflect.DeepEqual(keys, want) {
			t.Errorf("%s: %v ok=%v (%s), want %v", name, keys, ok, reason, want)
		}
	}
	for _, f := range ws.Findings(path) {
		if f.Code == "DM207" {
			t.Errorf("selection left unresolved: %s %s", f.Name, f.Message)
		}
	}
}

// A snapshot keeps answering for the state it was taken in while the workspace moves on.
func TestSnapshotIsFrozen(t *testing.T) {
	ws, root := loadWS(t, project)
	path := filepath.Join(root, "pkg/assets/raw.py")
	snap := ws.Snapshot()
	before := fmt.Sprint(len(snap.Assets()), snap.Asset("orders") != nil, len(snap.Findings(path)))
	fm := ws.File(path)
	text := strings.Replace(string(fm.Doc.Text()), "def orders", "def orders_v2", 1)
	ws.Update(ws.Analyze(path, NewDocument([]byte(text))))
	if ws.Asset("orders") != nil || ws.Asset("orders_v2") == nil {
		t.Fatal("the workspace did not take the rename")
	}
	if snap.Asset("orders") == nil || snap.Asset("orders_v2") != nil || snap.File(path) != fm {
		t.Fatal("the snapshot moved with the workspace")
	}
	if after := fmt.Sprint(len(snap.Assets()), snap.Asset("orders") != nil, len(snap.Findings(path))); after != before {
		t.Fatalf("snapshot answers changed: %s → %s", before, after)
	}
	if n := snap.Asset("orders"); n == nil || n.Def.Name != "orders" {
		t.Fatalf("snapshot node %+v", n)
	}
}
