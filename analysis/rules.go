package analysis

import "sort"

// Tier says how far a construct converts.
type Tier string

const (
	// TierConvert: a quick fix writes the equivalent.
	TierConvert Tier = "convert"
	// TierReview: converted, with notes on what behaves differently.
	TierReview Tier = "review"
	// TierManual: no Mage equivalent; the message says what to do instead.
	TierManual Tier = "manual"
)

// Rule is one entry of the catalog.
type Rule struct {
	Code        string
	Tier        Tier
	Title       string
	Construct   string // the Dagster constructs it covers
	Mage        string // the Mage target
	Message     string // template; {name} is replaced by the definition's name
	Explanation string
	Differences []string // what behaves differently after migration
}

var rules = []Rule{
	// DM1xx assets
	{Code: "DM101", Tier: TierConvert, Title: "Asset becomes a Mage block", Construct: "asset", Mage: "Python block (data_loader / transformer / data_exporter)",
		Message:     "@asset {name} becomes a Mage block; its parameters become upstream blocks in the same order",
		Explanation: "Each software-defined asset becomes one block file. An asset without upstream inputs becomes a data_loader, one that transforms upstream data a transformer, one that only writes somewhere a data_exporter. Parameters that name upstream assets (or `ins`/`deps`) become `upstream_blocks` in the pipeline's metadata.yaml, in the order of the function's positional parameters; context, config and resource parameters are rebuilt from the block's keyword arguments.",
		Differences: []string{
			"Mage stores every block output in its own variable storage; a Dagster IO manager that wrote the value to a table no longer runs unless a data_exporter block is added.",
			"`context` is not passed: logging, run id, partition key and resources come from `kwargs` instead.",
			"A block that returns a list or tuple is split by Mage into several outputs; downstream blocks receive them as one list.",
			"Metadata, owners, tags, kinds and code_version have no block field; they are kept as a comment.",
		}},
	{Code: "DM102", Tier: TierReview, Title: "Multi-asset becomes one block with several outputs", Construct: "multi_asset", Mage: "Python block returning a tuple",
		Message:     "@multi_asset {name} becomes one block returning its outputs as a tuple; downstream blocks receive them as one list and index it",
		Explanation: "A multi-asset computes several assets in one function. Mage has no named outputs: the block returns the values in `outs` order and a downstream block gets the list of them as one positional argument.",
		Differences: []string{
			"Output names are lost; downstream code indexes the list by position.",
			"`can_subset` has no equivalent: Mage always runs the whole block.",
			"Per-output group names, IO managers and automation settings do not carry over.",
		}},
	{Code: "DM103", Tier: TierReview, Title: "Graph-backed asset becomes several blocks", Construct: "graph_asset, graph_multi_asset", Mage: "one block per op, wired in the pipeline",
		Message:     "@graph_asset {name} is expanded into one block per op call; the last op's block takes the asset's name",
		Explanation: "The composition body of a graph-backed asset is flattened: each op invocation becomes a block and the data flow of the body becomes `upstream_blocks`.",
		Differences: []string{"Nested graph boundaries disappear in Mage's flat block list.", "Op-level config and retry policies move to each block."}},
	{Code: "DM104", Tier: TierReview, Title: "External asset spec", Construct: "AssetSpec", Mage: "data_loader block, or nothing for lineage-only specs",
		Message:     "AssetSpec {name} declares an asset Dagster does not compute; in Mage read it with a data_loader block where a block consumes it",
		Explanation: "Specs describe data produced outside Dagster. When a downstream asset loads it through an IO manager, the migration adds a data_loader block that reads the table or file; when it is only a `deps` entry for lineage, nothing is generated.",
		Differences: []string{"Mage shows no lineage for data it does not load.", "Observation and freshness of the external data are not tracked."}},
	{Code: "DM105", Tier: TierReview, Title: "Source or observable source asset", Construct: "SourceAsset, observable_source_asset", Mage: "data_loader block (or sensor block for observations)",
		Message:     "{construct} {name} becomes a data_loader block; observation-driven automation needs a sensor block",
		Explanation: "Source assets are read by downstream assets through an IO manager. In Mage a data_loader block reads the data explicitly. Observation functions returning a DataVersion have no equivalent; a sensor block can poll the source instead.",
		Differences: []string{"Data versions and observation history are not kept by Mage."}},
	{Code: "DM106", Tier: TierReview, Title: "AssetsDefinition built from a graph or op", Construct: "AssetsDefinition.from_graph, AssetsDefinition.from_op", Mage: "blocks for the graph's ops",
		Message:     "{construct} {name} is translated like a graph-backed asset: one block per op",
		Explanation: "The class-method forms wrap an existing graph or op as an asset; the migration expands the graph like @graph_asset.",
		Differences: []string{"Key remapping through `keys_by_output_name` must be checked by hand."}},
	{Code: "DM110", Tier: TierReview, Title: "dbt assets become a dbt block", Construct: "dbt_assets", Mage: "dbt block (YAML command block)",
		Message:     "@dbt_assets {name} becomes a Mage dbt block running the same selection; copy the dbt project under the Mage project's dbt/ folder",
		Explanation: "Mage runs dbt itself through dbt blocks. The dbt project is placed (or linked) under `dbt/`, and one YAML dbt block runs the command (`build --select ...`). Python assets that depend on dbt models get the dbt block as upstream.",
		Differences: []string{"Per-model assets, the DagsterDbtTranslator key/group customisations and per-model asset checks are not reproduced.", "The dbt profile target is chosen in the block configuration."}},
	{Code: "DM111", Tier: TierManual, Title: "EL integration assets (Sling, dlt, Fivetran, Airbyte)", Construct: "sling_assets, dlt_assets, fivetran/airbyte builders", Mage: "integration pipeline, or a custom block running the tool",
		Message:     "{construct} {name} has no direct Mage equivalent: recreate it as a Mage integration pipeline or a custom block that runs the tool",
		Explanation: "Mage has its own integration pipelines (Singer-style sources and destinations). The replication defined for Dagster's integration cannot be converted automatically; a custom block calling the same tool's Python API keeps the behaviour.",
		Differences: []string{"One Dagster asset per replicated table becomes one block for the whole replication."}},
	{Code: "DM112", Tier: TierReview, Title: "Pipes client", Construct: "PipesSubprocessClient, PipesK8sClient, ...", Mage: "custom block launching the process",
		Message:     "{construct} becomes a custom block that launches the external process itself",
		Explanation: "Pipes runs external code and streams back logs and metadata. In Mage a custom block starts the process (subprocess, Kubernetes or Databricks SDK call) and fails when it fails.",
		Differences: []string{"Metadata and materializations reported by the external process are not collected."}},
	// DM2xx ops, graphs, jobs
	{Code: "DM113", Tier: TierReview, Title: "dbt project component becomes a dbt block", Construct: "DbtProjectComponent (defs.yaml)", Mage: "dbt block (YAML command block)",
		Message:     "component {name} ({detail}) becomes a Mage dbt block running the project; copy the dbt project under the Mage project's dbt/ folder",
		Explanation: "A dg project's defs.yaml can declare a dbt project as a component. Mage runs dbt itself through dbt blocks: the project goes under `dbt/` and one YAML dbt block runs it.",
		Differences: []string{"The component's translation and selection attributes (select, exclude, translation) must be carried over to the block's command by hand.", "Templated values ({{ ... }}) are resolved by Dagster at load time."}},
	{Code: "DM201", Tier: TierConvert, Title: "Op becomes a Mage block", Construct: "op", Mage: "Python block",
		Message:     "@op {name} becomes a Mage block; its upstream blocks come from the jobs that call it",
		Explanation: "An op becomes one block file. Its inputs are wired from the job body that calls it: every op call whose result is passed to this op becomes an upstream block.",
		Differences: []string{
			"Multiple named outputs (`out={...}`) become a tuple; downstream blocks receive them as one list.",
			"`context.op_config` values come from pipeline variables in `kwargs`.",
			"Resources required through `required_resource_keys` are rebuilt from io_config.",
		}},
	{Code: "DM202", Tier: TierReview, Title: "Graph is flattened into blocks", Construct: "graph", Mage: "blocks inlined into the calling pipeline",
		Message:     "@graph {name} has no Mage counterpart of its own: its op calls are inlined into each pipeline that uses it",
		Explanation: "Mage pipelines are flat. A graph's ops become blocks of every pipeline that calls the graph, with the graph inputs wired to the caller's upstream blocks.",
		Differences: []string{"Graph-level config mapping and output mapping must be checked by hand."}},
	{Code: "DM203", Tier: TierConvert, Title: "Job becomes a pipeline", Construct: "job", Mage: "pipeline (pipelines/<name>/metadata.yaml)",
		Message:     "@job {name} becomes the Mage pipeline {name}; op calls in its body become blocks and their data flow becomes upstream_blocks",
		Explanation: "The job's composition body is read statically: each op call is a block, a value passed from one call to another is an edge, `.alias()` creates a second block entry reusing the same code, and `.map()`/`.collect()` become a dynamic block and a reducing block.",
		Differences: []string{
			"`resource_defs` become io_config entries and helper objects in the blocks.",
			"Job `config` becomes pipeline variables; Mage does not validate them against a schema.",
			"The executor and hooks are translated separately (executor_type, callback blocks).",
		}},
	{Code: "DM204", Tier: TierReview, Title: "Asset job becomes a pipeline", Construct: "define_asset_job", Mage: "pipeline with the selected asset blocks",
		Message:     "define_asset_job {name} becomes the Mage pipeline {name} with the blocks of its selection",
		Explanation: "The selection is resolved statically against the workspace's asset graph; the pipeline gets one block per selected asset and the edges between them.",
		Differences: []string{
			"Upstream assets outside the selection are not loaded automatically: Dagster reads their last stored value through the IO manager, Mage needs a loader block or a global data product.",
			"Selections by tag, kind, owner or computed in code cannot be resolved statically.",
		}},
	{Code: "DM205", Tier: TierReview, Title: "Job built from a graph or JobDefinition", Construct: "GraphDefinition.to_job, JobDefinition", Mage: "pipeline",
		Message:     "{construct} {name} becomes a Mage pipeline built from the graph's op calls",
		Explanation: "`graph.to_job(...)` (and JobDefinition) create a job from a graph: the pipeline's blocks are the graph's op calls; the `to_job` arguments are translated like @job's.",
		Differences: []string{"Several jobs built from one graph with different resources become several pipelines sharing block files."}},
	{Code: "DM206", Tier: TierReview, Title: "Dynamic output fan-out", Construct: "DynamicOut", Mage: "dynamic block + reduce_output",
		Message:     "DynamicOut: the op becomes a dynamic block (configuration dynamic: true); mapped ops run once per item and .collect() becomes reduce_output",
		Explanation: "An op yielding DynamicOutput values fans out. The Mage block returns two lists (items and per-item metadata with a block_uuid); downstream blocks run once per item; the last mapped block before `.collect()` sets `reduce_output: true`.",
		Differences: []string{"Mage fans out only in trigger/scheduler and notebook runs.", "Several dynamic outputs from one op, or a second fan-out over mapped results, need manual work.", "Mapping keys must be unique."}},
	{Code: "DM207", Tier: TierReview, Title: "Selection cannot be resolved statically", Construct: "define_asset_job selection, AssetSelection", Mage: "explicit block list",
		Message:     "the selection of {name} cannot be resolved statically ({detail}); list the blocks of the pipeline by hand",
		Explanation: "Selections by tag, kind, owner, new-syntax strings, or selections computed in code depend on information only Dagster has at load time.",
		Differences: []string{"The generated pipeline may miss blocks until the list is completed."}},
	// DM3xx schedules and sensors
	{Code: "DM301", Tier: TierReview, Title: "Schedule function becomes a trigger", Construct: "schedule", Mage: "time trigger in pipelines/<job>/triggers.yaml",
		Message:     "@schedule {name} becomes a time trigger on the pipeline of its job; {detail}",
		Explanation: "The cron becomes the trigger's `schedule_interval`. Constant run config returned by the function becomes trigger variables; values computed from the scheduled time must move into the blocks (`kwargs['execution_date']`).",
		Differences: []string{
			"Mage schedules run in UTC only: crons with an `execution_timezone` are converted, and zones with daylight saving time drift by an hour for part of the year.",
			"`RunRequest`/`SkipReason` logic, tags and `should_execute` have no trigger field.",
			"A list of crons becomes one trigger per cron.",
		}},
	{Code: "DM302", Tier: TierConvert, Title: "ScheduleDefinition becomes a trigger", Construct: "ScheduleDefinition", Mage: "time trigger in pipelines/<job>/triggers.yaml",
		Message:     "ScheduleDefinition {name} becomes a time trigger; {detail}",
		Explanation: "The cron becomes the trigger's `schedule_interval`, `default_status` RUNNING becomes `status: active`, and the target job decides which pipeline gets the trigger.",
		Differences: []string{"Mage schedules run in UTC only: an `execution_timezone` is converted into the cron.", "Run config becomes trigger variables."}},
	{Code: "DM303", Tier: TierReview, Title: "Schedule from a partitioned job", Construct: "build_schedule_from_partitioned_job", Mage: "time trigger at the partition cadence",
		Message:     "build_schedule_from_partitioned_job {name} becomes a trigger at the partitions' cadence; blocks compute the partition key from the execution date",
		Explanation: "Each tick of the schedule runs the most recent completed partition. In Mage the trigger runs at the same cadence and blocks compute the window from `interval_start_datetime_previous` and `execution_date`.",
		Differences: []string{"Backfills of past partitions are created in the Mage UI or API, not from code."}},
	{Code: "DM311", Tier: TierReview, Title: "Sensor becomes a sensor block with a trigger", Construct: "sensor", Mage: "sensor block + time trigger (or API trigger)",
		Message:     "@sensor {name} becomes a sensor block polled by a time trigger; {detail}",
		Explanation: "Mage has no daemon-evaluated sensor that launches runs. The usual translation is a time trigger whose cron approximates the sensor interval, with a sensor block at the root of the pipeline that returns True when the run should continue. An external system can instead call an API trigger.",
		Differences: []string{
			"Cursors and `run_key` de-duplication are not kept; state must be stored in a table or file.",
			"One RunRequest per item becomes a fan-out inside one run rather than one run per item.",
			"Mage's cron granularity is one minute and the sensor block re-polls every 60 seconds.",
		}},
	{Code: "DM312", Tier: TierReview, Title: "SensorDefinition", Construct: "SensorDefinition", Mage: "sensor block + time trigger",
		Message:     "SensorDefinition {name} becomes a sensor block polled by a time trigger",
		Explanation: "Same translation as @sensor, for the class form.",
		Differences: []string{"Cursors and run keys are not kept."}},
	{Code: "DM313", Tier: TierReview, Title: "Asset sensor", Construct: "asset_sensor", Mage: "same pipeline, or a success callback calling trigger_pipeline",
		Message:     "@asset_sensor {name}: put the watched asset and the target job in one pipeline, or trigger the target pipeline from a success callback",
		Explanation: "An asset sensor starts a job when an asset is materialized. The simplest Mage form is an edge inside one pipeline; across pipelines, a success callback on the producing block calls `trigger_pipeline`.",
		Differences: []string{"Materializations made outside Mage (manual runs of another tool) do not fire anything."}},
	{Code: "DM314", Tier: TierManual, Title: "Multi-asset sensor", Construct: "multi_asset_sensor", Mage: "sensor block using check_status (partial)",
		Message:     "@multi_asset_sensor {name} has no equivalent: write a sensor block that checks the producing pipelines with check_status",
		Explanation: "Custom logic over several assets' events with per-asset cursors cannot be converted.",
		Differences: []string{"Per-asset cursors are lost."}},
	{Code: "DM315", Tier: TierReview, Title: "Run status sensor", Construct: "run_status_sensor", Mage: "final block calling trigger_pipeline, or notification_config",
		Message:     "@run_status_sensor {name}: chain pipelines with a final block that calls trigger_pipeline, or use notification_config for alerts",
		Explanation: "Reacting to a job's success usually chains another job: in Mage a final custom block depending on every leaf block calls `trigger_pipeline`. Notifications map to the pipeline's `notification_config`.",
		Differences: []string{"Monitoring jobs of other code locations has no equivalent."}},
	{Code: "DM316", Tier: TierReview, Title: "Run failure sensor", Construct: "run_failure_sensor, make_slack_on_run_failure_sensor", Mage: "notification_config (alert_on: trigger_failure) or failure callbacks",
		Message:     "{construct} {name} becomes the pipeline's notification_config with alert_on: [trigger_failure] (or a failure callback block for custom code)",
		Explanation: "Failure alerts are configured per pipeline (or project) in Mage; arbitrary Python in the sensor becomes a `@callback('failure')` block attached to the blocks.",
		Differences: []string{"Mage's Slack notifications use an incoming webhook, not a bot token."}},
	{Code: "DM317", Tier: TierManual, Title: "Automation or freshness sensor", Construct: "AutomationConditionSensorDefinition, build_sensor_for_freshness_checks", Mage: "none",
		Message:     "{construct} has no Mage equivalent: schedule the affected pipelines with time triggers instead",
		Explanation: "These sensors evaluate Dagster's declarative automation or freshness checks, which do not exist in Mage.",
		Differences: []string{"Nothing is evaluated after migration."}},
	// DM4xx resources, IO managers, config
	{Code: "DM401", Tier: TierReview, Title: "Configurable resource becomes a helper", Construct: "ConfigurableResource", Mage: "helper class in utils/ + io_config.yaml values",
		Message:     "resource class {name} becomes a helper class in utils/ built from io_config/environment values in each block",
		Explanation: "The class is copied into `utils/` with a plain base class; `EnvVar` fields read environment variables; each block that used the resource instantiates the helper. Known integration fields map to io_config keys.",
		Differences: []string{"Lifecycle hooks (setup_for_execution, teardown_after_execution) are called around the block body.", "Values bound at launch (`configure_at_launch`) become pipeline variables."}},
	{Code: "DM402", Tier: TierReview, Title: "Legacy resource function", Construct: "resource", Mage: "helper function in utils/",
		Message:     "@resource {name} becomes a helper function in utils/ reading io_config or environment values",
		Explanation: "The function is copied into utils/resources.py and `<key>_resource()` calls it with a stand-in `init_context` whose `resource_config` holds the `.configured(...)` values over the `config_schema` defaults, read from io_config.yaml. A generator resource gives what it yields; the code after its yield runs when the block's process ends. A function that reads other resources or uses Dagster's own helpers stays a manual TODO that says which.",
		Differences: []string{"Resource config from run config becomes pipeline variables."}},
	{Code: "DM403", Tier: TierConvert, Title: "Integration resource maps to io_config", Construct: "DuckDBResource, SnowflakeResource, BigQueryResource, S3Resource, ...", Mage: "io_config.yaml profile keys",
		Message:     "{construct} maps to io_config.yaml keys of the default profile; blocks use Mage's IO class",
		Explanation: "Known integration resources have direct io_config keys (DUCKDB_DATABASE, SNOWFLAKE_ACCOUNT, AWS_ACCESS_KEY_ID, ...). Environment variables become `{{ env_var('X') }}`.",
		Differences: []string{"Some fields have no io_config key (raw private keys, BigQuery project) and need a TODO.", "Methods such as get_connection() go through a small shim."}},
	{Code: "DM404", Tier: TierReview, Title: "Custom IO manager", Construct: "IOManager, ConfigurableIOManager, io_manager", Mage: "data_exporter / data_loader blocks",
		Message:     "IO manager {name}: handle_output becomes a data_exporter block after each asset, load_input a data_loader where another pipeline reads it",
		Explanation: "Mage persists block outputs itself, so storage logic moves into explicit blocks.",
		Differences: []string{"Partition-aware writes and column selection through metadata need manual work."}},
	{Code: "DM405", Tier: TierConvert, Title: "Built-in IO manager is dropped", Construct: "fs_io_manager, FilesystemIOManager, mem_io_manager", Mage: "Mage variable storage (implicit)",
		Message:     "{construct} is not needed in Mage: block outputs are stored in Mage's variable storage",
		Explanation: "The default filesystem and in-memory IO managers only pass values between steps, which Mage does by itself.",
		Differences: []string{"Stored values live under Mage's variables_dir instead of DAGSTER_HOME."}},
	{Code: "DM406", Tier: TierReview, Title: "Warehouse IO manager becomes exporter blocks", Construct: "DuckDBPandasIOManager, SnowflakePandasIOManager, BigQueryPandasIOManager, S3PickleIOManager", Mage: "data_exporter block per asset (S3 pickle: remote_variables_dir)",
		Message:     "{construct} becomes a data_exporter block after each asset that writes the table with Mage's IO class",
		Explanation: "Values that Dagster wrote to a warehouse table through the IO manager are written by a generated data_exporter; other pipelines read them with a data_loader. Pickle IO managers on S3/GCS map to the project's remote_variables_dir.",
		Differences: []string{"Downstream blocks in the same pipeline receive the value in memory, not by re-reading the table."}},
	{Code: "DM407", Tier: TierReview, Title: "Config class becomes pipeline variables", Construct: "Config, PermissiveConfig", Mage: "pipeline variables + reconstruction in the block",
		Message:     "Config class {name} becomes pipeline variables with its defaults; blocks rebuild the object from kwargs",
		Explanation: "Each field becomes a pipeline variable (prefixed by the block name when several blocks share a pipeline). The class is copied to utils/ as a dataclass and the block builds it from `kwargs`.",
		Differences: []string{"Mage does not validate variable types; values set in the UI arrive as strings.", "Required fields without defaults are not enforced."}},
	{Code: "DM408", Tier: TierReview, Title: "Legacy config_schema", Construct: "config_schema, Field", Mage: "pipeline variables",
		Message:     "config_schema of {name} becomes pipeline variables; context.op_config[...] reads kwargs[...]",
		Explanation: "Legacy schemas (`{\"k\": Field(int, default_value=3)}`) become variables with their defaults.",
		Differences: []string{"Schema validation, Selector and Permissive semantics are lost."}},
	{Code: "DM409", Tier: TierConvert, Title: "Environment variable reference", Construct: "EnvVar", Mage: "{{ env_var('X') }} in io_config, os.getenv in code",
		Message:     "EnvVar {name} becomes {{ env_var('{name}') }} in io_config.yaml or os.getenv in helper code",
		Explanation: "Environment variables keep the same names.",
		Differences: []string{"Dagster resolves EnvVar at launch; Mage reads io_config when a block loads it."}},
	{Code: "DM410", Tier: TierConvert, Title: "Values resource becomes pipeline variables", Construct: "make_values_resource", Mage: "pipeline variables",
		Message:     "make_values_resource becomes pipeline variables; context.resources.<key>[...] reads kwargs[...]",
		Explanation: "A values resource only carries configuration, which Mage passes as variables.",
		Differences: []string{"Types declared for the values are not checked."}},
	// DM5xx partitions
	{Code: "DM501", Tier: TierReview, Title: "Time partitions become a trigger cadence", Construct: "Daily/Hourly/Weekly/MonthlyPartitionsDefinition, TimeWindowPartitionsDefinition", Mage: "cron trigger + partition key computed in the block",
		Message:     "{construct} {name}: Mage has no partitions; runs follow a trigger at the partition cadence and blocks compute the key from the execution date",
		Explanation: "Dagster partitions become a schedule cadence plus a key computed from the run's execution date (`interval_start_datetime_previous` is the start of the window that just ended). Backfills are created in the Mage UI or API.",
		Differences: []string{
			"Partition status and history are not tracked per key.",
			"Time zones are converted to UTC (Mage triggers have no time zone).",
			"`end_date` has no trigger counterpart; deactivate the trigger by hand.",
		}},
	{Code: "DM502", Tier: TierReview, Title: "Static partitions", Construct: "StaticPartitionsDefinition", Mage: "dynamic block over the keys, or a partition_key variable",
		Message:     "StaticPartitionsDefinition {name}: run all keys with a dynamic block, or one key per run with a partition_key variable",
		Explanation: "When a job normally runs every key, a dynamic block returning the keys fans the work out; when runs are per key, a pipeline variable carries it.",
		Differences: []string{"Per-key status is not tracked."}},
	{Code: "DM503", Tier: TierManual, Title: "Dynamic partitions", Construct: "DynamicPartitionsDefinition", Mage: "dynamic block over an externally stored list",
		Message:     "DynamicPartitionsDefinition {name} has no equivalent: store the keys outside Mage and fan out with a dynamic block",
		Explanation: "Keys live in Dagster's instance; after migration a loader block must read them from where they are discovered.",
		Differences: []string{"Adding keys from sensors (AddDynamicPartitionsRequest) must be rewritten."}},
	{Code: "DM504", Tier: TierManual, Title: "Multi-dimensional partitions", Construct: "MultiPartitionsDefinition", Mage: "trigger for the time dimension + dynamic block for the other",
		Message:     "MultiPartitionsDefinition {name} has no equivalent: combine a trigger for the time dimension with a dynamic block or variable for the other",
		Explanation: "Each dimension is translated with its own recipe; the combination needs manual work.",
		Differences: []string{"MultiPartitionKey values are not available."}},
	{Code: "DM505", Tier: TierManual, Title: "Backfill policy", Construct: "BackfillPolicy", Mage: "none (backfills in the Mage UI/API)",
		Message:     "BackfillPolicy has no equivalent: create backfills in the Mage UI or API with a date range",
		Explanation: "Mage backfills are records created through the UI or API, not code.",
		Differences: []string{"Single-run backfills over a partition range are not available."}},
	{Code: "DM506", Tier: TierManual, Title: "Partition mapping", Construct: "TimeWindowPartitionMapping and other partition mappings", Mage: "none",
		Message:     "{construct} has no equivalent: read the needed upstream slice explicitly in the block",
		Explanation: "Mage passes the upstream block's output of the same run; reading other partitions requires code.",
		Differences: []string{"Dependencies on previous partitions are not enforced."}},
	{Code: "DM507", Tier: TierReview, Title: "Partitioned config", Construct: "daily_partitioned_config and friends", Mage: "trigger variables",
		Message:     "{construct} {name} becomes trigger variables computed from the execution date",
		Explanation: "The run config function per partition becomes values derived from `kwargs['execution_date']` in the blocks.",
		Differences: []string{"The config function is not called by Mage."}},
	// DM6xx asset checks
	{Code: "DM601", Tier: TierReview, Title: "Asset check becomes a @test", Construct: "asset_check", Mage: "@test function in the asset's block",
		Message:     "@asset_check {name} becomes a @test in the block of {detail}",
		Explanation: "A check that only reads the asset value becomes a `@test` function appended to the asset's block file. Blocking checks assert; non-blocking checks log a warning so the migrated pipeline is not stricter than the original.",
		Differences: []string{
			"A failing Mage @test fails the block and stops downstream blocks; Dagster only does that for blocking checks.",
			"Check results and their metadata are logged, not stored.",
		}},
	{Code: "DM602", Tier: TierReview, Title: "Asset check with extra inputs", Construct: "asset_check (additional_ins/additional_deps/resources)", Mage: "separate transformer block downstream",
		Message:     "@asset_check {name} reads other assets or resources: it becomes a separate block downstream of all its inputs that raises on failure",
		Explanation: "A @test only sees its own block's output, so checks with additional inputs become blocks of their own.",
		Differences: []string{"The check runs as a pipeline step and shows up as a block."}},
	{Code: "DM603", Tier: TierReview, Title: "Asset check spec", Construct: "AssetCheckSpec, check_specs", Mage: "@test or inline assertion",
		Message:     "AssetCheckSpec {name}: checks yielded from the asset body become @test functions or inline logging",
		Explanation: "The body that yields AssetCheckResult must be rewritten.",
		Differences: []string{"Check results are not recorded by Mage."}},
	{Code: "DM604", Tier: TierReview, Title: "Multi-asset check", Construct: "multi_asset_check", Mage: "one checker block",
		Message:     "@multi_asset_check {name} becomes one block downstream of the checked assets",
		Explanation: "Checks of several assets run in one block that raises or logs.",
		Differences: []string{"`can_subset` is not supported."}},
	{Code: "DM605", Tier: TierManual, Title: "Check factories", Construct: "build_last_update_freshness_checks and other check builders", Mage: "none",
		Message:     "{construct} has no equivalent: these checks compare against materialization history that Mage does not keep",
		Explanation: "Freshness, schema-change and metadata-bounds checks read Dagster's event log.",
		Differences: []string{"Nothing is checked after migration unless rewritten as a block."}},
	// DM7xx retries, executors, hooks
	{Code: "DM701", Tier: TierReview, Title: "Retry policy becomes retry_config", Construct: "RetryPolicy", Mage: "block retry_config",
		Message:     "RetryPolicy becomes the block's retry_config; {detail}",
		Explanation: "`max_retries` becomes `retries` and `delay` becomes `delay`. Exponential backoff maps to `exponential_backoff: true`; `max_delay` is always set above the total wait so that Mage's 60-second default does not cut retries short.",
		Differences: []string{
			"Backoff formulas differ: Dagster waits (2^n − 1) × delay with exponential backoff, Mage delay × 2^(n−1).",
			"Linear backoff and jitter have no equivalent.",
		}},
	{Code: "DM711", Tier: TierReview, Title: "Executor", Construct: "multiprocess_executor, in_process_executor", Mage: "executor_type local_python + concurrency_config / run_pipeline_in_one_process",
		Message:     "{construct} maps to executor_type: local_python (max_concurrent → concurrency_config.block_run_limit; in-process → run_pipeline_in_one_process)",
		Explanation: "Mage runs blocks in the local Python executor by default.",
		Differences: []string{"Tag-based concurrency limits have no equivalent."}},
	{Code: "DM712", Tier: TierReview, Title: "Kubernetes / ECS executor", Construct: "k8s_job_executor, ecs_executor", Mage: "executor_type: k8s / ecs with executor_config",
		Message:     "{construct} maps to executor_type k8s/ecs; container resources from dagster-k8s/config tags go to executor_config",
		Explanation: "Step-per-pod execution corresponds to block-level executor_type: k8s.",
		Differences: []string{"Run launchers configured in dagster.yaml are not read."}},
	{Code: "DM713", Tier: TierManual, Title: "Celery, Docker or Dask executor", Construct: "celery_executor, docker_executor, dask_executor", Mage: "none (nearest: k8s, ecs, gcp_cloud_run)",
		Message:     "{construct} has no Mage equivalent: choose a Mage executor (k8s, ecs, gcp_cloud_run) instead",
		Explanation: "Mage does not run blocks on Celery, Docker or Dask workers.",
		Differences: []string{"Queue routing and worker pools are lost."}},
	{Code: "DM721", Tier: TierReview, Title: "Hook becomes a callback block", Construct: "success_hook, failure_hook", Mage: "callback block (@callback('success'/'failure'))",
		Message:     "{construct} {name} becomes a callback block attached to the blocks it guards",
		Explanation: "The hook body moves to a callback block; `context.op.name` becomes `kwargs['parent_block_uuid']` and the failure error arrives as `kwargs['__error']`.",
		Differences: []string{"HookContext resources are rebuilt from io_config."}},
	// DM8xx wiring
	{Code: "DM801", Tier: TierReview, Title: "Definitions become the Mage project", Construct: "Definitions", Mage: "Mage project (metadata.yaml, io_config.yaml, pipelines/)",
		Message:     "Definitions {name} is the entry point of the migration: resources go to io_config.yaml, jobs to pipelines, schedules and sensors to triggers",
		Explanation: "Mage has no registry object: the project folder is the registry.",
		Differences: []string{"Environment-dependent resource dictionaries become one io_config profile per environment.", "The code-location executor becomes the default executor."}},
	{Code: "DM802", Tier: TierConvert, Title: "Loading assets from modules", Construct: "load_assets_from_modules, load_assets_from_package_module", Mage: "nothing to write (key prefix and group applied to block names)",
		Message:     "{construct} needs nothing in Mage; its key_prefix and group_name are applied to the loaded assets' block names and pipelines",
		Explanation: "Every asset found in the listed modules is migrated.",
		Differences: []string{}},
	{Code: "DM803", Tier: TierReview, Title: "Legacy repository", Construct: "repository", Mage: "Mage project",
		Message:     "@repository {name} is treated like Definitions",
		Explanation: "The returned list or dict names the jobs, schedules and sensors to migrate.",
		Differences: []string{}},
	{Code: "DM804", Tier: TierReview, Title: "Definitions function", Construct: "definitions", Mage: "Mage project",
		Message:     "@definitions {name} is treated like the Definitions it returns",
		Explanation: "The function's returned Definitions are read statically.",
		Differences: []string{}},
	{Code: "DM805", Tier: TierReview, Title: "with_resources", Construct: "with_resources", Mage: "io_config profile",
		Message:     "with_resources binds resources like Definitions(resources=...); they go to io_config.yaml",
		Explanation: "Legacy resource binding.",
		Differences: []string{}},
	{Code: "DM806", Tier: TierReview, Title: "Definitions folder (dg project)", Construct: "load_from_defs_folder, load_defs", Mage: "Mage project tree",
		Message:     "{construct}: every module under the defs folder is migrated; YAML components need manual work",
		Explanation: "dg projects load every module under `defs/` without listing them.",
		Differences: []string{"Components defined in defs.yaml are only known at load time."}},
	// DM9xx no equivalent
	{Code: "DM901", Tier: TierManual, Title: "Dynamic definition", Construct: "any construct built in a loop or a factory", Mage: "none (write the blocks by hand)",
		Message:     "{construct} built dynamically ({detail}) cannot be translated statically; migrate the generated definitions by hand",
		Explanation: "Definitions created in loops, comprehensions or factory functions depend on values known only when the code runs.",
		Differences: []string{"Nothing is generated for these definitions."}},
	{Code: "DM902", Tier: TierReview, Title: "Declarative automation", Construct: "AutomationCondition, AutoMaterializePolicy", Mage: "time trigger (on_cron) or pipeline chaining",
		Message:     "{construct}: on_cron becomes a time trigger; eager/any_deps_updated become chaining in one pipeline; other conditions have no equivalent",
		Explanation: "Mage runs pipelines on triggers, not on asset conditions.",
		Differences: []string{"Dagster waits for all dependencies to update after the tick; Mage runs at the tick.", "missing(), code_version_changed() and composite conditions are not evaluated."}},
	{Code: "DM903", Tier: TierReview, Title: "Freshness policy", Construct: "FreshnessPolicy", Mage: "trigger sla + notification_config trigger_passed_sla",
		Message:     "{construct} becomes a trigger SLA with a notification (Mage measures the run, not the data age)",
		Explanation: "Freshness is observational in Dagster; Mage's nearest feature is the trigger SLA alert.",
		Differences: []string{"Mage measures run duration/lateness, not how old the data is."}},
	{Code: "DM904", Tier: TierManual, Title: "Component", Construct: "Component", Mage: "none",
		Message:     "component {name} produces definitions only known at load time; migrate what it builds by hand",
		Explanation: "Custom components generate definitions from YAML at load time.",
		Differences: []string{"Nothing is generated for the component."}},
	{Code: "DM905", Tier: TierManual, Title: "YAML component", Construct: "component in defs.yaml", Mage: "none",
		Message:     "component {name}: {detail}; migrate what it builds by hand",
		Explanation: "Components declared in a dg project's defs.yaml build their definitions when Dagster loads the project; a custom component runs project code that is not read statically.",
		Differences: []string{"Nothing is generated for the component."}},
}

var ruleIndex = func() map[string]int {
	sort.Slice(rules, func(i, j int) bool { return rules[i].Code < rules[j].Code })
	m := make(map[string]int, len(rules))
	for i, r := range rules {
		m[r.Code] = i
	}
	return m
}()

// Rules returns the catalog sorted by code.
func Rules() []Rule {
	out := make([]Rule, len(rules))
	copy(out, rules)
	return out
}

// LookupRule finds a rule by code.
func LookupRule(code string) (Rule, bool) {
	i, ok := ruleIndex[code]
	if !ok {
		return Rule{}, false
	}
	return rules[i], true
}
