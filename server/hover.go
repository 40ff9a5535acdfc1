package server

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/codeactions"
)

var errNoTranslator = errors.New("no translator configured")

// previewLines is how much of a generated file the hover shows.
const previewLines = 30

func (s *Server) hover(ctx context.Context, params json.RawMessage) (any, error) {
	var p protocol.HoverParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	v, err := s.view(p.TextDocument.URI)
	if err != nil || v == nil {
		return nil, err
	}
	enc := s.client.encoding
	d, sp := v.definitionAt(v.offset(p.Position, enc))
	if d == nil {
		return nil, nil
	}
	findings := v.findingsOf(d)
	if len(findings) == 0 {
		return nil, nil // silenced by configuration or noqa
	}
	var b strings.Builder
	main := findings[0]
	rule, _ := analysis.LookupRule(main.Code)
	fmt.Fprintf(&b, "**%s `%s`** → Mage: %s\n\n", constructLabel(d), d.Name, rule.Mage)
	if m := markAt(s.migrations(v.f, v.path, v.doc, []analysis.Finding{{Def: d}}), 0); m.state != notMigrated {
		fmt.Fprintf(&b, "**%s**\n\n", m.describe())
	}
	for _, fd := range findings {
		fmt.Fprintf(&b, "%s — %s (%s)\n\n", fd.Code, fd.Message, fd.Tier)
	}
	if main.Tier != analysis.TierManual && !v.f.loose {
		// Without a preview the hover still explains the mapping.
		budget := s.opts.PreviewBudget
		src := v.doc.Text()[d.Span.Start:d.Span.End]
		stale := s.stalePlan(v.f, v.path, src)
		if stale != nil {
			budget = 0 // the current translation starts, but nobody waits for it
		}
		pctx, cancel := context.WithTimeout(ctx, budget)
		// One translation of the workspace per index generation serves every hover.
		plan, perr := s.plan(pctx, v.f, "workspace", "", "")
		cancel()
		if perr != nil && stale != nil && ctx.Err() == nil {
			// The definition is unchanged since the last translation: its preview is too
			// (other files' edits rarely change a block's own code).
			plan, perr = stale, nil
		}
		switch {
		case perr == nil:
			writePreview(&b, plan, v, d)
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case errors.Is(perr, context.DeadlineExceeded):
			b.WriteString("_Preview still being computed; hover again in a moment._\n\n")
		case !errors.Is(perr, errNoTranslator):
			fmt.Fprintf(&b, "_No preview: %v_\n\n", perr)
		}
	}
	seen := map[string]bool{}
	var diffs []string
	for _, fd := range findings {
		r, ok := analysis.LookupRule(fd.Code)
		if !ok {
			continue
		}
		for _, dd := range r.Differences {
			if !seen[dd] {
				seen[dd] = true
				diffs = append(diffs, dd)
			}
		}
	}
	if len(diffs) > 0 {
		b.WriteString("**What behaves differently**\n\n")
		for _, dd := range diffs {
			fmt.Fprintf(&b, "- %s\n", dd)
		}
		b.WriteString("\n")
	}
	st := s.folderSettings(v.f)
	fmt.Fprintf(&b, "[%s: %s](%s)", main.Code, rule.Title, rulesLink(main.Code, st))
	r := spanRange(v.doc, sp, enc)
	kind := protocol.Markdown
	if !s.client.markdownHover && s.client.name != "" {
		kind = protocol.PlainText
	}
	return protocol.Hover{Contents: protocol.MarkupContent{Kind: kind, Value: b.String()}, Range: &r}, nil
}

// constructLabel names a construct the way the user wrote it: "@asset", "define_asset_job".
func constructLabel(d *analysis.Definition) string {
	if d.Form == analysis.FormDecorator {
		return "@" + d.Construct
	}
	return d.Construct
}

// writePreview shows the files the construct's conversion writes: the block (or the first
// file) in full up to previewLines, the others by name.
func writePreview(b *strings.Builder, plan *codeactions.Plan, v *fileView, d *analysis.Definition) {
	if plan == nil || len(plan.Files) == 0 {
		return
	}
	e := entryFor(plan, v, d)
	var own []string // the entry's files, the block first
	if e != nil {
		own = append(own, e.Files...)
		sort.SliceStable(own, func(i, j int) bool { return isBlockFile(own[i]) && !isBlockFile(own[j]) })
	}
	mainFile := plan.Files[0]
	if len(own) > 0 {
		if c, ok := plan.File(own[0]); ok {
			mainFile = codeactions.FileChange{Path: own[0], Content: c}
		}
	}
	lang := "python"
	if ext := path.Ext(mainFile.Path); ext == ".yaml" || ext == ".yml" {
		lang = "yaml"
	}
	lines := strings.Split(strings.TrimRight(string(mainFile.Content), "\n"), "\n")
	more := ""
	if len(lines) > previewLines {
		more = fmt.Sprintf("… %d more lines\n", len(lines)-previewLines)
		lines = lines[:previewLines]
	}
	fmt.Fprintf(b, "**Would write** `%s`:\n\n```%s\n%s\n```\n%s\n", mainFile.Path, lang, strings.Join(lines, "\n"), more)
	var others []string
	for _, f := range own {
		if f != mainFile.Path {
			others = append(others, "`"+f+"`")
		}
	}
	if shared := len(plan.Files) - len(others) - 1; shared > 0 {
		others = append(others, fmt.Sprintf("%d shared project file(s)", shared))
	}
	if len(others) > 0 {
		fmt.Fprintf(b, "and also %s\n\n", strings.Join(others, ", "))
	}
	if e != nil && len(e.Notes) > 0 {
		b.WriteString("**Review notes**\n\n")
		for _, n := range e.Notes {
			fmt.Fprintf(b, "- %s\n", n)
		}
		b.WriteString("\n")
	}
}

// isBlockFile tells a block's Python file from pipeline YAML and package files.
func isBlockFile(rel string) bool {
	return path.Ext(rel) == ".py" && path.Base(rel) != "__init__.py"
}

// entryFor finds the report entry of d: same file, same name, same 1-based line.
func entryFor(plan *codeactions.Plan, v *fileView, d *analysis.Definition) *codeactions.Entry {
	line := v.doc.PositionAt(d.Head.Start, analysis.UTF8).Line + 1
	rel := filepath.Base(v.path) // report paths are relative to the workspace root
	if r, err := filepath.Rel(v.f.root, v.path); err == nil && v.f.root != "" && !strings.HasPrefix(r, "..") {
		rel = filepath.ToSlash(r)
	}
	var byName *codeactions.Entry
	for _, e := range plan.Report {
		if e.Path != rel || (e.Name != d.Name && e.Name != d.VarName) {
			continue
		}
		if e.Line == line {
			return e
		}
		byName = e
	}
	return byName
}
