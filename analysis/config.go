package analysis

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Pipeline strategies for assets not reached by a job.
const (
	StrategyJob    = "job"
	StrategyGroup  = "group"
	StrategySingle = "single"
)

// Config is the [tool.dagster2mage] table of pyproject.toml.
type Config struct {
	Out              string   `toml:"out"`
	PipelineStrategy string   `toml:"pipeline_strategy"`
	Select           []string `toml:"select"`
	Ignore           []string `toml:"ignore"`
	Exclude          []string `toml:"exclude"`
	// Path is the pyproject.toml the config came from ("" for defaults).
	Path string `toml:"-"`
}

// DefaultConfig returns the configuration used when pyproject.toml has no table.
func DefaultConfig() *Config {
	return &Config{Out: "mage_project", PipelineStrategy: StrategyJob}
}

// ConfigError is an invalid configuration, with the 1-based line when known.
type ConfigError struct {
	Path string
	Line int
	Msg  string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// LoadConfig reads [tool.dagster2mage] from dir/pyproject.toml. A missing file or table gives
// the defaults; an invalid file or value gives a *ConfigError (never ignored silently).
func LoadConfig(dir string) (*Config, error) {
	p := filepath.Join(dir, "pyproject.toml")
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return DefaultConfig(), nil
	}
	if err != nil {
		return DefaultConfig(), fmt.Errorf("read config: %w", err)
	}
	return ParseConfig(p, data)
}

// ParseConfig parses pyproject.toml content.
func ParseConfig(p string, data []byte) (*Config, error) {
	cfg := DefaultConfig()
	var doc struct {
		Tool struct {
			D2M toml.Primitive `toml:"dagster2mage"`
		} `toml:"tool"`
	}
	md, err := toml.Decode(string(data), &doc)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return cfg, &ConfigError{Path: p, Line: pe.Position.Line, Msg: pe.Message}
		}
		return cfg, &ConfigError{Path: p, Msg: err.Error()}
	}
	if !md.IsDefined("tool", "dagster2mage") {
		return cfg, nil
	}
	cfg.Path = p
	line := lineOfKey(data, "[tool.dagster2mage]")
	if err := md.PrimitiveDecode(doc.Tool.D2M, cfg); err != nil {
		return DefaultConfig(), &ConfigError{Path: p, Line: line, Msg: "[tool.dagster2mage]: " + err.Error()}
	}
	for _, k := range md.Undecoded() {
		if len(k) >= 3 && k[0] == "tool" && k[1] == "dagster2mage" {
			return DefaultConfig(), &ConfigError{Path: p, Line: lineOfKey(data, k[2]), Msg: fmt.Sprintf("unknown key %q in [tool.dagster2mage] (known: out, pipeline_strategy, select, ignore, exclude)", k[2])}
		}
	}
	switch cfg.PipelineStrategy {
	case "":
		cfg.PipelineStrategy = StrategyJob
	case StrategyJob, StrategyGroup, StrategySingle:
	default:
		return DefaultConfig(), &ConfigError{Path: p, Line: lineOfKey(data, "pipeline_strategy"), Msg: fmt.Sprintf("pipeline_strategy must be job, group or single, not %q", cfg.PipelineStrategy)}
	}
	for _, c := range append(append([]string(nil), cfg.Select...), cfg.Ignore...) {
		if !validCodePattern(c) {
			return DefaultConfig(), &ConfigError{Path: p, Line: lineOfKey(data, c), Msg: fmt.Sprintf("%q is not a rule code or prefix (e.g. DM101, DM1)", c)}
		}
	}
	for _, g := range cfg.Exclude {
		if _, err := path.Match(g, ""); err != nil {
			return DefaultConfig(), &ConfigError{Path: p, Line: lineOfKey(data, g), Msg: fmt.Sprintf("bad exclude glob %q: %v", g, err)}
		}
	}
	if cfg.Out == "" {
		cfg.Out = "mage_project"
	}
	return cfg, nil
}

func validCodePattern(c string) bool {
	if c == "ALL" {
		return true
	}
	if !strings.HasPrefix(c, "DM") || len(c) > 5 {
		return false
	}
	for _, r := range c[2:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// lineOfKey returns the 1-based line of the first occurrence of s (preferring its quoted
// form, as values appear in TOML), or 0.
func lineOfKey(data []byte, s string) int {
	i := strings.Index(string(data), strconv.Quote(s))
	if i < 0 {
		i = strings.Index(string(data), s)
	}
	if i < 0 {
		return 0
	}
	return strings.Count(string(data[:i]), "\n") + 1
}

// Enabled reports whether a rule code passes select/ignore (prefixes match: "DM1" selects DM1xx).
func (c *Config) Enabled(code string) bool {
	if c == nil {
		return true
	}
	match := func(list []string) bool {
		for _, p := range list {
			if p == "ALL" || strings.HasPrefix(code, p) {
				return true
			}
		}
		return false
	}
	if len(c.Select) > 0 && !match(c.Select) {
		return false
	}
	return !match(c.Ignore)
}

// Excluded reports whether a slash-separated path relative to the root matches an exclude
// glob (a glob matches the path, its base name, or any leading directory).
func (c *Config) Excluded(rel string) bool {
	if c == nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, g := range c.Exclude {
		g = strings.TrimSuffix(g, "/")
		if ok, _ := path.Match(g, rel); ok {
			return true
		}
		if ok, _ := path.Match(g, path.Base(rel)); ok {
			return true
		}
		parts := strings.Split(rel, "/")
		for i := 1; i < len(parts); i++ {
			if ok, _ := path.Match(g, strings.Join(parts[:i], "/")); ok {
				return true
			}
			if ok, _ := path.Match(g, parts[i-1]); ok {
				return true
			}
		}
		if strings.Contains(g, "**") {
			if globStar(g, rel) {
				return true
			}
		}
	}
	return false
}

// globStar supports "**/" segments matching any number of directories.
func globStar(g, rel string) bool {
	gp := strings.Split(g, "/")
	rp := strings.Split(rel, "/")
	var m func(i, j int) bool
	m = func(i, j int) bool {
		if i == len(gp) {
			return j == len(rp)
		}
		if gp[i] == "**" {
			for k := j; k <= len(rp); k++ {
				if m(i+1, k) {
					return true
				}
			}
			return false
		}
		if j == len(rp) {
			return false
		}
		ok, _ := path.Match(gp[i], rp[j])
		return ok && m(i+1, j+1)
	}
	return m(0, 0)
}
