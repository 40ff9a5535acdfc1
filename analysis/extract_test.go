package analysis

import (
	"reflect"
	"strings"
	"testing"
)

func analyzeSrc(t testing.TB, src string) *FileModel {
	t.Helper()
	doc := NewDocument([]byte(src))
	t.Cleanup(doc.Close)
	return AnalyzeFile("t.py", doc)
}

func findDef(fm *FileModel, construct, name string) *Definition {
	for _, d := range fm.Defs {
		if d.Construct == construct && (name == "" || d.Name == name) {
			return d
		}
	}
	return nil
}

func TestImportForms(t *testing.T) {
	cases := []struct {
		name, src string
		want      bool
	}{
		{"from import", "from dagster import asset\n@asset\ndef a():\n    pass\n", true},
		{"alias", "from dagster import asset as dagster_asset\n@dagster_asset\ndef a():\n    pass\n", true},
		{"module alias", "import dagster as dg\n@dg.asset()\ndef a():\n    pass\n", true},
		{"module", "import dagster\n@dagster.asset(name='a')\ndef x():\n    pass\n", true},
		{"star", "from dagster import *\n@asset\ndef a():\n    pass\n", true},
		{"private path", "from dagster._core.definitions.decorators.asset_decorator import asset\n@asset\ndef a():\n    pass\n", true},
		{"submodule import", "import dagster._core.definitions\n@dagster._core.definitions.asset\ndef a():\n    pass\n", true},
		{"in try", "try:\n    from dagster import asset\nexcept ImportError:\n    raise\n@asset\ndef a():\n    pass\n", true},
		{"function form", "from dagster import asset\ndef a():\n    return 1\na_asset = asset(a)\n", true},
		{"rebound alias", "import dagster as dg\nasset = dg.asset\n@asset\ndef a():\n    pass\n", true},
		{"used before shadowing", "from dagster import asset\n@asset\ndef a():\n    pass\ndef asset(f):\n    return f\n", true},
		{"decoy local def", "def asset(f):\n    return f\n@asset\ndef a():\n    pass\n", false},
		{"decoy after import", "from dagster import asset\ndef asset(f):\n    return f\n@asset\ndef a():\n    pass\n", false},
		{"other library", "from mylib import asset\n@asset\ndef a():\n    pass\n", false},
		{"project package named dagster_", "from dagster_university.defs import asset\n@asset\ndef a():\n    pass\n", false},
		{"attribute of other module", "import mylib as dg\n@dg.asset\ndef a():\n    pass\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fm := analyzeSrc(t, c.src)
			d := findDef(fm, "asset", "a")
			if (d != nil) != c.want {
				t.Fatalf("found=%v want %v (defs %d)", d != nil, c.want, len(fm.Defs))
			}
		})
	}
}

