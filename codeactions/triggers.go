package codeactions

import (
	"fmt"
	"strings"
	"time"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
)

// jobPipeline finds the pipeline generated for a job name.
func (t *translator) jobPipeline(name string) *mage.Pipeline {
	if name == "" {
		return nil
	}
	return t.pipelines[mage.CleanName(name)]
}

// jobPartitions returns the partitions of a job: its own, or those of its assets.
func (t *translator) jobPartitions(job string) *analysis.Partitions {
	known := func(p *analysis.Partitions) bool { return p != nil && partitionCron(p, nil) != "" }
	ref, ok := t.ws.Job(job)
	if ok && ref.Def.AssetJob != nil && known(ref.Def.AssetJob.Partitions) {
		return ref.Def.AssetJob.Partitions
	}
	if ok && known(ref.Def.Partitions) {
		return ref.Def.Partitions
	}
	if p := t.jobPipeline(job); p != nil {
		for _, b := range p.Blocks {
			for _, u := range t.order {
				if u.uuid == b.UUID && u.def.Partitions != nil {
					return u.def.Partitions
				}
			}
		}
	}
	return nil
}

func (t *translator) buildSchedulesAndSensors(files []string) {
	for _, path := range files {
		for _, d := range t.ws.File(path).Defs {
			if d.Dynamic {
				continue
			}
			switch {
			case d.Schedule != nil:
				t.schedule(path, d)
			case d.Sensor != nil:
				t.sensor(path, d)
			}
		}
	}
}

func statusOf(s string) string {
	if strings.HasSuffix(s, "RUNNING") {
		return "active"
	}
	return "inactive"
}

