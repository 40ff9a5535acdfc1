package analysis

// Form says how a construct was written.
type Form string

const (
	// FormDecorator is `@asset` / `@asset(...)` on a function.
	FormDecorator Form = "decorator"
	// FormCall is a call such as `define_asset_job(...)` or `asset(fn)`.
	FormCall Form = "call"
	// FormClass is a class deriving from a Dagster base (`class R(ConfigurableResource)`).
	FormClass Form = "class"
	// FormRef is a plain reference used as a value (`executor_def=in_process_executor`).
	FormRef Form = "reference"
	// FormYAML is a component instance declared in a dg project's defs.yaml.
	FormYAML Form = "yaml"
)

// Kind groups constructs by what they become.
type Kind string

// Kinds of constructs.
const (
	KindAsset       Kind = "asset"
	KindOp          Kind = "op"
	KindGraph       Kind = "graph"
	KindJob         Kind = "job"
	KindSchedule    Kind = "schedule"
	KindSensor      Kind = "sensor"
	KindResource    Kind = "resource"
	KindIOManager   Kind = "io_manager"
	KindConfig      Kind = "config"
	KindPartitions  Kind = "partitions"
	KindCheck       Kind = "check"
	KindRetry       Kind = "retry"
	KindHook        Kind = "hook"
	KindExecutor    Kind = "executor"
	KindDefinitions Kind = "definitions"
	KindAutomation  Kind = "automation"
	KindIntegration Kind = "integration"
	KindOther       Kind = "other"
)

// ParamRole classifies a function parameter of an asset, op or check.
type ParamRole string

// Parameter roles.
const (
	RoleContext  ParamRole = "context"
	RoleConfig   ParamRole = "config"
	RoleResource ParamRole = "resource"
	RoleInput    ParamRole = "input"
	RoleOther    ParamRole = "other" // *args, **kwargs, keyword-only after them
)

// Param is one parameter of a decorated function, in declaration order.
type Param struct {
	Name       string
	Role       ParamRole
	Annotation string // source text of the annotation, "" when absent
	Default    string // source text of the default, "" when absent
	Span       Span   // the whole parameter
	NameSpan   Span
	// UpstreamKey is the resolved asset key of an input parameter (from `ins` or the name).
	UpstreamKey []string
	// ResourceKey is the resource key of a resource parameter (its name).
	ResourceKey string
	Star        string // "*" or "**" for *args/**kwargs
}

// DepSource says where a dependency came from.
type DepSource string

// Dependency sources, in the order they are listed in Definition.Deps.
const (
	DepParam           DepSource = "param"
	DepDeps            DepSource = "deps"
	DepNonArgumentDeps DepSource = "non_argument_deps"
)

// Dep is one upstream dependency of an asset (or asset check).
type Dep struct {
	Key    []string  // resolved asset key; nil when not static
	Source DepSource // param / deps / non_argument_deps
	Param  string    // parameter name for param deps
	Expr   *Value    // the expression in deps=[...] (nil for plain parameters)
	Span   Span
}

// ValueKind is the syntactic kind of a static value.
type ValueKind string

// Value kinds.
const (
	ValString    ValueKind = "string"
	ValNumber    ValueKind = "number"
	ValBool      ValueKind = "bool"
	ValNone      ValueKind = "none"
	ValList      ValueKind = "list"
	ValTuple     ValueKind = "tuple"
	ValSet       ValueKind = "set"
	ValDict      ValueKind = "dict"
	ValName      ValueKind = "name"
	ValAttribute ValueKind = "attribute"
	ValCall      ValueKind = "call"
	ValBinary    ValueKind = "binary" // a | b, a & b, a - b, a + b ...
	ValUnary     ValueKind = "unary"  // ~a, -a, not a
	ValOther     ValueKind = "other"
)

