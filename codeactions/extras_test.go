package codeactions

import (
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type testPipeline struct {
	Blocks []struct {
		UUID       string   `yaml:"uuid"`
		Type       string   `yaml:"type"`
		Upstream   []string `yaml:"upstream_blocks"`
		Replicated string   `yaml:"replicated_block"`
	} `yaml:"blocks"`
}

func loadPipeline(t *testing.T, plan *Plan, uuid string) map[string][2]any {
	t.Helper()
	b, ok := plan.File("pipelines/" + uuid + "/metadata.yaml")
	if !ok {
		t.Fatalf("no pipeline %s", uuid)
	}
	var p testPipeline
	if err := yaml.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	out := map[string][2]any{}
	for _, bl := range p.Blocks {
		out[bl.UUID] = [2]any{bl.Upstream, bl.Replicated}
	}
	return out
}

// TestGraphAssetsAndAliases checks the shapes the extras fixture exists for: a @graph_asset
// becomes one block per op call with the asset's uuid on the last one, and an alias next to its
// op replicates the op's block instead of copying its file.
func TestGraphAssetsAndAliases(t *testing.T) {
	dir, _ := filepath.Abs("testdata/extras")
	plan := migrateFixture(t, "extras", dir)
	assets := loadPipeline(t, plan, "default_assets")
	for uuid, ups := range map[string]string{
		"scaled_prices__sort_values": "[raw_prices]",
		"scaled_prices":              "[scaled_prices__sort_values]",
		"price_report":               "[scaled_prices]",
		"price_bands":                "[price_bands__sort_values]",
		"band_report":                "[price_bands]",
	} {
		b, ok := assets[uuid]
		if !ok {
			t.Errorf("default_assets has no block %s: %v", uuid, assets)
			continue
		}
		if got := fmtList(b[0]); got != ups {
			t.Errorf("%s upstream = %s, want %s", uuid, got, ups)
		}
	}
	if _, ok := plan.File("transformers/scaled_prices.py"); !ok {
		t.Error("the graph asset's last op has no block file under the asset's uuid")
	}
	twice := loadPipeline(t, plan, "twice_job")
	if twice["double_again"][1] != "double" {
		t.Errorf("double_again should replicate double: %v", twice["double_again"])
	}
	if _, ok := plan.File("transformers/double_again.py"); ok {
		t.Error("a replicated alias must not get a file of its own")
	}
	alone := loadPipeline(t, plan, "alias_only_job")
	if alone["double_alone"][1] != "" {
		t.Errorf("an alias without its op in the pipeline cannot replicate it: %v", alone["double_alone"])
	}
	if _, ok := plan.File("transformers/double_alone.py"); !ok {
		t.Error("an alias without its op in the pipeline needs its own file")
	}
	// box_size takes an input in box_job and none in empty_box_job: two signatures, two files.
	if _, ok := loadPipeline(t, plan, "empty_box_job")["box_size__empty_box_job"]; !ok {
		t.Error("the op called without inputs should get a block of its own in empty_box_job")
	}
	if got := fmtList(loadPipeline(t, plan, "box_job")["box_size"][0]); got != "[make_box]" {
		t.Errorf("box_size upstream in box_job = %s", got)
	}
	// IO managers: an exporter block after each asset they stored.
	for uuid, ups := range map[string]string{
		"city_counts__handle_output":            "[city_counts]",
		"analytics__orders_frame__to_snowflake": "[analytics__orders_frame]",
		"visits_frame__to_bigquery":             "[visits_frame]",
	} {
		if got := fmtList(assets[uuid][0]); got != ups {
			t.Errorf("%s upstream = %s, want %s", uuid, got, ups)
		}
	}
	if b, _ := plan.File("data_exporters/city_counts__handle_output.py"); !strings.Contains(string(b), "json_io_resource().handle_output(context, city_counts)") ||
		!strings.Contains(string(b), "add_output_metadata=") {
		t.Errorf("custom IO manager exporter:\n%s", b)
	}
	if b, _ := plan.File("io_config.yaml"); !strings.Contains(string(b), "SNOWFLAKE_DEFAULT_DB: SHOP") || !strings.Contains(string(b), "GOOGLE_LOCATION: EU") {
		t.Errorf("warehouse IO managers' io_config keys missing:\n%s", b)
	}
	// Box comes from a relative import of a plain project module: it is copied into utils/.
	if b, _ := plan.File("data_exporters/box_size.py"); !strings.Contains(string(b), "from extras.utils.pkg.shapes import Box\n") {
		t.Errorf("box_size.py should import Box from the copied module:\n%s", b)
	}
	if b, ok := plan.File("utils/pkg/shapes.py"); !ok || !strings.Contains(string(b), "class Box:") {
		t.Errorf("utils/pkg/shapes.py should be a copy of pkg/shapes.py:\n%s", b)
	}
}

func fmtList(v any) string {
	xs, _ := v.([]string)
	s := "["
	for i, x := range xs {
		if i > 0 {
			s += " "
		}
		s += x
	}
	return s + "]"
}
