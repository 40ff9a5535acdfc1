package server

import (
	"context"
	"github.com/segmentio/encoding/json"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/analysis"
)

const diagnosticSource = "dagster2mage"

// defaultRulesURL links each diagnostic to its rule's explanation (`dagster2mage rules CODE`
// prints the same text).
const defaultRulesURL = "https://github.com/dagster2mage/dagster2mage/blob/main/docs/rules.md#{code}"

var severityNames = map[string]protocol.DiagnosticSeverity{
	"information": protocol.DiagnosticSeverityInformation,
	"hint":        protocol.DiagnosticSeverityHint,
}

// diagnoser owns analysis and publication. A changed document is analysed and published
// at once (its own findings); files whose findings depend on it (cross-file: a job's
// selection, a schedule's target) are republished once typing pauses for CrossFileDelay.
type diagnoser struct {
	s *Server

	mu        sync.Mutex
	urgent    map[string]bool
	pending   map[string]bool // cross-file, waiting for the timer
	due       map[string]bool // cross-file, timer fired
	timer     *time.Timer
	published map[string]protocol.DocumentURI // paths with a non-empty list on the client
	cache     diagCache
	wake      chan struct{}
	done      chan struct{}
}

func newDiagnoser(s *Server) *diagnoser {
	d := &diagnoser{
		s:         s,
		urgent:    map[string]bool{},
		pending:   map[string]bool{},
		due:       map[string]bool{},
		published: map[string]protocol.DocumentURI{},
		wake:      make(chan struct{}, 1),
		done:      make(chan struct{}),
	}
	s.goBackground("diagnostics", d.loop)
	return d
}

func (d *diagnoser) signal() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// now schedules paths for immediate analysis and publication.
func (d *diagnoser) now(paths ...string) {
	if len(paths) == 0 {
		return
	}
	d.mu.Lock()
	for _, p := range paths {
		d.urgent[p] = true
	}
	d.mu.Unlock()
	d.signal()
}

// later schedules paths for publication after the cross-file delay; more calls in the
// meantime push the deadline back.
func (d *diagnoser) later(paths ...string) {
	if len(paths) == 0 {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, p := range paths {
		d.pending[p] = true
	}
	if d.timer == nil {
		d.timer = time.AfterFunc(d.s.opts.CrossFileDelay, d.fire)
	} else {
		d.timer.Reset(d.s.opts.CrossFileDelay)
	}
}

func (d *diagnoser) fire() {
	d.mu.Lock()
	for p := range d.pending {
		d.due[p] = true
	}
	clear(d.pending)
	d.mu.Unlock()
	d.signal()
}

func (d *diagnoser) close() {
	d.mu.Lock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.mu.Unlock()
}

func (d *diagnoser) loop() {
	ctx := d.s.baseCtx
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.wake:
		}
		for ctx.Err() == nil {
			d.mu.Lock()
			urgent := keys(d.urgent)
			clear(d.urgent)
			var due []string
			if len(urgent) == 0 {
				due = keys(d.due)
				clear(d.due)
			}
			d.mu.Unlock()
			if len(urgent) == 0 && len(due) == 0 {
				break
			}
			for _, p := range urgent {
				d.analyzeAndPublish(ctx, p)
			}
			for _, p := range due {
				d.publish(p)
			}
		}
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// analyzeAndPublish brings the index up to date with an open document and publishes it.
func (d *diagnoser) analyzeAndPublish(_ context.Context, path string) {
	s := d.s
	o := s.sess.overlay(path)
	if o == nil {
		d.publish(path)
		return
	}
	f := s.sess.folderFor(path)
	affected := f.update(o.model(f))
	if cur := s.sess.overlay(path); cur != o {
		return // a newer version is queued; publishing this one would only flicker
	}
	d.publishOverlay(path, o)
	var others []string
	for _, a := range affected {
		if a != path {
			others = append(others, a)
		}
	}
	d.later(others...)
}

// publish sends the current findings of path: open documents with their version, other
// files only when they already have diagnostics on the client (to update or clear them)
// or when workspace diagnostics are on.
func (d *diagnoser) publish(path string) {
	d.publishOverlay(path, d.s.sess.overlay(path))
}

// publishOverlay publishes path as of overlay o (nil: the file on disk). The index must
// hold o's model, or the findings' byte spans would not match o's text.
func (d *diagnoser) publishOverlay(path string, o *overlay) {
	s := d.s
	f := s.sess.folderFor(path)
	st := s.folderSettings(f)
	if o != nil {
		if fm := o.model(f); f.ws.File(path) != fm {
			f.update(fm)
		}
	}
	d.mu.Lock()
	_, shown := d.published[path]
	d.mu.Unlock()
	if o == nil && !shown && !st.WorkspaceDiagnostics {
		return
	}
	findings := f.ws.Findings(path)
	if o == nil && len(findings) > 0 && f.loose {
		findings = nil
	}
	var doc *analysis.Document
	var version *int32
	u := fileURI(path)
	if o != nil {
		doc, u = o.doc, o.uri
		v := o.version
		version = &v
	} else if fm := f.ws.File(path); fm != nil && fm.Doc != nil {
		doc = fm.Doc // the text the findings' spans refer to
	} else {
		findings = nil // the file is gone: clear
	}
	if o == nil {
		d.cache.forget(path) // only open documents change per keystroke; bound the cache by them
	}
	marks := s.migrations(f, path, doc, findings)
	bp := newFrame(256)
	b := appendPublishHead(*bp, u, version)
	b, err := s.appendDiagnostics(b, path, doc, findings, marks, st, o != nil)
	*bp = append(b, "}}"...)
	if err != nil {
		releaseFrame(bp)
		s.log.Error("encode diagnostics", "path", path, "err", err)
		return
	}
	d.markPublished(path, u, len(findings))
	if err := s.stream.writeFrame(bp); err != nil && s.baseCtx.Err() == nil {
		s.log.Debug("publish diagnostics failed", "path", path, "err", err)
	}
}

// appendPublishHead appends a publishDiagnostics notification up to its diagnostics array.
func appendPublishHead(b []byte, u protocol.DocumentURI, version *int32) []byte {
	b = append(b, `{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":`...)
	b = json.AppendEscape(b, string(u), 0)
	if version != nil {
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, int64(*version), 10)
	}
	return append(b, `,"diagnostics":`...)
}

