package codeactions

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestResourceFactories: a plain @resource function is copied into utils/resources.py (its
// name changed, so a key "db" and a function "db_resource" do not clash) and called with a
// stand-in init_context whose resource_config holds the .configured values over the
// config_schema defaults; a generator resource gives what it yields and cleans up at exit;
// shapes that cannot run without Dagster stay manual entries that say why.
func TestResourceFactories(t *testing.T) {
	dir := t.TempDir()
	src := `from dagster import Field, job, op, resource, get_dagster_logger


class Conn:
    def __init__(self, url, timeout):
        self.url, self.timeout = url, timeout


@resource(config_schema={"url": str, "timeout": Field(int, default_value=30)})
def db_resource(init_context):
    return Conn(init_context.resource_config["url"], init_context.resource_config["timeout"])


@resource
def pooled():
    conn = Conn("x", 1)
    try:
        yield conn
    finally:
        print("closed", conn.url, flush=True)


@resource
def logged(init_context):
    get_dagster_logger().info("building")
    return Conn("y", 2)


def make_client():
    get_dagster_logger().info("client")
    return Conn("z", 3)


@resource
def client(init_context):
    return make_client()


@resource
def plain():
    return Conn("p", 4)


@op(required_resource_keys={"db", "pool", "log", "client", "plain"})
def load(context):
    return [context.resources.db.url, context.resources.pool, context.resources.log, context.resources.client, context.resources.plain]


@job(resource_defs={"db": db_resource.configured({"url": {"env": "DB_URL"}}), "pool": pooled, "log": logged, "client": client, "plain": plain})
def etl():
    load()
`
	if err := os.WriteFile(filepath.Join(dir, "jobs.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := migrateFixture(t, "resf", dir)
	res, ok := plan.File("utils/resources.py")
	if !ok {
		t.Fatal("no utils/resources.py")
	}
	for _, want := range []string{
		"\ndef _db_dagster_resource(init_context):\n    return Conn(init_context.resource_config[\"url\"], init_context.resource_config[\"timeout\"])\n",
		"\nclass Conn:\n",
		"\nclass ResourceInitContext:\n",
		`return _db_dagster_resource(ResourceInitContext({"url": config.get("DB_URL"), "timeout": config.get("DB_TIMEOUT")}))`,
		// A generator resource: what it yields, and its clean-up when the process ends.
		"    gen = _pool_dagster_resource()\n    value = next(gen)\n    atexit.register(gen.close)\n    return value\n",
		"\nimport atexit\n",
		"    raise NotImplementedError(\"resource log is not migrated\")",
		"    raise NotImplementedError(\"resource client is not migrated\")",
		// A function without an init_context parameter is called without one.
		"def plain_resource():\n    \"\"\"The \"plain\" resource, bound in jobs.py (Dagster) and built by plain.\"\"\"\n    return _plain_dagster_resource()\n",
	} {
		if !strings.Contains(string(res), want) {
			t.Errorf("utils/resources.py lacks %q:\n%s", want, res)
		}
	}
	if strings.Contains(string(res), "\n@resource") {
		t.Errorf("the decorator was copied:\n%s", res)
	}
	cfg, _ := plan.File("io_config.yaml")
	for _, want := range []string{"DB_URL: '{{ env_var('DB_URL') }}'", "DB_TIMEOUT: 30"} {
		if !strings.Contains(strings.ReplaceAll(string(cfg), "\"", "'"), want) {
			t.Errorf("io_config.yaml lacks %q:\n%s", want, cfg)
		}
	}
	var yields, dagster, helper, converted bool
	for _, e := range plan.Report {
		for _, n := range e.Notes {
			yields = yields || (strings.Contains(n, `resource "pool" yields its value`) && strings.Contains(n, "runs when the block's process ends"))
			dagster = dagster || (e.Status == StatusManual && strings.Contains(n, `resource "log"`) && strings.Contains(n, "uses Dagster's own get_dagster_logger"))
			helper = helper || (e.Status == StatusManual && strings.Contains(n, `resource "client"`) && strings.Contains(n, "client (or code it calls) uses Dagster's own get_dagster_logger"))
			converted = converted || strings.Contains(n, `resource "db" is built by the @resource function db_resource`)
		}
	}
	if !yields || !dagster || !helper || !converted {
		t.Errorf("report notes: yield %v, Dagster name %v, in a helper %v, converted %v\n%+v", yields, dagster, helper, converted, plan.Report)
	}
	// Python runs the generator resource: the yielded value, then the clean-up at exit.
	py := pythonOrSkip(t)
	mod := filepath.Join(t.TempDir(), "resources.py")
	if err := os.WriteFile(mod, res, 0o644); err != nil {
		t.Fatal(err)
	}
	script := "import importlib.util\nspec = importlib.util.spec_from_file_location('res', " + strconv.Quote(mod) + ")\n" +
		"m = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(m)\nprint('got', m.pool_resource().url, flush=True)\n"
	out, err := exec.Command(py, "-c", script).CombinedOutput()
	if err != nil || string(out) != "got x\nclosed x\n" {
		t.Fatalf("running pool_resource(): %v\n%s", err, out)
	}
}

// Resources bound through a dict variable (assigned in another module and imported) are
// migrated like literal ones, for Definitions, @job and graph.to_job alike; a resource bound nowhere gets a
// <key>_resource() that raises a clear error, so the block that uses it still loads.
func TestResourceDictVariables(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"pkg/__init__.py": "",
		"pkg/res.py": `from dagster import ConfigurableResource


class Api(ConfigurableResource):
    base: str = "http://x"

    def get(self):
        return [self.base]


RESOURCES = {"api": Api(base="http://example")}
JOB_RESOURCES = {"store": Api(base="http://store")}
GRAPH_RESOURCES = {"counter": Api(base="http://counter")}
`,
		"pkg/defs.py": `from dagster import Definitions, asset, graph, job, op
from pkg.res import GRAPH_RESOURCES, JOB_RESOURCES, RESOURCES, Api


@asset
def items(api: Api):
    return api.get()


@op(required_resource_keys={"store", "nowhere"})
def fetch(context):
    return context.resources.store.get() + [context.resources.nowhere]


@job(resource_defs=JOB_RESOURCES)
def fetch_job():
    fetch()


@op(required_resource_keys={"counter"})
def count(context):
    return context.resources.counter.get()


@graph
def counting():
    count()


counting_job = counting.to_job(name="counting_job", resource_defs=GRAPH_RESOURCES)

defs = Definitions(assets=[items], jobs=[fetch_job, counting_job], resources=RESOURCES)
`,
	}
	writeFiles(t, dir, files)
	plan := migrateFixture(t, "resv", dir)
	res, _ := plan.File("utils/resources.py")
	cfg, _ := plan.File("io_config.yaml")
	for _, want := range []string{
		"def api_resource():\n    \"\"\"The \"api\" resource, bound in pkg/res.py (Dagster). Values come from io_config.yaml.\"\"\"\n    config = io_config()\n    return Api(base=config.get(\"API_BASE\"))\n",
		"return Api(base=config.get(\"STORE_BASE\"))",
		"return Api(base=config.get(\"COUNTER_BASE\"))", // graph.to_job(resource_defs=GRAPH_RESOURCES)
		"raise NotImplementedError(\"resource nowhere is not bound in Definitions; write nowhere_resource() in utils/resources.py\")",
	} {
		if !strings.Contains(string(res), want) {
			t.Errorf("utils/resources.py lacks %q:\n%s", want, res)
		}
	}
	for _, want := range []string{"API_BASE: http://example", "STORE_BASE: http://store", "COUNTER_BASE: http://counter"} {
		if !strings.Contains(string(cfg), want) {
			t.Errorf("io_config.yaml lacks %q:\n%s", want, cfg)
		}
	}
	var block string
	for _, f := range plan.Files {
		if strings.HasSuffix(f.Path, "/fetch.py") {
			block = string(f.Content)
		}
	}
	if !strings.Contains(block, "from resv.utils.resources import nowhere_resource, store_resource") {
		t.Errorf("the op block should import both resources:\n%s", block)
	}
	noted := false
	for _, e := range plan.Report {
		for _, n := range e.Notes {
			noted = noted || (e.Name == "fetch" && e.Status == StatusManual && strings.Contains(n, `resource "nowhere" is not bound in Definitions`))
		}
	}
	if !noted {
		t.Errorf("no manual note for the unbound resource: %+v", plan.Report)
	}
}
