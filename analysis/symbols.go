package analysis

import "strings"

// construct describes how a Dagster symbol is modelled.
type construct struct {
	kind Kind
	code string // rule code of the finding it raises ("" = part of another construct only)
	// registers marks things that define something Dagster registers (an asset, a job, a
	// schedule...): built inside a loop or a function they are reported as dynamic.
	registers bool
}

// constructs maps a canonical Dagster name to its model. Names are unique across dagster and
// the integration packages, so a flat table keyed by the last path component is enough.
var constructs = map[string]construct{
	// assets
	"asset":                              {KindAsset, "DM101", true},
	"multi_asset":                        {KindAsset, "DM102", true},
	"graph_asset":                        {KindAsset, "DM103", true},
	"graph_multi_asset":                  {KindAsset, "DM103", true},
	"AssetSpec":                          {KindAsset, "DM104", true},
	"SourceAsset":                        {KindAsset, "DM105", true},
	"observable_source_asset":            {KindAsset, "DM105", true},
	"multi_observable_source_asset":      {KindAsset, "DM105", true},
	"AssetsDefinition":                   {KindAsset, "DM106", true},
	"AssetsDefinition.from_graph":        {KindAsset, "DM106", true},
	"AssetsDefinition.from_op":           {KindAsset, "DM106", true},
	"dbt_assets":                         {KindIntegration, "DM110", true},
	"sling_assets":                       {KindIntegration, "DM111", true},
	"dlt_assets":                         {KindIntegration, "DM111", true},
	"build_fivetran_assets":              {KindIntegration, "DM111", true},
	"fivetran_assets":                    {KindIntegration, "DM111", true},
	"load_assets_from_fivetran_instance": {KindIntegration, "DM111", true},
	"airbyte_assets":                     {KindIntegration, "DM111", true},
	"build_airbyte_assets":               {KindIntegration, "DM111", true},
	"load_assets_from_airbyte_instance":  {KindIntegration, "DM111", true},
	"PipesSubprocessClient":              {KindIntegration, "DM112", false},
	"PipesK8sClient":                     {KindIntegration, "DM112", false},
	"PipesDatabricksClient":              {KindIntegration, "DM112", false},
	"PipesECSClient":                     {KindIntegration, "DM112", false},
	// ops, graphs, jobs
	"op":                     {KindOp, "DM201", true},
	"OpDefinition":           {KindOp, "DM201", true},
	"graph":                  {KindGraph, "DM202", true},
	"GraphDefinition":        {KindGraph, "DM202", true},
	"job":                    {KindJob, "DM203", true},
	"JobDefinition":          {KindJob, "DM205", true},
	"define_asset_job":       {KindJob, "DM204", true},
	"GraphDefinition.to_job": {KindJob, "DM205", true},
	"DynamicOut":             {KindOp, "DM206", false},
	// schedules and sensors
	"schedule":                            {KindSchedule, "DM301", true},
	"ScheduleDefinition":                  {KindSchedule, "DM302", true},
	"build_schedule_from_partitioned_job": {KindSchedule, "DM303", true},
	"sensor":                              {KindSensor, "DM311", true},
	"SensorDefinition":                    {KindSensor, "DM312", true},
	"asset_sensor":                        {KindSensor, "DM313", true},
	"multi_asset_sensor":                  {KindSensor, "DM314", true},
	"run_status_sensor":                   {KindSensor, "DM315", true},
	"run_failure_sensor":                  {KindSensor, "DM316", true},
	"make_slack_on_run_failure_sensor":    {KindSensor, "DM316", true},
	"AutomationConditionSensorDefinition": {KindSensor, "DM317", true},
	"build_sensor_for_freshness_checks":   {KindSensor, "DM317", true},
	// resources, IO managers, config
	"ConfigurableResource":         {KindResource, "DM401", false},
	"resource":                     {KindResource, "DM402", true},
	"ResourceDefinition":           {KindResource, "DM402", false},
	"ConfigurableIOManager":        {KindIOManager, "DM404", false},
	"ConfigurableIOManagerFactory": {KindIOManager, "DM404", false},
	"IOManager":                    {KindIOManager, "DM404", false},
	"UPathIOManager":               {KindIOManager, "DM404", false},
	"io_manager":                   {KindIOManager, "DM404", true},
	"fs_io_manager":                {KindIOManager, "DM405", false},
	"FilesystemIOManager":          {KindIOManager, "DM405", false},
	"mem_io_manager":               {KindIOManager, "DM405", false},
	"InMemoryIOManager":            {KindIOManager, "DM405", false},
	"DuckDBPandasIOManager":        {KindIOManager, "DM406", false},
	"DuckDBPolarsIOManager":        {KindIOManager, "DM406", false},
	"DuckDBPySparkIOManager":       {KindIOManager, "DM406", false},
	"SnowflakePandasIOManager":     {KindIOManager, "DM406", false},
	"SnowflakeIOManager":           {KindIOManager, "DM406", false},
	"BigQueryPandasIOManager":      {KindIOManager, "DM406", false},
	"BigQueryIOManager":            {KindIOManager, "DM406", false},
	"S3PickleIOManager":            {KindIOManager, "DM406", false},
	"s3_pickle_io_manager":         {KindIOManager, "DM406", false},
	"GCSPickleIOManager":           {KindIOManager, "DM406", false},
	"DuckDBResource":               {KindResource, "DM403", false},
	"SnowflakeResource":            {KindResource, "DM403", false},
	"BigQueryResource":             {KindResource, "DM403", false},
	"GCSResource":                  {KindResource, "DM403", false},
	"S3Resource":                   {KindResource, "DM403", false},
	"s3_resource":                  {KindResource, "DM403", false},
	"RedshiftResource":             {KindResource, "DM403", false},
	"PySparkResource":              {KindResource, "DM403", false},
	"DbtCliResource":               {KindResource, "DM403", false},
	"SlackResource":                {KindResource, "DM403", false},
	"SlingResource":                {KindResource, "DM403", false},
	"DagsterDltResource":           {KindResource, "DM403", false},
	"Config":                       {KindConfig, "DM407", false},
	"PermissiveConfig":             {KindConfig, "DM407", false},
	"make_values_resource":         {KindConfig, "DM410", false},
	"EnvVar":                       {KindConfig, "DM409", false},
	// partitions
	"DailyPartitionsDefinition":              {KindPartitions, "DM501", false},
	"HourlyPartitionsDefinition":             {KindPartitions, "DM501", false},
	"WeeklyPartitionsDefinition":             {KindPartitions, "DM501", false},
	"MonthlyPartitionsDefinition":            {KindPartitions, "DM501", false},
	"TimeWindowPartitionsDefinition":         {KindPartitions, "DM501", false},
	"StaticPartitionsDefinition":             {KindPartitions, "DM502", false},
	"DynamicPartitionsDefinition":            {KindPartitions, "DM503", false},
	"MultiPartitionsDefinition":              {KindPartitions, "DM504", false},
	"BackfillPolicy":                         {KindPartitions, "DM505", false},
	"TimeWindowPartitionMapping":             {KindPartitions, "DM506", false},
	"AllPartitionMapping":                    {KindPartitions, "DM506", false},
	"LastPartitionMapping":                   {KindPartitions, "DM506", false},
	"IdentityPartitionMapping":               {KindPartitions, "DM506", false},
	"StaticPartitionMapping":                 {KindPartitions, "DM506", false},
	"MultiPartitionMapping":                  {KindPartitions, "DM506", false},
	"MultiToSingleDimensionPartitionMapping": {KindPartitions, "DM506", false},
	"SpecificPartitionsPartitionMapping":     {KindPartitions, "DM506", false},
	"daily_partitioned_config":               {KindPartitions, "DM507", false},
	"hourly_partitioned_config":              {KindPartitions, "DM507", false},
	"weekly_partitioned_config":              {KindPartitions, "DM507", false},
	"monthly_partitioned_config":             {KindPartitions, "DM507", false},
	"static_partitioned_config":              {KindPartitions, "DM507", false},
	"dynamic_partitioned_config":             {KindPartitions, "DM507", false},
	// checks
	"asset_check":                           {KindCheck, "DM601", true},
	"AssetCheckSpec":                        {KindCheck, "DM603", false},
	"multi_asset_check":                     {KindCheck, "DM604", true},
	"build_column_schema_change_checks":     {KindCheck, "DM605", true},
	"build_last_update_freshness_checks":    {KindCheck, "DM605", true},
	"build_time_partition_freshness_checks": {KindCheck, "DM605", true},
	"build_metadata_bounds_checks":          {KindCheck, "DM605", true},
	// retries, executors, hooks
	"RetryPolicy":             {KindRetry, "DM701", false},
	"multiprocess_executor":   {KindExecutor, "DM711", false},
	"in_process_executor":     {KindExecutor, "DM711", false},
	"k8s_job_executor":        {KindExecutor, "DM712", false},
	"ecs_executor":            {KindExecutor, "DM712", false},
	"celery_executor":         {KindExecutor, "DM713", false},
	"celery_k8s_job_executor": {KindExecutor, "DM713", false},
	"docker_executor":         {KindExecutor, "DM713", false},
	"dask_executor":           {KindExecutor, "DM713", false},
	"success_hook":            {KindHook, "DM721", true},
	"failure_hook":            {KindHook, "DM721", true},
	"slack_on_failure":        {KindHook, "DM721", false},
	// wiring
	"Definitions":                     {KindDefinitions, "DM801", true},
	"Definitions.merge":               {KindDefinitions, "DM801", true},
	"load_assets_from_modules":        {KindDefinitions, "DM802", false},
	"load_assets_from_package_module": {KindDefinitions, "DM802", false},
	"load_assets_from_current_module": {KindDefinitions, "DM802", false},
	"load_asset_checks_from_modules":  {KindDefinitions, "DM802", false},
	"repository":                      {KindDefinitions, "DM803", true},
	"definitions":                     {KindDefinitions, "DM804", true},
	"with_resources":                  {KindDefinitions, "DM805", false},
	"load_from_defs_folder":           {KindDefinitions, "DM806", false},
	"load_defs":                       {KindDefinitions, "DM806", false},
	// no direct equivalent
	"AutomationCondition":   {KindAutomation, "DM902", false},
	"AutoMaterializePolicy": {KindAutomation, "DM902", false},
	"FreshnessPolicy":       {KindAutomation, "DM903", false},
	"LegacyFreshnessPolicy": {KindAutomation, "DM903", false},
	"Component":             {KindOther, "DM904", false},
}