func TestAssetModel(t *testing.T) {
	src := `import dagster as dg
from dagster import AssetIn, AssetExecutionContext, AssetKey
from .resources import Warehouse

class MyConfig(dg.Config):
    limit: int = 10
    table: str

class Warehouse2(dg.ConfigurableResource):
    url: str = dg.EnvVar("WAREHOUSE_URL")

@dg.asset(
    key_prefix=["raw", "shop"],
    group_name="sales",
    ins={"orders": AssetIn(key=AssetKey(["src", "orders"])), "users": AssetIn(key_prefix="crm")},
    deps=["x/y", AssetKey("z"), dg.AssetDep("w")],
    non_argument_deps={"legacy"},
    io_manager_key="warehouse_io",
    required_resource_keys={"slack"},
)
async def enriched(context: AssetExecutionContext, config: MyConfig, orders, users: dict, wh: Warehouse2, rp: dg.ResourceParam[str], *args, **kwargs) -> dict:
    """Enrich orders."""
    yield dg.Output(1)
`
	fm := analyzeSrc(t, src)
	d := findDef(fm, "asset", "enriched")
	if d == nil {
		t.Fatal("asset not found")
	}
	if !reflect.DeepEqual(d.Key, []string{"raw", "shop", "enriched"}) || d.Group != "sales" || d.IOManagerKey != "warehouse_io" {
		t.Errorf("key %v group %q io %q", d.Key, d.Group, d.IOManagerKey)
	}
	if !d.Async || !d.Generator || d.Docstring != "Enrich orders." || d.ReturnType != "dict" {
		t.Errorf("async %v gen %v doc %q ret %q", d.Async, d.Generator, d.Docstring, d.ReturnType)
	}
	roles := []ParamRole{}
	for _, p := range d.Params {
		roles = append(roles, p.Role)
	}
	wantRoles := []ParamRole{RoleContext, RoleConfig, RoleInput, RoleInput, RoleResource, RoleResource, RoleOther, RoleOther}
	if !reflect.DeepEqual(roles, wantRoles) {
		t.Errorf("roles %v, want %v", roles, wantRoles)
	}
	if d.ConfigClass != "MyConfig" || len(d.ConfigFields) != 2 || d.ConfigFields[0].Default != "10" || d.ConfigFields[1].HasDef {
		t.Errorf("config %q %+v", d.ConfigClass, d.ConfigFields)
	}
	var deps []string
	for _, dep := range d.Deps {
		deps = append(deps, string(dep.Source)+":"+KeyString(dep.Key))
	}
	wantDeps := []string{"param:src/orders", "param:crm/users", "deps:x/y", "deps:z", "deps:w", "non_argument_deps:legacy"}
	if !reflect.DeepEqual(deps, wantDeps) {
		t.Errorf("deps %v, want %v", deps, wantDeps)
	}
	if !reflect.DeepEqual(d.RequiredResources, []string{"slack"}) {
		t.Errorf("required resources %v", d.RequiredResources)
	}
	res := findDef(fm, "ConfigurableResource", "Warehouse2")
	if res == nil || len(res.Resource.Fields) != 1 || res.Resource.Fields[0].EnvVar != "WAREHOUSE_URL" {
		t.Fatalf("resource %+v", res)
	}
	if findDef(fm, "EnvVar", "") == nil {
		t.Error("EnvVar construct not recorded")
	}
	if d.Call.Kwarg("group_name").Str != "sales" || d.Call.Kwarg("deps").Kind != ValList {
		t.Error("generic kwargs not kept")
	}
	for _, s := range []Span{d.Head, d.NameSpan, d.Abs(d.ParamsSpan), d.Abs(d.BodySpan), d.Abs(d.DocSpan)} {
		if s.IsZero() {
			t.Errorf("missing span in %+v", d)
		}
	}
	if got := string(fm.Doc.Slice(d.Head)); got != "@dg.asset" {
		t.Errorf("head %q", got)
	}
}

