package mage

import (
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// IOConfigVersion is the version key Mage's template writes at the top of io_config.yaml.
const IOConfigVersion = "0.1.1"

// Render returns every file of the project, sorted by path, byte-identical for the same model.
// Package folders (project root, block folders, utils, pipelines and their sub-folders) get an
// empty __init__.py unless the project supplies one.
func Render(pr *Project) []File {
	files := map[string][]byte{}
	for p, c := range pr.Files {
		files[p] = c
	}
	files["metadata.yaml"] = RenderProjectMetadata(pr.Metadata)
	files["io_config.yaml"] = RenderIOConfig(pr.Profiles)
	files["requirements.txt"] = renderRequirements(pr.Requirements)
	for _, p := range pr.Pipelines {
		files[path.Join("pipelines", p.UUID, "metadata.yaml")] = RenderPipeline(p)
		if len(p.Triggers) > 0 {
			files[path.Join("pipelines", p.UUID, "triggers.yaml")] = RenderTriggers(p.Triggers)
		}
	}
	packages := map[string]bool{"": true, "utils": true, "pipelines": true}
	for p := range files {
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			packages[dir] = true
		}
	}
	for dir := range packages {
		init := path.Join(dir, "__init__.py")
		if _, ok := files[init]; !ok {
			files[init] = nil
		}
	}
	out := make([]File, 0, len(files))
	for p, c := range files {
		out = append(out, File{Path: p, Content: c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func renderRequirements(reqs []string) []byte {
	seen := map[string]bool{}
	var lines []string
	for _, r := range reqs {
		if r = strings.TrimSpace(r); r != "" && !seen[r] {
			seen[r] = true
			lines = append(lines, r)
		}
	}
	sort.Strings(lines)
	if len(lines) == 0 {
		return nil
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}

// RenderProjectMetadata renders the project metadata.yaml: outputs kept inside the project
// (relative variables_dir), telemetry off so runs are hermetic.
func RenderProjectMetadata(m ProjectMetadata) []byte {
	dir := m.VariablesDir
	if dir == "" {
		dir = "mage_data"
	}
	n := mapping("project_type", "standalone", "variables_dir", dir, "help_improve_mage", false)
	if m.Retry != nil {
		n.Content = append(n.Content, str("retry_config"), retryNode(m.Retry))
	}
	if m.Notification != nil {
		n.Content = append(n.Content, str("notification_config"), notificationNode(m.Notification))
	}
	return encode(n)
}

// RenderIOConfig renders io_config.yaml; without profiles it still writes an empty default one
// so ConfigFileLoader(..., 'default') finds it.
func RenderIOConfig(profiles []Profile) []byte {
	n := mapping("version", IOConfigVersion)
	if len(profiles) == 0 {
		profiles = []Profile{{Name: "default"}}
	}
	for _, p := range profiles {
		n.Content = append(n.Content, str(p.Name), toNode(p.Keys))
	}
	return encode(n)
}

func retryNode(r *RetryConfig) *yaml.Node {
	return mapping("retries", r.Retries, "delay", r.Delay, "max_delay", r.MaxDelay,
		"exponential_backoff", r.ExponentialBackoff)
}

func notificationNode(nc *NotificationConfig) *yaml.Node {
	n := mapping("alert_on", nc.AlertOn)
	if len(nc.SlackConfig) > 0 {
		n.Content = append(n.Content, str("slack_config"), toNode(nc.SlackConfig))
	}
	return n
}

func blockNode(b *Block) *yaml.Node {
	lang := b.Language
	if lang == "" {
		lang = "python"
	}
	name := b.Name
	if name == "" {
		name = b.UUID
	}
	cfg := mapping()
	if b.Configuration.Dynamic {
		cfg.Content = append(cfg.Content, str("dynamic"), toNode(true))
	}
	if b.Configuration.ReduceOutput {
		cfg.Content = append(cfg.Content, str("reduce_output"), toNode(true))
	}
	for _, kv := range b.Configuration.Extra {
		cfg.Content = append(cfg.Content, str(kv.Key), toNode(kv.Value))
	}
	if len(cfg.Content) > 0 {
		cfg.Style = 0
	}
	n := mapping("uuid", b.UUID, "name", name, "type", string(b.Type), "language", lang,
		"upstream_blocks", strSeq(b.Upstream), "downstream_blocks", strSeq(b.Downstream),
		"configuration", cfg)
	if b.Retry != nil {
		n.Content = append(n.Content, str("retry_config"), retryNode(b.Retry))
	}
	if b.ExecutorType != "" {
		n.Content = append(n.Content, str("executor_type"), str(b.ExecutorType))
	}
	if b.Timeout > 0 {
		n.Content = append(n.Content, str("timeout"), toNode(b.Timeout))
	}
	if b.ReplicatedBlock != "" {
		n.Content = append(n.Content, str("replicated_block"), str(b.ReplicatedBlock))
	}
	return n
}

func blockSeq(bs []*Block) *yaml.Node {
	items := make([]*yaml.Node, 0, len(bs))
	for _, b := range bs {
		items = append(items, blockNode(b))
	}
	return seq(items)
}

// RenderPipeline renders pipelines/<uuid>/metadata.yaml with every key Mage reads as a list or
// map written explicitly (never null).
func RenderPipeline(p *Pipeline) []byte { return encode(pipelineNode(p)) }

func pipelineNode(p *Pipeline) *yaml.Node {
	name := p.Name
	if name == "" {
		name = p.UUID
	}
	n := mapping("name", name, "uuid", p.UUID, "type", "python")
	if p.Description != "" {
		n.Content = append(n.Content, str("description"), str(p.Description))
	}
	tags := p.Tags
	if tags == nil {
		tags = []string{}
	}
	n.Content = append(n.Content,
		str("tags"), strSeq(tags),
		str("variables"), toNode(p.Variables),
		str("blocks"), blockSeq(p.Blocks),
		str("callbacks"), blockSeq(p.Callbacks),
		str("conditionals"), blockSeq(p.Conditionals),
		str("widgets"), blockSeq(p.Widgets),
		str("extensions"), mapping(),
	)
	if c := p.Concurrency; c != nil {
		cn := mapping()
		for _, kv := range []KV{{"block_run_limit", c.BlockRunLimit}, {"pipeline_run_limit", c.PipelineRunLimit},
			{"pipeline_run_limit_all_triggers", c.PipelineRunLimitAllTriggers}} {
			if kv.Value.(int) > 0 {
				cn.Content = append(cn.Content, str(kv.Key), toNode(kv.Value))
			}
		}
		if c.OnPipelineRunLimitReached != "" {
			cn.Content = append(cn.Content, str("on_pipeline_run_limit_reached"), str(c.OnPipelineRunLimitReached))
		}
		if len(cn.Content) > 0 {
			cn.Style = 0
		}
		n.Content = append(n.Content, str("concurrency_config"), cn)
	}
	if p.Notification != nil {
		n.Content = append(n.Content, str("notification_config"), notificationNode(p.Notification))
	}
	if p.ExecutorType != "" {
		n.Content = append(n.Content, str("executor_type"), str(p.ExecutorType))
	}
	if p.RunInOneProcess {
		n.Content = append(n.Content, str("run_pipeline_in_one_process"), toNode(true))
	}
	return n
}

// RenderTriggers renders triggers.yaml. Every entry carries the four keys Mage requires
// (name, schedule_type, schedule_interval, start_time) and only keys Mage knows.
func RenderTriggers(ts []*Trigger) []byte {
	items := make([]*yaml.Node, 0, len(ts))
	for _, t := range ts {
		interval, start := null(), null()
		if t.ScheduleInterval != "" {
			interval = str(t.ScheduleInterval)
		}
		if t.StartTime != nil {
			start = timestamp(*t.StartTime)
		}
		status := t.Status
		if status == "" {
			status = "inactive"
		}
		n := mapping("name", t.Name, "schedule_type", t.ScheduleType, "schedule_interval", interval,
			"start_time", start, "status", status, "variables", toNode(t.Variables),
			"settings", settingsNode(t.Settings))
		if t.Description != "" {
			n.Content = append(n.Content, str("description"), str(t.Description))
		}
		if t.SLA > 0 {
			n.Content = append(n.Content, str("sla"), toNode(t.SLA))
		}
		items = append(items, n)
	}
	return encode(mapping("triggers", seq(items)))
}

func settingsNode(s TriggerSettings) *yaml.Node {
	n := mapping()
	addBool := func(k string, v *bool) {
		if v != nil {
			n.Content = append(n.Content, str(k), toNode(*v))
		}
	}
	addInt := func(k string, v *int) {
		if v != nil {
			n.Content = append(n.Content, str(k), toNode(*v))
		}
	}
	addBool("skip_if_previous_running", s.SkipIfPreviousRunning)
	addBool("allow_blocks_to_fail", s.AllowBlocksToFail)
	addBool("create_initial_pipeline_run", s.CreateInitialPipelineRun)
	addBool("landing_time_enabled", s.LandingTimeEnabled)
	addInt("pipeline_run_limit", s.PipelineRunLimit)
	addInt("timeout", s.Timeout)
	if s.TimeoutStatus != "" {
		n.Content = append(n.Content, str("timeout_status"), str(s.TimeoutStatus))
	}
	if len(n.Content) > 0 {
		n.Style = 0
	}
	return n
}