// knownNames lists the rest of the Dagster symbol index: names that are recognised (so not
// counted as unknown) but raise no finding of their own.
var knownNames = strings.Fields(`
AssetKey AssetIn AssetOut AssetDep AssetSelection AssetExecutionContext OpExecutionContext
AssetCheckResult AssetCheckSeverity AssetCheckExecutionContext AssetCheckKey MaterializeResult ObserveResult
Output DynamicOutput In Out Nothing DagsterType PythonObjectDagsterType RunConfig Field Shape
Permissive Selector Array Noneable Enum EnumValue StringSource IntSource BoolSource ResourceParam
InputContext OutputContext InitResourceContext DefaultScheduleStatus DefaultSensorStatus RunRequest
SkipReason SensorResult ScheduleEvaluationContext SensorEvaluationContext RunStatusSensorContext
RunFailureSensorContext DagsterRunStatus EventLogEntry AddDynamicPartitionsRequest
DeleteDynamicPartitionsRequest PartitionsDefinition MultiPartitionKey PartitionedConfig Backoff Jitter
RetryRequested Failure AutoMaterializeRule MetadataValue AssetMaterialization AssetObservation
DataVersion get_dagster_logger materialize materialize_to_memory build_asset_context build_op_context
build_sensor_context build_schedule_context build_init_resource_context build_resources Resolvable
ComponentLoadContext component_instance HookContext TableSchema TableColumn TableRecord
TableMetadataValue MarkdownMetadataValue JsonMetadataValue DagsterInstance DagsterEventType
ExpectationResult TypeCheck TypeCheckContext ConfigMapping config_mapping OpDefinition
SensorDefinition ScheduleDefinition Any List Dict Optional Int String Bool Float Tuple Set
DagsterRunStatus RunsFilter instance_for_test execute_job reconstructable DagsterError
DagsterInvariantViolationError AssetValueLoader Definitions DbtProject DagsterDbtTranslator
DagsterDbtTranslatorSettings build_dbt_asset_selection get_asset_key_for_model get_asset_key_for_source
DbtProjectComponent DagsterDltTranslator DagsterSlingTranslator SlingConnectionResource
SlingReplicationCollectionComponent file_relative_path check AssetsDefinition LoggerDefinition
logger ExecutorDefinition executor DagsterLogManager with_source_code_references
link_code_references_to_git AnchorBasedFilePathMapping TimeWindow AssetCheckEvaluation
AssetMaterializationPlannedData FreshnessCheckResult SourceAsset Out ins DbtCliInvocation
Definitions ExperimentalWarning BetaWarning PreviewWarning SupersessionWarning
ScheduleExecutionContext SensorExecutionContext UnresolvedAssetJobDefinition
AssetSelectionCondition PartitionKeyRange TimeWindowPartitionsDefinition
`)

