package mage

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Problem is one violation of Mage's load or run rules.
type Problem struct {
	Path    string // file relative to the project root
	Message string
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// Known keys, from Mage's dataclasses: anything else is a TypeError at load or run time.
var (
	retryKeys   = keySet("retries", "delay", "max_delay", "exponential_backoff")
	triggerKeys = keySet("name", "schedule_type", "schedule_interval", "start_time", "status",
		"variables", "sla", "settings", "envs", "last_enabled_at", "description", "token", "repo_path")
	triggerRequired = []string{"name", "schedule_type", "schedule_interval", "start_time"}
	settingsKeys    = keySet("skip_if_previous_running", "allow_blocks_to_fail",
		"create_initial_pipeline_run", "landing_time_enabled", "pipeline_run_limit", "timeout",
		"timeout_status")
	concurrencyKeys = keySet("block_run_limit", "pipeline_run_limit",
		"pipeline_run_limit_all_triggers", "on_pipeline_run_limit_reached")
	languageExt = map[string]string{"python": "py", "sql": "sql", "r": "r", "yaml": "yaml", "markdown": "md"}
	envNames    = keySet("dev", "prod", "staging", "test", "test_mage")
)

func keySet(keys ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// Validate renders the project and checks the rendered files plus the project name.
func Validate(pr *Project) []Problem {
	files := map[string][]byte{}
	for _, f := range Render(pr) {
		files[f.Path] = f.Content
	}
	return ValidateFiles(pr.Name, files)
}

// ValidateDir reads a project folder from disk and validates it; the folder name is the project
// name. Runtime folders (mage_data, .dagster2mage, __pycache__) are skipped.
func ValidateDir(dir string) ([]Problem, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "mage_data", ".dagster2mage", "__pycache__", ".variables", ".logs":
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("validate %s: %w", dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("validate %s: %w", dir, err)
	}
	return ValidateFiles(filepath.Base(abs), files), nil
}

type validator struct {
	files    map[string][]byte
	problems []Problem
	py       map[string]*PyInfo
}

func (v *validator) add(p, format string, args ...any) {
	v.problems = append(v.problems, Problem{p, fmt.Sprintf(format, args...)})
}

func (v *validator) inspect(p string) *PyInfo {
	if pi, ok := v.py[p]; ok {
		return pi
	}
	pi := InspectPython(v.files[p])
	v.py[p] = pi
	return pi
}

// ValidateFiles checks a project given as files (path relative to the root → content). It returns
// every problem found, sorted by path.
func ValidateFiles(name string, files map[string][]byte) []Problem {
	v := &validator{files: files, py: map[string]*PyInfo{}}
	if !IsIdentifier(name) {
		v.add(".", "project folder name %q is not a Python identifier: blocks cannot import %s.utils", name, name)
	}
	if _, ok := files["settings.yaml"]; ok {
		v.add("settings.yaml", "must not exist: it switches Mage to project-platform mode")
	}
	if _, ok := files["__init__.py"]; !ok {
		v.add("__init__.py", "missing: shared code cannot be imported as %s.utils", name)
	}
	if b, ok := files["metadata.yaml"]; ok {
		if m := v.loadMap("metadata.yaml", b); m != nil {
			if rc, ok := m["retry_config"]; ok {
				v.checkRetry("metadata.yaml", "project", rc)
			}
		}
	}
	if b, ok := files["io_config.yaml"]; ok {
		v.loadMap("io_config.yaml", b)
	}
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		dir, base := path.Split(p)
		parts := strings.Split(strings.TrimSuffix(dir, "/"), "/")
		switch {
		case strings.HasSuffix(p, ".py"):
			if n := v.inspect(p).ErrorNodes; n > 0 {
				v.add(p, "Python syntax errors (%d error nodes)", n)
			}
		case len(parts) == 2 && parts[0] == "pipelines" && base == "metadata.yaml":
			v.checkPipeline(parts[1], p, files[p])
		case len(parts) == 2 && parts[0] == "pipelines" && base == "triggers.yaml":
			v.checkTriggers(p, files[p])
		case strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml"):
			var x any
			if err := yaml.Unmarshal(files[p], &x); err != nil {
				v.add(p, "invalid YAML: %v", err)
			}
		}
	}
	sort.SliceStable(v.problems, func(i, j int) bool { return v.problems[i].Path < v.problems[j].Path })
	return v.problems
}

func (v *validator) loadMap(p string, b []byte) map[string]any {
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		v.add(p, "invalid YAML mapping: %v", err)
		return nil
	}
	return m
}

