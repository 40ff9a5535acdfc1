package codeactions

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
	"gopkg.in/yaml.v3"
)

// coverRest gives every construct that no converter touched its status from the rule
// catalog, so that nothing is skipped in silence.
func (t *translator) coverRest(files []string) {
	findings := map[*analysis.Definition]analysis.Finding{}
	for _, p := range files {
		for _, f := range t.ws.Findings(p) {
			if f.Def != nil {
				if _, ok := findings[f.Def]; !ok {
					findings[f.Def] = f
				}
			}
		}
	}
	for _, p := range files {
		for _, d := range t.ws.File(p).Defs {
			e := t.entry(p, d)
			f, hasF := findings[d]
			if hasF && len(e.Codes) == 0 {
				e.Codes = append(e.Codes, f.Code)
			}
			if len(e.Notes) > 0 || len(e.Files) > 0 {
				continue
			}
			if d.Parent >= 0 && d.Parent < len(t.ws.File(p).Defs) && hasF && f.Tier == analysis.TierManual {
				e.noteOn(StatusManual, f.Code, "%s", f.Message)
				continue
			}
			if d.Parent >= 0 && d.Parent < len(t.ws.File(p).Defs) {
				parent := t.entry(p, t.ws.File(p).Defs[d.Parent])
				for _, f := range parent.Files {
					e.addFile(f)
				}
				e.noteOn(StatusConverted, "", "%s", strings.TrimSpace(fmt.Sprintf("%s is translated with %s %s", d.Construct, parent.Construct, parent.Name)))
				continue
			}
			switch d.Kind {
			case analysis.KindDefinitions:
				if strings.HasPrefix(d.Construct, "load_") {
					e.noteOn(StatusConverted, "DM802", "%s: nothing to write; the loaded assets keep their key prefix and group in block names", d.Construct)
					continue
				}
				e.addFile("metadata.yaml")
				e.addFile("io_config.yaml")
				e.noteOn(StatusConverted, "", "%s: its assets, jobs, schedules, sensors and resources become the Mage project", d.Construct)
			case analysis.KindPartitions:
				e.noteOn(StatusReview, "DM501", "partitions %s are handled where assets and schedules use them", d.Name)
			case analysis.KindRetry:
				e.noteOn(StatusConverted, "DM701", "retry policy becomes the retry_config of the blocks that use it")
			case analysis.KindConfig:
				if d.Construct == "EnvVar" {
					e.noteOn(StatusConverted, "DM409", "EnvVar becomes {{ env_var('...') }} in io_config.yaml")
					continue
				}
				e.noteOn(StatusReview, "DM407", "%s becomes pipeline variables where blocks use it", d.Construct)
			case analysis.KindResource, analysis.KindIOManager:
				if d.Form == analysis.FormClass {
					e.noteOn(StatusReview, "DM401", "class %s is copied into utils/resources.py where a bound resource uses it", d.Name)
				} else {
					e.noteOn(StatusReview, "DM401", "%s is handled where Definitions binds it", d.Construct)
				}
			case analysis.KindOp:
				e.noteOn(StatusReview, "DM201", "op %s is used by no job: no block was generated", d.Name)
			default:
				if hasF {
					st := StatusReview
					if f.Tier == analysis.TierManual {
						st = StatusManual
					}
					e.noteOn(st, f.Code, "%s", f.Message)
				} else {
					e.noteOn(StatusManual, "DM901", "%s has no Mage equivalent", d.Construct)
				}
			}
		}
	}
}

// projectFiles renders the Mage project into t.files.
func (t *translator) projectFiles() {
	for _, id := range t.pipeOrder {
		p := t.pipelines[id]
		t.mergeExisting(p)
		t.pr.Pipelines = append(t.pr.Pipelines, p)
	}
	if t.pm != nil {
		t.pm.finish()
	}
	for k, v := range t.files {
		t.pr.SetFile(k, v)
	}
	if b := t.resourcesModule(t.usedRes); b != nil {
		t.pr.SetFile("utils/resources.py", b)
		t.pr.Requirements = append(t.pr.Requirements, "jinja2", "pyyaml")
	}
	if t.needPartitions {
		t.pr.SetFile("utils/partitions.py", []byte(partitionsModule))
	}
	for _, key := range t.resOrder {
		rb := t.resources[key]
		if len(rb.profile) > 0 && (t.usedRes[key] || rb.kind == "duckdb_io" && t.needIOConfig) {
			if len(t.pr.Profiles) == 0 {
				t.pr.Profiles = []mage.Profile{{Name: "default"}}
			}
			for _, kv := range rb.profile {
				if _, ok := t.pr.Profiles[0].Keys.Get(kv.Key); !ok {
					t.pr.Profiles[0].Keys = append(t.pr.Profiles[0].Keys, kv)
				}
			}
		}
	}
	// Requirements: top-level modules the blocks import (best effort, for the user to review).
	t.pr.Requirements = append(t.pr.Requirements, t.requirements()...)
	t.pr.Requirements = append(t.pr.Requirements, t.extraReqs...)
}

