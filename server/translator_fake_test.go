package server

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/codeactions"
)

// stubTranslator stands in for codeactions while its translation API is not on this branch:
// one transformer file per asset and one pipeline metadata.yaml that lists them, merged
// with what exists (through Options.ReadFile) like the real one. gate, when set, blocks
// each translation until it is closed, for cancellation tests.
type stubTranslator struct {
	gate chan struct{}
}

func (t *stubTranslator) wait(ctx context.Context) error {
	if t.gate == nil {
		return nil
	}
	select {
	case <-t.gate:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (t *stubTranslator) build(ctx context.Context, ws *analysis.Workspace, opts codeactions.Options, keep func(path string, d *analysis.Definition) bool) (*codeactions.Plan, error) {
	if err := t.wait(ctx); err != nil {
		return nil, err
	}
	plan := &codeactions.Plan{Project: "mage_project"}
	var blocks []string
	if old, err := opts.ReadFile("pipelines/main/metadata.yaml"); err == nil {
		for _, l := range strings.Split(string(old), "\n") {
			if b, ok := strings.CutPrefix(l, "- "); ok {
				blocks = append(blocks, b)
			}
		}
	}
	for _, p := range ws.Files() {
		fm := ws.File(p)
		rel, _ := filepath.Rel(ws.Root(), p)
		for _, d := range fm.Defs {
			if d.Kind != analysis.KindAsset || !keep(p, d) {
				continue
			}
			file := "transformers/" + d.Name + ".py"
			plan.Files = append(plan.Files, codeactions.FileChange{Path: file, Content: []byte(fmt.Sprintf("# from %s\n@transformer\ndef %s(*args, **kwargs):\n    return None\n", rel, d.Name))})
			line := fm.Doc.PositionAt(d.Head.Start, analysis.UTF8).Line + 1
			plan.Report = append(plan.Report, &codeactions.Entry{Path: filepath.ToSlash(rel), Line: line, Construct: d.Construct, Name: d.Name,
				Status: codeactions.StatusConverted, Files: []string{file, "pipelines/main/metadata.yaml"}, Notes: []string{"stub note for " + d.Name}})
			blocks = append(blocks, d.Name)
		}
	}
	if len(plan.Files) == 0 {
		return plan, nil
	}
	sort.Strings(blocks)
	blocks = compactStrings(blocks)
	plan.Files = append(plan.Files, codeactions.FileChange{Path: "pipelines/main/metadata.yaml", Content: []byte("blocks:\n- " + strings.Join(blocks, "\n- ") + "\n")})
	return plan, nil
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func (t *stubTranslator) MigrateWorkspace(ctx context.Context, ws *analysis.Workspace, opts codeactions.Options) (*codeactions.Plan, error) {
	return t.build(ctx, ws, opts, func(string, *analysis.Definition) bool { return true })
}

func (t *stubTranslator) MigrateFile(ctx context.Context, ws *analysis.Workspace, path string, opts codeactions.Options) (*codeactions.Plan, error) {
	return t.build(ctx, ws, opts, func(p string, _ *analysis.Definition) bool { return p == path })
}

func (t *stubTranslator) Convert(ctx context.Context, ws *analysis.Workspace, path, name string, opts codeactions.Options) (*codeactions.Plan, error) {
	plan, err := t.build(ctx, ws, opts, func(p string, d *analysis.Definition) bool { return p == path && d.Name == name })
	if err == nil && len(plan.Report) == 0 {
		return nil, fmt.Errorf("convert: no construct %q in %s", name, path)
	}
	return plan, err
}
