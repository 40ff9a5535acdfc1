package server

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// Settings are the client-side settings, from initializationOptions, workspace/configuration
// (section "dagster2mage", per folder) or didChangeConfiguration. Set fields override
// [tool.dagster2mage] in the folder's pyproject.toml; unset ones leave it alone.
type Settings struct {
	Out              string   `json:"out,omitempty"`              // output folder, relative to the workspace folder
	ProjectName      string   `json:"projectName,omitempty"`      // Mage project name (default: the folder's name)
	PipelineStrategy string   `json:"pipelineStrategy,omitempty"` // passed to the translator
	Select           []string `json:"select,omitempty"`           // rule codes or prefixes to report
	Ignore           []string `json:"ignore,omitempty"`           // rule codes or prefixes to silence
	Exclude          []string `json:"exclude,omitempty"`          // globs the workspace scan skips
	// Severity maps a tier (convert, review, manual) to "information" or "hint".
	Severity map[string]string `json:"severity,omitempty"`
	// RulesURL is the documentation link for a rule; "{code}" is replaced by the code.
	RulesURL string `json:"rulesURL,omitempty"`
	// WorkspaceDiagnostics publishes findings for every indexed file, not just open ones.
	WorkspaceDiagnostics bool `json:"workspaceDiagnostics,omitempty"`
}

// parseSettings accepts either the settings object itself or one wrapped in
// {"dagster2mage": {...}}, as VS Code's configuration sync sends it.
func parseSettings(raw json.RawMessage) (Settings, error) {
	var st Settings
	if len(raw) == 0 || string(raw) == "null" {
		return st, nil
	}
	var wrapped struct {
		D2M *json.RawMessage `json:"dagster2mage"`
	}
	if json.Unmarshal(raw, &wrapped) == nil && wrapped.D2M != nil {
		raw = *wrapped.D2M
		if string(raw) == "null" {
			return st, nil
		}
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, err
	}
	for k, v := range st.Severity {
		if _, ok := severityNames[v]; !ok {
			return st, errors.New("severity." + k + ": want information or hint, got " + strconv.Quote(v))
		}
	}
	return st, nil
}

// merge layers b over a: set fields of b win.
func (a Settings) merge(b Settings) Settings {
	if b.Out != "" {
		a.Out = b.Out
	}
	if b.ProjectName != "" {
		a.ProjectName = b.ProjectName
	}
	if b.PipelineStrategy != "" {
		a.PipelineStrategy = b.PipelineStrategy
	}
	if b.Select != nil {
		a.Select = b.Select
	}
	if b.Ignore != nil {
		a.Ignore = b.Ignore
	}
	if b.Exclude != nil {
		a.Exclude = b.Exclude
	}
	if b.Severity != nil {
		a.Severity = b.Severity
	}
	if b.RulesURL != "" {
		a.RulesURL = b.RulesURL
	}
	a.WorkspaceDiagnostics = a.WorkspaceDiagnostics || b.WorkspaceDiagnostics
	return a
}

// globalSettings are initializationOptions overlaid with pushed configuration.
func (ss *session) globalSettings() Settings {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.initial.merge(ss.pushed)
}

// folderSettings are the settings that apply to files in f.
func (s *Server) folderSettings(f *folder) Settings {
	g := s.sess.globalSettings()
	f.mu.Lock()
	defer f.mu.Unlock()
	return g.merge(f.settings)
}

// effectiveLocked computes the analysis configuration: pyproject.toml, then client
// settings. f.mu must be held.
func (f *folder) effectiveLocked() *analysis.Config {
	c := *f.pyCfg
	cfg := &c
	var st Settings
	if f.s.sess != nil {
		st = f.s.sess.globalSettings().merge(f.settings)
	}
	if st.Out != "" {
		cfg.Out = st.Out
	}
	if st.PipelineStrategy != "" {
		cfg.PipelineStrategy = st.PipelineStrategy
	}
	if st.Select != nil {
		cfg.Select = st.Select
	}
	if st.Ignore != nil {
		cfg.Ignore = st.Ignore
	}
	if st.Exclude != nil {
		cfg.Exclude = st.Exclude
	}
	return cfg
}