// Value is a static model of a Python expression (a keyword argument, a list item...). It keeps
// the source text and span so a translator can read anything not specialised here.
type Value struct {
	Kind ValueKind
	Text string // source text
	Span Span
	// Str is the decoded value of a string literal (implicit concatenation joined; f-strings keep
	// their source text and set Dynamic).
	Str string
	// Num is the value of a number literal; Int reports whether it is an integer.
	Num float64
	Int bool
	// Bool is the value of True/False.
	Bool bool
	// Items holds list/tuple/set elements, or for calls the positional arguments.
	Items []*Value
	// Keys and Items pair up for dicts (Keys[i] → Items[i]).
	Keys []*Value
	// Kwargs holds a call's keyword arguments in source order.
	Kwargs []Kwarg
	// Name is the dotted source name for names/attributes, and the callee's for calls
	// (`dg.AssetKey`, `AssetSelection.groups`).
	Name string
	// Symbol is the resolved Dagster symbol ("dagster.AssetKey") for names, attributes and
	// callees that resolve to Dagster; "" otherwise.
	Symbol string
	// Callee is the callee expression of a call (for method chains such as
	// `AssetSelection.groups("a").downstream()` the callee is an attribute whose Object is the
	// inner call).
	Callee *Value
	// Object is the receiver of an attribute (`x` in `x.y`); Attr is the attribute name.
	Object *Value
	Attr   string
	// Op is the operator of a binary or unary value; Left/Right its operands (Right for unary).
	Op          string
	Left, Right *Value
	// Dynamic is set for f-strings and other strings that are not constant.
	Dynamic bool
}

// Kwarg is one keyword argument (`name=value`); Name is "**" for `**expr`.
type Kwarg struct {
	Name     string
	NameSpan Span
	Value    *Value
}

// Kwarg returns the keyword argument called name, or nil.
func (v *Value) Kwarg(name string) *Value {
	if v == nil {
		return nil
	}
	for _, k := range v.Kwargs {
		if k.Name == name {
			return k.Value
		}
	}
	return nil
}

// Arg returns the i-th positional argument of a call, or nil.
func (v *Value) Arg(i int) *Value {
	if v == nil || v.Kind != ValCall || i < 0 || i >= len(v.Items) {
		return nil
	}
	return v.Items[i]
}

// ArgOr returns keyword name if present, else the i-th positional argument.
func (v *Value) ArgOr(name string, i int) *Value {
	if k := v.Kwarg(name); k != nil {
		return k
	}
	return v.Arg(i)
}

// StringValue returns the string of a constant string literal.
func (v *Value) StringValue() (string, bool) {
	if v == nil || v.Kind != ValString || v.Dynamic {
		return "", false
	}
	return v.Str, true
}

// IntValue returns the integer value of a number literal.
func (v *Value) IntValue() (int, bool) {
	if v == nil || v.Kind != ValNumber || !v.Int {
		return 0, false
	}
	return int(v.Num), true
}

// DictGet returns the value for a constant string key of a dict value.
func (v *Value) DictGet(key string) *Value {
	if v == nil || v.Kind != ValDict {
		return nil
	}
	for i, k := range v.Keys {
		if s, ok := k.StringValue(); ok && s == key {
			return v.Items[i]
		}
	}
	return nil
}

// Partitions is a partitions definition resolved statically.
type Partitions struct {
	Construct    string // DailyPartitionsDefinition, StaticPartitionsDefinition, ...
	Kind         string // hourly, daily, weekly, monthly, time_window, static, dynamic, multi, other
	Start        string
	End          string
	Fmt          string
	Timezone     string
	MinuteOffset *int
	HourOffset   *int
	DayOffset    *int
	EndOffset    *int
	Cron         string   // TimeWindowPartitionsDefinition cron_schedule
	Keys         []string // static keys
	Name         string   // dynamic partitions name
	Dimensions   []PartitionDimension
	Var          string // module-level variable it came from, "" when inline
	Value        *Value
}

// PartitionDimension is one dimension of a MultiPartitionsDefinition.
type PartitionDimension struct {
	Name       string
	Partitions *Partitions
}

// RetryPolicy is a RetryPolicy(...) resolved statically.
type RetryPolicy struct {
	MaxRetries *int
	Delay      *float64
	Backoff    string // "", LINEAR, EXPONENTIAL
	Jitter     string // "", FULL, PLUS_MINUS
	Var        string
	Value      *Value
}

// Out is one output: a multi_asset `outs` entry / spec, or an op output.
type Out struct {
	Name         string
	Key          []string
	KeyPrefix    []string
	Group        string
	IOManagerKey string
	IsRequired   *bool
	Dynamic      bool // DynamicOut
	Construct    string
	Value        *Value
}

// Field is a field of a Config or resource class (or a config_schema entry).
type Field struct {
	Name     string
	Type     string // annotation text
	Default  string // default text, "" when none
	HasDef   bool
	EnvVar   string // EnvVar("X") default or {"env": "X"}
	Span     Span
	DefValue *Value
}