// requirements lists third-party top-level imports of the generated Python files.
func (t *translator) requirements() []string {
	std := map[string]bool{"os": true, "sys": true, "logging": true, "types": true, "datetime": true, "json": true, "re": true,
		"time": true, "math": true, "random": true, "collections": true, "contextlib": true, "typing": true, "pathlib": true,
		"functools": true, "itertools": true, "csv": true, "io": true, "uuid": true, "subprocess": true, "tempfile": true,
		"shutil": true, "glob": true, "hashlib": true, "zoneinfo": true, "dataclasses": true, "enum": true, "abc": true,
		"urllib": true, "http": true, "statistics": true, "decimal": true, "textwrap": true, "string": true, "copy": true,
		"pickle": true, "sqlite3": true, "asyncio": true, "warnings": true, "traceback": true, "calendar": true, "operator": true,
		"mage_ai": true, "__future__": true, "importlib": true, t.project: true}
	alias := map[string]string{"yaml": "pyyaml", "sklearn": "scikit-learn", "PIL": "pillow", "bs4": "beautifulsoup4", "dateutil": "python-dateutil"}
	seen := map[string]bool{}
	var out []string
	// The import statements of generated files were recorded as they were written: parsing
	// every generated file again costs more than the whole translation.
	for _, line := range t.importLines {
		f := strings.Fields(line)
		if len(f) < 2 || (f[0] != "import" && f[0] != "from") {
			continue
		}
		var mods []string
		if f[0] == "from" {
			mods = []string{f[1]}
		} else {
			for _, part := range strings.Split(strings.Join(f[1:], " "), ",") {
				if pf := strings.Fields(part); len(pf) > 0 {
					mods = append(mods, pf[0])
				}
			}
		}
		for _, mod := range mods {
			mod = strings.Split(mod, ".")[0]
			if mod == "" || std[mod] || strings.HasPrefix(mod, "_") || strings.HasPrefix(mod, "(") {
				continue
			}
			if a, ok := alias[mod]; ok {
				mod = a
			}
			if !seen[mod] {
				seen[mod] = true
				out = append(out, mod)
			}
		}
	}
	sort.Strings(out)
	return out
}

