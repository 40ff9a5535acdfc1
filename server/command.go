package server

import (
	"context"

	"github.com/segmentio/encoding/json"
)

type Translator interface{}

func commandNames() []string {
	return []string{"dagster2mage.migrateWorkspace", "dagster2mage.migrateFile", "dagster2mage.convert"}
}

func (s *Server) executeCommand(ctx context.Context, params json.RawMessage) (any, error) {
	return nil, nil
}