func (t *translator) schedule(path string, d *analysis.Definition) {
	e := t.entry(path, d)
	s := d.Schedule
	p := t.jobPipeline(s.Job)
	if p == nil {
		e.noteOn(StatusManual, "DM301", "the schedule's target (%s) is not a job of this project; add the trigger to the right pipeline by hand", firstNonEmpty(s.Job, exprText(s.Target), "unknown"))
		return
	}
	crons := s.Crons
	tz := s.Timezone
	parts := t.jobPartitions(s.Job)
	if s.FromPartitionedJob {
		if parts == nil || partitionCron(parts, s) == "" {
			e.noteOn(StatusManual, "DM303", "the partitions of job %s are not time-based or not known statically; write the trigger cron by hand", s.Job)
			return
		}
		crons = []string{partitionCron(parts, s)}
		if tz == "" {
			tz = parts.Timezone
		}
		e.noteOn(StatusReview, "DM303", "the trigger ticks at the partition cadence %q; each run computes the partition that ended at the tick", crons[0])
	}
	if len(crons) == 0 {
		e.noteOn(StatusManual, "DM301", "the schedule's cron is not static; write the trigger by hand")
		return
	}
	start := triggerStart(parts)
	for i, c := range crons {
		res := CronToUTC(c, tz)
		name := d.Name
		if len(crons) > 1 {
			name = fmt.Sprintf("%s_%d", d.Name, i+1)
		}
		desc := fmt.Sprintf("Migrated from Dagster schedule %s (cron %q", d.Name, c)
		if tz != "" {
			desc += " in " + tz
		}
		desc += ")."
		trig := &mage.Trigger{Name: name, ScheduleType: mage.ScheduleTime, ScheduleInterval: res.Cron, StartTime: &start,
			Status: statusOf(s.DefaultStatus), Description: desc}
		for _, n := range res.Notes {
			e.noteOn(StatusReview, "DM301", "%s", n)
		}
		if tz != "" && res.Exact {
			e.noteOn(StatusConverted, "", "cron %q in %s becomes %q in UTC", c, tz, res.Cron)
		}
		if s.RunConfig != nil {
			vars := mage.Map{}
			t.applyRunConfig(p, s.RunConfig, &vars)
			trig.Variables = vars
			if _, static := yamlValue(s.RunConfig); len(vars) == 0 && !static {
				e.noteOn(StatusReview, "DM301", "the run config the schedule returns is computed at each tick; compute those values in the blocks from kwargs['execution_date']")
			}
		}
		p.Triggers = append(p.Triggers, trig)
	}
	if d.Form == analysis.FormDecorator && s.RunConfig == nil && !t.hasTick(d.Name) {
		e.noteOn(StatusReview, "DM301", "the schedule function's body does not run in Mage: the trigger starts the pipeline at every tick")
	}
	if s.DefaultStatus == "" {
		e.noteOn(StatusConverted, "", "the trigger is inactive, as the Dagster schedule was stopped by default; activate it in Mage")
	}
	e.addFile("pipelines/" + p.UUID + "/triggers.yaml")
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func exprText(v *analysis.Value) string {
	if v == nil {
		return ""
	}
	return v.Text
}

// sensor: a polling sensor becomes its own pipeline — a sensor block whose body is the Dagster
// condition, then a custom block starting the target pipeline — run by a time trigger.
func (t *translator) sensor(path string, d *analysis.Definition) {
	e := t.entry(path, d)
	s := d.Sensor
	switch d.Construct {
	case "run_status_sensor", "run_failure_sensor", "make_slack_on_run_failure_sensor":
		t.runStatusSensor(d, e)
		return
	case "asset_sensor":
		t.assetSensor(path, d, e)
		return
	case "multi_asset_sensor":
		e.noteOn(StatusManual, "DM313", "%s has no Mage equivalent: put the producer and the consumer in one pipeline, or add a success callback calling trigger_pipeline", d.Construct)
		return
	}
	var targets []*mage.Pipeline
	for _, j := range s.Jobs {
		if p := t.jobPipeline(j); p != nil {
			targets = append(targets, p)
		}
	}
	if len(targets) == 0 {
		e.noteOn(StatusManual, "DM311", "the sensor's target is not a job of this project; write the sensor pipeline by hand")
		return
	}
	m := t.module(path)
	_, fn := (*pyModule)(nil), (*pyModule)(nil)
	_ = fn
	if m == nil {
		return
	}
	st, fnNode := m.findFunction(d.VarName)
	if fnNode == nil {
		e.noteOn(StatusManual, "DM311", "the sensor function could not be read")
		return
	}
	pipe := t.pipeline(d.Name, "Polls the condition of Dagster sensor "+d.Name+" and starts its target pipelines.")
	sensorUUID := t.uniqueUUID(d.Name)
	spec := &funcSpec{m: m, fn: fnNode, name: d.VarName, decorator: "sensor", uuid: sensorUUID, mode: returnValue}
	for _, p := range t.params(d) {
		switch {
		case p.Name == "context" || p.Role == analysis.RoleContext:
			spec.context = p.Name
		case p.Role == analysis.RoleResource:
			if spec.resources == nil {
				spec.resources = map[string]string{}
			}
			spec.resourceParams = append(spec.resourceParams, p.ResourceKey)
			spec.resources[p.ResourceKey] = p.Name
		}
	}
	res := genSensor(spec)
	sensorFile := mage.BlockPath(mage.Sensor, sensorUUID)
	header := []string{fmt.Sprintf("Migrated by dagster2mage from %s:%d (@%s %s).", t.relPath(path), e.Line, d.Construct, d.Name),
		"A Mage sensor block is polled every 60 seconds until it returns True; then the next block starts the target pipeline."}
	imports, helpers, missing, reached := m.supportNames(res.uses, map[*topStmt]bool{st: true})
	var lines []string
	if res.needLogging {
		lines = append(lines, "import logging")
	}
	ip := t.blockImports(path, m, e, imports, res.uses, reached, true)
	if ip.undefined {
		lines = append([]string{"from __future__ import annotations"}, lines...)
	}
	lines = append(lines, ip.lines...)
	// Resources the sensor reads are built the way other blocks build them (utils/resources.py).
	if imp := t.resourceImport(res.usedResources, e); imp != "" {
		lines = append(lines, imp)
	}
	kept, setup, reads := t.moduleSetup(m, t.relPath(path), helpers, missing, ip)
	hs := append(ip.helpers, kept...)
	if setup != "" {
		hs = append(hs, setup)
		res.code = insertSetupCall(res.code, res.bodyAt, res.indent)
		setupNotes(e, t.relPath(path), reads)
	}
	t.files[sensorFile] = (&blockFileSpec{header: header, imports: lines, helpers: hs, decorators: []string{"sensor"}, functions: []string{res.code}}).render(&t.importLines)
	t.finishSensorPipeline(pipe, d, e, sensorUUID, targets)
	e.addFile(sensorFile)
	e.addFile("pipelines/" + pipe.UUID + "/metadata.yaml")
	e.addFile("pipelines/" + pipe.UUID + "/triggers.yaml")
	e.noteOn(StatusReview, "DM311", "the sensor becomes pipeline %s: a sensor block returning True when a run is wanted, then trigger_pipeline; run keys, cursors and per-request run config are not kept", pipe.UUID)
	for _, td := range res.todos {
		code, msg, _ := strings.Cut(td, " ")
		e.noteOn(StatusManual, code, "%s", msg)
	}
}

// genSensor rewrites a sensor function: RunRequest → return True, SkipReason → return False.
func genSensor(s *funcSpec) genResult {
	r := &fnRewrite{m: s.m, fn: s.fn, uuid: s.uuid, context: s.context, mode: returnValue}
	r.sensor = true
	r.run()
	src := s.m.src
	body := s.fn.ChildByFieldName("body")
	var b strings.Builder
	b.WriteString("@sensor\ndef " + s.name + "(*args, **kwargs) -> bool:\n")
	res := genResult{}
	if body == nil {
		b.WriteString("    return False\n")
		res.code = b.String()
		return res
	}
	first := body.NamedChild(0)
	bodyStart, inline := bodyStartOf(src, body)
	restStart := bodyStart
	if first != nil && first.Type() == "expression_statement" && first.NamedChildCount() > 0 && first.NamedChild(0).Type() == "string" {
		restStart = lineEnd(src, int(first.EndByte()))
		b.Write(src[bodyStart:restStart])
	}
	res.bodyAt, res.indent = b.Len(), "    "
	if r.needLogger {
		fmt.Fprintf(&b, "    logger = kwargs.get('logger') or logging.getLogger(%s)\n", pyQuote(s.uuid))
		res.needLogging = true
	}
	for _, name := range r.localOrder {
		fmt.Fprintf(&b, "    %s = %s\n", name, r.locals[name])
	}
	for _, l := range resourceSetup(r, s) {
		b.WriteString("    " + l + "\n")
	}
	res.usedResources = r.usedResources
	rest := r.apply(restStart, int(body.EndByte()))
	if inline {
		rest = "    " + rest
	}
	b.WriteString(strings.TrimRight(rest, "\n") + "\n")
	b.WriteString("    return False\n")
	res.code = b.String()
	res.uses = namesUsed(res.code)
	for _, td := range r.todos {
		res.todos = append(res.todos, td.code+" "+td.msg)
	}
	return res
}

// runStatusSensor: failure/success alerting becomes notification_config on the monitored
// pipelines; the Python body does not run.
func (t *translator) runStatusSensor(d *analysis.Definition, e *Entry) {
	s := d.Sensor
	status := s.RunStatus
	alert := "trigger_failure"
	if status == "SUCCESS" {
		alert = "trigger_success"
	}
	var targets []*mage.Pipeline
	for _, j := range s.MonitoredJobs {
		if p := t.jobPipeline(j); p != nil {
			targets = append(targets, p)
		}
	}
	if len(s.MonitoredJobs) == 0 {
		for _, id := range t.pipeOrder {
			targets = append(targets, t.pipelines[id])
		}
	}
	for _, p := range targets {
		if p.Notification == nil {
			p.Notification = &mage.NotificationConfig{}
		}
		p.Notification.AlertOn = appendUniq(p.Notification.AlertOn, alert)
		e.addFile("pipelines/" + p.UUID + "/metadata.yaml")
	}
	e.noteOn(StatusReview, "DM316", "%s becomes notification_config alert_on %s on the monitored pipelines; its Python body does not run: configure a Slack/email channel in Mage (slack_config webhook_url) for the alert", d.Construct, alert)
	if len(s.RequestJobs) > 0 {
		e.noteOn(StatusManual, "DM315", "request_job chaining (%s): add a final custom block calling trigger_pipeline", strings.Join(s.RequestJobs, ", "))
	}
}

// jobHooks: hooks on a job become callback blocks on every block of the pipeline.
func (t *translator) jobHooks(p *mage.Pipeline, d *analysis.Definition, hooks *analysis.Value, e *Entry) {
	if hooks.Kind != analysis.ValSet && hooks.Kind != analysis.ValList && hooks.Kind != analysis.ValTuple {
		e.noteOn(StatusManual, "DM721", "hooks %s are not a literal set; attach callback blocks by hand", hooks.Text)
		return
	}
	for _, h := range hooks.Items {
		if h.Kind != analysis.ValName {
			continue
		}
		var hookDef *analysis.Definition
		var hookPath string
		for _, path := range t.ws.Files() {
			for _, x := range t.ws.File(path).Defs {
				if x.Kind == analysis.KindHook && x.VarName == h.Name {
					hookDef, hookPath = x, path
				}
			}
		}
		if hookDef == nil {
			e.noteOn(StatusManual, "DM721", "hook %s was not found", h.Name)
			continue
		}
		t.pendingHooks = append(t.pendingHooks, pendingHook{p: p, def: hookDef, path: hookPath})
	}
}

type pendingHook struct {
	p    *mage.Pipeline
	def  *analysis.Definition
	path string
}

// emitHooks writes the callback blocks once the pipelines' blocks are known.
func (t *translator) emitHooks() {
	for _, ph := range t.pendingHooks {
		d := ph.def
		e := t.entry(ph.path, d)
		m := t.module(ph.path)
		if m == nil {
			continue
		}
		st, fn := m.findFunction(d.VarName)
		if fn == nil {
			continue
		}
		uuid := mage.CleanName(d.Name)
		file := mage.BlockPath(mage.Callback, uuid)
		if _, ok := t.files[file]; !ok {
			status := "success"
			if d.Construct == "failure_hook" {
				status = "failure"
			}
			spec := &funcSpec{m: m, fn: fn, name: d.VarName, decorator: "callback('" + status + "')", uuid: uuid, mode: returnValue}
			for _, p := range t.params(d) {
				spec.context = p.Name
				break
			}
			r := &fnRewrite{m: m, fn: fn, uuid: uuid, context: spec.context, hook: true}
			r.run()
			body := fn.ChildByFieldName("body")
			var b strings.Builder
			fmt.Fprintf(&b, "@callback(%q)\ndef %s(parent_output, **kwargs):\n", status, d.VarName)
			if r.needLogger {
				fmt.Fprintf(&b, "    logger = kwargs.get('logger') or logging.getLogger(%s)\n", pyQuote(uuid))
			}
			for _, name := range r.localOrder {
				fmt.Fprintf(&b, "    %s = %s\n", name, r.locals[name])
			}
			if body != nil {
				start, inline := bodyStartOf(m.src, body)
				text := r.apply(start, int(body.EndByte()))
				if inline {
					text = "    " + text
				}
				b.WriteString(strings.TrimRight(text, "\n") + "\n")
			}
			code := b.String()
			uses := namesUsed(code)
			imports, helpers, missing, reached := m.supportNames(uses, map[*topStmt]bool{st: true})
			var lines []string
			if r.needLogger {
				lines = append(lines, "import logging")
			}
			ip := t.blockImports(ph.path, m, e, imports, uses, reached, false)
			// Dagster names (HookContext in a helper's annotation) are not imported here.
			if ip.undefined || len(missing) > 0 {
				lines = append([]string{"from __future__ import annotations"}, lines...)
			}
			lines = append(lines, ip.lines...)
			var hs []string
			for _, h := range helpers {
				hs = append(hs, h.text)
			}
			header := []string{fmt.Sprintf("Migrated by dagster2mage from %s:%d (@%s %s).", t.relPath(ph.path), e.Line, d.Construct, d.Name),
				"Mage runs callbacks in trigger runs only (not in a plain `mage run`)."}
			t.files[file] = (&blockFileSpec{header: header, imports: lines, helpers: hs, decorators: []string{"callback"}, functions: []string{code}}).render(&t.importLines)
			for _, td := range r.todos {
				e.noteOn(StatusManual, td.code, "%s", td.msg)
			}
		}
		var ups []string
		for _, b := range ph.p.Blocks {
			ups = append(ups, b.UUID)
		}
		if ph.p.Block(uuid) == nil {
			ph.p.Callbacks = append(ph.p.Callbacks, &mage.Block{UUID: uuid, Name: d.Name, Type: mage.Callback, Upstream: ups})
		}
		e.addFile(file)
		e.addFile("pipelines/" + ph.p.UUID + "/metadata.yaml")
		e.noteOn(StatusReview, "DM721", "%s becomes callback block %s attached to every block of pipeline %s (the hook ran per op in Dagster too)", d.Construct, uuid, ph.p.UUID)
	}
}

// automation turns AutomationCondition.on_cron(...) on an asset into a time trigger of every
// pipeline that holds the asset's block; other conditions are reported.
func (t *translator) automation(files []string) {
	for _, path := range files {
		for _, d := range t.ws.File(path).Defs {
			if d.Call == nil || d.Kind != analysis.KindAsset {
				continue
			}
			ac := d.Call.Kwarg("automation_condition")
			if ac == nil {
				continue
			}
			e := t.entry(path, d)
			u := t.units[d]
			cron := ""
			if ac.Kind == analysis.ValCall && strings.HasSuffix(ac.Name, "on_cron") {
				cron, _ = ac.ArgOr("cron_schedule", 0).StringValue()
			}
			if cron == "" || u == nil {
				e.noteOn(StatusManual, "DM902", "automation condition %s has no Mage equivalent: Mage runs pipelines on triggers; keep the asset in the pipeline of its upstream assets or add a trigger", ac.Text)
				continue
			}
			tz, _ := ac.Kwarg("cron_timezone").StringValue()
			res := CronToUTC(cron, tz)
			start := triggerStart(nil)
			for _, id := range t.pipeOrder {
				p := t.pipelines[id]
				if p.Block(u.uuid) == nil {
					continue
				}
				p.Triggers = append(p.Triggers, &mage.Trigger{Name: u.uuidName() + "_on_cron", ScheduleType: mage.ScheduleTime,
					ScheduleInterval: res.Cron, StartTime: &start, Status: "inactive",
					Description: fmt.Sprintf("Migrated from AutomationCondition.on_cron(%q) on asset %s.", cron, d.Name)})
				e.addFile("pipelines/" + p.UUID + "/triggers.yaml")
			}
			for _, n := range res.Notes {
				e.noteOn(StatusReview, "DM902", "%s", n)
			}
			e.noteOn(StatusReview, "DM902", "AutomationCondition.on_cron becomes an inactive time trigger of the pipelines holding %s: Mage runs the whole pipeline at the tick, without waiting for upstream updates", u.uuid)
		}
	}
}

func (t *translator) hasTick(schedule string) bool {
	for _, as := range t.tickCfg {
		for _, a := range as {
			if a.schedule == schedule {
				return true
			}
		}
	}
	return false
}

// finishSensorPipeline adds the sensor block, one custom block per target pipeline starting it
// once the sensor passes, and the time trigger polling the sensor.
func (t *translator) finishSensorPipeline(pipe *mage.Pipeline, d *analysis.Definition, e *Entry, sensorUUID string, targets []*mage.Pipeline) {
	s := d.Sensor
	pipe.Blocks = append(pipe.Blocks, &mage.Block{UUID: sensorUUID, Name: d.Name, Type: mage.Sensor})
	for _, target := range targets {
		runUUID := t.uniqueUUID(d.Name + "__run_" + target.UUID)
		fnName := mage.Identifier("run_" + target.UUID)
		code := fmt.Sprintf(`# Starts pipeline %[1]s once the sensor %[2]s is satisfied (Dagster sensor target).
from mage_ai.orchestration.triggers.api import trigger_pipeline

if 'custom' not in globals():
    from mage_ai.data_preparation.decorators import custom


@custom
def %[3]s(*args, **kwargs):
    """Dagster launched one run per RunRequest; here the target pipeline runs once per poll."""
    trigger_pipeline('%[1]s', check_status=False, error_on_failure=False)
`, target.UUID, d.Name, fnName)
		runFile := mage.BlockPath(mage.Custom, runUUID)
		t.files[runFile] = []byte(code)
		pipe.Blocks = append(pipe.Blocks, &mage.Block{UUID: runUUID, Name: "run " + target.UUID, Type: mage.Custom})
		pipe.Link(sensorUUID, runUUID)
		e.addFile(runFile)
	}
	cron := "* * * * *"
	if s.MinimumInterval != nil && *s.MinimumInterval > 60 {
		mins := (*s.MinimumInterval + 59) / 60
		if mins < 60 {
			cron = fmt.Sprintf("*/%d * * * *", mins)
		} else {
			cron = fmt.Sprintf("0 */%d * * *", min(mins/60, 23))
		}
	}
	yes := true
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	pipe.Triggers = append(pipe.Triggers, &mage.Trigger{Name: d.Name, ScheduleType: mage.ScheduleTime, ScheduleInterval: cron,
		StartTime: &start, Status: statusOf(s.DefaultStatus), Settings: mage.TriggerSettings{SkipIfPreviousRunning: &yes},
		Description: "Migrated from Dagster sensor " + d.Name + "."})
}
