package server

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// sourceMigrateFile is the kind of "Migrate this file to Mage".
const sourceMigrateFile protocol.CodeActionKind = "source.migrate.dagster2mage"

// codeAction is protocol.CodeAction with our workspaceEdit (which can create files).
type codeAction struct {
	Title       string                  `json:"title"`
	Kind        protocol.CodeActionKind `json:"kind,omitempty"`
	Diagnostics []protocol.Diagnostic   `json:"diagnostics,omitempty"`
	IsPreferred bool                    `json:"isPreferred,omitempty"`
	Edit        *workspaceEdit          `json:"edit,omitempty"`
	Command     *protocol.Command       `json:"command,omitempty"`
	Data        *actionData             `json:"data,omitempty"`
}

// actionData identifies an action for codeAction/resolve.
type actionData struct {
	Kind string               `json:"kind"` // "convert" or "file"
	URI  protocol.DocumentURI `json:"uri"`
	Name string               `json:"name,omitempty"`
}

func (s *Server) codeAction(ctx context.Context, params json.RawMessage) (any, error) {
	var p protocol.CodeActionParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	actions := []codeAction{}
	v, err := s.view(p.TextDocument.URI)
	if err != nil || v == nil {
		return actions, err
	}
	enc := s.client.encoding
	start, end := v.offset(p.Range.Start, enc), v.offset(p.Range.End, enc)
	st := s.folderSettings(v.f)
	seenDef := map[*analysis.Definition]bool{}
	findings := v.f.ws.Findings(v.path)
	marks := s.migrations(v.f, v.path, v.doc, findings)
	for i, fd := range findings {
		// A definition's fixes are offered from its decorator down to its name.
		region := fd.Span
		if d := fd.Def; d != nil && d.Head.Start <= fd.Span.Start && d.NameSpan.End > region.End {
			region.End = d.NameSpan.End
		}
		if region.End < start || region.Start > end {
			continue
		}
		diag := s.toDiagnostic(v.doc, fd, st, markAt(marks, i))
		// Files outside every workspace folder have no output folder to write to.
		convertible := !v.f.loose && fd.Tier != analysis.TierManual && fd.Def != nil && fd.Def.Name != ""
		if wants(p.Context.Only, protocol.QuickFix) && convertible && !seenDef[fd.Def] {
			seenDef[fd.Def] = true
			a := codeAction{
				Title:       fmt.Sprintf("Convert %s `%s` to a Mage %s", humanConstruct(fd.Def), fd.Def.Name, shortTarget(fd.Mage)),
				Kind:        protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{diag},
				IsPreferred: true,
				Data:        &actionData{Kind: "convert", URI: v.uri, Name: fd.Def.Name},
			}
			actions = append(actions, s.finishAction(ctx, a))
		}
		if wants(p.Context.Only, protocol.QuickFix) {
			if a, ok := s.ignoreAction(v, fd, diag); ok {
				actions = append(actions, a)
			}
		}
	}
	if wants(p.Context.Only, sourceMigrateFile) && len(v.fm.Defs) > 0 && !v.f.loose {
		a := codeAction{
			Title: "Migrate this file to Mage",
			Kind:  sourceMigrateFile,
			Data:  &actionData{Kind: "file", URI: v.uri},
		}
		actions = append(actions, s.finishAction(ctx, a))
	}
	return actions, nil
}

// wants applies the request's `only` filter: a kind matches itself and its parents.
func wants(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(string(kind), string(o)+".") {
			return true
		}
	}
	return false
}

// finishAction decides how a file-writing action is delivered: lazily through
// codeAction/resolve when the client supports it, with its edit right away when it does
// not, or as a command (server-side writes) when the client cannot create files.
func (s *Server) finishAction(ctx context.Context, a codeAction) codeAction {
	switch {
	case !s.client.resourceCreate:
		args := []any{map[string]any{"uri": a.Data.URI, "name": a.Data.Name}}
		cmd := commandConvert
		if a.Data.Kind == "file" {
			cmd = commandMigrateFile
		}
		a.Command = &protocol.Command{Title: a.Title, Command: cmd, Arguments: args}
		a.Data = nil
	case !s.client.resolveEdit:
		if r, err := s.resolve(ctx, a); err == nil {
			return r
		} else {
			s.log.Warn("code action edit failed", "title", a.Title, "err", err)
		}
	}
	return a
}

