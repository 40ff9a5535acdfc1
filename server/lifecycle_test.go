package server

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

func TestRequestsBeforeInitializeAreRefused(t *testing.T) {
	c := newTestClient(t, clientOptions{noInitialize: true})
	err := c.call("textDocument/hover", map[string]any{}, nil)
	if err == nil || err.Code != jsonrpc2.ServerNotInitialized {
		t.Fatalf("hover before initialize: got %v, want code %d", err, jsonrpc2.ServerNotInitialized)
	}
	var res initializeResult
	if err := c.call("initialize", map[string]any{"processId": nil, "capabilities": map[string]any{}}, &res); err != nil {
		t.Fatal(err)
	}
	if err := c.call("initialize", map[string]any{"capabilities": map[string]any{}}, nil); err == nil || err.Code != jsonrpc2.InvalidRequest {
		t.Fatalf("second initialize: got %v", err)
	}
	if code := c.shutdownExit(); code != 0 {
		t.Fatalf("exit code after shutdown = %d, want 0", code)
	}
}

func TestExitWithoutShutdownIsAnError(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	c.notify("exit", nil)
	select {
	case code := <-c.exit:
		c.exit <- code
		if code != 1 {
			t.Fatalf("exit code = %d, want 1", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exit")
	}
}

func TestRequestAfterShutdownIsRefused(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	if err := c.call("shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.call("textDocument/hover", map[string]any{}, nil); err == nil || err.Code != jsonrpc2.InvalidRequest {
		t.Fatalf("hover after shutdown: %v", err)
	}
}

func TestPositionEncodingNegotiation(t *testing.T) {
	cases := []struct {
		name    string
		general any
		want    string // "" = field absent
	}{
		{"no general block (Neovim 0.7)", nil, ""},
		{"utf-16 only", map[string]any{"positionEncodings": []string{"utf-16"}}, "utf-16"},
		{"utf-8 offered", map[string]any{"positionEncodings": []string{"utf-32", "utf-8", "utf-16"}}, "utf-8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, clientOptions{noInitialize: true})
			caps := map[string]any{}
			if tc.general != nil {
				caps["general"] = tc.general
			}
			var raw json.RawMessage
			if err := c.call("initialize", map[string]any{"capabilities": caps}, &raw); err != nil {
				t.Fatal(err)
			}
			var res struct {
				Capabilities map[string]json.RawMessage `json:"capabilities"`
			}
			if err := json.Unmarshal(raw, &res); err != nil {
				t.Fatal(err)
			}
			got := ""
			if pe, ok := res.Capabilities["positionEncoding"]; ok {
				_ = json.Unmarshal(pe, &got)
			}
			if got != tc.want {
				t.Fatalf("positionEncoding = %q, want %q (%s)", got, tc.want, raw)
			}
			for _, k := range []string{"textDocumentSync", "hoverProvider", "codeActionProvider", "executeCommandProvider"} {
				if _, ok := res.Capabilities[k]; !ok {
					t.Errorf("capability %s missing: %s", k, raw)
				}
			}
		})
	}
}

func TestUnknownMethodAndNotification(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	if err := c.call("textDocument/documentSymbol", map[string]any{}, nil); err == nil || err.Code != jsonrpc2.MethodNotFound {
		t.Fatalf("unimplemented method: %v", err)
	}
	if err := c.call("textDocument/inlayHint", map[string]any{}, nil); err == nil || err.Code != jsonrpc2.MethodNotFound {
		t.Fatalf("3.17 method: %v", err)
	}
	c.notify("$/somethingNew", map[string]any{"x": 1})
	c.notify("workspace/didRenameFiles", map[string]any{})
	// The connection is still alive and answering.
	if err := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": "file:///nope.py"}}, nil); err != nil {
		t.Fatalf("after unknown notifications: %v", err)
	}
}

func TestInvalidParamsGetInvalidParamsError(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	if err := c.call("textDocument/hover", []int{1, 2}, nil); err == nil || err.Code != jsonrpc2.InvalidParams {
		t.Fatalf("hover with array params: %v", err)
	}
}

// slowRoute blocks until its request is cancelled.
func slowRoute(started chan<- struct{}) route {
	return route{call: func(ctx context.Context, _ json.RawMessage) (any, error) {
		started <- struct{}{}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(30 * time.Second):
			return "slept", nil
		}
	}}
}