func TestMultiAssetAndSpecs(t *testing.T) {
	src := `from dagster import multi_asset, AssetOut, AssetSpec, SourceAsset, graph_asset, op, AssetKey
ext = AssetSpec("ext_table", group_name="external")
src_tbl = SourceAsset(key=AssetKey(["db", "src"]))

@multi_asset(outs={"users": AssetOut(key_prefix="crm", io_manager_key="io"), "orders": AssetOut(key=["sales", "orders"], is_required=False)}, group_name="g")
def load(context):
    return 1, 2

@multi_asset(specs=[AssetSpec("a1"), AssetSpec(["p", "a2"], deps=[ext])])
def specs_asset():
    pass

@op
def step(x):
    return x

@graph_asset
def composed(ext_table):
    return step(ext_table)
`
	fm := analyzeSrc(t, src)
	if d := findDef(fm, "AssetSpec", ""); d == nil || !reflect.DeepEqual(d.Key, []string{"ext_table"}) {
		t.Errorf("AssetSpec %+v", d)
	}
	if d := findDef(fm, "SourceAsset", ""); d == nil || !reflect.DeepEqual(d.Key, []string{"db", "src"}) {
		t.Errorf("SourceAsset %+v", d)
	}
	m := findDef(fm, "multi_asset", "load")
	if m == nil || len(m.Outs) != 2 {
		t.Fatalf("multi_asset %+v", m)
	}
	if !reflect.DeepEqual(m.Outs[0].Key, []string{"crm", "users"}) || m.Outs[0].IOManagerKey != "io" || m.Outs[0].Group != "g" {
		t.Errorf("out 0 %+v", m.Outs[0])
	}
	if !reflect.DeepEqual(m.Outs[1].Key, []string{"sales", "orders"}) || m.Outs[1].IsRequired == nil || *m.Outs[1].IsRequired {
		t.Errorf("out 1 %+v", m.Outs[1])
	}
	s := findDef(fm, "multi_asset", "specs_asset")
	if s == nil || len(s.Outs) != 2 || !reflect.DeepEqual(s.Outs[1].Key, []string{"p", "a2"}) {
		t.Errorf("specs %+v", s)
	}
	g := findDef(fm, "graph_asset", "composed")
	if g == nil || g.Job == nil || len(g.Job.Calls) != 1 || g.Job.Calls[0].Op != "step" {
		t.Errorf("graph_asset %+v", g)
	}
}

func TestOpsGraphsJobs(t *testing.T) {
	src := `from dagster import op, graph, job, Out, DynamicOut, DynamicOutput, In, Nothing, RetryPolicy, success_hook, multiprocess_executor

@op(out={"a": Out(), "b": Out(io_manager_key="x")})
def split():
    return 1, 2

@op(out=DynamicOut())
def fan():
    for i in range(3):
        yield DynamicOutput(i, mapping_key=str(i))

@op
def double(x):
    return 2 * x

@op
def total(xs, extra=None):
    return sum(xs)

@graph
def sub(v):
    return double(v)

@success_hook
def notify(context):
    pass

@job(executor_def=multiprocess_executor.configured({"max_concurrent": 2}), hooks={notify}, op_retry_policy=RetryPolicy(max_retries=2))
def pipeline():
    a, b = split()
    double.alias("double_a")(a)
    results = fan().map(double)
    total(results.collect(), extra=sub(b))

sub_job = sub.to_job(name="sub_job", tags={"k": "v"})
`
	fm := analyzeSrc(t, src)
	s := findDef(fm, "op", "split")
	if s == nil || len(s.Outs) != 2 || s.Outs[1].IOManagerKey != "x" {
		t.Fatalf("split %+v", s)
	}
	if f := findDef(fm, "op", "fan"); f == nil || len(f.Outs) != 1 || !f.Outs[0].Dynamic {
		t.Fatalf("fan %+v", f)
	}
	if findDef(fm, "DynamicOut", "") == nil {
		t.Error("DynamicOut construct not recorded")
	}
	j := findDef(fm, "job", "pipeline")
	if j == nil || j.Job == nil {
		t.Fatal("job missing")
	}
	var calls []string
	for _, c := range j.Job.Calls {
		s := c.Op
		if c.Alias != "" {
			s += "@" + c.Alias
		}
		if c.Mapped {
			s += "+map"
		}
		if c.Collect {
			s += "+collect"
		}
		var args []string
		for _, a := range c.Args {
			args = append(args, a.Param+"="+a.From+"#"+a.Output)
		}
		calls = append(calls, s+"("+strings.Join(args, ",")+")")
	}
	want := []string{"split()", "double@double_a(=a#0)", "fan()", "double+map+collect(=fan#)", "sub(=b#1)", "total(=double#,extra=sub#)"}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("calls\n got %v\nwant %v", calls, want)
	}
	if j.Job.OpRetryPolicy == nil || *j.Job.OpRetryPolicy.MaxRetries != 2 || j.Job.Executor == nil || j.Job.Hooks == nil {
		t.Errorf("job settings %+v", j.Job)
	}
	if findDef(fm, "multiprocess_executor", "") == nil || findDef(fm, "success_hook", "notify") == nil {
		t.Error("executor/hook not recorded")
	}
	tj := findDef(fm, "GraphDefinition.to_job", "sub_job")
	if tj == nil || tj.Job.GraphVar != "sub" || tj.Job.Tags == nil {
		t.Errorf("to_job %+v", tj)
	}
	if g := findDef(fm, "graph", "sub"); g == nil || len(g.Job.Calls) != 1 {
		t.Errorf("graph %+v", g)
	}
}

