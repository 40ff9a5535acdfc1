package mage

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"Clean Users":   "clean_users",
		"raw-orders.v2": "raw_orders_v2",
		"2024_sales":    "letter_2024_sales",
		"café":          "caf_",
		"a\u200bb":      "ab",
		"":              "",
	} {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CleanName("sales/Load", '/'); got != "sales/load" {
		t.Errorf("CleanName with '/' allowed = %q", got)
	}
}

func TestUUIDStaysRelative(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd": "etc/passwd",
		"/abs/Path":        "abs/path",
		"a//b":             "a/b",
		"..":               "block",
		"prefix/Asset-1":   "prefix/asset_1",
		"日本":               "block",
	} {
		got := UUID(in)
		if got != want {
			t.Errorf("UUID(%q) = %q, want %q", in, got, want)
		}
		if !ValidUUID(got) {
			t.Errorf("UUID(%q) = %q is not valid", in, got)
		}
	}
	for _, bad := range []string{"", "A", "1a", "a-b", "a/", "/a", "a//b", "a.b", "a:b"} {
		if ValidUUID(bad) {
			t.Errorf("ValidUUID(%q) = true", bad)
		}
	}
}

func TestIdentifier(t *testing.T) {
	for in, want := range map[string]string{"My Project": "my_project", "class": "class_", "---": "mage_project", "9lives": "letter_9lives"} {
		if got := Identifier(in); got != want || !IsIdentifier(got) {
			t.Errorf("Identifier(%q) = %q, want %q", in, got, want)
		}
	}
}

const loaderSrc = `# loader
if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def raw_users(*args, **kwargs):
    return {"a": [1, 2]}
`

const transformerSrc = `import pandas as pd

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer
if 'test' not in globals():
    from mage_ai.data_preparation.decorators import test


@transformer
def clean_users(raw_users: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    return raw_users


@test
def no_nulls(output, *args) -> None:
    assert output is not None
`

func sampleProject() *Project {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	yes := true
	p := &Pipeline{
		UUID:      "users",
		Name:      "users",
		Tags:      []string{"dagster"},
		Variables: Map{{"limit", 10}, {"flag", "true"}, {"region", "{{ env_var('REGION') }}"}},
		Blocks: []*Block{
			{UUID: "raw_users", Type: DataLoader},
			{UUID: "sales/clean_users", Name: "clean_users", Type: Transformer,
				Retry: &RetryConfig{Retries: 3, Delay: 30, MaxDelay: 211, ExponentialBackoff: true}},
		},
		Callbacks: []*Block{{UUID: "notify", Type: Callback, Upstream: []string{"raw_users"}}},
		Triggers: []*Trigger{
			{Name: "daily", ScheduleType: ScheduleTime, ScheduleInterval: "0 7 * * *", StartTime: &start,
				Status: "active", Settings: TriggerSettings{SkipIfPreviousRunning: &yes}},
			{Name: "on_demand", ScheduleType: ScheduleAPI},
		},
	}
	p.Link("raw_users", "sales/clean_users")
	pr := &Project{
		Name:      "shop",
		Pipelines: []*Pipeline{p},
		Profiles: []Profile{{Name: "default", Keys: Map{
			{"DUCKDB_DATABASE", "{{ env_var('DUCKDB_PATH', 'data.duckdb') }}"}, {"DUCKDB_SCHEMA", "main"}}}},
		Requirements: []string{"pandas", "duckdb", "pandas"},
	}
	pr.SetFile("data_loaders/raw_users.py", []byte(loaderSrc))
	pr.SetFile("transformers/sales/clean_users.py", []byte(transformerSrc))
	pr.SetFile("callbacks/notify.py", []byte(GuardImports("callback")+"\n\n@callback('failure')\ndef notify(parent, **kwargs):\n    print(kwargs.get('__error'))\n"))
	return pr
}

const wantPipelineYAML = `name: users
uuid: users
type: python
tags:
  - dagster
variables:
  limit: 10
  flag: "true"
  region: "{{ env_var('REGION') }}"
blocks:
  - uuid: raw_users
    name: raw_users
    type: data_loader
    language: python
    upstream_blocks: []
    downstream_blocks:
      - sales/clean_users
    configuration: {}
  - uuid: sales/clean_users
    name: clean_users
    type: transformer
    language: python
    upstream_blocks:
      - raw_users
    downstream_blocks: []
    configuration: {}
    retry_config:
      retries: 3
      delay: 30
      max_delay: 211
      exponential_backoff: true
callbacks:
  - uuid: notify
    name: notify
    type: callback
    language: python
    upstream_blocks:
      - raw_users
    downstream_blocks: []
    configuration: {}
conditionals: []
widgets: []
extensions: {}
`

