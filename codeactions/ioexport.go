package codeactions

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
)

// warehouseFields maps the config fields of Dagster's Snowflake and BigQuery pandas IO managers
// to the io_config keys Mage's IO classes read (dagster-constructs.md §6.F, mage-format.md §7).
var warehouseFields = map[string]map[string]string{
	"snowflake": {"account": "SNOWFLAKE_ACCOUNT", "user": "SNOWFLAKE_USER", "password": "SNOWFLAKE_PASSWORD",
		"database": "SNOWFLAKE_DEFAULT_DB", "schema": "SNOWFLAKE_DEFAULT_SCHEMA", "warehouse": "SNOWFLAKE_DEFAULT_WH",
		"role": "SNOWFLAKE_ROLE", "private_key_path": "SNOWFLAKE_PRIVATE_KEY_PATH",
		"private_key_password": "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", "timeout": "SNOWFLAKE_TIMEOUT"},
	"bigquery": {"location": "GOOGLE_LOCATION", "dataset": "", "project": ""},
}

// warehouseProfile prepares a Snowflake or BigQuery pandas IO manager: its literal config becomes
// Mage's io_config keys, and ioExporters adds exporter blocks. False for other IO managers.
func (t *translator) warehouseProfile(rb *resourceBinding) bool {
	callee := rb.value.Name
	if rb.value.Kind == analysis.ValCall && rb.value.Callee != nil {
		callee = rb.value.Callee.Name
	}
	switch callee[strings.LastIndex(callee, ".")+1:] {
	case "SnowflakePandasIOManager":
		rb.warehouse = "snowflake"
	case "BigQueryPandasIOManager":
		rb.warehouse = "bigquery"
	default:
		return false
	}
	fields := warehouseFields[rb.warehouse]
	for _, kw := range rb.value.Kwargs {
		key, known := fields[kw.Name]
		v, ok := yamlValue(kw.Value)
		if !ok {
			if env := osEnv(kw.Value); env != "" {
				v, ok = env, true
			}
		}
		switch {
		case !known:
			rb.entry.noteOn(StatusReview, "DM406", "IO manager %q: %s has no io_config key in Mage's %s client; set it up by hand", rb.key, kw.Name, rb.warehouse)
		case !ok:
			rb.entry.noteOn(StatusReview, "DM406", "IO manager %q: %s = %s is not a literal; set it in io_config.yaml by hand", rb.key, kw.Name, kw.Value.Text)
		default:
			if s, isStr := v.(string); isStr && !strings.Contains(s, "{{") {
				switch kw.Name {
				case "schema", "dataset":
					rb.schema = s
				case "project":
					rb.project = s
				}
			}
			if key != "" {
				rb.profile = append(rb.profile, mage.KV{Key: key, Value: v})
			}
		}
	}
	if rb.warehouse == "bigquery" {
		rb.profile = append(rb.profile, mage.KV{Key: "GOOGLE_SERVICE_ACC_KEY_FILEPATH", Value: "{{ env_var('GOOGLE_APPLICATION_CREDENTIALS') }}"})
		rb.entry.noteOn(StatusReview, "DM406", "IO manager %q: Mage's BigQuery client reads a service account key (GOOGLE_SERVICE_ACC_KEY_FILEPATH, from GOOGLE_APPLICATION_CREDENTIALS here); gcp_credentials (base64) has no key", rb.key)
	}
	rb.entry.noteOn(StatusReview, "DM406", "IO manager %q (%s) becomes a data_exporter block after each asset it stored, writing the DataFrame with Mage's %s client and the io_config.yaml keys; other pipelines do not read the table back", rb.key, strings.Join(strings.Fields(rb.value.Text), " "), rb.warehouse)
	return true
}

