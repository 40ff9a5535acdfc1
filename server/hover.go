package server

import (
	"context"

	"github.com/segmentio/encoding/json"
)

func (s *Server) hover(ctx context.Context, params json.RawMessage) (any, error) {
	return nil, nil
}
