package codeactions

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dagster2mage/dagster2mage/mage"
)

var update = flag.Bool("update", false, "rewrite the golden Mage trees under testdata/golden")

// fixtures are the Dagster projects with golden migrations: the shared ones of
// testdata/projects and this package's own small ones.
func fixtures(t testing.TB) map[string]string {
	out := map[string]string{}
	for _, pattern := range []string{"../testdata/projects/*", "testdata/*"} {
		dirs, _ := filepath.Glob(pattern)
		for _, d := range dirs {
			if st, err := os.Stat(d); err != nil || !st.IsDir() || filepath.Base(d) == "golden" || filepath.Base(d) == "fuzz" {
				continue
			}
			abs, _ := filepath.Abs(d)
			out[filepath.Base(d)] = abs
		}
	}
	if len(out) < 4 {
		t.Fatalf("expected the shared fixture projects and this package's own, found %v", out)
	}
	return out
}

func migrateFixture(t testing.TB, name, dir string) *Plan {
	t.Helper()
	ws, err := LoadWorkspace(context.Background(), dir, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := MigrateWorkspace(context.Background(), ws, Options{Out: name})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// goldenFiles is what a golden tree holds: the plan's files plus the report.
func goldenFiles(t testing.TB, plan *Plan) map[string][]byte {
	files := map[string][]byte{}
	for _, f := range plan.Files {
		files[f.Path] = f.Content
	}
	rep, err := json.MarshalIndent(plan.Report, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	files["dagster2mage-report.json"] = append(rep, '\n')
	return files
}

func readTree(root string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	return out, err
}

// TestGolden migrates every fixture and compares the Mage tree byte for byte with
// ../testdata/golden/<fixture>. Regenerate with `go test ./codeactions -update`.
func TestGolden(t *testing.T) {
	for name, dir := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			got := goldenFiles(t, migrateFixture(t, name, dir))
			golden := filepath.Join("..", "testdata", "golden", name)
			if *update {
				if err := os.RemoveAll(golden); err != nil {
					t.Fatal(err)
				}
				for p, c := range got {
					full := filepath.Join(golden, filepath.FromSlash(p))
					if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(full, c, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want, err := readTree(golden)
			if err != nil {
				t.Fatalf("golden tree %s: %v (run go test ./codeactions -update)", golden, err)
			}
			var names []string
			for p := range got {
				names = append(names, p)
			}
			for p := range want {
				if _, ok := got[p]; !ok {
					names = append(names, p)
				}
			}
			sort.Strings(names)
			for _, p := range names {
				g, okG := got[p]
				w, okW := want[p]
				switch {
				case !okW:
					t.Errorf("%s: generated but not in the golden tree", p)
				case !okG:
					t.Errorf("%s: in the golden tree but not generated", p)
				case !bytes.Equal(g, w):
					t.Errorf("%s differs from the golden file:\n%s", p, UnifiedDiff(p, w, g))
				}
			}
		})
	}
}

// TestGeneratedProjectsAreValid checks every fixture's migration against Mage's load rules
// (mage.ValidateFiles: uuids, mirrored edges, files, arity, guards, triggers, YAML, Python
// syntax) and compiles every Python file with the real interpreter.
func TestGeneratedProjectsAreValid(t *testing.T) {
	for name, dir := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			checkPlanValid(t, migrateFixture(t, name, dir))
		})
	}
}

// checkPlanValid: Mage's rules hold, every Python file compiles with the real interpreter, and
// nothing is skipped in silence.
func checkPlanValid(t *testing.T, plan *Plan) {
	t.Helper()
	py := pythonOrSkip(t)
	files := map[string][]byte{}
	for _, f := range plan.Files {
		files[f.Path] = f.Content
	}
	for _, p := range mage.ValidateFiles(plan.Project, files) {
		t.Errorf("%s", p)
	}
	out := filepath.Join(t.TempDir(), plan.Project)
	if _, err := Apply(plan, out, false); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(py, "-m", "compileall", "-q", out).CombinedOutput(); err != nil {
		t.Errorf("py_compile: %v\n%s", err, b)
	}
	for _, e := range plan.Report {
		if e.Status != StatusConverted && len(e.Notes) == 0 {
			t.Errorf("%s:%d %s %s is %s without a note", e.Path, e.Line, e.Construct, e.Name, e.Status)
		}
	}
}