// CheckInfo describes an asset check.
type CheckInfo struct {
	Asset         []string // checked asset key
	AssetExpr     *Value
	Blocking      bool
	AdditionalIns []string
	AdditionalDep []string
	ValueParam    string // the parameter that receives the asset value
}

// ScheduleInfo describes a schedule.
type ScheduleInfo struct {
	Crons                                          []string
	CronExpr                                       *Value
	Timezone                                       string
	Job                                            string // job name (variable resolved to its Definition name when possible)
	JobVar                                         string // python variable referenced
	JobExpr                                        *Value
	Target                                         *Value
	DefaultStatus                                  string // RUNNING / STOPPED / ""
	RunConfig                                      *Value
	FromPartitionedJob                             bool
	MinuteOfHour, HourOfDay, DayOfWeek, DayOfMonth *int
}

// SensorInfo describes a sensor.
type SensorInfo struct {
	Jobs            []string
	JobVars         []string
	JobExprs        []*Value
	Target          *Value
	MinimumInterval *int
	DefaultStatus   string
	AssetKey        []string // asset_sensor
	RunStatus       string   // run_status_sensor: SUCCESS, FAILURE...
	MonitoredJobs   []string
	RequestJobs     []string
}

// OpCall is one invocation inside a job/graph body, in source order.
type OpCall struct {
	Op      string // the called function's name (the op/graph python name)
	Alias   string // .alias("x")
	Span    Span
	Args    []OpArg  // argument bindings
	Results []string // variables the result is assigned to (tuple unpacking gives several)
	Mapped  bool     // called through .map(fn)
	Collect bool     // result .collect()ed
	Source  string   // for .map: the variable/call mapped over
	Hooks   *Value
	Retry   *Value
	Tags    *Value
}

// OpArg binds an input of an op call.
type OpArg struct {
	Param  string // keyword name, "" for positional
	Index  int    // positional index
	From   string // the variable or op call result bound ("" when not a known result)
	FromOp int    // index into JobInfo.Calls of the producing call, -1 when unknown
	Output string // output name/index for tuple-unpacked or indexed results
	Text   string
}

// JobInfo describes an @job/@graph body or a to_job conversion.
type JobInfo struct {
	Calls         []OpCall
	GraphVar      string // for GraphDefinition.to_job: the graph variable
	ResourceDefs  *Value
	Config        *Value
	Executor      *Value
	Hooks         *Value
	OpRetryPolicy *RetryPolicy
	Tags          *Value
}

// Selection is a parsed asset selection.
type Selection struct {
	Kind string // all, keys, key_match, groups, key_prefixes, string, union, intersect, diff, upstream, downstream, roots, sinks, tag, kind, owner, other, list
	// Keys holds asset keys (Kind keys/string/list) or prefixes (key_prefixes), or for Kind
	// tag one [key] or [key, value] pair.
	Keys   [][]string
	Groups []string
	// Values holds the kind names (Kind kind), owners (Kind owner) or key patterns with *
	// wildcards (Kind key_match).
	Values []string
	// Refs are Python names of definitions (`AssetSelection.assets(users)`), resolved by the
	// workspace through the file's imports.
	Refs []string
	// Pattern for string selections: "*a", "a+" ... Upstream/Downstream depths (-1 = all).
	Upstream, Downstream int
	Include              bool // include_self for .upstream/.downstream
	Left, Right          *Selection
	Static               bool // fully statically resolvable
	Text                 string
	Span                 Span
}

// AssetJobInfo describes define_asset_job.
type AssetJobInfo struct {
	Selection     *Selection
	SelectionExpr *Value
	Partitions    *Partitions
	Config        *Value
	Executor      *Value
	Hooks         *Value
	OpRetryPolicy *RetryPolicy
	Tags          *Value
}

// DefinitionsInfo is the content of a Definitions(...) / @repository / @definitions.
type DefinitionsInfo struct {
	Assets    []*Value
	Checks    []*Value
	Jobs      []*Value
	Schedules []*Value
	Sensors   []*Value
	Resources []ResourceBinding
	Executor  *Value
	Loaded    []LoadCall // load_assets_from_modules calls seen in the assets list
	Merge     bool
}

// ResourceBinding is one `key: resource` entry.
type ResourceBinding struct {
	Key   string
	Value *Value
}

// LoadCall is a load_assets_from_modules / load_assets_from_package_module call.
type LoadCall struct {
	Func      string
	Modules   []string // module names (dotted, as referenced)
	KeyPrefix []string
	Group     string
	Span      Span
	Value     *Value
}