// ioExporters adds, after every asset block whose IO manager wrote it somewhere Mage does not
// (DuckDB, Snowflake, BigQuery, a custom IO manager), a data_exporter block that writes the
// asset's value there, in every pipeline holding the asset.
func (t *translator) ioExporters() {
	for _, u := range t.order {
		if u.isOp && u.file != "" && u.code.returnsValue {
			t.noteOpIOManagers(u)
		}
		if u.isOp || u.file == "" || !u.code.returnsValue {
			continue
		}
		key := t.ioManagerKeyOf(u.def)
		rb := t.resources[key]
		if rb == nil {
			continue
		}
		if rb.whyNot != "" {
			u.entry.noteOn(StatusManual, "DM406", "%s stored its value with IO manager %q, which is not migrated (see its binding); write the exporter block by hand where the data must land", u.def.Name, key)
			continue
		}
		kind := rb.kind
		if kind == "io_warehouse" && rb.warehouse != "" {
			kind = rb.warehouse
		}
		if kind != "duckdb_io" && kind != "snowflake" && kind != "bigquery" && (kind != "io_custom" || rb.factory == "") {
			continue
		}
		if u.outs > 1 {
			u.entry.noteOn(StatusManual, "DM406", "the outputs of %s went through IO manager %q; write an exporter block by hand", u.uuid, key)
			continue
		}
		keyPath := t.ws.AssetKeyOf(u.def)
		if len(keyPath) == 0 {
			keyPath = []string{u.def.Name}
		}
		table := mage.CleanName(keyPath[len(keyPath)-1])
		schema := "public"
		if len(keyPath) > 1 {
			schema = mage.CleanName(keyPath[len(keyPath)-2])
		}
		param := mage.Identifier(u.uuidName())
		var suffix, title, code, note string
		switch kind {
		case "duckdb_io":
			if v, ok := rb.profile.Get(profileKey(key, "schema")); ok {
				if s, ok := v.(string); ok && !strings.Contains(s, "{{") {
					schema = mage.CleanName(s)
				}
			}
			suffix, title = "__to_duckdb", "DuckDB"
			code = fmt.Sprintf(duckdbExporter, rb.value.Name, key, u.def.Name, schema, table, u.uuid, t.project, param, pyQuote(profileKey(key, "database")))
			t.importLines = append(t.importLines, "import duckdb")
			note = fmt.Sprintf("writes the asset to DuckDB table %s.%s as Dagster's IO manager did", schema, table)
		case "snowflake", "bigquery":
			if rb.schema != "" {
				schema = rb.schema
			}
			if kind == "snowflake" {
				suffix, title = "__to_snowflake", "Snowflake"
				t.extraReqs = appendUniq(t.extraReqs, "snowflake-connector-python")
				code = fmt.Sprintf(snowflakeExporter, key, u.def.Name, schema, table, u.uuid, t.project, param, strings.ToUpper(table), strings.ToUpper(schema))
				note = fmt.Sprintf("writes the asset to Snowflake table %s.%s (database SNOWFLAKE_DEFAULT_DB of io_config.yaml) with Mage's Snowflake client; check the table name's case and the write mode (replace)", strings.ToUpper(schema), strings.ToUpper(table))
			} else {
				suffix, title = "__to_bigquery", "BigQuery"
				t.extraReqs = appendUniq(t.extraReqs, "google-cloud-bigquery")
				id := schema + "." + table
				if rb.project != "" {
					id = rb.project + "." + id
				}
				code = fmt.Sprintf(bigqueryExporter, key, u.def.Name, id, u.uuid, param)
				note = fmt.Sprintf("writes the asset to BigQuery table %s with Mage's BigQuery client; check the credentials key and the write mode (replace)", id)
			}
		case "io_custom":
			suffix, title = "__handle_output", "its IO manager"
			var todos []string
			code, todos = t.customIOExporter(rb, u, key, param)
			note = fmt.Sprintf("calls %s.handle_output with the block's value, as Dagster's IO manager %q did", rb.ioClass().def.VarName, key)
			for _, td := range todos {
				u.entry.noteOn(StatusManual, "DM406", "%s", td)
			}
		}
		uuid := t.uniqueUUID(u.uuid + suffix)
		file := mage.BlockPath(mage.DataExporter, uuid)
		t.files[file] = []byte(code)
		t.needIOConfig = true
		t.usedRes[key] = true
		for _, id := range t.pipeOrder {
			p := t.pipelines[id]
			if p.Block(u.uuid) == nil {
				continue
			}
			p.Blocks = append(p.Blocks, &mage.Block{UUID: uuid, Name: "export " + u.def.Name + " to " + title, Type: mage.DataExporter})
			p.Link(u.uuid, uuid)
			// A block reading u back with load_input must run once the exporter has stored it;
			// the exporter's (None) value lands in the reader's *args.
			for _, c := range t.order {
				if contains(c.loadsFrom, u.uuid) && p.Block(c.uuid) != nil {
					p.Link(uuid, c.uuid)
					c.entry.noteOn(StatusReview, "DM406", "block %s runs after %s, which stores what its load_input reads", c.uuid, uuid)
				}
			}
		}
		u.entry.addFile(file)
		u.entry.noteOn(StatusReview, "DM406", "block %s %s", uuid, note)
	}
}

