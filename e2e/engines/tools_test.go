//go:build engines

package engines

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Small Mage projects written here prove the two helper scripts against real Mage: that
// mage_load.py fails on what Mage rejects or silently mis-runs, and that mage_trigger_run.py
// makes dynamic blocks fan out, which `mage run` cannot.

const guard = "if '%[1]s' not in globals():\n    from mage_ai.data_preparation.decorators import %[1]s\n\n\n"

func block(typ, body string) string {
	return strings.ReplaceAll(guard, "%[1]s", typ) + body
}

func writeProject(t *testing.T, root string, files map[string]string) {
	t.Helper()
	files["metadata.yaml"] = "project_type: standalone\nvariables_dir: mage_data\nhelp_improve_mage: false\n"
	files["__init__.py"] = ""
	for rel, content := range files {
		p := filepath.Join(root, rel)
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

const dynamicPipeline = `name: fan
uuid: fan
type: python
variables: {}
callbacks: []
conditionals: []
widgets: []
blocks:
- {uuid: items, name: items, type: data_loader, language: python, configuration: {dynamic: true}, upstream_blocks: [], downstream_blocks: [square]}
- {uuid: square, name: square, type: transformer, language: python, configuration: {reduce_output: true}, upstream_blocks: [items], downstream_blocks: [collect]}
- {uuid: collect, name: collect, type: data_exporter, language: python, configuration: {}, upstream_blocks: [square], downstream_blocks: []}
`

func dynamicProject(t *testing.T, root string) {
	writeProject(t, root, map[string]string{
		"pipelines/fan/metadata.yaml": dynamicPipeline,
		"data_loaders/items.py": block("data_loader", "@data_loader\ndef items(*args, **kwargs):\n"+
			"    return [[1, 2, 3], [{'block_uuid': 'a'}, {'block_uuid': 'b'}, {'block_uuid': 'c'}]]\n"),
		"transformers/square.py": block("transformer", "@transformer\ndef square(n, *args, **kwargs):\n    return n * n\n"),
		"data_exporters/collect.py": "import json, os\n\n" + block("data_exporter",
			"@data_exporter\ndef collect(squares, *args, **kwargs):\n"+
				"    with open(os.path.join(os.environ['D2M_OUTPUT_DIR'], 'squares.json'), 'w') as f:\n"+
				"        json.dump({'squares': squares, 'logger': 'logger' in kwargs}, f)\n"),
	})
}

func TestTriggerRunFansOutDynamicBlocks(t *testing.T) {
	e := setup(t)
	work := t.TempDir()
	project := filepath.Join(work, "fanproj")
	dynamicProject(t, project)
	out := filepath.Join(work, "out")
	must(t, os.MkdirAll(out, 0o755))
	runEnv := []string{"D2M_OUTPUT_DIR=" + out, "MAGE_DATA_DIR=" + filepath.Join(work, "mage_data")}

	// mage run cannot run a dynamic block: the reason the harness needs trigger runs.
	r := e.run(t, "mage-run-dynamic", work, runEnv, filepath.Join(e.mage, "bin", "mage"), "run", project, "fan")
	if r.err == nil {
		t.Errorf("mage run of a pipeline with a dynamic block succeeded; the harness's trigger runs may be unnecessary now")
	}

	r = e.run(t, "trigger-dynamic", work, runEnv, filepath.Join(e.mage, "bin", "python"),
		filepath.Join(e.root, "scripts", "engines", "mage_trigger_run.py"), project, "fan", "--timeout", "180")
	if r.err != nil {
		t.Fatalf("trigger run failed: %v\n%s", r.err, r.tail())
	}
	for _, want := range []string{"block_run square:a: completed", "block_run square:c: completed", ": completed in"} {
		if !strings.Contains(r.output, want) {
			t.Errorf("trigger run output lacks %q:\n%s", want, r.tail())
		}
	}
	data, err := os.ReadFile(filepath.Join(out, "squares.json"))
	if err != nil {
		t.Fatalf("the reducing block wrote nothing: %v\n%s", err, r.tail())
	}
	if got := strings.TrimSpace(string(data)); got != `{"squares": [1, 4, 9], "logger": true}` {
		t.Errorf("squares.json = %s", got)
	}
	t.Logf("trigger run with dynamic fan-out: %.1fs", r.dur.Seconds())
}

func TestMageLoadFindsBrokenPipelines(t *testing.T) {
	e := setup(t)
	work := t.TempDir()
	load := func(project string) result {
		return e.run(t, "mage-load-"+filepath.Base(project), work, nil, filepath.Join(e.mage, "bin", "python"),
			filepath.Join(e.root, "scripts", "engines", "mage_load.py"), project)
	}

	good := filepath.Join(work, "good")
	dynamicProject(t, good)
	if r := load(good); r.err != nil {
		t.Fatalf("mage_load.py rejects a valid project: %v\n%s", r.err, r.tail())
	}

	bad := filepath.Join(work, "bad")
	dynamicProject(t, bad)
	writeProject(t, bad, map[string]string{
		// Not mirrored (items does not list square), a dangling upstream, a wrong decorator, a
		// missing file, a signature with more parameters than upstreams, a trigger Mage skips.
		"pipelines/fan/metadata.yaml": strings.NewReplacer(
			"downstream_blocks: [square]", "downstream_blocks: []",
			"upstream_blocks: [square]", "upstream_blocks: [square, ghost]").Replace(dynamicPipeline),
		"transformers/square.py": block("transformer", "@transformer\ndef square(n, extra, *args, **kwargs):\n    return n\n"),
		"pipelines/other/metadata.yaml": "name: other\nuuid: other\ntype: python\nblocks:\n" +
			"- {uuid: wrong, name: wrong, type: transformer, upstream_blocks: [], downstream_blocks: []}\n" +
			"- {uuid: absent, name: absent, type: data_loader, upstream_blocks: [], downstream_blocks: []}\n",
		"transformers/wrong.py": block("data_loader", "@data_loader\ndef wrong(*args, **kwargs):\n    return 1\n"),
		"settings.yaml":         "projects: {}\n",
		"pipelines/other/triggers.yaml": "triggers:\n- name: nightly\n  schedule_type: time\n  schedule_interval: '0 2 * * *'\n" +
			"  start_time: 2024-01-01 00:00:00+00:00\n  execution_timezone: America/New_York\n",
	})
	r := load(bad)
	if r.err == nil {
		t.Fatalf("mage_load.py accepts a broken project:\n%s", r.tail())
	}
	for _, want := range []string{
		"block square: upstream items does not list it in downstream_blocks",
		"block collect: upstream 'ghost' is no block of the pipeline",
		"Block square may be missing upstream dependencies",
		"block wrong: transformers/wrong.py has no function decorated with @transformer",
		"block absent: file",
		"triggers.yaml: Mage skips this trigger",
		"settings.yaml at the project root turns on Mage project-platform mode",
	} {
		if !strings.Contains(r.output, want) {
			t.Errorf("mage_load.py did not report %q:\n%s", want, r.problems())
		}
	}
}