const wantTriggersYAML = `triggers:
  - name: daily
    schedule_type: time
    schedule_interval: 0 7 * * *
    start_time: 2024-01-01T00:00:00Z
    status: active
    variables: {}
    settings:
      skip_if_previous_running: true
  - name: on_demand
    schedule_type: api
    schedule_interval: null
    start_time: null
    status: inactive
    variables: {}
    settings: {}
`

func renderMap(pr *Project) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range Render(pr) {
		m[f.Path] = f.Content
	}
	return m
}

func TestRenderExactAndDeterministic(t *testing.T) {
	files := renderMap(sampleProject())
	if got := string(files["pipelines/users/metadata.yaml"]); got != wantPipelineYAML {
		t.Errorf("pipeline metadata:\n%s\nwant:\n%s", got, wantPipelineYAML)
	}
	if got := string(files["pipelines/users/triggers.yaml"]); got != wantTriggersYAML {
		t.Errorf("triggers:\n%s\nwant:\n%s", got, wantTriggersYAML)
	}
	if got := string(files["requirements.txt"]); got != "duckdb\npandas\n" {
		t.Errorf("requirements = %q", got)
	}
	for _, init := range []string{"__init__.py", "data_loaders/__init__.py", "transformers/__init__.py",
		"transformers/sales/__init__.py", "callbacks/__init__.py", "utils/__init__.py",
		"pipelines/__init__.py", "pipelines/users/__init__.py"} {
		if _, ok := files[init]; !ok {
			t.Errorf("missing %s", init)
		}
	}
	a, b := Render(sampleProject()), Render(sampleProject())
	if len(a) != len(b) {
		t.Fatal("render not deterministic")
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Content, b[i].Content) {
			t.Fatalf("render differs at %s", a[i].Path)
		}
	}
}

func TestRenderedYAMLRoundTrips(t *testing.T) {
	files := renderMap(sampleProject())
	var meta struct {
		Variables map[string]any `yaml:"variables"`
	}
	if err := yaml.Unmarshal(files["pipelines/users/metadata.yaml"], &meta); err != nil {
		t.Fatal(err)
	}
	if meta.Variables["flag"] != "true" || meta.Variables["limit"] != 10 || meta.Variables["region"] != "{{ env_var('REGION') }}" {
		t.Errorf("variables did not round-trip: %#v", meta.Variables)
	}
	var io map[string]any
	if err := yaml.Unmarshal(files["io_config.yaml"], &io); err != nil {
		t.Fatal(err)
	}
	if def, _ := io["default"].(map[string]any); def["DUCKDB_DATABASE"] != "{{ env_var('DUCKDB_PATH', 'data.duckdb') }}" {
		t.Errorf("io_config: %#v", io)
	}
	var proj map[string]any
	if err := yaml.Unmarshal(files["metadata.yaml"], &proj); err != nil {
		t.Fatal(err)
	}
	if proj["variables_dir"] != "mage_data" || proj["help_improve_mage"] != false {
		t.Errorf("project metadata: %#v", proj)
	}
}

func TestValidProjectHasNoProblems(t *testing.T) {
	if probs := Validate(sampleProject()); len(probs) > 0 {
		t.Fatalf("unexpected problems: %v", probs)
	}
}

