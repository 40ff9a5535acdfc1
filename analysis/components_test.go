package analysis

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestComponentYAML(t *testing.T) {
	ws, root := loadWS(t, map[string]string{
		"proj/src/proj/definitions.py":             "import dagster as dg\nfrom pathlib import Path\ndefs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)\n",
		"proj/src/proj/defs/jaffle/defs.yaml":      "type: dagster_dbt.DbtProjectComponent\n\nattributes:\n  project: '{{ context.project_root }}/dbt'\n  select: \"tag:daily\"\n  threads: 4\n",
		"proj/src/proj/defs/custom/defs.yaml":      "# 数据 components\ntype: proj.components.ShellCommand\nattributes:\n  script_path: run.sh\n---\ntype: proj.components.ShellCommand  # noqa: DM905\nattributes:\n  script_path: other.sh\n",
		"proj/src/proj/defs/broken/component.yaml": "type: dagster_sling.SlingReplicationCollectionComponent\nattributes: [\n",
		"proj/src/proj/defs/notes.yaml":            "type: not.a.Component\n",
	})
	files := ScanDir(root, nil, nil)
	var yamls []string
	for _, p := range files {
		if strings.HasSuffix(p, ".yaml") {
			yamls = append(yamls, filepath.Base(filepath.Dir(p))+"/"+filepath.Base(p))
		}
	}
	if strings.Join(yamls, " ") != "broken/component.yaml custom/defs.yaml jaffle/defs.yaml" {
		t.Fatalf("ScanDir yaml files %v", yamls)
	}
	dbt := filepath.Join(root, "proj/src/proj/defs/jaffle/defs.yaml")
	fm := ws.File(dbt)
	if fm == nil || len(fm.Defs) != 1 {
		t.Fatalf("dbt component model %+v", fm)
	}
	d := fm.Defs[0]
	if d.Form != FormYAML || d.Construct != "DbtProjectComponent" || d.Name != "jaffle" || d.Symbol != "dagster_dbt.DbtProjectComponent" {
		t.Errorf("dbt component %+v", d)
	}
	if s, _ := d.Call.Kwarg("select").StringValue(); s != "tag:daily" {
		t.Errorf("select attribute %q", s)
	}
	if n, ok := d.Call.Kwarg("threads").IntValue(); !ok || n != 4 {
		t.Errorf("threads attribute %v", d.Call.Kwarg("threads"))
	}
	if p := d.Call.Kwarg("project"); p == nil || !p.Dynamic {
		t.Errorf("templated project attribute not dynamic: %+v", p)
	}
	fs := ws.Findings(dbt)
	if len(fs) != 1 || fs[0].Code != "DM113" || fs[0].Tier != TierReview || fs[0].Path != dbt {
		t.Fatalf("dbt findings %+v", fs)
	}
	if got := string(fm.Doc.Slice(fs[0].Span)); got != "dagster_dbt.DbtProjectComponent" {
		t.Errorf("finding span covers %q", got)
	}

	custom := filepath.Join(root, "proj/src/proj/defs/custom/defs.yaml")
	cfm := ws.File(custom)
	if len(cfm.Defs) != 2 || cfm.Defs[0].Name != "custom[0]" || cfm.Defs[1].Name != "custom[1]" {
		t.Fatalf("custom components %+v", cfm.Defs)
	}
	fs = ws.Findings(custom)
	if len(fs) != 1 || fs[0].Code != "DM905" || fs[0].Tier != TierManual || !strings.Contains(fs[0].Message, "proj.components.ShellCommand") {
		t.Fatalf("custom findings (second one suppressed by noqa) %+v", fs)
	}
	if p := cfm.Doc.PositionAt(fs[0].Span.Start, UTF16); p != (Position{Line: 1, Column: 6}) {
		t.Errorf("custom finding at %+v", p)
	}

	broken := ws.File(filepath.Join(root, "proj/src/proj/defs/broken/component.yaml"))
	if broken.ParseErrors == 0 {
		t.Error("broken YAML without a parse error")
	}
}

func TestComponentYAMLEditsAndGarbage(t *testing.T) {
	ws := NewWorkspace("/ws", nil)
	path := "/ws/defs/x/defs.yaml"
	for _, src := range []string{"", "---\n---\n", "\xff\xfe", "type: [\n", "- a\n- b\n", "type: a.B\nattributes: *x\n", "type: a.B\nattributes:\n  k: &a [1, *a]\n"} {
		fm, err := ws.SafeAnalyze(path, []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		ws.Update(fm)
		_ = ws.Findings(path)
	}
	doc := newPlainDocument([]byte("type: a.B\n"))
	nd := doc.Edit(6, 9, []byte("dagster_dbt.DbtProjectComponent"))
	fm := ws.Reanalyze(path, nd, nil)
	if len(fm.Defs) != 1 || fm.Defs[0].Construct != "DbtProjectComponent" || nd.ErrorCount() != 0 {
		t.Fatalf("edited component %+v", fm.Defs)
	}
}