// reloadPyproject re-reads the configuration of the folder whose root is dir (a
// pyproject.toml elsewhere is not ours), applies it and republishes. While the file is
// invalid the last good configuration stays in force and the error is a diagnostic.
func (s *Server) reloadPyproject(dir string) {
	for _, f := range s.sess.folderList() {
		if f.root != filepath.Clean(dir) {
			continue
		}
		cfg, err := analysis.LoadConfig(f.root)
		f.mu.Lock()
		f.pyErr = err
		var excludeChanged bool
		if err == nil {
			excludeChanged = !slices.Equal(f.pyCfg.Exclude, cfg.Exclude)
			f.pyCfg = cfg
		}
		f.mu.Unlock()
		s.publishConfigProblem(f)
		if err != nil {
			continue
		}
		f.reconfigure()
		if excludeChanged {
			f.busy.start()
			f.scan(s.baseCtx)
			f.busy.done()
		}
		s.diag.now(s.sess.openPaths()...)
	}
}

// publishConfigProblem reports an invalid pyproject.toml as a diagnostic on that file (or
// clears it once fixed), so a broken configuration is never ignored silently.
func (s *Server) publishConfigProblem(f *folder) {
	path := filepath.Join(f.root, "pyproject.toml")
	f.mu.Lock()
	err := f.pyErr
	f.mu.Unlock()
	diags := []protocol.Diagnostic{}
	if err != nil {
		line := uint32(0)
		var ce *analysis.ConfigError
		msg := err.Error()
		if errors.As(err, &ce) {
			msg = ce.Msg
			if ce.Line > 0 {
				line = uint32(ce.Line - 1)
			}
		}
		diags = append(diags, protocol.Diagnostic{
			Range:    protocol.Range{Start: protocol.Position{Line: line}, End: protocol.Position{Line: line + 1}},
			Severity: protocol.DiagnosticSeverityError,
			Code:     "config",
			Source:   diagnosticSource,
			Message:  "[tool.dagster2mage] not used: " + msg,
		})
	}
	if err == nil && !s.diag.shown(path) {
		return // nothing to report and nothing to clear
	}
	s.diag.publishRaw(path, fileURI(path), nil, diags)
}

// pullConfiguration asks the client for each folder's "dagster2mage" section when it can
// answer workspace/configuration.
func (s *Server) pullConfiguration(ctx context.Context) {
	folders := s.sess.folderList()
	for _, f := range folders {
		s.publishConfigProblem(f)
	}
	if !s.client.configuration || len(folders) == 0 {
		for _, f := range folders {
			f.reconfigure()
		}
		return
	}
	type item struct {
		ScopeURI string `json:"scopeUri,omitempty"`
		Section  string `json:"section"`
	}
	items := make([]item, len(folders))
	for i, f := range folders {
		items[i] = item{ScopeURI: string(f.uri), Section: "dagster2mage"}
	}
	var result []json.RawMessage
	if _, err := s.conn.Call(ctx, "workspace/configuration", map[string]any{"items": items}, &result); err != nil {
		s.log.Info("workspace/configuration failed", "err", err)
		return
	}
	for i, f := range folders {
		var st Settings
		if i < len(result) {
			var err error
			if st, err = parseSettings(result[i]); err != nil {
				s.showMessage(protocol.MessageTypeWarning, "dagster2mage: invalid settings for "+f.name+": "+err.Error())
				continue
			}
		}
		f.mu.Lock()
		f.settings = st
		f.mu.Unlock()
		f.reconfigure()
	}
}

func (s *Server) didChangeConfiguration(_ context.Context, params json.RawMessage) error {
	var p struct {
		Settings json.RawMessage `json:"settings"`
	}
	if err := decode(params, &p); err != nil {
		return err
	}
	if !s.client.configuration {
		st, err := parseSettings(p.Settings)
		if err != nil {
			s.showMessage(protocol.MessageTypeWarning, "dagster2mage: invalid settings: "+err.Error())
			return nil
		}
		s.sess.mu.Lock()
		s.sess.pushed = st
		s.sess.mu.Unlock()
	}
	// Pulling is the recommended way: the notification's payload may be empty.
	s.goBackground("configuration", func() {
		s.pullConfiguration(s.baseCtx)
		s.diag.now(s.sess.openPaths()...)
	})
	return nil
}