func TestSelections(t *testing.T) {
	src := `import dagster as dg
from dagster import AssetSelection, define_asset_job

@dg.asset
def a():
    pass

j1 = define_asset_job("j1", selection="a*")
j2 = define_asset_job(name="j2", selection=AssetSelection.groups("g1", "g2") | AssetSelection.keys("x/y", dg.AssetKey(["p", "q"])))
j3 = define_asset_job("j3", selection=(AssetSelection.assets(a).downstream(depth=2) - AssetSelection.key_prefixes(["raw"])) & AssetSelection.all())
j4 = define_asset_job("j4", selection=[a, "b", "c/d"])
j5 = define_asset_job("j5", selection=AssetSelection.tag("team", "x"))
j6 = define_asset_job("j6")
j7 = define_asset_job("j7", selection="tag:daily")
`
	fm := analyzeSrc(t, src)
	sel := func(name string) *Selection { return findDef(fm, "define_asset_job", name).AssetJob.Selection }
	if s := sel("j1"); s.Kind != "downstream" || s.Downstream != -1 || !reflect.DeepEqual(s.Left.Keys, [][]string{{"a"}}) {
		t.Errorf("j1 %+v", s)
	}
	if s := sel("j2"); s.Kind != "union" || !reflect.DeepEqual(s.Left.Groups, []string{"g1", "g2"}) || !reflect.DeepEqual(s.Right.Keys, [][]string{{"x", "y"}, {"p", "q"}}) || !s.Static {
		t.Errorf("j2 %+v", s)
	}
	if s := sel("j3"); s.Kind != "intersect" || s.Left.Kind != "diff" || s.Left.Left.Kind != "downstream" || s.Left.Left.Downstream != 2 || s.Right.Kind != "all" {
		t.Errorf("j3 %+v", s)
	}
	if s := sel("j4"); s.Kind != "union" || !s.Static {
		t.Errorf("j4 %+v", s)
	}
	if s := sel("j5"); s.Kind != "tag" || !s.Static || !reflect.DeepEqual(s.Keys, [][]string{{"team", "x"}}) {
		t.Errorf("j5 %+v", s)
	}
	if s := sel("j6"); s.Kind != "all" {
		t.Errorf("j6 %+v", s)
	}
	if s := sel("j7"); s.Kind != "tag" || !s.Static || !reflect.DeepEqual(s.Keys, [][]string{{"daily"}}) {
		t.Errorf("j7 %+v", s)
	}
}