// ResourceInfo describes a resource class or resource function.
type ResourceInfo struct {
	Bases  []string
	Fields []Field
	Key    string // resource key when bound (workspace fills it)
}

// Definition is one recognized Dagster construct: where it is in this snapshot of its file,
// and (embedded) what it is.
//
// A keystroke moves every statement after it, and a 5,000-line file holds a thousand
// definitions: re-analysis copies only this small header per moved definition and shares the
// DefCore, which never changes once its statement is analyzed. The spans here are in this
// snapshot; spans held inside the DefCore (values, parameters, dependencies...) are where the
// statement was when it was analyzed, and Abs moves them here.
type Definition struct {
	*DefCore

	Span     Span // the whole definition, decorators included
	Head     Span // `@dg.asset`, the callee of a call, or the class name — where diagnostics go
	NameSpan Span // function/class/variable name identifier

	// Parent is the index in FileModel.Defs of the definition this one is nested in (a
	// RetryPolicy inside @op, a define_asset_job inside Definitions), -1 at top level.
	Parent int

	shift int // this snapshot's offset minus the one the DefCore's spans were recorded at
}

// Abs returns a span recorded inside d's DefCore (a Value's, a Param's, a Dep's...) as an
// offset in d's snapshot.
func (d *Definition) Abs(s Span) Span { return shiftSpan(s, d.shift) }

// DefCore is the position-independent part of a Definition, shared between snapshots.
type DefCore struct {
	Construct string // canonical Dagster name: asset, op, define_asset_job, ConfigurableResource...
	Symbol    string // fully qualified symbol, e.g. dagster.asset
	Kind      Kind
	Form      Form
	Name      string   // effective Dagster name (name= or the function/variable name)
	VarName   string   // Python function, class or variable name ("" when anonymous)
	Key       []string // asset key path (assets, external specs)
	KeyPrefix []string
	Group     string

	// Where the parameters, the body and the docstring are (recorded with the statement:
	// Definition.Abs moves them to a snapshot).
	ParamsSpan Span
	BodySpan   Span
	DocSpan    Span
	Docstring  string
	ReturnType string
	Async      bool
	Generator  bool // body yields

	Call   *Value // the decorator call or the construct call with every argument
	Params []Param
	Deps   []Dep

	Partitions        *Partitions
	Retry             *RetryPolicy
	Outs              []Out
	ConfigClass       string
	ConfigFields      []Field // for Config classes, and of ConfigClass when it is in the same file
	ConfigSchema      *Value
	RequiredResources []string
	IOManagerKey      string
	Check             *CheckInfo
	Schedule          *ScheduleInfo
	Sensor            *SensorInfo
	Job               *JobInfo
	AssetJob          *AssetJobInfo
	Definitions       *DefinitionsInfo
	Resource          *ResourceInfo

	// Dynamic marks definitions built in loops or factories; Reason says why.
	Dynamic bool
	Reason  string
	// Computed once when the definition's statement is complete (definitions are immutable
	// afterwards and may be shared between snapshots).
	summary uint64
	ftext   *FindingText
}

// Import is one binding created by an import statement.
type Import struct {
	Local  string // the bound name (alias or first component)
	Module string // imported module (`dagster`, `.defs`, `dagster_dbt`)
	Name   string // imported name, "" for `import x`
	Star   bool
	Span   Span
	Level  int // leading dots of relative imports
}

// FileModel is the per-file Dagster model.
type FileModel struct {
	Path        string
	Module      string // dotted module name relative to the workspace root ("" when unknown)
	Doc         *Document
	Defs        []*Definition
	Dynamic     []*Definition
	Unknown     map[string]int // names imported/used from dagster that are not in the symbol index
	ParseErrors int
	Imports     []Import
	UsesDagster bool
	// Aliases maps local names to resolved dagster symbols (after imports).
	Aliases map[string]string
	// Exports maps module-level names to the dagster symbols they re-export, for cross-file
	// resolution.
	Exports map[string]string
	// Vars maps module-level variable names to the index of the definition they hold.
	Vars map[string]int
	// Values maps module-level variables holding an asset selection or a list
	// (`MARTS = AssetSelection.groups("m")`, `DAILY = [a, b]`) to their expression.
	Values map[string]*Value
	// Noqa maps 0-based lines to suppressed codes (nil slice = all codes).
	Noqa map[int][]string

	stmtOrder []*stmtEntry // per-statement results for AnalyzeIncremental, in source order
	docID     uint64
}
