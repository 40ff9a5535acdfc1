package server

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// route is one LSP method. Exactly one of call and notify is set.
type route struct {
	call   func(ctx context.Context, params json.RawMessage) (any, error)
	notify func(ctx context.Context, params json.RawMessage) error
	// inline runs a request on the reading goroutine, so it is ordered with the
	// notifications around it (initialize, shutdown). Other requests run concurrently on
	// the state they find when they start; notifications are always inline.
	inline bool
}

func (s *Server) routeTable() map[string]route {
	return map[string]route{
		// lifecycle.go
		"initialize":  {call: s.initialize, inline: true},
		"initialized": {notify: s.initialized},
		"shutdown":    {call: s.shutdown, inline: true},
		"exit":        {notify: s.exit},
		"$/setTrace":  {notify: func(context.Context, json.RawMessage) error { return nil }},
		// text_sync.go
		"textDocument/didOpen":   {notify: s.didOpen},
		"textDocument/didChange": {notify: s.didChange},
		"textDocument/didClose":  {notify: s.didClose},
		"textDocument/didSave":   {notify: s.didSave},
		// workspace.go, configuration.go
		"workspace/didChangeWorkspaceFolders": {notify: s.didChangeWorkspaceFolders},
		"workspace/didChangeWatchedFiles":     {notify: s.didChangeWatchedFiles},
		"workspace/didChangeConfiguration":    {notify: s.didChangeConfiguration},
		// progress.go
		"window/workDoneProgress/cancel": {notify: s.workDoneProgressCancel},
		// hover.go, code_action.go, command.go
		"textDocument/hover":       {call: s.hover},
		"textDocument/codeAction":  {call: s.codeAction},
		"codeAction/resolve":       {call: s.resolveCodeAction},
		"workspace/executeCommand": {call: s.executeCommand},
	}
}

// handle is the jsonrpc2 handler. It runs on the connection's reading goroutine and must
// never return an error: jsonrpc2 closes the connection when a handler does.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	method := req.Method()
	call, isCall := req.(*jsonrpc2.Call)
	if method == "$/cancelRequest" {
		s.cancelRequest(req.Params())
		return nil
	}
	r, known := s.routes[method]
	st := s.lifecycle()

	if !isCall {
		switch {
		case method == "exit":
			_ = s.runNotify(ctx, method, r, req.Params())
		case st == stateUninitialized || st == stateShutdown:
			// The spec drops notifications before initialize and after shutdown.
		case !known || r.notify == nil:
			// Unknown notifications, $/-prefixed or not, are ignored per the spec.
		default:
			_ = s.runNotify(ctx, method, r, req.Params())
		}
		return nil
	}

	if !known || r.call == nil {
		return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, "method not found: "+method))
	}
	switch {
	case st == stateUninitialized && method != "initialize":
		return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized: "+method))
	case st != stateUninitialized && method == "initialize":
		return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize sent twice"))
	case st == stateShutdown:
		return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shutting down: "+method))
	}

	rctx, cancel := context.WithCancel(s.baseCtx)
	id := call.ID()
	s.reqMu.Lock()
	s.inflight[id] = cancel
	s.reqMu.Unlock()
	run := func() {
		defer func() {
			s.reqMu.Lock()
			delete(s.inflight, id)
			s.reqMu.Unlock()
			cancel()
		}()
		result, err := s.runCall(rctx, method, r, req.Params())
		if err != nil {
			result = nil
			err = wireError(rctx, err)
		}
		if rerr := reply(ctx, result, err); rerr != nil {
			s.log.Warn("reply failed", "method", method, "err", rerr)
		}
	}
	if r.inline {
		run()
		return nil
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		run()
	}()
	return nil
}

func (s *Server) runCall(ctx context.Context, method string, r route, params json.RawMessage) (result any, err error) {
	defer s.recoverPanic(method, func(msg string) {
		result, err = nil, jsonrpc2.NewError(jsonrpc2.InternalError, msg)
	})
	return r.call(ctx, params)
}

func (s *Server) runNotify(ctx context.Context, method string, r route, params json.RawMessage) (err error) {
	defer s.recoverPanic(method, nil)
	if err := r.notify(ctx, params); err != nil {
		s.log.Warn("notification failed", "method", method, "err", err)
		s.logMessage(protocol.MessageTypeWarning, fmt.Sprintf("%s: %v", method, err))
	}
	return nil
}

