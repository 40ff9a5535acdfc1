//go:build engines

package engines

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/dagster2mage/dagster2mage/e2e/internal/e2eutil"
	"time"
)

// manifest is testdata/projects/<name>/engines.json: how to run the fixture in each engine.
type manifest struct {
	Env     map[string]string `json:"env"`
	Dagster struct {
		Target []string   `json:"target"`
		Runs   [][]string `json:"runs"`
	} `json:"dagster"`
	Mage struct {
		// Partitioned: pipelines holding this block run as a time-trigger run whose tick
		// (execution_date, schedule_interval) selects the same partition Dagster ran.
		Partitioned []partitioned `json:"partitioned"`
	} `json:"mage"`
	// Schedules: ticks at which Dagster's schedule is evaluated and its run executed
	// (scripts/engines/dagster_tick.py), and the migrated trigger of the same name is run in
	// Mage at the same instant; the two outputs are compared on their own.
	Schedules []struct {
		Name string `json:"name"`
		At   string `json:"at"`
		// KnownGap: a translator gap this tick reproduces, described. Its mismatches are
		// logged instead of failing; when the tick matches, the test fails until the entry
		// is removed (a strict expected failure, so a fix cannot go unnoticed).
		KnownGap string `json:"known_gap"`
	} `json:"schedules"`
	// Sensors: a sensor evaluated once in Dagster (scripts/engines/dagster_tick.py --sensor) on
	// data that makes it fire, against the migrated sensor pipeline run once in Mage: the jobs
	// Dagster's sensor requests and the pipelines Mage's run starts must be the same.
	Sensors []struct {
		Name     string            `json:"name"`
		Env      map[string]string `json:"env"`
		KnownGap string            `json:"known_gap"`
	} `json:"sensors"`
	// Backfills: Dagster runs of several partitions against a Mage backfill (start, end,
	// interval) of the pipelines holding Block, as a user would ask for those partitions.
	Backfills []struct {
		Name         string     `json:"name"`
		Dagster      [][]string `json:"dagster"`
		Block        string     `json:"block"`
		Start        string     `json:"start"`
		End          string     `json:"end"`
		IntervalType string     `json:"interval_type"`
		KnownGap     string     `json:"known_gap"`
	} `json:"backfills"`
	// Variants: the same project on other data (env overrides), e.g. data that fails a blocking
	// asset check. Both engines must then succeed or fail alike and write the same files.
	Variants []variant `json:"variants"`
	Outputs  []string  `json:"outputs"`
}

type partitioned struct {
	Block            string `json:"block"`
	Partition        string `json:"partition"`
	ExecutionDate    string `json:"execution_date"`
	ScheduleInterval string `json:"schedule_interval"`
	// RuntimeVars: if set, the pipeline also runs by hand, `mage run --runtime-vars`, with these
	// variables (the migration's documented way to run one partition), and must agree.
	RuntimeVars map[string]any `json:"runtime_vars"`
}

type variant struct {
	Name    string            `json:"name"`
	Env     map[string]string `json:"env"`
	Dagster [][]string        `json:"dagster"`
	// MageBlocks: the Mage pipelines that contain one of these blocks are run.
	MageBlocks    []string `json:"mage_blocks"`
	ExpectFailure bool     `json:"expect_failure"`
	// MageVariables: the run config of the variant's Dagster runs, by config field name. Each
	// Mage pipeline run gets them as run variables under the names its metadata.yaml declares
	// for them: the field name itself or <block>__<field>.
	MageVariables map[string]any `json:"mage_variables"`
	// FailureContains: text each engine's output must hold when it fails as expected, so that
	// a failure for another reason is not taken for the expected one.
	FailureContains struct {
		Dagster string `json:"dagster"`
		Mage    string `json:"mage"`
	} `json:"failure_contains"`
}

// loadSummary is what scripts/engines/mage_load.py --json writes.
type loadSummary struct {
	Pipelines map[string]struct {
		Blocks    []string       `json:"blocks"`
		Dynamic   []string       `json:"dynamic"`
		Sensors   []string       `json:"sensors"`
		Variables map[string]any `json:"variables"`
		Triggers  []struct {
			Name             string `json:"name"`
			ScheduleType     string `json:"schedule_type"`
			ScheduleInterval string `json:"schedule_interval"`
		} `json:"triggers"`
	} `json:"pipelines"`
}