// TestValidateCatchesEachRule breaks one rule at a time and expects the matching problem.
func TestValidateCatchesEachRule(t *testing.T) {
	cases := []struct {
		name  string
		model func(pr *Project)
		files func(files map[string][]byte)
		want  string
	}{
		{"settings.yaml", nil, func(f map[string][]byte) { f["settings.yaml"] = []byte("x: 1\n") }, "project-platform"},
		{"not mirrored", func(pr *Project) {
			pr.Pipelines[0].Blocks[0].Downstream = nil
		}, nil, "does not list it downstream"},
		{"cycle", func(pr *Project) { pr.Pipelines[0].Link("sales/clean_users", "raw_users") }, nil, "cycle"},
		{"missing file", nil, func(f map[string][]byte) { delete(f, "data_loaders/raw_users.py") }, "is missing"},
		{"unguarded", nil, func(f map[string][]byte) {
			f["data_loaders/raw_users.py"] = []byte("from mage_ai.data_preparation.decorators import data_loader\n\n@data_loader\ndef f(*args, **kwargs):\n    pass\n")
		}, "not guarded"},
		{"wrong decorator", nil, func(f map[string][]byte) {
			f["data_loaders/raw_users.py"] = []byte(strings.ReplaceAll(loaderSrc, "data_loader", "transformer"))
		}, "no function decorated with @data_loader"},
		{"arity", nil, func(f map[string][]byte) {
			f["data_loaders/raw_users.py"] = []byte(strings.Replace(loaderSrc, "def raw_users(*args", "def raw_users(context, *args", 1))
		}, "missing upstream"},
		{"too many upstreams", nil, func(f map[string][]byte) {
			f["transformers/sales/clean_users.py"] = []byte(strings.Replace(transformerSrc, "raw_users: pd.DataFrame, *args, **kwargs", "**kwargs", 1))
		}, "no *args"},
		{"no kwargs", nil, func(f map[string][]byte) {
			f["data_loaders/raw_users.py"] = []byte(strings.Replace(loaderSrc, "*args, **kwargs", "*args", 1))
		}, "no **kwargs"},
		{"syntax", nil, func(f map[string][]byte) { f["utils/x.py"] = []byte("def (:\n") }, "syntax errors"},
		{"__file__", nil, func(f map[string][]byte) {
			f["data_loaders/raw_users.py"] = []byte(loaderSrc + "\nHERE = __file__\n")
		}, "__file__"},
		{"bad uuid", func(pr *Project) { pr.Pipelines[0].Blocks[0].UUID = "Raw-Users" }, nil, "naming rules"},
		{"duplicate", func(pr *Project) { pr.Pipelines[0].Callbacks[0].UUID = "raw_users" }, nil, "duplicate uuid"},
		{"trigger key", nil, func(f map[string][]byte) {
			f["pipelines/users/triggers.yaml"] = []byte("triggers:\n- name: x\n  schedule_type: time\n  schedule_interval: '@daily'\n  start_time: null\n  timezone: UTC\n")
		}, `unknown key "timezone"`},
		{"trigger required", nil, func(f map[string][]byte) {
			f["pipelines/users/triggers.yaml"] = []byte("triggers:\n- name: x\n  schedule_type: time\n  start_time: null\n")
		}, `required key "schedule_interval"`},
		{"trigger settings", nil, func(f map[string][]byte) {
			f["pipelines/users/triggers.yaml"] = []byte("triggers:\n- name: x\n  schedule_type: api\n  schedule_interval: null\n  start_time: null\n  settings: {catchup: true}\n")
		}, `unknown settings key "catchup"`},
		{"retry key", nil, func(f map[string][]byte) {
			f["metadata.yaml"] = []byte("retry_config: {retries: 1, jitter: full}\n")
		}, `unknown key "jitter"`},
		{"null list", nil, func(f map[string][]byte) {
			f["pipelines/users/metadata.yaml"] = []byte("name: users\nuuid: users\ntype: python\nvariables: {}\nblocks: null\ncallbacks: []\nconditionals: []\nwidgets: []\n")
		}, "blocks must be a list"},
		{"project name", func(pr *Project) { pr.Name = "my-project" }, nil, "not a Python identifier"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pr := sampleProject()
			if c.model != nil {
				c.model(pr)
			}
			files := renderMap(pr)
			if c.files != nil {
				c.files(files)
			}
			probs := ValidateFiles(pr.Name, files)
			for _, p := range probs {
				if strings.Contains(p.Message, c.want) {
					return
				}
			}
			t.Errorf("want a problem containing %q, got %v", c.want, probs)
		})
	}
}

func TestInspectPython(t *testing.T) {
	pi := InspectPython([]byte(transformerSrc + "\n\n@callback('success')\ndef cb(a, b=1, *rest, c, **kw):\n    pass\n"))
	f := pi.Decorated("transformer")
	if f == nil || f.Name != "clean_users" || f.Inputs() != 1 || !f.Has(ParamVarArgs) || !f.Has(ParamVarKwargs) {
		t.Fatalf("transformer: %+v", f)
	}
	cb := pi.Decorated("callback")
	if cb == nil || cb.Inputs() != 3 {
		t.Fatalf("callback: %+v", cb)
	}
	if !pi.Guarded["transformer"] || !pi.Guarded["test"] || len(pi.Unguarded) != 0 || pi.ErrorNodes != 0 {
		t.Fatalf("guards: %+v", pi)
	}
}

// TestRenderedProjectOnDisk writes the project, validates it from disk and compiles every
// Python file with the real interpreter.
func TestRenderedProjectOnDisk(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	for _, f := range Render(sampleProject()) {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	probs, err := ValidateDir(dir)
	if err != nil || len(probs) > 0 {
		t.Fatalf("ValidateDir: %v %v", err, probs)
	}
	py := pythonOrSkip(t)
	out, err := exec.Command(py, "-m", "compileall", "-q", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("compileall: %v\n%s", err, out)
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