// isKnown reports whether name (the last path component) is part of the Dagster symbol index.
func isKnown(name string) bool {
	if _, ok := constructs[name]; ok {
		return true
	}
	_, ok := knownSet[name]
	return ok
}

var knownSet = func() map[string]struct{} {
	m := make(map[string]struct{}, len(knownNames))
	for _, n := range knownNames {
		m[n] = struct{}{}
	}
	return m
}()

// publishedPackages lists the dagster_* modules published on PyPI. A project's own package that
// merely starts with "dagster_" (dagster_university, dagster_project...) is not Dagster.
var publishedPackages = func() map[string]bool {
	m := map[string]bool{"dagster": true, "dagstermill": true}
	for _, n := range strings.Fields(`adbc airbyte airflow airlift anthropic apprise async_executor authentication
authkit aws azure bash blueprints celery celery_docker celery_k8s census chroma cli clickhouse
clickhouse_pandas clickhouse_polars cloud cloud_backend cloud_cli cloud_examples cloudquery
community_components components composable_graphs contrib_gcp cron cube cube_dbt dask databricks
datacontract datadog dataform dataframely datahub db dbt delta delta_polars deltalake
deltalake_pandas deltalake_polars dg dg_cli dg_core dify dingtalk dlt docker docker_swarm dora drt
duckdb duckdb_pandas duckdb_polars duckdb_pyspark ducklake elasticsearch embedded_elt evidence ext
ext_process fivetran flyte fmt gcp gcp_pandas gcp_pyspark ge gemini github gitlab graphql hashicorp
hex hightouch ibis iceberg insights k8s kafka looker malloy managed_elements mcp meltano mlflow modal
msteams mysql nomad openai openlineage otel pagerduty pandas pandera papertrail pipes plus polars
polytomic postgres powerbi prefect prometheus pydantic pyspark qdrant ray rest_resources rudderstack
salesforce sdf serde sftp shared sharepoint shell sigma slack sling snowflake snowflake_pandas
snowflake_polars snowflake_pyspark soda spark sqlalchemy sqlmesh ssh static stitch tableau teradata
twilio uc vertexai wandb weaviate webserver`) {
		m["dagster_"+n] = true
	}
	return m
}()

// isDagsterModule reports whether a module path belongs to Dagster or one of its published
// packages.
func isDagsterModule(mod string) bool {
	top := mod
	if i := strings.IndexByte(mod, '.'); i >= 0 {
		top = mod[:i]
	}
	return publishedPackages[top]
}

// canonical returns the canonical construct name of a fully qualified Dagster symbol:
// "dagster._core.definitions.decorators.asset_decorator.asset" → "asset";
// "dagster.AssetsDefinition.from_graph" → "AssetsDefinition.from_graph".
func canonical(symbol string) string {
	parts := strings.Split(symbol, ".")
	n := len(parts)
	if n >= 2 && (parts[n-1] == "configured" || parts[n-1] == "configure_at_launch") {
		// fs_io_manager.configured({...}) is still fs_io_manager.
		parts = parts[:n-1]
		n--
	}
	if n >= 2 {
		two := parts[n-2] + "." + parts[n-1]
		if _, ok := constructs[two]; ok {
			return two
		}
		// Class attributes such as AssetSelection.groups keep their class.
		if first := parts[n-2]; first != "" && first[0] >= 'A' && first[0] <= 'Z' && isKnown(first) {
			return two
		}
	}
	return parts[n-1]
}
