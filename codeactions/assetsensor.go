package codeactions

import (
	"fmt"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
)

// assetSensor translates @asset_sensor(asset_key=K, job=J): Dagster evaluates it after each new
// materialization of K. In Mage, K is a block of some pipelines (the producers); the migrated
// sensor pipeline's sensor block passes when a producer completed a run after the latest run of
// the target pipeline was created (Mage's pipeline_run table, which scheduler and trigger runs
// write), then its custom block starts the target, as for other sensors.
func (t *translator) assetSensor(path string, d *analysis.Definition, e *Entry) {
	s := d.Sensor
	key := analysis.KeyString(s.AssetKey)
	var targets []*mage.Pipeline
	isTarget := map[string]bool{}
	for _, j := range s.Jobs {
		if p := t.jobPipeline(j); p != nil && !isTarget[p.UUID] {
			targets = append(targets, p)
			isTarget[p.UUID] = true
		}
	}
	if len(targets) == 0 {
		e.noteOn(StatusManual, "DM313", "the target of asset sensor %s is not a job of this project: write a sensor pipeline by hand", d.Name)
		return
	}
	u := t.unitOfKey(s.AssetKey)
	if u == nil {
		e.noteOn(StatusManual, "DM313", "asset %s watched by %s has no block in this project (dbt, external or another code location): write a sensor block that checks the pipeline producing it with Mage's PipelineRun table, then trigger_pipeline('%s')", key, d.Name, targets[0].UUID)
		return
	}
	var producers []string
	for _, id := range t.pipeOrder {
		if p := t.pipelines[id]; p.Block(u.uuid) != nil && !isTarget[p.UUID] {
			producers = append(producers, p.UUID)
		}
	}
	if len(producers) == 0 {
		e.noteOn(StatusManual, "DM313", "asset %s watched by %s is only in the target pipeline itself: make the target's blocks downstream of block %s instead of sensing it", key, d.Name, u.uuid)
		return
	}
	var targetIDs []string
	for _, p := range targets {
		targetIDs = append(targetIDs, p.UUID)
	}
	pipe := t.pipeline(d.Name, fmt.Sprintf("Starts %s after a run of %s materialized Dagster asset %s (Dagster @asset_sensor %s).",
		strings.Join(targetIDs, ", "), strings.Join(producers, ", "), key, d.Name))
	sensorUUID := t.uniqueUUID(d.Name)
	sensorFile := mage.BlockPath(mage.Sensor, sensorUUID)
	name := d.VarName
	if name == "" {
		name = mage.Identifier(sensorUUID)
	}
	t.files[sensorFile] = []byte(fmt.Sprintf(`# Migrated by dagster2mage from %[1]s:%[2]d (@asset_sensor %[3]s).
# Dagster evaluated the sensor after each new materialization of asset %[4]s. Here the sensor
# passes when a pipeline holding that asset's block (%[5]s) completed a run after the latest run
# of %[6]s was created (Mage's pipeline_run table: scheduler and trigger runs are recorded there,
# a plain `+"`mage run`"+` is not); then the next block starts the target pipeline.
from mage_ai.orchestration.db.models.schedules import PipelineRun

if 'sensor' not in globals():
    from mage_ai.data_preparation.decorators import sensor

PRODUCERS = %[7]s
TARGETS = %[8]s


@sensor
def %[9]s(*args, **kwargs) -> bool:
    """True when a producer run completed after the latest run of a target pipeline was created."""
    produced = (
        PipelineRun.query.filter(
            PipelineRun.pipeline_uuid.in_(PRODUCERS),
            PipelineRun.status == PipelineRun.PipelineRunStatus.COMPLETED,
        )
        .order_by(PipelineRun.completed_at.desc())
        .first()
    )
    if produced is None or produced.completed_at is None:
        return False
    for target in TARGETS:
        last = (
            PipelineRun.query.filter(PipelineRun.pipeline_uuid == target)
            .order_by(PipelineRun.created_at.desc())
            .first()
        )
        if last is None or last.created_at < produced.completed_at:
            return True
    return False
`, t.relPath(path), e.Line, d.Name, key, strings.Join(producers, ", "), strings.Join(targetIDs, ", "),
		pyList(producers), pyList(targetIDs), name))
	t.finishSensorPipeline(pipe, d, e, sensorUUID, targets)
	e.addFile(sensorFile)
	e.addFile("pipelines/" + pipe.UUID + "/metadata.yaml")
	e.addFile("pipelines/" + pipe.UUID + "/triggers.yaml")
	e.noteOn(StatusReview, "DM313", "the asset sensor becomes pipeline %s: a sensor block passing when %s completed a run after the latest run of %s, then trigger_pipeline; run keys and cursors are not kept", pipe.UUID, strings.Join(producers, ", "), strings.Join(targetIDs, ", "))
	if !t.onlyRequestsRun(path, d) {
		e.noteOn(StatusReview, "DM313", "the body of %s does more than request a run (conditions on the event, run config): it is not translated; port it into block %s", d.Name, sensorUUID)
	}
}

// onlyRequestsRun reports whether a sensor function's body is one `yield/return RunRequest(...)`
// (after an optional docstring).
func (t *translator) onlyRequestsRun(path string, d *analysis.Definition) bool {
	m := t.module(path)
	if m == nil {
		return false
	}
	_, fn := m.findFunction(d.VarName)
	if fn == nil {
		return false
	}
	body := fn.ChildByFieldName("body")
	var stmts []string
	for i := 0; body != nil && i < int(body.NamedChildCount()); i++ {
		c := body.NamedChild(i)
		if c.Type() == "comment" {
			continue
		}
		if len(stmts) == 0 && i == 0 && c.Type() == "expression_statement" && c.NamedChildCount() > 0 && c.NamedChild(0).Type() == "string" {
			continue
		}
		stmts = append(stmts, strings.TrimSpace(c.Content(m.src)))
	}
	if len(stmts) != 1 {
		return false
	}
	st := stmts[0]
	return (strings.HasPrefix(st, "yield ") || strings.HasPrefix(st, "return ")) && strings.Contains(st, "RunRequest(") && !strings.Contains(st, "run_config") && strings.Count(st, "(") == strings.Count(st, "RunRequest(")+strings.Count(st, "AssetKey(")
}

func pyList(xs []string) string {
	var q []string
	for _, x := range xs {
		q = append(q, pyQuote(x))
	}
	return "[" + strings.Join(q, ", ") + "]"
}