func TestSchedulesAndSensors(t *testing.T) {
	src := `import dagster as dg
from dagster_slack import make_slack_on_run_failure_sensor

daily_job = dg.define_asset_job("daily_job")

@dg.schedule(cron_schedule=["0 1 * * *", "0 13 * * *"], job=daily_job, execution_timezone="Europe/Paris", default_status=dg.DefaultScheduleStatus.RUNNING)
def twice(context):
    return {}

s2 = dg.ScheduleDefinition(job=daily_job, cron_schedule="@daily", run_config={"ops": {}})
s3 = dg.build_schedule_from_partitioned_job(daily_job, hour_of_day=3, name="part_sched")

@dg.sensor(job_name="daily_job", minimum_interval_seconds=120, default_status=dg.DefaultSensorStatus.RUNNING)
def poll(context):
    return dg.SkipReason("nothing")

@dg.asset_sensor(asset_key=dg.AssetKey("a"), job=daily_job)
def on_a(context, event):
    pass

@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, request_job=daily_job)
def chain(context):
    pass

@dg.run_failure_sensor
def alert(context):
    pass

slack = make_slack_on_run_failure_sensor(channel="#x", slack_token="t")
`
	fm := analyzeSrc(t, src)
	s := findDef(fm, "schedule", "twice")
	if s == nil || !reflect.DeepEqual(s.Schedule.Crons, []string{"0 1 * * *", "0 13 * * *"}) || s.Schedule.Job != "daily_job" || s.Schedule.Timezone != "Europe/Paris" || s.Schedule.DefaultStatus != "RUNNING" {
		t.Errorf("schedule %+v", s.Schedule)
	}
	if d := findDef(fm, "ScheduleDefinition", "daily_job_schedule"); d == nil || d.Schedule.Crons[0] != "@daily" || d.Schedule.RunConfig == nil {
		t.Errorf("ScheduleDefinition %+v", d)
	}
	if d := findDef(fm, "build_schedule_from_partitioned_job", "part_sched"); d == nil || !d.Schedule.FromPartitionedJob || *d.Schedule.HourOfDay != 3 || d.Schedule.Job != "daily_job" {
		t.Errorf("partitioned schedule %+v", d)
	}
	if d := findDef(fm, "sensor", "poll"); d == nil || *d.Sensor.MinimumInterval != 120 || d.Sensor.Jobs[0] != "daily_job" || d.Sensor.DefaultStatus != "RUNNING" {
		t.Errorf("sensor %+v", d)
	}
	if d := findDef(fm, "asset_sensor", "on_a"); d == nil || !reflect.DeepEqual(d.Sensor.AssetKey, []string{"a"}) {
		t.Errorf("asset_sensor %+v", d)
	}
	if d := findDef(fm, "run_status_sensor", "chain"); d == nil || d.Sensor.RunStatus != "SUCCESS" || d.Sensor.Jobs[0] != "daily_job" {
		t.Errorf("run_status_sensor %+v", d)
	}
	if d := findDef(fm, "run_failure_sensor", "alert"); d == nil || d.Sensor.RunStatus != "FAILURE" {
		t.Errorf("run_failure_sensor %+v", d)
	}
	if findDef(fm, "make_slack_on_run_failure_sensor", "") == nil {
		t.Error("slack failure sensor missing")
	}
}