func (v *validator) checkRetry(p, owner string, rc any) {
	m, ok := rc.(map[string]any)
	if !ok {
		v.add(p, "%s retry_config must be a mapping", owner)
		return
	}
	for k := range m {
		if !retryKeys[k] {
			v.add(p, "%s retry_config has unknown key %q (Mage raises TypeError)", owner, k)
		}
	}
}

type blockEntry struct {
	list                  string
	uuid, typ, lang, repl string
	upstream, downstream  []string
	dynamic, reduce       bool
	raw                   map[string]any
}

func (v *validator) checkPipeline(folder, p string, b []byte) {
	m := v.loadMap(p, b)
	if m == nil {
		return
	}
	if len(m) == 0 {
		v.add(p, "empty pipeline config (Mage: Invalid pipeline config)")
		return
	}
	if !ValidUUID(folder) || strings.Contains(folder, "/") {
		v.add(p, "pipeline folder %q is not a valid uuid", folder)
	}
	if u, _ := m["uuid"].(string); u != folder {
		v.add(p, "uuid %q differs from the folder name %q (Mage uses the folder)", u, folder)
	}
	if _, ok := m["name"].(string); !ok {
		v.add(p, "name missing")
	}
	if t, _ := m["type"].(string); t != "python" {
		v.add(p, "type %q: a migrated batch pipeline must be python", t)
	}
	if vars, ok := m["variables"]; !ok || vars == nil {
		v.add(p, "variables must be a mapping (null makes Mage read legacy global variables)")
	} else if _, ok := vars.(map[string]any); !ok {
		v.add(p, "variables must be a mapping")
	}
	if ext, ok := m["extensions"]; ok && ext == nil {
		v.add(p, "extensions: null crashes Mage's loader")
	}
	if cc, ok := m["concurrency_config"].(map[string]any); ok {
		for k := range cc {
			if !concurrencyKeys[k] {
				v.add(p, "concurrency_config has unknown key %q", k)
			}
		}
	}
	var entries []*blockEntry
	seen := map[string]bool{}
	for _, list := range []string{"blocks", "callbacks", "conditionals", "widgets"} {
		raw, ok := m[list]
		if !ok || raw == nil {
			v.add(p, "%s must be a list, not missing or null", list)
			continue
		}
		items, ok := raw.([]any)
		if !ok {
			v.add(p, "%s must be a list", list)
			continue
		}
		for i, it := range items {
			e := v.blockEntry(p, list, i, it)
			if e == nil {
				continue
			}
			if seen[e.uuid] {
				v.add(p, "duplicate uuid %q across blocks/callbacks/conditionals/widgets", e.uuid)
			}
			seen[e.uuid] = true
			entries = append(entries, e)
		}
	}
	v.checkEdges(p, entries)
	for _, e := range entries {
		v.checkBlockFile(p, e)
	}
}

