package server

import (
	"context"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

const sourceMigrateFile protocol.CodeActionKind = "source.migrate.dagster2mage"

func (s *Server) codeAction(ctx context.Context, params json.RawMessage) (any, error) {
	return []any{}, nil
}

func (s *Server) resolveCodeAction(ctx context.Context, params json.RawMessage) (any, error) {
	return nil, nil
}