// mergeExisting keeps blocks that an existing pipeline metadata.yaml lists and this migration
// does not produce (blocks the user added in Mage), so an update never drops them.
func (t *translator) mergeExisting(p *mage.Pipeline) {
	if t.opts.ReadFile == nil {
		return
	}
	b, err := t.opts.ReadFile("pipelines/" + p.UUID + "/metadata.yaml")
	if err != nil || len(b) == 0 {
		return
	}
	var doc struct {
		Blocks []struct {
			UUID       string   `yaml:"uuid"`
			Name       string   `yaml:"name"`
			Type       string   `yaml:"type"`
			Language   string   `yaml:"language"`
			Upstream   []string `yaml:"upstream_blocks"`
			Downstream []string `yaml:"downstream_blocks"`
		} `yaml:"blocks"`
		Variables map[string]any `yaml:"variables"`
	}
	if yaml.Unmarshal(b, &doc) != nil {
		return
	}
	var kept []string
	for _, eb := range doc.Blocks {
		if eb.UUID == "" || p.Block(eb.UUID) != nil || !mage.ValidUUID(eb.UUID) {
			continue
		}
		p.Blocks = append(p.Blocks, &mage.Block{UUID: eb.UUID, Name: eb.Name, Type: mage.BlockType(eb.Type), Language: eb.Language})
		kept = append(kept, eb.UUID)
	}
	for _, eb := range doc.Blocks {
		for _, up := range eb.Upstream {
			if contains(kept, eb.UUID) || contains(kept, up) {
				p.Link(up, eb.UUID)
			}
		}
	}
	// Variables the user set keep their values.
	var keys []string
	for k := range doc.Variables {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p.Variables.Set(k, doc.Variables[k])
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// plan renders the project and the report; keep (when not nil) selects the report entries of
// one file or construct, and the files they produced plus the files they need.
func (t *translator) plan(keep func(*Entry) bool) *Plan {
	files := mage.Render(t.pr)
	out := &Plan{Project: t.project, Unknown: map[string]int{}}
	var entries []*Entry
	want := map[string]bool{}
	for _, e := range t.entries {
		if keep == nil || keep(e) {
			entries = append(entries, e)
			for _, f := range e.Files {
				want[f] = true
			}
		}
	}
	for _, f := range files {
		if keep != nil && !want[f.Path] && !shared(f.Path) {
			continue
		}
		out.Files = append(out.Files, FileChange{Path: f.Path, Content: f.Content})
	}
	sortReport(entries)
	out.Report = entries
	for _, p := range t.ws.Files() {
		for k, v := range t.ws.File(p).Unknown {
			out.Unknown[k] += v
		}
	}
	return out
}

// shared files are needed by any partial migration (project skeleton and helpers).
func shared(p string) bool {
	if strings.HasSuffix(p, "__init__.py") || strings.HasPrefix(p, "utils/") {
		return true
	}
	switch p {
	case "metadata.yaml", "io_config.yaml", "requirements.txt":
		return true
	}
	return false
}

const partitionsModule = `"""Partition helpers migrated by dagster2mage.

Mage has no partitions. A block computes its partition from the trigger run that started it:
for a time partition, the last partition window that ended at or before the trigger's tick
(what Dagster's schedule for a partitioned job targets). To run one partition by hand, pass it
as a variable:

    mage run <project> <pipeline> --runtime-vars '{"partition_key": "2024-01-01"}'
"""
import calendar
from collections import namedtuple
from datetime import datetime, timedelta, timezone

TimeWindow = namedtuple('TimeWindow', ['start', 'end'])


def _shift(moment, cadence, n):
    if cadence == 'hourly':
        return moment + timedelta(hours=n)
    if cadence == 'daily':
        return moment + timedelta(days=n)
    if cadence == 'weekly':
        return moment + timedelta(weeks=n)
    if cadence == 'monthly':
        month = moment.month - 1 + n
        year = moment.year + month // 12
        month = month % 12 + 1
        day = min(moment.day, calendar.monthrange(year, month)[1])
        return moment.replace(year=year, month=month, day=day)
    raise ValueError('cannot step a %s partition; pass the partition_key variable' % cadence)


def _floor(moment, cadence, minute_offset, hour_offset, day_offset):
    """The last partition boundary at or before moment."""
    base = moment.replace(second=0, microsecond=0, minute=minute_offset)
    if cadence == 'hourly':
        edge = base
    else:
        edge = base.replace(hour=hour_offset)
        if cadence == 'weekly':
            sunday_based = (edge.weekday() + 1) % 7  # Dagster: 0 is Sunday
            edge -= timedelta(days=(sunday_based - day_offset) % 7)
        elif cadence == 'monthly':
            edge = edge.replace(day=min(day_offset or 1, calendar.monthrange(edge.year, edge.month)[1]))
    if edge > moment:
        edge = _shift(edge, cadence, -1)
    return edge


def _utc(moment):
    # Mage hands out naive datetimes that mean UTC.
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def current_time_window(kwargs, cadence, fmt, tz=None, minute_offset=0, hour_offset=0, day_offset=None):
    """The partition window of this run: from the partition_key variable, else the last window
    that ended at or before the trigger's tick (execution_date). A Mage backfill run (its
    trigger is named 'Backfill ...') instead covers [execution_date, next period), so there
    the window starts at the tick."""
    if day_offset is None:
        day_offset = 1 if cadence == 'monthly' else 0
    key = kwargs.get('partition_key')
    if key:
        if not fmt:
            raise ValueError('partition %r has no time window' % key)
        start = datetime.strptime(str(key), fmt)
        return TimeWindow(start, _shift(start, cadence, 1))
    tick = kwargs.get('execution_date')
    if tick is None:
        raise ValueError('no partition: run from a trigger, or pass the partition_key variable')
    tick = _utc(tick)
    if tz:
        from zoneinfo import ZoneInfo

        tick = tick.astimezone(ZoneInfo(tz))
    if cadence.startswith('cron:'):
        previous = kwargs.get('interval_start_datetime_previous')
        start = _utc(previous) if previous is not None else tick
        return TimeWindow(start, tick)
    end = _floor(tick, cadence, minute_offset, hour_offset, day_offset)
    if str(kwargs.get('trigger_name') or '').startswith('Backfill '):
        return TimeWindow(end, _shift(end, cadence, 1))
    return TimeWindow(_shift(end, cadence, -1), end)


def scheduled_time(kwargs, tz=None):
    """The tick of this trigger run as a timezone-aware datetime (Dagster's
    context.scheduled_execution_time), in the schedule's time zone."""
    tick = _utc(kwargs['execution_date'])
    if tz:
        from zoneinfo import ZoneInfo

        tick = tick.astimezone(ZoneInfo(tz))
    return tick


def current_partition_key(kwargs, cadence, fmt, tz=None, minute_offset=0, hour_offset=0, day_offset=None):
    """The partition key of this run (Dagster's context.partition_key)."""
    key = kwargs.get('partition_key')
    if key:
        return str(key)
    if cadence == 'static':
        raise ValueError('set the partition_key pipeline variable to the partition to run')
    return current_time_window(kwargs, cadence, fmt, tz, minute_offset, hour_offset, day_offset).start.strftime(fmt)
`