// noteOpIOManagers says when an op's outputs went through an IO manager that stored them
// somewhere Mage does not (op blocks get no exporter block yet): a manual note per key.
func (t *translator) noteOpIOManagers(u *unit) {
	keys := []string{}
	for _, o := range u.def.Outs {
		k := o.IOManagerKey
		if k == "" {
			k = "io_manager"
		}
		keys = appendUniq(keys, k)
	}
	if len(keys) == 0 {
		keys = []string{"io_manager"}
	}
	for _, k := range keys {
		rb := t.resources[k]
		// As for assets: managers the binding already reports as not migratable (pickle stores,
		// Dagster-built classes) get no note per op.
		if rb == nil || !(rb.kind == "io_custom" && rb.factory != "" || rb.kind == "duckdb_io" || rb.warehouse != "" || rb.whyNot != "") {
			continue
		}
		u.entry.noteOn(StatusManual, "DM406", "op %s's output was stored by IO manager %q in Dagster; op blocks get no exporter block: add a data_exporter after %s that stores it (for a migrated custom IO manager, %s().handle_output)", u.def.Name, k, u.uuid, resourceFuncName(k)+"_resource")
	}
}

const duckdbExporter = `# Generated by dagster2mage: Dagster's %[1]s (resource %[2]q) stored asset %[3]s in
# DuckDB table %[4]s.%[5]s; this block writes it there, after block %[6]s.
from %[7]s.utils.resources import io_config

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export_%[8]s(%[8]s, *args, **kwargs):
    import duckdb

    conn = duckdb.connect(io_config().get(%[9]s) or ':memory:')
    try:
        conn.execute('CREATE SCHEMA IF NOT EXISTS %[4]s')
        conn.register('asset_value', %[8]s)
        conn.execute('CREATE OR REPLACE TABLE %[4]s.%[5]s AS SELECT * FROM asset_value')
    finally:
        conn.close()
`

const snowflakeExporter = `# Generated by dagster2mage: Dagster's SnowflakePandasIOManager (resource %[1]q) stored asset
# %[2]s in Snowflake table %[3]s.%[4]s; this block writes it there, after block %[5]s.
# TODO(dagster2mage): DM406 review: Dagster replaced the table's rows on each materialization;
# Mage's Snowflake client writes with if_exists='replace' below.
from os import path

from mage_ai.io.config import ConfigFileLoader
from mage_ai.settings.repo import get_repo_path
from %[6]s.utils.resources import io_config

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export_%[7]s(%[7]s, *args, **kwargs):
    # Imported here: Mage's Snowflake client needs snowflake-connector-python (requirements.txt).
    from mage_ai.io.snowflake import Snowflake

    config_path = path.join(get_repo_path(), 'io_config.yaml')
    with Snowflake.with_config(ConfigFileLoader(config_path, 'default')) as loader:
        loader.export(
            %[7]s,
            table_name='%[8]s',
            database=io_config().get('SNOWFLAKE_DEFAULT_DB'),
            schema='%[9]s',
            if_exists='replace',
        )
`

const bigqueryExporter = `# Generated by dagster2mage: Dagster's BigQueryPandasIOManager (resource %[1]q) stored asset
# %[2]s in BigQuery table %[3]s; this block writes it there, after block %[4]s.
# TODO(dagster2mage): DM406 review: the credentials come from GOOGLE_SERVICE_ACC_KEY_FILEPATH in
# io_config.yaml; Mage's BigQuery client writes with if_exists='replace' below.
from os import path

from mage_ai.io.config import ConfigFileLoader
from mage_ai.settings.repo import get_repo_path

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export_%[5]s(%[5]s, *args, **kwargs):
    # Imported here: Mage's BigQuery client needs google-cloud-bigquery (requirements.txt).
    from mage_ai.io.bigquery import BigQuery

    config_path = path.join(get_repo_path(), 'io_config.yaml')
    BigQuery.with_config(ConfigFileLoader(config_path, 'default')).export(
        %[5]s,
        '%[3]s',
        if_exists='replace',
    )
`

// outputContextAttrs are the OutputContext members the exporter's stand-in provides.
var outputContextAttrs = map[string]bool{"asset_key": true, "has_asset_key": true, "name": true, "has_partition_key": true,
	"partition_key": true, "metadata": true, "definition_metadata": true, "log": true, "step_key": true, "op_def": true,
	"resource_config": true, "dagster_type": true, "has_asset_partitions": true, "add_output_metadata": true}

var ctxAttrRE = regexp.MustCompile(`\b(\w+)\.(\w+)`)