func TestPartitionsRetryConfigChecks(t *testing.T) {
	src := `import dagster as dg
from dagster import Field

hourly = dg.HourlyPartitionsDefinition(start_date="2024-01-01-00:00", timezone="America/New_York", minute_offset=15, end_offset=1)
static = dg.StaticPartitionsDefinition(["a", "b"])
multi = dg.MultiPartitionsDefinition({"date": dg.DailyPartitionsDefinition(start_date="2024-01-01"), "region": static})
dyn = dg.DynamicPartitionsDefinition(name="files")
tw = dg.TimeWindowPartitionsDefinition(start="2024-01-01", fmt="%Y-%m-%d", cron_schedule="0 0 * * 1")
retry = dg.RetryPolicy(max_retries=4, delay=1.5, backoff=dg.Backoff.LINEAR, jitter=dg.Jitter.FULL)

@dg.asset(partitions_def=multi, retry_policy=retry, backfill_policy=dg.BackfillPolicy.single_run(),
          automation_condition=dg.AutomationCondition.on_cron("0 * * * *"), config_schema={"n": Field(int, default_value=3)})
def part(context):
    pass

@dg.asset_check(asset=part, blocking=True, additional_ins={"other": dg.AssetIn("o")})
def chk(part, other):
    return dg.AssetCheckResult(passed=True)

@dg.asset_check(asset="ext/x")
def chk2(value):
    return dg.AssetCheckResult(passed=True)
`
	fm := analyzeSrc(t, src)
	h := findDef(fm, "HourlyPartitionsDefinition", "hourly").Partitions
	if h.Kind != "hourly" || h.Timezone != "America/New_York" || *h.MinuteOffset != 15 || *h.EndOffset != 1 || h.Fmt != "%Y-%m-%d-%H:%M" || h.Start != "2024-01-01-00:00" {
		t.Errorf("hourly %+v", h)
	}
	if s := findDef(fm, "StaticPartitionsDefinition", "static").Partitions; !reflect.DeepEqual(s.Keys, []string{"a", "b"}) {
		t.Errorf("static %+v", s)
	}
	if d := findDef(fm, "DynamicPartitionsDefinition", "dyn").Partitions; d.Name != "files" {
		t.Errorf("dynamic %+v", d)
	}
	if w := findDef(fm, "TimeWindowPartitionsDefinition", "tw").Partitions; w.Cron != "0 0 * * 1" || w.Fmt != "%Y-%m-%d" {
		t.Errorf("time window %+v", w)
	}
	a := findDef(fm, "asset", "part")
	if a.Partitions == nil || a.Partitions.Kind != "multi" || a.Partitions.Var != "multi" || len(a.Partitions.Dimensions) != 2 || a.Partitions.Dimensions[1].Partitions.Kind != "static" {
		t.Errorf("asset partitions %+v", a.Partitions)
	}
	r := a.Retry
	if r == nil || *r.MaxRetries != 4 || *r.Delay != 1.5 || r.Backoff != "LINEAR" || r.Jitter != "FULL" || r.Var != "retry" {
		t.Errorf("retry %+v", r)
	}
	if a.ConfigSchema == nil || a.ConfigSchema.DictGet("n") == nil {
		t.Error("config_schema not kept")
	}
	for _, c := range []string{"BackfillPolicy", "AutomationCondition"} {
		found := false
		for _, d := range fm.Defs {
			if strings.HasPrefix(d.Construct, c) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s not recorded", c)
		}
	}
	c := findDef(fm, "asset_check", "chk")
	if c == nil || !c.Check.Blocking || !reflect.DeepEqual(c.Check.Asset, []string{"part"}) || c.Check.ValueParam != "part" || !reflect.DeepEqual(c.Check.AdditionalIns, []string{"other"}) {
		t.Errorf("check %+v", c.Check)
	}
	if c2 := findDef(fm, "asset_check", "chk2"); c2 == nil || !reflect.DeepEqual(c2.Check.Asset, []string{"ext", "x"}) {
		t.Errorf("check2 %+v", c2.Check)
	}
	fs := fileFindings(fm)
	codes := map[string]bool{}
	for _, f := range fs {
		codes[f.Code] = true
	}
	for _, want := range []string{"DM501", "DM502", "DM503", "DM504", "DM505", "DM701", "DM902", "DM408", "DM602", "DM601"} {
		if !codes[want] {
			t.Errorf("missing finding %s", want)
		}
	}
}