type env struct {
	root, bin        string
	dagster, mage    string // virtual environments
	premigrated      string // D2M_ENGINES_MIGRATED: <dir>/<fixture> used instead of migrate
	engineTimeoutDur time.Duration
}

func setup(t *testing.T) env {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
	e := env{
		root:             root,
		bin:              os.Getenv("D2M_BIN"),
		dagster:          os.Getenv("D2M_DAGSTER_VENV"),
		mage:             os.Getenv("D2M_MAGE_VENV"),
		premigrated:      os.Getenv("D2M_ENGINES_MIGRATED"),
		engineTimeoutDur: 10 * time.Minute,
	}
	if e.bin == "" {
		e.bin = filepath.Join(root, "bin", "dagster2mage")
	}
	for _, v := range []struct{ name, dir, exe string }{
		{"D2M_DAGSTER_VENV", e.dagster, "bin/dagster"},
		{"D2M_MAGE_VENV", e.mage, "bin/mage"},
	} {
		if v.dir == "" || !isFile(filepath.Join(v.dir, v.exe)) {
			msg := fmt.Sprintf("%s is not set to a virtual environment with %s; run scripts/test.d/30-engines.sh", v.name, v.exe)
			if os.Getenv("CI") != "" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	return e
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func fixtures(t *testing.T, root string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(root, "testdata", "projects", "*", "engines.json"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range matches {
		names = append(names, filepath.Base(filepath.Dir(m)))
	}
	sort.Strings(names)
	return names
}

// TestFixturesPresent: the issue asks for at least three fixture projects run on both engines.
func TestFixturesPresent(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	names := fixtures(t, filepath.Join(filepath.Dir(file), "..", ".."))
	if len(names) < 3 {
		t.Fatalf("want at least 3 fixture projects with engines.json, found %v", names)
	}
}

// TestEngines runs each fixture in Dagster, migrates it, loads and runs the migration in Mage,
// and compares what both wrote.
// engineCaches are folders Dagster and Mage leave in a project; copies leave them out.
var engineCaches = []string{"__pycache__", "mage_data", ".venv"}

func TestEngines(t *testing.T) {
	e := setup(t)
	for _, name := range fixtures(t, e.root) {
		t.Run(name, func(t *testing.T) { e.fixture(t, name) })
	}
}

func (e env) fixture(t *testing.T, name string) {
	work := t.TempDir()
	src := filepath.Join(work, "src", name)
	if err := e2eutil.CopyTree(filepath.Join(e.root, "testdata", "projects", name), src, engineCaches...); err != nil {
		t.Fatal(err)
	}
	var m manifest
	readJSON(t, filepath.Join(src, "engines.json"), &m)
	baseEnv := []string{"PYTHONDONTWRITEBYTECODE=1"}
	for k, v := range m.Env {
		baseEnv = append(baseEnv, k+"="+strings.ReplaceAll(v, "{project}", src))
	}

	// 1. Dagster.
	outA := filepath.Join(work, "out-dagster")
	must(t, os.MkdirAll(outA, 0o755))
	dagsterHome := filepath.Join(work, "dagster_home")
	must(t, os.MkdirAll(dagsterHome, 0o755))
	for i, run := range m.Dagster.Runs {
		args := append(append([]string{}, inProcess(t, run, work)...), m.Dagster.Target...)
		res := e.run(t, fmt.Sprintf("dagster-%d", i), src,
			append(baseEnv, "DAGSTER_HOME="+dagsterHome, "D2M_OUTPUT_DIR="+outA),
			filepath.Join(e.dagster, "bin", "dagster"), args...)
		if res.err != nil {
			t.Fatalf("dagster %s: %v\n%s", strings.Join(args, " "), res.err, res.tail())
		}
		t.Logf("dagster %s: %.1fs", strings.Join(run, " "), res.dur.Seconds())
	}
	for _, o := range m.Outputs {
		if !isFile(filepath.Join(outA, o)) {
			t.Errorf("Dagster did not write %s (engines.json lists it)", o)
		}
	}

	// 2. Migrate.
	project := e.migrate(t, name, src, work)

	// 3. Real Mage loads every pipeline.
	mageEnv := append(baseEnv, "MAGE_DATA_DIR="+filepath.Join(work, "mage_data"))
	summaryPath := filepath.Join(work, "mage_load.json")
	res := e.run(t, "mage-load", work, mageEnv, filepath.Join(e.mage, "bin", "python"),
		filepath.Join(e.root, "scripts", "engines", "mage_load.py"), project, "--json", summaryPath)
	if res.err != nil {
		t.Errorf("real Mage does not load every pipeline of the migration: %v\n%s", res.err, res.problems())
	}
	var sum loadSummary
	if !isFile(summaryPath) {
		t.Fatalf("mage_load.py wrote no summary:\n%s", res.tail())
	}
	readJSON(t, summaryPath, &sum)

	// 4. Run every pipeline, each into its own output folder.
	outB := filepath.Join(work, "out-mage")
	must(t, os.MkdirAll(outB, 0o755))
	var pipelines []string
	for p := range sum.Pipelines {
		pipelines = append(pipelines, p)
	}
	sort.Strings(pipelines)
	perPipeline := map[string]string{}
	for _, p := range pipelines {
		info := sum.Pipelines[p]
		out := filepath.Join(work, "out-mage-pipelines", p)
		must(t, os.MkdirAll(out, 0o755))
		runEnv := append(append([]string{}, mageEnv...), "D2M_OUTPUT_DIR="+out)
		var args []string
		mode := "mage run --test"
		part := partitionFor(m, info.Blocks)
		switch {
		case len(info.Sensors) > 0:
			t.Logf("mage pipeline %s: has sensor blocks %v, loaded but not run (a sensor polls until it passes)", p, info.Sensors)
			continue
		case part != nil:
			mode = fmt.Sprintf("trigger run at %s (%s), partition %s", part.ExecutionDate, part.ScheduleInterval, part.Partition)
			args = []string{filepath.Join(e.root, "scripts", "engines", "mage_trigger_run.py"), project, p,
				"--execution-date", part.ExecutionDate, "--schedule-interval", part.ScheduleInterval}
		case len(info.Dynamic) > 0:
			mode = "trigger run (dynamic blocks)"
			args = []string{filepath.Join(e.root, "scripts", "engines", "mage_trigger_run.py"), project, p}
		}
		var r result
		if args == nil {
			r = e.run(t, "mage-run-"+p, work, runEnv, filepath.Join(e.mage, "bin", "mage"), "run", project, p, "--test")
		} else {
			r = e.run(t, "mage-trigger-"+p, work, runEnv, filepath.Join(e.mage, "bin", "python"), args...)
		}
		if r.err != nil {
			t.Errorf("mage pipeline %s (%s) failed: %v\n%s", p, mode, r.err, r.tail())
			continue
		}
		t.Logf("mage pipeline %s (%s): %.1fs", p, mode, r.dur.Seconds())
		perPipeline[p] = out
		if part != nil && len(part.RuntimeVars) > 0 {
			vars, err := json.Marshal(part.RuntimeVars)
			must(t, err)
			byHand := filepath.Join(work, "out-mage-pipelines", p+"@runtime-vars")
			must(t, os.MkdirAll(byHand, 0o755))
			r := e.run(t, "mage-run-vars-"+p, work, append(append([]string{}, mageEnv...), "D2M_OUTPUT_DIR="+byHand),
				filepath.Join(e.mage, "bin", "mage"), "run", project, p, "--test", "--runtime-vars", string(vars))
			if r.err != nil {
				t.Errorf("mage run %s --runtime-vars %s failed: %v\n%s", p, vars, r.err, r.tail())
			} else {
				t.Logf("mage run %s --runtime-vars %s: %.1fs", p, vars, r.dur.Seconds())
				perPipeline[p+"@runtime-vars"] = byHand
			}
		}
	}
	mergeOutputs(t, perPipeline, outB)

	// 5. Compare.
	e.compare(t, "", outA, outB)

	// 6. Schedule ticks: Dagster's schedule against the migrated trigger.
	for _, sc := range m.Schedules {
		e.scheduleTick(t, m, sc.Name, sc.At, sc.KnownGap, src, project, work, baseEnv, mageEnv, sum)
	}

	// 7. Sensors.
	for _, sn := range m.Sensors {
		e.sensor(t, m, sn.Name, sn.Env, sn.KnownGap, src, project, work, baseEnv, mageEnv, sum)
	}

	// 8. Backfills.
	for _, b := range m.Backfills {
		label := fmt.Sprintf("backfill %s: ", b.Name)
		outA := filepath.Join(work, "out-dagster-backfills", b.Name)
		outB := filepath.Join(work, "out-mage-backfills", b.Name)
		must(t, os.MkdirAll(outA, 0o755))
		must(t, os.MkdirAll(outB, 0o755))
		for i, run := range b.Dagster {
			args := append(append([]string{}, inProcess(t, run, work)...), m.Dagster.Target...)
			r := e.run(t, fmt.Sprintf("dagster-backfill-%s-%d", b.Name, i), src,
				append(append([]string{}, baseEnv...), "DAGSTER_HOME="+dagsterHome, "D2M_OUTPUT_DIR="+outA),
				filepath.Join(e.dagster, "bin", "dagster"), args...)
			if r.err != nil {
				t.Fatalf("%sdagster %s: %v\n%s", label, strings.Join(run, " "), r.err, r.tail())
			}
		}
		ran := 0
		for _, p := range pipelines {
			if !hasBlock(sum.Pipelines[p].Blocks, b.Block) {
				continue
			}
			ran++
			r := e.run(t, "mage-backfill-"+b.Name+"-"+p, work, append(append([]string{}, mageEnv...), "D2M_OUTPUT_DIR="+outB),
				filepath.Join(e.mage, "bin", "python"), filepath.Join(e.root, "scripts", "engines", "mage_trigger_run.py"),
				project, p, "--backfill", b.Start, b.End, "--interval-type", b.IntervalType)
			if r.err != nil {
				t.Errorf("%smage backfill of %s failed: %v\n%s", label, p, r.err, r.tail())
				continue
			}
			t.Logf("%smage backfill of %s from %s to %s by %s: %.1fs", label, p, b.Start, b.End, b.IntervalType, r.dur.Seconds())
		}
		if ran == 0 {
			t.Errorf("%sno migrated pipeline holds block %s", label, b.Block)
			continue
		}
		e.compareKnown(t, label, b.KnownGap, outA, outB)
	}

	// 9. Variants on other data.
	for _, v := range m.Variants {
		e.variant(t, m, v, src, project, work, baseEnv, mageEnv, sum)
	}
}

// sensor compares which runs a sensor asks for in each engine.
func (e env) sensor(t *testing.T, m manifest, name string, envOver map[string]string, knownGap, src, project, work string, baseEnv, mageEnv []string, sum loadSummary) {
	t.Helper()
	label := fmt.Sprintf("sensor %s: ", name)
	var extra []string
	for k, val := range envOver {
		extra = append(extra, k+"="+strings.ReplaceAll(val, "{project}", src))
	}
	args := append([]string{filepath.Join(e.root, "scripts", "engines", "dagster_tick.py")}, m.Dagster.Target...)
	r := e.run(t, "dagster-sensor-"+name, src, append(append([]string{}, baseEnv...), extra...),
		filepath.Join(e.dagster, "bin", "python"), append(args, "--sensor", name)...)
	if r.err != nil {
		t.Fatalf("%sdagster: %v\n%s", label, r.err, r.tail())
	}
	want := linesAfter(r.output, "requests ")
	if len(want) == 0 {
		t.Fatalf("%sthe Dagster sensor requests no run on this data; the comparison would be empty:\n%s", label, r.tail())
	}
	pipeline := ""
	for p, info := range sum.Pipelines {
		if hasBlock(info.Sensors, name) || (p == name && len(info.Sensors) > 0) {
			pipeline = p
		}
	}
	if pipeline == "" {
		t.Errorf("%sno migrated pipeline has a sensor block %s", label, name)
		return
	}
	out := filepath.Join(work, "out-mage-sensors", name)
	must(t, os.MkdirAll(out, 0o755))
	// A sensor that does not fire sleeps 60 s between polls: 90 s bounds one miss.
	r = e.run(t, "mage-sensor-"+name, work, append(append(append([]string{}, mageEnv...), extra...), "D2M_OUTPUT_DIR="+out),
		filepath.Join(e.mage, "bin", "python"), filepath.Join(e.root, "scripts", "engines", "mage_trigger_run.py"),
		project, pipeline, "--timeout", "90")
	got := linesAfter(r.output, "triggered ")
	var problems []string
	if r.err != nil {
		problems = append(problems, fmt.Sprintf("mage pipeline %s failed: %v", pipeline, r.err))
	}
	if strings.Join(want, ",") != strings.Join(got, ",") {
		problems = append(problems, fmt.Sprintf("Dagster's sensor requests runs of %v, the Mage pipeline %s started %v", want, pipeline, got))
	}
	t.Logf("%sdagster requests %v; mage pipeline %s started %v in %.1fs", label, want, pipeline, got, r.dur.Seconds())
	switch {
	case knownGap != "" && len(problems) == 0:
		t.Errorf("%sthe known gap %q no longer reproduces; remove known_gap from engines.json", label, knownGap)
	case knownGap != "":
		for _, p := range problems {
			t.Logf("KNOWN GAP %s%s", label, p)
		}
		t.Logf("%sknown translator gap: %s", label, knownGap)
	default:
		for _, p := range problems {
			t.Errorf("mismatch %s%s", label, p)
		}
		if r.err != nil {
			t.Logf("%s", r.tail())
		}
	}
}

// linesAfter returns, sorted, the first word after prefix on each output line starting with it.
func linesAfter(output, prefix string) []string {
	var out []string
	for _, line := range strings.Split(output, "\n") {
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			out = append(out, strings.Fields(rest + " ")[0])
		}
	}
	sort.Strings(out)
	return out
}

// variant runs a fixture variant in both engines: the same outcome (success or failure, as the
// manifest expects) and the same files.
func (e env) variant(t *testing.T, m manifest, v variant, src, project, work string, baseEnv, mageEnv []string, sum loadSummary) {
	t.Helper()
	label := fmt.Sprintf("variant %s: ", v.Name)
	var extra []string
	for k, val := range v.Env {
		extra = append(extra, k+"="+strings.ReplaceAll(val, "{project}", src))
	}
	sort.Strings(extra)
	outA := filepath.Join(work, "out-dagster-variants", v.Name)
	outB := filepath.Join(work, "out-mage-variants", v.Name)
	must(t, os.MkdirAll(outA, 0o755))
	must(t, os.MkdirAll(outB, 0o755))
	home := filepath.Join(work, "dagster_home_"+v.Name)
	must(t, os.MkdirAll(home, 0o755))
	dagsterFailed := false
	for i, run := range v.Dagster {
		args := append(append([]string{}, inProcess(t, run, work)...), m.Dagster.Target...)
		env := append(append(append([]string{}, baseEnv...), extra...), "DAGSTER_HOME="+home, "D2M_OUTPUT_DIR="+outA)
		r := e.run(t, fmt.Sprintf("dagster-%s-%d", v.Name, i), src, env, filepath.Join(e.dagster, "bin", "dagster"), args...)
		t.Logf("%sdagster %s: %.1fs, failed=%v", label, strings.Join(run, " "), r.dur.Seconds(), r.err != nil)
		if r.err != nil {
			dagsterFailed = true
			if want := v.FailureContains.Dagster; v.ExpectFailure && want != "" && !strings.Contains(r.output, want) {
				t.Errorf("%sdagster failed, but its output lacks %q:\n%s", label, want, r.tail())
			}
			if !v.ExpectFailure {
				t.Errorf("%sdagster %s failed: %v\n%s", label, strings.Join(run, " "), r.err, r.tail())
			}
		}
	}
	if v.ExpectFailure && !dagsterFailed {
		t.Errorf("%sengines.json expects a failure but every Dagster run succeeded", label)
	}

	var pipelines []string
	for p, info := range sum.Pipelines {
		for _, want := range v.MageBlocks {
			if hasBlock(info.Blocks, want) {
				pipelines = append(pipelines, p)
				break
			}
		}
	}
	sort.Strings(pipelines)
	if len(pipelines) == 0 {
		t.Errorf("%sno migrated pipeline holds any of the blocks %v", label, v.MageBlocks)
		return
	}
	for _, p := range pipelines {
		env := append(append(append([]string{}, mageEnv...), extra...), "D2M_OUTPUT_DIR="+outB)
		vars, err := json.Marshal(pipelineVariables(t, label, p, sum.Pipelines[p].Variables, v.MageVariables))
		must(t, err)
		var r result
		if len(sum.Pipelines[p].Dynamic) > 0 {
			r = e.run(t, "mage-"+v.Name+"-"+p, work, env, filepath.Join(e.mage, "bin", "python"),
				filepath.Join(e.root, "scripts", "engines", "mage_trigger_run.py"), project, p, "--variables", string(vars))
		} else {
			r = e.run(t, "mage-"+v.Name+"-"+p, work, env, filepath.Join(e.mage, "bin", "mage"), "run", project, p, "--test",
				"--runtime-vars", string(vars))
		}
		t.Logf("%smage pipeline %s: %.1fs, failed=%v", label, p, r.dur.Seconds(), r.err != nil)
		switch {
		case r.err != nil && !v.ExpectFailure:
			t.Errorf("%smage pipeline %s failed where Dagster succeeded: %v\n%s", label, p, r.err, r.tail())
		case r.err == nil && v.ExpectFailure:
			t.Errorf("%smage pipeline %s succeeded where Dagster failed (a blocking check that does not block?)", label, p)
		case r.err != nil && v.FailureContains.Mage != "" && !strings.Contains(r.output, v.FailureContains.Mage):
			t.Errorf("%smage pipeline %s failed, but not with %q:\n%s", label, p, v.FailureContains.Mage, r.tail())
		}
	}
	e.compare(t, label, outA, outB)
}

// pipelineVariables names each config field as the pipeline declares it (field or
// <block>__field); a field the pipeline does not declare is an error, since Mage would ignore it.
func pipelineVariables(t *testing.T, label, pipeline string, declared, fields map[string]any) map[string]any {
	t.Helper()
	out := map[string]any{}
	for field, val := range fields {
		found := false
		for name := range declared {
			if name == field || strings.HasSuffix(name, "__"+field) {
				out[name] = val
				found = true
			}
		}
		if !found {
			var names []string
			for name := range declared {
				names = append(names, name)
			}
			sort.Strings(names)
			t.Errorf("%spipeline %s declares no variable for config field %s (variables: %v)", label, pipeline, field, names)
		}
	}
	return out
}

func (e env) compare(t *testing.T, label, outA, outB string) {
	t.Helper()
	e.compareKnown(t, label, "", outA, outB)
}

// compareKnown compares like compare; with a knownGap, mismatches are logged as that gap and
// their absence is the failure.
func (e env) compareKnown(t *testing.T, label, knownGap, outA, outB string) {
	t.Helper()
	diffs, err := CompareDirs(outA, outB)
	if err != nil {
		t.Fatal(err)
	}
	if knownGap != "" {
		for _, d := range diffs {
			t.Logf("KNOWN GAP %s%s", label, d)
		}
		if len(diffs) == 0 {
			t.Errorf("%sthe known gap %q no longer reproduces: Dagster and Mage agree; remove known_gap from engines.json", label, knownGap)
		} else {
			t.Logf("%sknown translator gap: %s", label, knownGap)
		}
		return
	}
	for _, d := range diffs {
		t.Errorf("mismatch %s%s", label, d)
	}
	if len(diffs) == 0 {
		files, _ := listFiles(outA)
		t.Logf("%sDagster and Mage wrote the same data: %d files", label, len(files))
	}
}

// scheduleTick evaluates Dagster schedule name at tick at and runs what it requests, then runs
// the Mage pipeline that has a trigger of the same name as that trigger at the same instant
// (after checking that the migrated cron fires then, in UTC), and compares the two outputs.
func (e env) scheduleTick(t *testing.T, m manifest, name, at, knownGap, src, project, work string, baseEnv, mageEnv []string, sum loadSummary) {
	t.Helper()
	label := fmt.Sprintf("schedule %s at %s: ", name, at)
	tick, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatalf("engines.json: schedule %s: %v", name, err)
	}
	outA := filepath.Join(work, "out-dagster-ticks", name)
	outB := filepath.Join(work, "out-mage-ticks", name)
	must(t, os.MkdirAll(outA, 0o755))
	must(t, os.MkdirAll(outB, 0o755))
	args := append([]string{filepath.Join(e.root, "scripts", "engines", "dagster_tick.py")}, m.Dagster.Target...)
	args = append(args, "--schedule", name, "--at", at)
	r := e.run(t, "dagster-tick-"+name, src, append(append([]string{}, baseEnv...), "D2M_OUTPUT_DIR="+outA),
		filepath.Join(e.dagster, "bin", "python"), args...)
	if r.err != nil {
		t.Fatalf("%sdagster: %v\n%s", label, r.err, r.tail())
	}
	t.Logf("%sdagster: %.1fs", label, r.dur.Seconds())

	var pipeline, cron string
	var names []string
	for p, info := range sum.Pipelines {
		for _, tr := range info.Triggers {
			names = append(names, p+"/"+tr.Name)
			if tr.Name == name {
				pipeline, cron = p, tr.ScheduleInterval
			}
		}
	}
	if pipeline == "" {
		sort.Strings(names)
		t.Errorf("%sno migrated pipeline has a trigger named %s (triggers: %v)", label, name, names)
		return
	}
	fires, err := CronFires(cron, tick)
	if err != nil || !fires {
		t.Errorf("%sthe migrated trigger %s/%s (cron %q, UTC) does not fire at Dagster's tick %s (%v)",
			label, pipeline, name, cron, tick.UTC().Format(time.RFC3339), err)
	}
	r = e.run(t, "mage-tick-"+name, work, append(append([]string{}, mageEnv...), "D2M_OUTPUT_DIR="+outB),
		filepath.Join(e.mage, "bin", "python"), filepath.Join(e.root, "scripts", "engines", "mage_trigger_run.py"),
		project, pipeline, "--trigger", name, "--execution-date", tick.UTC().Format(time.RFC3339))
	if r.err != nil {
		t.Errorf("%smage pipeline %s as trigger %s failed: %v\n%s", label, pipeline, name, r.err, r.tail())
		return
	}
	t.Logf("%smage pipeline %s as trigger %s: %.1fs", label, pipeline, name, r.dur.Seconds())
	e.compareKnown(t, label, knownGap, outA, outB)
}

// inProcess adds Dagster's in-process executor to a run's config: the default multiprocess
// executor starts a Python process per step, which costs far more than the fixtures' steps
// (47 s against 2.5 s for seed_shop's assets on this machine). `asset materialize
// --config-json` gets the key merged in; otherwise a config file is added with -c (Dagster
// merges several -c files; `job execute` has no --config-json).
func inProcess(t *testing.T, run []string, work string) []string {
	t.Helper()
	out := append([]string{}, run...)
	for i, a := range out {
		if a == "--config-json" && i+1 < len(out) {
			var cfg map[string]any
			if err := json.Unmarshal([]byte(out[i+1]), &cfg); err != nil {
				t.Fatalf("engines.json: --config-json %s: %v", out[i+1], err)
			}
			if _, ok := cfg["execution"]; !ok {
				cfg["execution"] = map[string]any{"config": map[string]any{"in_process": map[string]any{}}}
			}
			data, _ := json.Marshal(cfg)
			out[i+1] = string(data)
			return out
		}
	}
	file := filepath.Join(work, "in_process.yaml")
	must(t, os.WriteFile(file, []byte("execution:\n  config:\n    in_process: {}\n"), 0o644))
	return append(out, "-c", file)
}

func partitionFor(m manifest, blocks []string) *partitioned {
	for i, p := range m.Mage.Partitioned {
		if hasBlock(blocks, p.Block) {
			return &m.Mage.Partitioned[i]
		}
	}
	return nil
}

// hasBlock: a pipeline's block uuids hold the block named name (the uuid itself, or its last
// path component when the migration namespaces uuids as <pipeline>/<name>).
func hasBlock(blocks []string, name string) bool {
	for _, b := range blocks {
		if b == name || strings.HasSuffix(b, "/"+name) {
			return true
		}
	}
	return false
}

// mergeOutputs puts every pipeline's files into one folder; the same file written by two
// pipelines must have the same data.
func mergeOutputs(t *testing.T, perPipeline map[string]string, into string) {
	t.Helper()
	var names []string
	for p := range perPipeline {
		names = append(names, p)
	}
	sort.Strings(names)
	from := map[string]string{}
	for _, p := range names {
		files, err := listFiles(perPipeline[p])
		if err != nil {
			t.Fatal(err)
		}
		var rels []string
		for f := range files {
			rels = append(rels, f)
		}
		sort.Strings(rels)
		for _, rel := range rels {
			data, err := os.ReadFile(filepath.Join(perPipeline[p], rel))
			must(t, err)
			dst := filepath.Join(into, rel)
			if prev, ok := from[rel]; ok {
				old, err := os.ReadFile(dst)
				must(t, err)
				for _, d := range CompareDataAs(rel, old, data, "Mage "+prev, "Mage "+p) {
					t.Errorf("mismatch %s: %s", rel, d)
				}
				continue
			}
			from[rel] = p
			must(t, os.MkdirAll(filepath.Dir(dst), 0o755))
			must(t, os.WriteFile(dst, data, 0o644))
		}
	}
}

// migrate returns the Mage project folder for the fixture: the migration of src by
// `dagster2mage migrate`, or a hand-made one from D2M_ENGINES_MIGRATED (to prove the harness).
func (e env) migrate(t *testing.T, name, src, work string) string {
	t.Helper()
	out := filepath.Join(work, "mage", name)
	if e.premigrated != "" {
		if err := e2eutil.CopyTree(filepath.Join(e.premigrated, name), out, engineCaches...); err != nil {
			t.Fatalf("D2M_ENGINES_MIGRATED: %v", err)
		}
		t.Logf("using the Mage project from D2M_ENGINES_MIGRATED/%s instead of migrate", name)
		return out
	}
	if !isFile(e.bin) {
		t.Fatalf("no dagster2mage binary at %s (build it: go build -o bin/dagster2mage ./cmd/dagster2mage)", e.bin)
	}
	report := filepath.Join(work, "migrate-report.json")
	r := e.run(t, "migrate", work, nil, e.bin, "migrate", src, "--out", out, "--report", report)
	if r.err != nil {
		if strings.Contains(r.output, "unknown command") {
			t.Fatalf("dagster2mage has no migrate command yet (%s): the engine test needs it", strings.TrimSpace(r.output))
		}
		t.Fatalf("dagster2mage migrate %s: %v\n%s", name, r.err, r.tail())
	}
	t.Logf("migrate: %.2fs", r.dur.Seconds())
	return mageRoot(t, out)
}

// mageRoot finds the project folder in migrate's output: the folder itself, or its one
// sub-folder that has pipelines/.
func mageRoot(t *testing.T, out string) string {
	t.Helper()
	if st, err := os.Stat(filepath.Join(out, "pipelines")); err == nil && st.IsDir() {
		return out
	}
	var found []string
	entries, _ := os.ReadDir(out)
	for _, en := range entries {
		if st, err := os.Stat(filepath.Join(out, en.Name(), "pipelines")); en.IsDir() && err == nil && st.IsDir() {
			found = append(found, filepath.Join(out, en.Name()))
		}
	}
	if len(found) != 1 {
		t.Fatalf("migrate wrote no Mage project (pipelines/) under %s (found %v)", out, found)
	}
	return found[0]
}

type result struct {
	output string
	log    string
	dur    time.Duration
	err    error
}

// tail is the end of the engine's output, where its error is.
func (r result) tail() string {
	s := r.output
	if len(s) > 6000 {
		s = "...\n" + s[len(s)-6000:]
	}
	return s + "\n(full log: " + r.log + ")"
}

// problems is mage_load.py's findings, without Mage's start-up noise.
func (r result) problems() string {
	var lines []string
	for _, l := range strings.Split(r.output, "\n") {
		if strings.HasPrefix(l, "PROBLEM ") || strings.HasPrefix(l, "mage_load:") || strings.HasPrefix(l, "pipeline ") {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return r.tail()
	}
	return strings.Join(lines, "\n")
}

// run runs one engine command in dir with the given extra environment, bounded in time, keeping
// its combined output in a log file under the test's temp dir.
func (e env) run(t *testing.T, label, dir string, extraEnv []string, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), e.engineTimeoutDur)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), extraEnv...)
	cmd.WaitDelay = 10 * time.Second
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	start := time.Now()
	err := cmd.Run()
	r := result{output: buf.String(), dur: time.Since(start), err: err}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		r.err = fmt.Errorf("timed out after %s: %w", e.engineTimeoutDur, err)
	}
	// Logs outlive the test's temp dir so that a failure's "full log" can be read afterwards.
	logDir := os.Getenv("D2M_ENGINES_LOGS")
	if logDir == "" {
		logDir = filepath.Join(os.TempDir(), "d2m-engines-logs")
	}
	logDir = filepath.Join(logDir, strings.ReplaceAll(t.Name(), "/", "_"))
	if _, seen := freshLogDirs.LoadOrStore(logDir, true); !seen {
		_ = os.RemoveAll(logDir) // logs of an earlier `go test` would mislead
	}
	_ = os.MkdirAll(logDir, 0o755)
	r.log = filepath.Join(logDir, label+".log")
	_ = os.WriteFile(r.log, buf.Bytes(), 0o644)
	return r
}

// freshLogDirs: the log folders this process has already emptied.
var freshLogDirs sync.Map

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	must(t, err)
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
