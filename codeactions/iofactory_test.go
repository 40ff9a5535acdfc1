package codeactions

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestIOManagerFactories checks the ioshapes fixture: an @io_manager factory is translated like
// the class it returns (resource_config read from io_config.yaml, .configured values over
// config_schema defaults), IOManagerDefinition(resource_fn=...) and io_manager_def= too, a factory that cannot be
// read statically is a manual entry, a SourceAsset stored by a custom IO manager becomes a
// data_loader calling load_input, an input read with AssetIn(input_manager_key=...) is loaded with load_input, and a
// ConfigurableIOManagerFactory's create_io_manager is followed to the class it returns.
func TestIOManagerFactories(t *testing.T) {
	dir, _ := filepath.Abs("testdata/ioshapes")
	plan := migrateFixture(t, "ioshapes", dir)
	file := func(p string) string {
		b, ok := plan.File(p)
		if !ok {
			t.Fatalf("no %s", p)
		}
		return string(b)
	}
	res := file("utils/resources.py")
	for _, want := range []string{
		`return CsvIOManager(config.get("CSV_IO_BASE_DIR"), delimiter=config.get("CSV_IO_DELIMITER"))`,
		`return CsvIOManager(config.get("ARCHIVE_IO_BASE_DIR"), delimiter="|")`,
		"    def __init__(self, base_dir, delimiter=\",\"):\n",
		`return JsonStoreFactory(root=config.get("JSON_IO_ROOT")).create_io_manager(None)`,
		"\nclass JsonStore:\n",
		// the context stand-ins' resource_config: every config field with a value.
		`return {"base_dir": config.get("CSV_IO_BASE_DIR"), "delimiter": config.get("CSV_IO_DELIMITER")}`,
		// io_manager_def=csv_io_manager: a key of its own, config from the schema and .get defaults.
		`return CsvIOManager(config.get("OWN_ROWS_IO_MANAGER_DEF_BASE_DIR"), delimiter=config.get("OWN_ROWS_IO_MANAGER_DEF_DELIMITER"))`,
	} {
		if !strings.Contains(res, want) {
			t.Errorf("utils/resources.py lacks %q:\n%s", want, res)
		}
	}
	if strings.Count(res, "def __init__(self, base_dir") != 1 || strings.Contains(res, "def __init__(self, **kwargs):") {
		t.Errorf("the copied IOManager class should keep only its own __init__:\n%s", res)
	}
	cfg := file("io_config.yaml")
	for _, want := range []string{"CSV_IO_BASE_DIR: /tmp/d2m_csv_store", "CSV_IO_DELIMITER: ;", "ARCHIVE_IO_BASE_DIR: /tmp/d2m_archive",
		"OWN_ROWS_IO_MANAGER_DEF_BASE_DIR: /tmp/d2m_csv_store", "OWN_ROWS_IO_MANAGER_DEF_DELIMITER: ','"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("io_config.yaml lacks %q:\n%s", want, cfg)
		}
	}
	if l := file("data_loaders/raw_rows.py"); !strings.Contains(l, "value = csv_io_resource().load_input(context)") || !strings.Contains(l, "resource_config=csv_io_resource_config(),") {
		t.Errorf("the SourceAsset's loader should call load_input:\n%s", l)
	}
	if got := fmtList(loadPipeline(t, plan, "default_assets")["row_pairs"][0]); got != "[raw_rows]" {
		t.Errorf("row_pairs upstream = %s, want [raw_rows]", got)
	}
	if b := file("transformers/pair_heads.py"); !strings.Contains(b, "    archive_io_manager = archive_io_resource()\n    pairs = archive_io_manager.load_input(SimpleNamespace(\n") {
		t.Errorf("the input read with AssetIn(input_manager_key=...) should be loaded with load_input:\n%s", b)
	}
	// pair_heads reads row_pairs back: it runs after row_pairs' exporter stored it.
	if got := fmtList(loadPipeline(t, plan, "default_assets")["pair_heads"][0]); got != "[row_pairs row_pairs__handle_output]" {
		t.Errorf("pair_heads upstream = %s", got)
	}
	if b := file("data_exporters/totals__handle_output.py"); !strings.Contains(b, "json_io_resource().handle_output(context, totals)") {
		t.Errorf("the factory class's IO manager should store totals:\n%s", b)
	}
	var picked, odd, scoped, opOut bool
	for _, e := range plan.Report {
		for _, n := range e.Notes {
			picked = picked || (e.Name == "defs" && e.Status == StatusManual && strings.Contains(n, `"picked_io"`) && strings.Contains(n, "runs other statements before its return"))
			opOut = opOut || (e.Name == "make_rows" && e.Status == StatusManual && strings.Contains(n, `stored by IO manager "csv_io"`))
			scoped = scoped || (e.Name == "factory_defs" && e.Status == StatusManual && strings.Contains(n, "create_io_manager reads its context"))
			odd = odd || (e.Name == "odd_rows" && e.Status == StatusManual && strings.Contains(n, `IO manager "picked_io", which is not migrated`))
		}
	}
	if !opOut {
		t.Error("an op output stored by a custom IO manager should be a manual entry (no exporter for ops)")
	}
	if !scoped {
		t.Error("a ConfigurableIOManagerFactory reading its context should be a manual entry")
	}
	if !picked || !odd {
		t.Errorf("the unreadable factory should be a manual entry on its binding (%v) and on the asset it stores (%v)", picked, odd)
	}
	if _, ok := plan.File("data_exporters/odd_rows__handle_output.py"); ok {
		t.Error("no exporter can be generated for an IO manager that is not migrated")
	}
}