func (v *validator) blockEntry(p, list string, i int, it any) *blockEntry {
	bm, ok := it.(map[string]any)
	if !ok {
		v.add(p, "%s[%d] is not a mapping", list, i)
		return nil
	}
	e := &blockEntry{list: list, raw: bm}
	e.uuid, _ = bm["uuid"].(string)
	e.typ, _ = bm["type"].(string)
	e.lang, _ = bm["language"].(string)
	e.repl, _ = bm["replicated_block"].(string)
	if e.lang == "" {
		e.lang = "python"
	}
	if !ValidUUID(e.uuid) {
		v.add(p, "%s[%d]: uuid %q breaks Mage's naming rules (lower-case [a-z0-9_] and '/', no leading digit)", list, i, e.uuid)
		if e.uuid == "" {
			return nil
		}
	}
	if !knownBlockTypes[BlockType(e.typ)] {
		v.add(p, "block %s: invalid block type %q", e.uuid, e.typ)
	}
	if _, ok := languageExt[e.lang]; !ok {
		v.add(p, "block %s: unknown language %q", e.uuid, e.lang)
	}
	for _, key := range []string{"upstream_blocks", "downstream_blocks"} {
		raw, ok := bm[key]
		if !ok {
			continue
		}
		if raw == nil {
			v.add(p, "block %s: %s is null (crashes Mage's loader); write []", e.uuid, key)
			continue
		}
		xs, ok := raw.([]any)
		if !ok {
			v.add(p, "block %s: %s must be a list", e.uuid, key)
			continue
		}
		for _, x := range xs {
			s, _ := x.(string)
			if key == "upstream_blocks" {
				e.upstream = append(e.upstream, s)
			} else {
				e.downstream = append(e.downstream, s)
			}
		}
	}
	if cfg, ok := bm["configuration"]; ok && cfg != nil {
		cm, ok := cfg.(map[string]any)
		if !ok {
			v.add(p, "block %s: configuration must be a mapping", e.uuid)
		}
		if d, ok := cm["dynamic"]; ok {
			b, isBool := d.(bool)
			if !isBool {
				v.add(p, "block %s: configuration.dynamic must be a boolean", e.uuid)
			}
			e.dynamic = b
		}
		e.reduce, _ = cm["reduce_output"].(bool)
	}
	if rc, ok := bm["retry_config"]; ok && rc != nil {
		v.checkRetry(p, "block "+e.uuid, rc)
	}
	return e
}