// recoverPanic turns a panic into a log line on stderr and in the client's log, and lets
// onPanic shape the reply. It must be deferred directly.
func (s *Server) recoverPanic(where string, onPanic func(msg string)) {
	v := recover()
	if v == nil {
		return
	}
	msg := fmt.Sprintf("internal error in %s: %v", where, v)
	s.log.Error(msg, "stack", string(debug.Stack()))
	s.logMessage(protocol.MessageTypeError, "dagster2mage: "+msg)
	if onPanic != nil {
		onPanic(msg)
	}
}

// wireError gives every error a valid JSON-RPC code: jsonrpc2 would send plain Go errors
// with code 0, and cancelled requests need -32800.
func wireError(ctx context.Context, err error) error {
	var we *jsonrpc2.Error
	if errors.As(err, &we) {
		return we
	}
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, ctx.Err())) {
		return jsonrpc2.NewError(protocol.CodeRequestCancelled, "request cancelled")
	}
	return jsonrpc2.NewError(jsonrpc2.InternalError, err.Error())
}

// invalidParams wraps a decode failure.
func invalidParams(err error) error {
	return jsonrpc2.NewError(jsonrpc2.InvalidParams, "invalid params: "+err.Error())
}

// decode unmarshals params, treating JSON null or absent params as the zero value.
func decode(params json.RawMessage, v any) error {
	if len(params) == 0 || string(params) == "null" {
		return nil
	}
	if err := json.Unmarshal(params, v); err != nil {
		return invalidParams(err)
	}
	return nil
}

// cancelRequest handles $/cancelRequest itself: jsonrpc2's CancelHandler only matches
// int32 ids, and JSON numbers never decode to int32 there, so numeric ids (used by
// VS Code and Neovim) were never cancelled.
func (s *Server) cancelRequest(params json.RawMessage) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(params, &p) != nil || len(p.ID) == 0 {
		return
	}
	id, ok := parseID(p.ID)
	if !ok {
		return
	}
	s.reqMu.Lock()
	cancel := s.inflight[id]
	s.reqMu.Unlock()
	if cancel != nil {
		cancel()
	}
}

func parseID(raw json.RawMessage) (jsonrpc2.ID, bool) {
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return jsonrpc2.ID{}, false
		}
		return jsonrpc2.NewStringID(s), true
	}
	n, err := strconv.ParseInt(string(raw), 10, 32)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(raw), 64)
		if ferr != nil || f != float64(int32(f)) {
			return jsonrpc2.ID{}, false
		}
		n = int64(f)
	}
	return jsonrpc2.NewNumberID(int32(n)), true
}

// notify sends a notification, logging (not failing) when the stream is gone. It frames
// the message itself: jsonrpc2's Notify encodes the params, then re-encodes them as a raw
// message, which doubles the cost of a 1,000-diagnostic publication on every keystroke.
func (s *Server) notify(method string, params any) {
	msg, err := encodeNotification(method, params)
	if err == nil {
		err = s.stream.writeRaw(msg)
	}
	if err != nil && s.baseCtx.Err() == nil {
		s.log.Debug("notify failed", "method", method, "err", err)
	}
}

func (s *Server) logMessage(t protocol.MessageType, msg string) {
	if s.conn == nil {
		return
	}
	s.notify("window/logMessage", protocol.LogMessageParams{Type: t, Message: msg})
}

func (s *Server) showMessage(t protocol.MessageType, msg string) {
	s.notify("window/showMessage", protocol.ShowMessageParams{Type: t, Message: msg})
}

func sprintf(f string, a ...any) string { return fmt.Sprintf(f, a...) }

// encodeNotification encodes a notification in one pass. Raw JSON in params (encoded
// diagnostics, ~300 KB for a big file) was produced by json.Marshal, so it is copied as is
// rather than parsed and re-compacted; no HTML escaping (the client is not a browser).
func encodeNotification(method string, params any) ([]byte, error) {
	msg := make([]byte, 0, 512)
	msg = append(msg, `{"jsonrpc":"2.0","method":`...)
	msg = strconv.AppendQuote(msg, method)
	msg = append(msg, `,"params":`...)
	msg, err := json.Append(msg, params, json.TrustRawMessage)
	if err != nil {
		return nil, err
	}
	return append(msg, '}'), nil
}
