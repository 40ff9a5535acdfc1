package mage

import (
	"path"
	"time"
)

// BlockType is a Mage block type (the `type` key of a block entry).
type BlockType string

// The block types a generator emits.
const (
	DataLoader   BlockType = "data_loader"
	Transformer  BlockType = "transformer"
	DataExporter BlockType = "data_exporter"
	Custom       BlockType = "custom"
	Sensor       BlockType = "sensor"
	Callback     BlockType = "callback"
	Conditional  BlockType = "conditional"
	Chart        BlockType = "chart"
	Scratchpad   BlockType = "scratchpad"
	Markdown     BlockType = "markdown"
)

// knownBlockTypes is Mage's BlockType enum (models/constants.py).
var knownBlockTypes = map[BlockType]bool{
	"callback": true, "conditional": true, "chart": true, "custom": true, "data_exporter": true,
	"data_loader": true, "dbt": true, "dynamic_child": true, "extension": true,
	"global_data_product": true, "hook": true, "markdown": true, "scratchpad": true,
	"sensor": true, "transformer": true, "group": true, "pipeline": true,
}

// Dir is the project folder holding blocks of this type: the type plus "s", except custom.
func (t BlockType) Dir() string {
	if t == Custom {
		return "custom"
	}
	return string(t) + "s"
}

// Decorator is the decorator name Mage injects into a block file of this type.
func (t BlockType) Decorator() string {
	switch t {
	case Conditional:
		return "condition"
	default:
		return string(t)
	}
}

// Executable reports whether blocks of this type run in a pipeline and need a decorated function
// whose arity matches their upstream blocks.
func (t BlockType) Executable() bool {
	switch t {
	case DataLoader, Transformer, DataExporter, Custom, Sensor:
		return true
	}
	return false
}

// BlockPath is the file of a Python block relative to the project root: <type>s/<uuid>.py.
func BlockPath(t BlockType, uuid string) string {
	return path.Join(t.Dir(), uuid+".py")
}

// RetryConfig is Mage's RetryConfig dataclass; Mage rejects any other key.
type RetryConfig struct {
	Retries            int
	Delay              int
	MaxDelay           int
	ExponentialBackoff bool
}

// Configuration is a block's `configuration` map. Only true flags are written.
type Configuration struct {
	Dynamic      bool
	ReduceOutput bool
	Extra        Map // other keys (data_provider, ...), written after the flags
}

// Block is one entry of a pipeline's blocks/callbacks/conditionals/widgets lists.
type Block struct {
	UUID     string
	Name     string
	Type     BlockType
	Language string // "python" when empty
	// Upstream is the order of the block function's positional parameters.
	Upstream        []string
	Downstream      []string
	Configuration   Configuration
	Retry           *RetryConfig
	ExecutorType    string
	Timeout         int // seconds; 0 = unset
	ReplicatedBlock string
}

// Path is the block's file relative to the project root. A replica uses its original's file.
func (b *Block) Path() string {
	if b.ReplicatedBlock != "" {
		return BlockPath(b.Type, b.ReplicatedBlock)
	}
	return BlockPath(b.Type, b.UUID)
}

// ConcurrencyConfig is Mage's ConcurrencyConfig; zero fields are omitted.
type ConcurrencyConfig struct {
	BlockRunLimit               int
	PipelineRunLimit            int
	PipelineRunLimitAllTriggers int
	OnPipelineRunLimitReached   string // wait | skip
}

// NotificationConfig is the subset of Mage's notification_config a migration writes.
type NotificationConfig struct {
	AlertOn     []string // trigger_failure, trigger_success, trigger_passed_sla
	SlackConfig Map      // e.g. webhook_url
}

// Pipeline is pipelines/<uuid>/metadata.yaml (+ triggers.yaml).
type Pipeline struct {
	UUID         string
	Name         string
	Description  string
	Tags         []string
	Variables    Map
	Blocks       []*Block
	Callbacks    []*Block
	Conditionals []*Block
	Widgets      []*Block
	Concurrency  *ConcurrencyConfig
	Notification *NotificationConfig
	ExecutorType string
	// RunInOneProcess maps to run_pipeline_in_one_process.
	RunInOneProcess bool
	Triggers        []*Trigger
}

// AllBlocks returns blocks, callbacks, conditionals and widgets in that order.
func (p *Pipeline) AllBlocks() []*Block {
	var out []*Block
	out = append(out, p.Blocks...)
	out = append(out, p.Callbacks...)
	out = append(out, p.Conditionals...)
	out = append(out, p.Widgets...)
	return out
}

// Block returns the block (of any list) with this uuid, or nil.
func (p *Pipeline) Block(uuid string) *Block {
	// No AllBlocks copy: linking a thousand-block pipeline looks up every block.
	for _, list := range [...][]*Block{p.Blocks, p.Callbacks, p.Conditionals, p.Widgets} {
		for _, b := range list {
			if b.UUID == uuid {
				return b
			}
		}
	}
	return nil
}

// Link adds the edge up → down to the executable blocks, keeping both lists mirrored and in
// insertion order (which is the positional-parameter order of down).
func (p *Pipeline) Link(up, down string) {
	u, d := p.Block(up), p.Block(down)
	if u == nil || d == nil {
		return
	}
	if !contains(d.Upstream, up) {
		d.Upstream = append(d.Upstream, up)
	}
	if !contains(u.Downstream, down) {
		u.Downstream = append(u.Downstream, down)
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

// Schedule types of a trigger.
const (
	ScheduleTime = "time"
	ScheduleAPI  = "api"
)

// Trigger is one entry of triggers.yaml.
type Trigger struct {
	Name             string
	ScheduleType     string // time | api
	ScheduleInterval string // cron or @daily...; empty writes null
	StartTime        *time.Time
	Status           string // active | inactive
	Variables        Map
	Settings         TriggerSettings
	Description      string
	SLA              int // seconds; 0 = unset
}

// TriggerSettings holds the keys of Mage's SettingsConfig; nil/empty fields are omitted.
type TriggerSettings struct {
	SkipIfPreviousRunning    *bool
	AllowBlocksToFail        *bool
	CreateInitialPipelineRun *bool
	LandingTimeEnabled       *bool
	PipelineRunLimit         *int
	Timeout                  *int
	TimeoutStatus            string
}

// Profile is one named io_config.yaml profile.
type Profile struct {
	Name string
	Keys Map
}

// ProjectMetadata is the project-level metadata.yaml.
type ProjectMetadata struct {
	VariablesDir string // default "mage_data" (relative: resolved inside the project)
	Retry        *RetryConfig
	Notification *NotificationConfig
}

// File is a generated file, path relative to the project root (slash-separated).
type File struct {
	Path    string
	Content []byte
}

// Project is a whole Mage project.
type Project struct {
	// Name is the project folder name; it must be a Python identifier so blocks can import
	// `<name>.utils.x`.
	Name         string
	Metadata     ProjectMetadata
	Profiles     []Profile
	Pipelines    []*Pipeline
	Requirements []string
	// Files holds block files, utils modules and any other file by path relative to the
	// project root. Package __init__.py files are added by Render.
	Files map[string][]byte
}

// Pipeline returns the pipeline with this uuid, or nil.
func (pr *Project) Pipeline(uuid string) *Pipeline {
	for _, p := range pr.Pipelines {
		if p.UUID == uuid {
			return p
		}
	}
	return nil
}

// SetFile adds or replaces a file.
func (pr *Project) SetFile(rel string, content []byte) {
	if pr.Files == nil {
		pr.Files = map[string][]byte{}
	}
	pr.Files[rel] = content
}
