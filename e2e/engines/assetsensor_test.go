//go:build engines

package engines

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAssetSensorMatchesDagster: the migrated @asset_sensor starts its target pipeline after a
// run of the pipeline producing the watched asset, and not again once the target has run, as
// Dagster's sensor requests its job after a materialization of the asset and not before.
func TestAssetSensorMatchesDagster(t *testing.T) {
	e := setup(t)
	work := t.TempDir()
	src := filepath.Join(work, "src")
	must(t, os.CopyFS(src, os.DirFS(filepath.Join(e.root, "codeactions", "testdata", "asset_sensors"))))
	project := filepath.Join(work, "asset_sensors")
	r := e.run(t, "migrate-asset-sensors", work, nil, e.bin, "migrate", src, "--out", project)
	if r.err != nil {
		t.Fatalf("migrate: %v\n%s", r.err, r.tail())
	}
	tick := func(label string, extra ...string) result {
		args := append([]string{filepath.Join(e.root, "scripts", "engines", "dagster_tick.py"), "-f", "definitions.py",
			"--sensor", "orders_sensor"}, extra...)
		r := e.run(t, label, src, nil, filepath.Join(e.dagster, "bin", "python"), args...)
		if r.err != nil {
			t.Fatalf("%s: %v\n%s", label, r.err, r.tail())
		}
		return r
	}
	if r := tick("dagster-asset-sensor-idle"); !strings.Contains(r.output, "no run requested") {
		t.Errorf("Dagster's asset sensor requested a run with no materialization:\n%s", r.tail())
	}
	if r := tick("dagster-asset-sensor", "--after-job", "orders_job"); !strings.Contains(r.output, "requests forecast_job") {
		t.Fatalf("Dagster's asset sensor did not request forecast_job after orders_job:\n%s", r.tail())
	}

	runEnv := []string{"MAGE_DATA_DIR=" + filepath.Join(work, "mage_data")}
	trigger := func(label, pipeline string) result {
		return e.run(t, label, work, runEnv, filepath.Join(e.mage, "bin", "python"),
			filepath.Join(e.root, "scripts", "engines", "mage_trigger_run.py"), project, pipeline, "--timeout", "240")
	}
	// The sensor block, as the sensor pipeline would poll it, against the Mage DB of the runs.
	poll := func(label string) string {
		code := `import sys
from mage_ai.settings.repo import set_repo_path
set_repo_path(sys.argv[1])
from mage_ai.orchestration.db.database_manager import database_manager
database_manager.run_migrations(log_level='WARNING')
from mage_ai.orchestration.db import db_connection
db_connection.start_session()
found = []
exec(open(sys.argv[1] + '/sensors/orders_sensor.py').read(), {'sensor': lambda f: found.append(f) or f})
print('sensor passes:', found[0]())
`
		r := e.run(t, label, work, runEnv, filepath.Join(e.mage, "bin", "python"), "-c", code, project)
		if r.err != nil {
			t.Fatalf("%s: %v\n%s", label, r.err, r.tail())
		}
		return r.output
	}
	if out := poll("mage-asset-sensor-idle"); !strings.Contains(out, "sensor passes: False") {
		t.Errorf("the migrated sensor passes before any run of the producer:\n%s", out)
	}
	if r := trigger("mage-producer", "orders_job"); r.err != nil {
		t.Fatalf("orders_job: %v\n%s", r.err, r.tail())
	}
	r = trigger("mage-asset-sensor", "orders_sensor")
	if r.err != nil || !strings.Contains(r.output, "triggered forecast_job") {
		t.Fatalf("the migrated sensor pipeline did not start forecast_job after orders_job (%v):\n%s", r.err, r.tail())
	}
	if out := poll("mage-asset-sensor-again"); !strings.Contains(out, "sensor passes: False") {
		t.Errorf("the migrated sensor passes again although forecast_job was started after the last orders_job run:\n%s", out)
	}
	t.Logf("asset sensor: Dagster and Mage both start forecast_job after orders_job, and not before")
}
