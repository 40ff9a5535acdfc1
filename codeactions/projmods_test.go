package codeactions

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestProjectModulesRun execs the migrated blocks of the projmods fixture the way Mage does (a
// fresh globals dict holding the decorator collector, the project's parent on sys.path): the
// blocks load although the credentials the Dagster module reads at import are missing, they
// import the copied project modules (helpers imports dagster names: stand-ins), and the block
// that needs the files fails only when it runs, then returns Dagster's value once they exist.
func TestProjectModulesRun(t *testing.T) {
	py := pythonOrSkip(t)
	plan := migrateFixture(t, "projmods", "testdata/projmods")
	parent := t.TempDir()
	proj := filepath.Join(parent, "projmods")
	files := map[string]string{}
	for _, f := range plan.Files {
		files[f.Path] = string(f.Content)
	}
	writeFiles(t, proj, files)
	for _, want := range []string{"utils/helpers/text.py", "utils/helpers/__init__.py", "utils/pipeline/local_utils.py",
		"utils/pipeline/creds_reader.py", "utils/pipeline/__init__.py", "utils/dagster_compat.py"} {
		if _, ok := plan.File(want); !ok {
			t.Errorf("%s not copied", want)
		}
	}
	if b, _ := plan.File("utils/pipeline/__init__.py"); strings.Contains(string(b), "Definitions") && !strings.HasPrefix(string(b), "# dagster2mage") {
		t.Errorf("the definitions __init__.py must not be copied:\n%s", b)
	}
	script := `
import sys, os
sys.path.insert(0, sys.argv[1])
proj = os.path.join(sys.argv[1], 'projmods')
os.environ['MAGE_REPO_PATH'] = proj

def load(rel, deco):
    found = []
    g = {deco: lambda f: found.append(f) or f}
    exec(compile(open(os.path.join(proj, rel)).read(), rel, 'exec'), g)
    return found[0]

print('twice', load('data_loaders/twice.py', 'data_loader')())
# The hook's helper is annotated with HookContext, a Dagster name: the callback must still load.
exec(compile(open(os.path.join(proj, 'callbacks/report_failure.py')).read(), 'cb', 'exec'), {'callback': lambda *a: (lambda f: f)})
print('callback loads')
greeting = load('data_loaders/greeting.py', 'data_loader')
try:
    greeting()
    print('greeting ran without its files')
except FileNotFoundError as e:
    print('greeting needs', os.path.basename(e.filename))
os.makedirs(os.path.join(proj, 'data_loaders', 'credentials'))
open(os.path.join(proj, 'data_loaders', 'credentials', 'token.json'), 'w').write('{"token": "T"}')
open(os.path.join(proj, 'utils', 'pipeline', 'api.txt'), 'w').write('api\n')
print('greeting', load('data_loaders/greeting.py', 'data_loader')())
`
	out, err := exec.Command(py, "-c", script, parent).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	// Dagster's values: twice = double(len(json.dumps("ab"))) = 8; greeting = "HI!" + "4" + "api" + "T".
	want := "twice 8\ncallback loads\ngreeting needs api.txt\ngreeting HI!4apiT\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestNewerSyntaxIsNotCopied(t *testing.T) {
	for src, want := range map[string]string{
		"def run[T](x: T) -> T:\n    return x\n":             "type parameters",
		"type Pair = tuple[int, int]\n":                      "a type statement",
		"def run(x):\n    return x\n":                        "",
		"class Box[T]:\n    pass\n":                          "type parameters",
		"def f(x: Optional[bool]) -> List[int]:\n    pass\n": "",
	} {
		m, err := newModule([]byte(src), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := newerSyntax(m.root); got != want {
			t.Errorf("newerSyntax(%q) = %q, want %q", src, got, want)
		}
		m.close()
	}
}

// A workspace.yaml working_directory is a source root even when it holds an __init__.py: its
// top-level packages (utils/ here) are what `from utils.fmt import ...` reads under Dagster.
func TestWorkspaceWorkingDirectoryIsASourceRoot(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"workspace.yaml":           "load_from:\n  - python_package:\n      package_name: jobs\n      working_directory: code/\n",
		"code/__init__.py":         "",
		"code/utils/__init__.py":   "",
		"code/utils/fmt.py":        "# -*- coding: utf-8 -*-\ndef loud(s):\n    return s.upper()\n",
		"code/jobs/__init__.py":    "",
		"code/jobs/assets.py":      "from dagster import asset\nfrom utils.fmt import loud\n\n\n@asset\ndef greeting():\n    return loud('hi')\n",
		"code/jobs/definitions.py": "from dagster import Definitions\nfrom .assets import greeting\n\ndefs = Definitions(assets=[greeting])\n",
	}
	writeFiles(t, dir, files)
	plan := migrateFixture(t, "wd", dir)
	b, _ := plan.File("data_loaders/greeting.py")
	if !strings.Contains(string(b), "from wd.utils.utils.fmt import loud\n") {
		t.Errorf("greeting.py should import the copy of code/utils/fmt.py:\n%s", b)
	}
	if c, ok := plan.File("utils/utils/fmt.py"); !ok || !strings.Contains(string(c), "def loud(s):") {
		t.Errorf("code/utils/fmt.py not copied to utils/utils/fmt.py:\n%s", c)
	} else if !strings.HasPrefix(string(c), "# -*- coding: utf-8 -*-\n# Copied by dagster2mage") {
		t.Errorf("the coding declaration must stay the first line of the copy:\n%s", c)
	}
}

// Dagster loads a python_file with its folder on sys.path: a sibling module of a folder without
// __init__.py is the project's own. A plain one is copied; names taken from a sibling that
// holds Dagster definitions are copied into the block.
func TestSiblingModulesOfAScriptFolder(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"jobs/consts.py":  "BASE = 'https://example.org'\n",
		"jobs/games.py":   "from dagster import asset\n\nLIMIT = 3\n\n\n@asset\ndef games():\n    return list(range(LIMIT))\n",
		"jobs/reports.py": "from dagster import asset\nfrom consts import BASE\nfrom games import LIMIT\n\n\n@asset\ndef report():\n    return f'{BASE}/{LIMIT}'\n",
	}
	writeFiles(t, dir, files)
	plan := migrateFixture(t, "sib", dir)
	b, _ := plan.File("data_loaders/report.py")
	for _, want := range []string{"from sib.utils.consts import BASE\n", "LIMIT = 3\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("report.py lacks %q:\n%s", want, b)
		}
	}
	if _, ok := plan.File("utils/consts.py"); !ok {
		t.Errorf("jobs/consts.py not copied to utils/consts.py")
	}
}

// Copied project modules are files of the plan like the blocks: recorded in the manifest, left
// unchanged by a second run, and kept when the user edited them.
func TestCopiedModulesAreInTheManifest(t *testing.T) {
	root := t.TempDir()
	plan := migrateFixture(t, "projmods", "testdata/projmods")
	if _, err := Apply(plan, root, false); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(ManifestPath)))
	if err != nil || !strings.Contains(string(b), `"utils/helpers/text.py"`) {
		t.Fatalf("manifest lacks the copied module (%v):\n%s", err, b)
	}
	edited := filepath.Join(root, "utils", "helpers", "text.py")
	if err := os.WriteFile(edited, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Apply(migrateFixture(t, "projmods", "testdata/projmods"), root, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		want := ActionUnchanged
		if r.Path == "utils/helpers/text.py" {
			want = ActionConflict
		}
		if r.Action != want {
			t.Errorf("second run: %s %s, want %s", r.Path, r.Action, want)
		}
	}
	if b, _ := os.ReadFile(edited); string(b) != "# mine\n" {
		t.Errorf("the user's edit of the copied module was overwritten: %q", b)
	}
}

// writeFiles writes files (slash-separated paths relative to dir → content) below dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