func TestCancelRequestNumericID(t *testing.T) {
	started := make(chan struct{}, 1)
	c := newTestClient(t, clientOptions{setup: func(s *Server) { s.routes["test/slow"] = slowRoute(started) }})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	var id jsonrpc2.ID
	go func() {
		var err error
		id, err = c.conn.Call(ctx, "test/slow", nil, nil)
		errc <- err
	}()
	<-started
	_ = id
	// jsonrpc2 numbers its calls 1, 2, …: initialize was 1, so this call is 2.
	c.notify("$/cancelRequest", map[string]any{"id": 2})
	// The client keeps waiting for the server's answer, as VS Code does.
	select {
	case err := <-errc:
		var we *jsonrpc2.Error
		if !errors.As(err, &we) || we.Code != protocol.CodeRequestCancelled {
			t.Fatalf("cancelled request answered %v, want code %d", err, protocol.CodeRequestCancelled)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("numeric-id request was not cancelled")
	}
	cancel()
}

func TestCancelRequestStringID(t *testing.T) {
	started := make(chan struct{}, 1)
	rc := newRawClient(t, func(s *Server) { s.routes["test/slow"] = slowRoute(started) })
	rc.send(`{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"capabilities":{}}}`)
	rc.expectID(`"init"`)
	rc.send(`{"jsonrpc":"2.0","id":"slow-1","method":"test/slow"}`)
	<-started
	rc.send(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"slow-1"}}`)
	resp := rc.expectID(`"slow-1"`)
	if resp.Error == nil || resp.Error.Code != protocol.CodeRequestCancelled {
		t.Fatalf("string-id cancel answered %s", mustJSON(resp))
	}
}

func TestPanicInHandlerIsRecoveredAndLogged(t *testing.T) {
	c := newTestClient(t, clientOptions{setup: func(s *Server) {
		s.routes["test/panic"] = route{call: func(_ context.Context, params json.RawMessage) (any, error) {
			var xs []int
			return xs[len(params)], nil // index out of range: a runtime panic
		}}
		s.routes["test/panicNote"] = route{notify: func(context.Context, json.RawMessage) error { panic("notification boom") }}
	}})
	err := c.call("test/panic", nil, nil)
	if err == nil || err.Code != jsonrpc2.InternalError || !strings.Contains(err.Message, "test/panic") {
		t.Fatalf("panicking request answered %v", err)
	}
	c.waitNote("logMessage about the panic", func(n note) bool {
		return n.Method == "window/logMessage" && strings.Contains(string(n.Params), "internal error in test/panic")
	})
	c.notify("test/panicNote", nil)
	c.waitNote("logMessage about the notification panic", func(n note) bool {
		return n.Method == "window/logMessage" && strings.Contains(string(n.Params), "notification boom")
	})
	// Still serving.
	if err := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": "file:///x.py"}}, nil); err != nil {
		t.Fatalf("after panic: %v", err)
	}
}

func TestMalformedMessagesGetErrors(t *testing.T) {
	rc := newRawClient(t, nil)
	rc.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
	rc.expectID(`1`)
	rc.send(`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover",`) // truncated JSON
	if r := rc.next(); r.Error == nil || r.Error.Code != jsonrpc2.ParseError || string(r.ID) != "null" {
		t.Fatalf("truncated JSON answered %s", mustJSON(r))
	}
	rc.send(`{"jsonrpc":"2.0","id":3,"method":42}`) // valid JSON, not a request
	if r := rc.next(); r.Error == nil || r.Error.Code != jsonrpc2.InvalidRequest || string(r.ID) != "3" {
		t.Fatalf("method 42 answered %s", mustJSON(r))
	}
	rc.sendRaw("Content-Type: nothing\r\n\r\n") // no Content-Length at all
	if r := rc.next(); r.Error == nil || r.Error.Code != jsonrpc2.ParseError {
		t.Fatalf("frame without length answered %s", mustJSON(r))
	}
	rc.send("\xff\xfe not json")
	if r := rc.next(); r.Error == nil || r.Error.Code != jsonrpc2.ParseError {
		t.Fatalf("binary garbage answered %s", mustJSON(r))
	}
	rc.send(`{"jsonrpc":"2.0","id":4,"method":"shutdown"}`)
	if r := rc.expectID(`4`); r.Error != nil {
		t.Fatalf("shutdown after garbage: %s", mustJSON(r))
	}
}
