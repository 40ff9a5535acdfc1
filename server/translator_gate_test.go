package server

import (
	"context"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/codeactions"
)

// gatedTranslator runs the real translator once gate is closed, so a test can act while a
// translation is in flight.
type gatedTranslator struct {
	gate chan struct{}
}

func (t gatedTranslator) wait(ctx context.Context) error {
	select {
	case <-t.gate:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (t gatedTranslator) MigrateWorkspace(ctx context.Context, ws *analysis.Workspace, opts codeactions.Options) (*codeactions.Plan, error) {
	if err := t.wait(ctx); err != nil {
		return nil, err
	}
	return codeactions.MigrateWorkspace(ctx, ws, opts)
}

func (t gatedTranslator) MigrateFile(ctx context.Context, ws *analysis.Workspace, path string, opts codeactions.Options) (*codeactions.Plan, error) {
	if err := t.wait(ctx); err != nil {
		return nil, err
	}
	return codeactions.MigrateFile(ctx, ws, path, opts)
}

func (t gatedTranslator) Convert(ctx context.Context, ws *analysis.Workspace, path, name string, opts codeactions.Options) (*codeactions.Plan, error) {
	if err := t.wait(ctx); err != nil {
		return nil, err
	}
	return codeactions.Convert(ctx, ws, path, name, opts)
}