func (s *Server) resolveCodeAction(ctx context.Context, params json.RawMessage) (any, error) {
	var a codeAction
	if err := decode(params, &a); err != nil {
		return nil, err
	}
	if a.Data == nil || a.Edit != nil {
		return a, nil // nothing to resolve (e.g. the noqa action carries its edit)
	}
	return s.resolve(ctx, a)
}

// resolve computes the edit of a convert or migrate-file action.
func (s *Server) resolve(ctx context.Context, a codeAction) (codeAction, error) {
	v, err := s.view(a.Data.URI)
	if err != nil {
		return a, err
	}
	if v == nil {
		return a, jsonrpc2.NewError(jsonrpc2.InvalidParams, "unknown document "+string(a.Data.URI))
	}
	if err := v.f.busy.wait(ctx); err != nil {
		return a, err
	}
	kind := "convert"
	if a.Data.Kind == "file" {
		kind = "file"
	}
	plan, err := s.plan(ctx, v.f, kind, v.path, a.Data.Name)
	if err != nil {
		return a, err
	}
	be, err := s.buildEdit(v.f, plan)
	if err != nil {
		return a, err
	}
	if len(be.skipped) > 0 {
		a.Title += fmt.Sprintf(" (keeps %d file(s) you changed: %s)", len(be.skipped), strings.Join(be.skipped, ", "))
	}
	a.Edit = &be.edit
	return a, nil
}

// ignoreAction adds (or extends) a `# noqa: CODE` comment on the finding's line.
func (s *Server) ignoreAction(v *fileView, fd analysis.Finding, diag protocol.Diagnostic) (codeAction, bool) {
	enc := s.client.encoding
	lp := v.doc.PositionAt(fd.Span.Start, analysis.UTF8)
	ls := v.doc.LineSpan(lp.Line)
	line := string(v.doc.Slice(ls))
	line = strings.TrimRight(line, "\r\n")
	lineEnd := ls.Start + len(line)
	var edit protocol.TextEdit
	if m := noqaCodes.FindStringSubmatchIndex(line); m != nil {
		if m[2] < 0 {
			return codeAction{}, false // a bare `# noqa` already silences everything
		}
		if strings.Contains(line[m[2]:m[3]], fd.Code) {
			return codeAction{}, false
		}
		at := ls.Start + m[3]
		p := posToLSP(v.doc.PositionAt(at, enc))
		edit = protocol.TextEdit{Range: protocol.Range{Start: p, End: p}, NewText: ", " + fd.Code}
	} else {
		p := posToLSP(v.doc.PositionAt(lineEnd, enc))
		edit = protocol.TextEdit{Range: protocol.Range{Start: p, End: p}, NewText: "  # noqa: " + fd.Code}
	}
	return codeAction{
		Title:       fmt.Sprintf("Ignore %s on this line", fd.Code),
		Kind:        protocol.QuickFix,
		Diagnostics: []protocol.Diagnostic{diag},
		Edit:        &workspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{v.uri: {edit}}},
	}, true
}

var noqaCodes = regexp.MustCompile(`(?i)#\s*noqa(?::\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*))?`)

// humanConstruct is the construct as a user says it: "asset", "schedule", "asset job".
func humanConstruct(d *analysis.Definition) string {
	switch d.Construct {
	case "define_asset_job":
		return "asset job"
	case "ScheduleDefinition", "build_schedule_from_partitioned_job":
		return "schedule"
	case "asset_check":
		return "asset check"
	}
	return strings.Trim(strings.ReplaceAll(d.Construct, "_", " "), " ")
}

// shortTarget turns a finding's Mage target ("data_loader block", "time trigger in
// pipelines/<job>/triggers.yaml") into the words of a title ("data loader block", "time
// trigger").
func shortTarget(mage string) string {
	for _, sep := range []string{" (", " in ", " with ", " for "} {
		if i := strings.Index(mage, sep); i > 0 {
			mage = mage[:i]
		}
	}
	mage = strings.ReplaceAll(strings.TrimPrefix(mage, "Mage "), "_", " ")
	if mage == "" {
		return "equivalent"
	}
	return mage
}