func TestDefinitionsAndResources(t *testing.T) {
	src := `import dagster as dg
from dagster_duckdb import DuckDBResource
from dagster_duckdb_pandas import DuckDBPandasIOManager
from . import assets, more

all_assets = dg.load_assets_from_modules([assets], key_prefix="pre", group_name="grp")

@dg.resource(config_schema={"url": str})
def legacy(init_context):
    return init_context.resource_config["url"]

class MyIO(dg.ConfigurableIOManager):
    def handle_output(self, context, obj):
        pass

    def load_input(self, context):
        return None

defs = dg.Definitions(
    assets=[*all_assets, *dg.load_assets_from_modules([more])],
    resources={"duckdb": DuckDBResource(database=dg.EnvVar("DB")), "io_manager": DuckDBPandasIOManager(database="x.duckdb"), "legacy": legacy},
    executor=dg.in_process_executor,
)
`
	fm := analyzeSrc(t, src)
	d := findDef(fm, "Definitions", "defs")
	if d == nil || len(d.Definitions.Resources) != 3 || d.Definitions.Resources[0].Key != "duckdb" || d.Definitions.Executor == nil {
		t.Fatalf("definitions %+v", d)
	}
	if len(d.Definitions.Loaded) != 1 || d.Definitions.Loaded[0].Modules[0] != "more" {
		t.Errorf("loaded %+v", d.Definitions.Loaded)
	}
	l := findDef(fm, "load_assets_from_modules", "all_assets")
	if l == nil || len(l.Definitions.Loaded) != 1 || l.Definitions.Loaded[0].Group != "grp" || l.Definitions.Loaded[0].KeyPrefix[0] != "pre" {
		t.Errorf("load %+v", l)
	}
	for _, c := range []string{"DuckDBResource", "DuckDBPandasIOManager", "resource", "ConfigurableIOManager", "in_process_executor", "EnvVar"} {
		if findDef(fm, c, "") == nil {
			t.Errorf("%s not recorded", c)
		}
	}
	if r := findDef(fm, "DuckDBResource", ""); r.Resource == nil || r.Resource.Fields[0].EnvVar != "DB" {
		t.Errorf("DuckDBResource fields %+v", r.Resource)
	}
}

func TestDynamicDefinitions(t *testing.T) {
	src := `import dagster as dg

for name in ["a", "b"]:
    @dg.asset(name=name)
    def _a():
        pass

jobs = [dg.define_asset_job(f"job_{g}", selection=dg.AssetSelection.groups(g)) for g in ["x", "y"]]

def make_asset(table):
    @dg.asset(name=table)
    def _t():
        pass
    return _t

def make_job():
    return dg.ScheduleDefinition(job=jobs[0], cron_schedule="@daily")

@dg.definitions
def defs():
    return dg.Definitions(assets=[make_asset("t")])
`
	fm := analyzeSrc(t, src)
	if len(fm.Dynamic) != 4 {
		t.Errorf("dynamic = %d, want 4", len(fm.Dynamic))
		for _, d := range fm.Dynamic {
			t.Logf("%s %s %s", d.Construct, d.Name, d.Reason)
		}
	}
	if findDef(fm, "Definitions", "") == nil || findDef(fm, "definitions", "defs") == nil {
		t.Error("Definitions returned by @definitions must be static")
	}
	n := 0
	for _, f := range fileFindings(fm) {
		if f.Code == "DM901" {
			n++
		}
	}
	if n != 4 {
		t.Errorf("DM901 findings = %d", n)
	}
}

func TestUnknownNames(t *testing.T) {
	fm := analyzeSrc(t, "import dagster as dg\nfrom dagster import asset, NotARealThing\nx = dg.AlsoNotReal()\ny = dg.AssetKey('a')\n")
	if fm.Unknown["NotARealThing"] != 1 || fm.Unknown["AlsoNotReal"] != 1 || fm.Unknown["AssetKey"] != 0 || len(fm.Unknown) != 2 {
		t.Errorf("unknown %v", fm.Unknown)
	}
}

func TestPython312Syntax(t *testing.T) {
	src := "import dagster as dg\ntype Rows = list[dict]\n\ndef first[T](xs: list[T]) -> T:\n    return xs[0]\n\n@dg.asset\ndef a() -> Rows:\n    match 1:\n        case 1:\n            return []\n"
	fm := analyzeSrc(t, src)
	if fm.ParseErrors != 0 || findDef(fm, "asset", "a") == nil {
		t.Errorf("errors %d defs %d", fm.ParseErrors, len(fm.Defs))
	}
}