// ioMethodTodos lists, as block comment lines and report notes, the context members a custom IO
// manager's method reads that the generated stand-in (members provided) does not have.
func (t *translator) ioMethodTodos(rb *resourceBinding, method string, provided map[string]bool) (lines, todos []string) {
	ctxName, body := "context", ""
	if c := rb.ioClass(); t.module(c.path) != nil {
		if st, _ := t.module(c.path).findClass(c.def.VarName); st != nil {
			body = st.text
			if i := strings.Index(body, "def "+method+"("); i >= 0 {
				sig := body[i+len("def "+method+"("):]
				if j := strings.Index(sig, ")"); j >= 0 {
					if ps := strings.Split(sig[:j], ","); len(ps) > 1 {
						ctxName = strings.TrimSpace(strings.SplitN(ps[1], ":", 2)[0])
					}
				}
				body = body[i:]
				if j := strings.Index(body[1:], "\n    def "); j >= 0 {
					body = body[:j+1]
				}
			}
		}
	}
	unknown := map[string]bool{}
	for _, m := range ctxAttrRE.FindAllStringSubmatch(body, -1) {
		if m[1] == ctxName && !provided[m[2]] {
			unknown[m[2]] = true
		}
	}
	var names []string
	for k := range unknown {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, n := range names {
		lines = append(lines, fmt.Sprintf("    # TODO(dagster2mage): DM406 %s reads %s.%s, which this stand-in does not provide.", method, ctxName, n))
		todos = append(todos, fmt.Sprintf("IO manager %q: %s reads %s.%s, which the block's context stand-in does not provide", rb.key, method, ctxName, n))
	}
	return lines, todos
}

// ioAssetKey returns the Python list of the unit's asset key and its partition key expression
// for an IO manager context stand-in, adding a TODO when the asset is partitioned.
func (t *translator) ioAssetKey(u *unit, key string, lines, todos []string) (string, string, []string, []string) {
	keyPath := t.ws.AssetKeyOf(u.def)
	if len(keyPath) == 0 {
		keyPath = []string{u.def.Name}
	}
	var quoted []string
	for _, k := range keyPath {
		quoted = append(quoted, pyQuote(k))
	}
	partition := "None"
	if u.def.Partitions != nil {
		partition = "kwargs.get('partition_key')"
		lines = append(lines, "    # TODO(dagster2mage): DM406 partitioned asset: set partition_key like the asset's block does.")
		todos = append(todos, fmt.Sprintf("IO manager %q: the asset is partitioned; the context stand-in's partition_key must be set like the asset block's", key))
	}
	return strings.Join(quoted, ", "), partition, lines, todos
}

// customIOExporter writes the block that calls a custom IO manager's handle_output with a
// stand-in for Dagster's OutputContext; members it cannot provide become TODOs.
func (t *translator) customIOExporter(rb *resourceBinding, u *unit, key, param string) (string, []string) {
	lines, todos := t.ioMethodTodos(rb, "handle_output", outputContextAttrs)
	keyList, partition, lines, todos := t.ioAssetKey(u, key, lines, todos)
	fn := resourceFuncName(key) + "_resource"
	code := fmt.Sprintf(`# Generated by dagster2mage: Dagster's IO manager %[1]s (resource %[2]q) stored asset %[3]s
# with handle_output; this block calls the same method (copied into utils/resources.py) with
# the value of block %[4]s and a stand-in for Dagster's OutputContext.
import logging
from types import SimpleNamespace

from %[5]s.utils.resources import %[13]s

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export_%[7]s(%[7]s, *args, **kwargs):
%[8]s    logger = kwargs.get('logger') or logging.getLogger(%[9]s)
    key_path = [%[10]s]
    partition_key = %[11]s
    context = SimpleNamespace(
        asset_key=SimpleNamespace(path=key_path, to_user_string=lambda: '/'.join(key_path), to_python_identifier=lambda: '__'.join(key_path)),
        has_asset_key=True,
        has_asset_partitions=partition_key is not None,
        has_partition_key=partition_key is not None,
        partition_key=partition_key,
        name=%[12]s,
        step_key=%[12]s,
        op_def=SimpleNamespace(name=%[12]s),
        metadata={},
        definition_metadata={},
        resource_config=%[14]s,
        dagster_type=None,
        log=logger,
        add_output_metadata=lambda metadata: logger.info('output metadata: %%s', metadata),
    )
    %[6]s().handle_output(context, %[7]s)
`, rb.ioClass().def.VarName, key, u.def.Name, u.uuid, t.project, fn, param, strings.Join(append(lines, ""), "\n"),
		pyQuote(u.uuid), keyList, partition, pyQuote(u.def.Name), rb.resourceImports(), rb.resourceConfigExpr())
	return code, todos
}