// publishRaw sends one publishDiagnostics; version is omitted for files that are not open.
func (d *diagnoser) publishRaw(path string, u protocol.DocumentURI, version *int32, diags []protocol.Diagnostic) {
	if diags == nil {
		diags = []protocol.Diagnostic{} // Neovim 0.7 crashes on null
	}
	body, err := json.Marshal(diags)
	if err != nil {
		d.s.log.Error("encode diagnostics", "path", path, "err", err)
		return
	}
	d.publishEncoded(path, u, version, len(diags), body)
}

// publishEncoded sends n diagnostics already encoded as a JSON array.
func (d *diagnoser) publishEncoded(path string, u protocol.DocumentURI, version *int32, n int, diags json.RawMessage) {
	d.markPublished(path, u, n)
	d.s.notify("textDocument/publishDiagnostics", publishDiagnosticsWire{URI: u, Version: version, Diagnostics: diags})
}

// publishDiagnosticsWire replaces protocol's params, whose uint32 version with omitempty
// drops Neovim's version 0.
type publishDiagnosticsWire struct {
	URI         protocol.DocumentURI `json:"uri"`
	Version     *int32               `json:"version,omitempty"`
	Diagnostics json.RawMessage      `json:"diagnostics"` // never null
}

// markPublished records whether the client holds a non-empty list for path.
func (d *diagnoser) markPublished(path string, u protocol.DocumentURI, n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n > 0 {
		d.published[path] = u
	} else {
		delete(d.published, path)
	}
}

// shown reports whether the client holds a non-empty list for path.
func (d *diagnoser) shown(path string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.published[path]
	return ok
}

// clear empties the client's list for path (deleted files, closed files outside the
// workspace).
func (d *diagnoser) clear(path string) {
	d.mu.Lock()
	u, shown := d.published[path]
	d.mu.Unlock()
	if !shown {
		u = fileURI(path)
	}
	d.cache.forget(path)
	d.publishRaw(path, u, nil, nil)
}

