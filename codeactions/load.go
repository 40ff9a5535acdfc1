package codeactions

import (
	"context"
	"fmt"
	"os"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// LoadWorkspace reads and analyzes every Python file under root (ScanDir's rules). progress,
// when not nil, is called after each file. Unreadable files are reported through onErr and
// skipped.
func LoadWorkspace(ctx context.Context, root string, cfg *analysis.Config, progress func(done, total int), onErr func(path string, err error)) (*analysis.Workspace, error) {
	if cfg == nil {
		cfg = analysis.DefaultConfig()
	}
	ws := analysis.NewWorkspace(root, cfg)
	paths := analysis.ScanDir(root, cfg, onErr)
	for i, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("load workspace: %w", err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			if onErr != nil {
				onErr(p, err)
			}
			continue
		}
		ws.Update(ws.Analyze(p, analysis.NewDocument(b)))
		if progress != nil {
			progress(i+1, len(paths))
		}
	}
	return ws, nil
}