// TestDeterministicAndIdempotent: the same input gives byte-identical output, and applying the
// plan a second time changes nothing.
func TestDeterministicAndIdempotent(t *testing.T) {
	for name, dir := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			a := goldenFiles(t, migrateFixture(t, name, dir))
			b := goldenFiles(t, migrateFixture(t, name, dir))
			if len(a) != len(b) {
				t.Fatalf("%d files then %d", len(a), len(b))
			}
			for p := range a {
				if !bytes.Equal(a[p], b[p]) {
					t.Errorf("%s differs between two runs", p)
				}
			}
			out := filepath.Join(t.TempDir(), name)
			plan := migrateFixture(t, name, dir)
			if _, err := Apply(plan, out, false); err != nil {
				t.Fatal(err)
			}
			// Second run: the translator reads what is on disk (ReadFile) like migrate does.
			ws, _ := LoadWorkspace(context.Background(), dir, nil, nil, nil)
			plan2, err := MigrateWorkspace(context.Background(), ws, Options{Out: name, ReadFile: func(rel string) ([]byte, error) {
				return os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
			}})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Apply(plan2, out, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				if r.Action != ActionUnchanged {
					t.Errorf("second run: %s %s", r.Action, r.Path)
				}
			}
		})
	}
}

func pythonOrSkip(t *testing.T) string {
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 is required in CI")
		}
		t.Skip("python3 not installed")
	}
	return py
}

func TestHostileNamesStayInside(t *testing.T) {
	dir := t.TempDir()
	src := `from dagster import asset, AssetKey, job, op, Definitions

@asset(key=["..", "..", "etc", "passwd"])
def evil():
    return 1

@asset(key_prefix=["/abs", "Ünïcode ☃"], name="weird-name.v2")
def weird(evil):
    return evil

@asset(name="x/../../y")
def slashy():
    return 3

@op(name="../../op")
def bad_op():
    return 1

@job(name="/etc/../job")
def bad_job():
    bad_op()
`
	if err := os.WriteFile(filepath.Join(dir, "defs.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := migrateFixture(t, "../../escape", dir)
	if !mage.IsIdentifier(plan.Project) {
		t.Errorf("project name %q is not an identifier", plan.Project)
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	for _, f := range plan.Files {
		if _, err := SafeJoin(out, f.Path); err != nil {
			t.Errorf("unsafe path in plan: %v", err)
		}
	}
	if _, err := Apply(plan, out, false); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "out" {
		t.Errorf("files written next to the output folder: %v", entries)
	}
	files := map[string][]byte{}
	for _, f := range plan.Files {
		files[f.Path] = f.Content
		if strings.Contains(f.Path, "..") {
			t.Errorf("path %q contains ..", f.Path)
		}
	}
	for _, p := range mage.ValidateFiles(plan.Project, files) {
		t.Errorf("%s", p)
	}
}

// TestMigrateFileAndConvert: partial migrations keep the constructs of one file (or one
// construct) and the files they need, and merge into an existing pipeline instead of
// dropping the blocks it already has.
func TestMigrateFileAndConvert(t *testing.T) {
	dir := fixtures(t)["seed_shop"]
	ws, err := LoadWorkspace(context.Background(), dir, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	jobs := filepath.Join(dir, "shop", "jobs.py")
	plan, err := MigrateFile(context.Background(), ws, jobs, Options{Out: "shop"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range plan.Report {
		if e.Path != "shop/jobs.py" {
			t.Errorf("MigrateFile reported %s", e.Path)
		}
	}
	if _, ok := plan.File("pipelines/orders_job/metadata.yaml"); !ok {
		t.Error("MigrateFile lacks the job's pipeline")
	}
	if _, ok := plan.File("transformers/clean_users.py"); ok {
		t.Error("MigrateFile wrote a block of another file")
	}
	plan, err = Convert(context.Background(), ws, filepath.Join(dir, "shop", "assets.py"), "clean_users", Options{Out: "shop",
		ReadFile: func(rel string) ([]byte, error) {
			if rel == "pipelines/users_job/metadata.yaml" {
				return []byte("name: users_job\nuuid: users_job\nblocks:\n- uuid: my_extra\n  type: custom\n  upstream_blocks: [user_analytics]\n  downstream_blocks: []\n"), nil
			}
			return nil, os.ErrNotExist
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Report) != 1 || plan.Report[0].Name != "clean_users" {
		t.Fatalf("Convert report: %+v", plan.Report)
	}
	if _, ok := plan.File("transformers/clean_users.py"); !ok {
		t.Error("Convert lacks the block file")
	}
	meta, ok := plan.File("pipelines/users_job/metadata.yaml")
	if !ok || !strings.Contains(string(meta), "my_extra") {
		t.Errorf("the user's block was dropped from the pipeline:\n%s", meta)
	}
	if _, err := Convert(context.Background(), ws, jobs, "no_such_thing", Options{}); err == nil {
		t.Error("Convert of an unknown construct must fail")
	}
}