// forgetUnder clears every file under a removed workspace folder, except open ones, which
// move to another folder (or none) and are republished.
func (d *diagnoser) forgetUnder(root string) {
	d.mu.Lock()
	var gone []string
	for p := range d.published {
		if within(root, p) {
			gone = append(gone, p)
		}
	}
	d.mu.Unlock()
	for _, p := range gone {
		if d.s.sess.overlay(p) != nil {
			d.now(p)
		} else {
			d.clear(p)
		}
	}
}

// diagnosticData travels in Diagnostic.data so code actions know the finding without
// re-matching messages.
type diagnosticData struct {
	Code      string `json:"code"`
	Name      string `json:"name,omitempty"`
	Construct string `json:"construct,omitempty"`
	Tier      string `json:"tier,omitempty"`
	// Migrated is "migrated" (converted by an editor action, unchanged since) or "changed"
	// (edited since); Files lists where it went.
	Migrated string `json:"migrated,omitempty"`
	Files    string `json:"files,omitempty"`
}

func (s *Server) toDiagnostic(doc *analysis.Document, fd analysis.Finding, st Settings, m migration) protocol.Diagnostic {
	enc := s.client.encoding
	data := diagnosticData{Code: fd.Code, Name: fd.Name, Construct: fd.Construct, Tier: string(fd.Tier)}
	dg := protocol.Diagnostic{
		Range:    spanRange(doc, fd.Span, enc),
		Severity: severityFor(fd.Tier, st),
		Code:     fd.Code,
		Source:   diagnosticSource,
		Message:  fd.Message,
	}
	switch m.state {
	case migrated:
		// Done: a hint saying where it went, not counted as pending by the VS Code extension.
		dg.Severity, dg.Message = protocol.DiagnosticSeverityHint, m.describe()
		data.Migrated, data.Files = "migrated", m.files
	case changedSinceMigration:
		dg.Message = fd.Message + " " + m.describe()
		data.Migrated, data.Files = "changed", m.files
	}
	dg.Data = data
	if href := rulesLink(fd.Code, st); href != "" {
		dg.CodeDescription = &protocol.CodeDescription{Href: protocol.URI(href)}
	}
	dg.RelatedInformation = s.related(doc, fd)
	return dg
}

func (s *Server) related(doc *analysis.Document, fd analysis.Finding) []protocol.DiagnosticRelatedInformation {
	var out []protocol.DiagnosticRelatedInformation
	for _, r := range fd.Related {
		loc, ok := s.location(r.Path, r.Span, doc, fd.Path)
		if !ok {
			continue
		}
		out = append(out, protocol.DiagnosticRelatedInformation{Location: loc, Message: r.Message})
	}
	return out
}

func severityFor(t analysis.Tier, st Settings) protocol.DiagnosticSeverity {
	if name, ok := st.Severity[string(t)]; ok {
		if sev, ok := severityNames[name]; ok {
			return sev
		}
	}
	// Dagster code is not wrong, so never a warning or error. What a quick fix converts
	// is information; what has no Mage equivalent is a hint to read the hover.
	if t == analysis.TierManual {
		return protocol.DiagnosticSeverityHint
	}
	return protocol.DiagnosticSeverityInformation
}

func rulesLink(code string, st Settings) string {
	base := st.RulesURL
	if base == "" {
		base = defaultRulesURL
	}
	return strings.ReplaceAll(base, "{code}", strings.ToLower(code))
}

// location converts a span in any file to an LSP location, reusing doc when the span is in
// the same file.
func (s *Server) location(path string, sp analysis.Span, doc *analysis.Document, docPath string) (protocol.Location, bool) {
	if path == "" {
		path = docPath
	}
	d := doc
	var u protocol.DocumentURI
	if o := s.sess.overlay(path); o != nil {
		u = o.uri
		if path != docPath {
			d = o.doc
		}
	} else if u = fileURI(path); path != docPath || d == nil {
		// The indexed model's text: related spans come from the index too.
		fm := s.sess.folderFor(path).ws.File(path)
		if fm == nil || fm.Doc == nil {
			return protocol.Location{}, false
		}
		d = fm.Doc
	}
	return protocol.Location{URI: u, Range: spanRange(d, sp, s.client.encoding)}, true
}