// checkEdges: upstream/downstream mirror each other among executable blocks; add-ons attach
// through their own upstream_blocks only; no cycle through downstream_blocks.
func (v *validator) checkEdges(p string, entries []*blockEntry) {
	byUUID := map[string]*blockEntry{}
	for _, e := range entries {
		byUUID[e.uuid] = e
	}
	for _, e := range entries {
		for _, u := range e.upstream {
			up := byUUID[u]
			switch {
			case up == nil:
				v.add(p, "block %s: upstream %q is not in the pipeline (Mage drops it and the arity changes)", e.uuid, u)
			case e.list == "callbacks" || e.list == "conditionals":
				if contains(up.downstream, e.uuid) {
					v.add(p, "block %s lists add-on %s in downstream_blocks; add-ons attach only through their upstream_blocks", u, e.uuid)
				}
			case !contains(up.downstream, e.uuid):
				v.add(p, "block %s lists %s upstream but %s does not list it downstream (it would never run in mage run)", e.uuid, u, u)
			}
		}
		for _, d := range e.downstream {
			down := byUUID[d]
			switch {
			case down == nil:
				v.add(p, "block %s: downstream %q is not in the pipeline", e.uuid, d)
			case !contains(down.upstream, e.uuid):
				v.add(p, "block %s lists %s downstream but %s does not list it upstream", e.uuid, d, d)
			}
		}
	}
	// Cycle detection over downstream_blocks, like Pipeline.validate.
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var stack []string
	var visit func(u string) bool
	visit = func(u string) bool {
		color[u] = grey
		stack = append(stack, u)
		if e := byUUID[u]; e != nil {
			for _, d := range e.downstream {
				if byUUID[d] == nil {
					continue
				}
				switch color[d] {
				case grey:
					v.add(p, "cycle: %s --> %s", strings.Join(stack, " --> "), d)
					return true
				case white:
					if visit(d) {
						return true
					}
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[u] = black
		return false
	}
	for _, e := range entries {
		if color[e.uuid] == white && visit(e.uuid) {
			return
		}
	}
}

func (v *validator) checkBlockFile(p string, e *blockEntry) {
	t := BlockType(e.typ)
	if e.lang != "python" || !knownBlockTypes[t] {
		return
	}
	var decorators []string
	switch {
	case t.Executable():
		decorators = []string{t.Decorator()}
	case t == Callback:
		decorators = []string{"callback", "on_success", "on_failure"}
	case t == Conditional:
		decorators = []string{"condition"}
	default:
		return
	}
	fileUUID := e.uuid
	if e.repl != "" {
		fileUUID = e.repl
	}
	fp := BlockPath(t, fileUUID)
	if _, ok := v.files[fp]; !ok {
		v.add(p, "block %s: file %s is missing", e.uuid, fp)
		return
	}
	pi := v.inspect(fp)
	var fn *PyFunc
	var dec string
	for _, d := range decorators {
		if fn = pi.Decorated(d); fn != nil {
			dec = d
			break
		}
	}
	if fn == nil {
		v.add(fp, "no function decorated with @%s (Mage: does not have any decorated functions)", decorators[0])
		return
	}
	if !pi.Guarded[dec] {
		v.add(fp, "the import of @%s is not guarded by `if '%s' not in globals():`", dec, dec)
	}
	for _, u := range pi.Unguarded {
		v.add(fp, "unguarded import of %s from %s replaces Mage's collector", u, decoratorsModule)
	}
	if pi.UsesFile {
		v.add(fp, "uses __file__, which is undefined when Mage execs a block")
	}
	if t.Executable() {
		n := len(e.upstream)
		switch in := fn.Inputs(); {
		case in > n:
			v.add(fp, "%s takes %d input parameters but block %s has %d upstream blocks (Mage: missing upstream dependencies)", fn.Name, in, e.uuid, n)
		case in < n && !fn.Has(ParamVarArgs):
			v.add(fp, "%s takes %d input parameters and no *args but block %s has %d upstream blocks", fn.Name, in, e.uuid, n)
		}
		if !fn.Has(ParamVarKwargs) {
			v.add(fp, "%s has no **kwargs: it would receive no pipeline variables", fn.Name)
		}
	}
}

func (v *validator) checkTriggers(p string, b []byte) {
	m := v.loadMap(p, b)
	if m == nil {
		return
	}
	raw, ok := m["triggers"]
	items, isList := raw.([]any)
	if !ok || !isList {
		v.add(p, "top-level key triggers must be a list")
		return
	}
	names := map[string]bool{}
	for i, it := range items {
		tm, ok := it.(map[string]any)
		if !ok {
			v.add(p, "triggers[%d] is not a mapping", i)
			continue
		}
		label := fmt.Sprintf("triggers[%d]", i)
		if n, _ := tm["name"].(string); n != "" {
			label = "trigger " + n
			if names[n] {
				v.add(p, "%s: duplicate name", label)
			}
			names[n] = true
		} else {
			v.add(p, "%s: name must be a non-empty string", label)
		}
		for _, k := range triggerRequired {
			if _, ok := tm[k]; !ok {
				v.add(p, "%s: required key %q missing (Mage skips the trigger)", label, k)
			}
		}
		var keys []string
		for k := range tm {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !triggerKeys[k] {
				v.add(p, "%s: unknown key %q (Mage skips the trigger)", label, k)
			}
		}
		switch st, _ := tm["schedule_type"].(string); st {
		case "time", "api", "event":
		default:
			v.add(p, "%s: schedule_type %q is not time, api or event", label, st)
		}
		if s, ok := tm["status"]; ok {
			if s != "active" && s != "inactive" {
				v.add(p, "%s: status %v is not active or inactive", label, s)
			}
		}
		if st, ok := tm["settings"]; ok && st != nil {
			sm, ok := st.(map[string]any)
			if !ok {
				v.add(p, "%s: settings must be a mapping", label)
			}
			for k := range sm {
				if !settingsKeys[k] {
					v.add(p, "%s: unknown settings key %q", label, k)
				}
			}
		}
		if envs, ok := tm["envs"].([]any); ok {
			for _, e := range envs {
				if s, _ := e.(string); !envNames[s] {
					v.add(p, "%s: env %v is not one of Mage's environments", label, e)
				}
			}
		}
	}
}
