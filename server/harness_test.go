package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// pipeRWC joins the two halves of a duplex pipe.
type pipeRWC struct {
	io.Reader
	io.Writer
	closers []io.Closer
}

func (p pipeRWC) Close() error {
	for _, c := range p.closers {
		_ = c.Close()
	}
	return nil
}

// note is one message the server sent to the client.
type note struct {
	Method string
	Params json.RawMessage
}

// testClient is a real jsonrpc2 client talking to an in-process Server over pipes.
type testClient struct {
	t    testing.TB
	srv  *Server
	conn jsonrpc2.Conn
	exit chan int
	root string

	mu      sync.Mutex
	notes   []note
	changed chan struct{}
	// handlers for server→client requests; nil entries get a null result.
	onRequest map[string]func(params json.RawMessage) (any, error)
	requests  []note
}

type clientOptions struct {
	capabilities map[string]any
	initOptions  any
	folders      []string // absolute paths; default: one temp folder
	noInitialize bool
	setup        func(s *Server)
	translator   Translator        // nil: the codeactions package
	files        map[string]string // written under the first folder before initialize
}

// vscodeCaps is a capability set shaped like VS Code's (LSP 3.17, UTF-16).
func vscodeCaps() map[string]any {
	return map[string]any{
		"general": map[string]any{"positionEncodings": []string{"utf-16"}},
		"window":  map[string]any{"workDoneProgress": true, "showDocument": map[string]any{"support": true}},
		"workspace": map[string]any{
			"applyEdit":        true,
			"configuration":    true,
			"workspaceFolders": true,
			"workspaceEdit": map[string]any{
				"documentChanges":         true,
				"resourceOperations":      []string{"create", "rename", "delete"},
				"changeAnnotationSupport": map[string]any{"groupsOnLabel": true},
			},
			"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true},
		},
		"textDocument": map[string]any{
			"hover": map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
			"codeAction": map[string]any{
				"dataSupport":              true,
				"resolveSupport":           map[string]any{"properties": []string{"edit"}},
				"codeActionLiteralSupport": map[string]any{"codeActionKind": map[string]any{"valueSet": []string{"quickfix", "source"}}},
			},
			"publishDiagnostics": map[string]any{"relatedInformation": true, "versionSupport": true, "codeDescriptionSupport": true, "dataSupport": true},
		},
	}
}

// nvimCaps is what Neovim 0.7.2 sends: resource operations but no documentChanges flag,
// no general block, no configuration pull.
func nvimCaps() map[string]any {
	return map[string]any{
		"workspace": map[string]any{
			"applyEdit":     true,
			"workspaceEdit": map[string]any{"resourceOperations": []string{"rename", "create", "delete"}},
		},
		"window": map[string]any{"workDoneProgress": true},
		"textDocument": map[string]any{
			"codeAction": map[string]any{"dataSupport": true, "resolveSupport": map[string]any{"properties": []string{"edit"}}},
		},
	}
}

func newTestClient(t testing.TB, o clientOptions) *testClient {
	t.Helper()
	cr, sw := io.Pipe() // server → client
	sr, cw := io.Pipe() // client → server
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := New(Options{Logger: logger, CrossFileDelay: 20 * time.Millisecond, Version: "test", Translator: o.translator,
		PreviewBudget: 30 * time.Second}) // tests assert on previews and titles, so they wait
	if o.setup != nil {
		o.setup(srv)
	}
	c := &testClient{t: t, srv: srv, exit: make(chan int, 1), changed: make(chan struct{}), onRequest: map[string]func(json.RawMessage) (any, error){}}
	go func() {
		c.exit <- srv.Serve(context.Background(), pipeRWC{Reader: sr, Writer: sw, closers: []io.Closer{sr, sw}})
	}()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(pipeRWC{Reader: cr, Writer: cw, closers: []io.Closer{cr, cw}}))
	c.conn.Go(context.Background(), c.handle)
	t.Cleanup(func() {
		_ = c.conn.Close()
		select {
		case <-c.exit:
		case <-time.After(10 * time.Second):
			t.Error("server did not stop after the client closed the stream")
		}
	})
	if len(o.folders) == 0 {
		o.folders = []string{t.TempDir()}
	}
	c.root = o.folders[0]
	for rel, content := range o.files {
		c.write(rel, content)
	}
	if o.noInitialize {
		return c
	}
	caps := o.capabilities
	if caps == nil {
		caps = vscodeCaps()
	}
	var folders []protocol.WorkspaceFolder
	for _, f := range o.folders {
		folders = append(folders, protocol.WorkspaceFolder{URI: string(fileURI(f)), Name: filepath.Base(f)})
	}
	var res json.RawMessage
	c.call("initialize", map[string]any{
		"processId": nil, "rootUri": string(fileURI(o.folders[0])), "capabilities": caps,
		"workspaceFolders": folders, "initializationOptions": o.initOptions,
	}, &res)
	c.notify("initialized", map[string]any{})
	return c
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func (c *testClient) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	c.mu.Lock()
	n := note{Method: req.Method(), Params: append(json.RawMessage(nil), req.Params()...)}
	_, isCall := req.(*jsonrpc2.Call)
	if isCall {
		c.requests = append(c.requests, n)
	} else {
		c.notes = append(c.notes, n)
	}
	h := c.onRequest[req.Method()]
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
	if !isCall {
		return nil
	}
	// Reply off the reading goroutine: io.Pipe has no buffer, so a reply written while the
	// server is itself blocked writing to us would deadlock both ends.
	go c.answer(ctx, reply, req, h)
	return nil
}

func (c *testClient) answer(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request, h func(json.RawMessage) (any, error)) error {
	if h == nil {
		switch req.Method() {
		case "workspace/configuration":
			var p struct{ Items []any }
			_ = json.Unmarshal(req.Params(), &p)
			return reply(ctx, make([]any, len(p.Items)), nil)
		}
		return reply(ctx, nil, nil)
	}
	res, err := h(req.Params())
	return reply(ctx, res, err)
}

func (c *testClient) handleRequest(method string, h func(json.RawMessage) (any, error)) {
	c.mu.Lock()
	c.onRequest[method] = h
	c.mu.Unlock()
}

// call sends a request and fails the test on a transport error; it returns the
// JSON-RPC error, if any.
func (c *testClient) call(method string, params, result any) *jsonrpc2.Error {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	if err == nil {
		return nil
	}
	if we, ok := err.(*jsonrpc2.Error); ok {
		return we
	}
	c.t.Fatalf("%s: %v", method, err)
	return nil
}

func (c *testClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// waitNote waits for a notification matching pred, scanning everything received so far.
func (c *testClient) waitNote(what string, pred func(note) bool) note {
	c.t.Helper()
	return c.waitNoteSince(0, what, pred)
}

// mark is the number of notifications received so far, for waitNoteSince.
func (c *testClient) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.notes)
}

// sync returns once the server has processed every notification sent before it: requests
// are read after them, and notifications are handled in order on the reading goroutine.
func (c *testClient) sync() {
	c.t.Helper()
	if err := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": "file:///sync.py"}}, nil); err != nil {
		c.t.Fatalf("sync: %v", err)
	}
}

// waitNoteSince is waitNote looking only at notifications after mark.
func (c *testClient) waitNoteSince(seen int, what string, pred func(note) bool) note {
	c.t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		c.mu.Lock()
		notes := c.notes[seen:]
		ch := c.changed
		c.mu.Unlock()
		for _, n := range notes {
			if pred(n) {
				return n
			}
		}
		seen += len(notes)
		select {
		case <-ch:
		case <-deadline:
			c.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// diagnostics waits for a publishDiagnostics on path for which pred holds.
func (c *testClient) diagnostics(path string, pred func(publishDiagnosticsParams) bool) publishDiagnosticsParams {
	c.t.Helper()
	return c.diagnosticsSince(0, path, pred)
}

// diagnosticsSince is diagnostics looking only at notifications after mark.
func (c *testClient) diagnosticsSince(mark int, path string, pred func(publishDiagnosticsParams) bool) publishDiagnosticsParams {
	c.t.Helper()
	var got publishDiagnosticsParams
	c.waitNoteSince(mark, "diagnostics for "+filepath.Base(path), func(n note) bool {
		if n.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var p publishDiagnosticsParams
		if err := json.Unmarshal(n.Params, &p); err != nil {
			c.t.Fatalf("bad publishDiagnostics %s: %v", n.Params, err)
		}
		if strings.Contains(string(n.Params), `"diagnostics":null`) {
			c.t.Fatalf("null diagnostics sent: %s", n.Params)
		}
		if p.URI != fileURI(path) || !pred(p) {
			return false
		}
		got = p
		return true
	})
	return got
}

func atVersion(v int32) func(publishDiagnosticsParams) bool {
	return func(p publishDiagnosticsParams) bool { return p.Version != nil && *p.Version == v }
}

// write creates a file under the client's root.
func (c *testClient) write(rel, content string) string {
	c.t.Helper()
	p := filepath.Join(c.root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		c.t.Fatal(err)
	}
	return p
}

func (c *testClient) open(path, text string, version int32) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": fileURI(path), "languageId": "python", "version": version, "text": text,
	}})
}

// change sends one didChange with the given content changes (maps with optional range).
func (c *testClient) change(path string, version int32, changes ...map[string]any) {
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": fileURI(path), "version": version},
		"contentChanges": changes,
	})
}

func rng(l1, c1, l2, c2 int) map[string]any {
	return map[string]any{"start": map[string]any{"line": l1, "character": c1}, "end": map[string]any{"line": l2, "character": c2}}
}

// text returns the server's current text of an open document.
func (c *testClient) text(path string) string {
	o := c.srv.sess.overlay(path)
	if o == nil {
		c.t.Fatalf("%s is not open on the server", path)
	}
	return string(o.doc.Text())
}

func (c *testClient) shutdownExit() int {
	c.t.Helper()
	if err := c.call("shutdown", nil, nil); err != nil {
		c.t.Fatalf("shutdown: %v", err)
	}
	c.notify("exit", nil)
	select {
	case code := <-c.exit:
		c.exit <- code // for Cleanup
		return code
	case <-time.After(10 * time.Second):
		c.t.Fatal("server did not exit")
	}
	return -1
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

var _ = fmt.Sprintf

// openFixture copies testdata/shop/name into the workspace, opens it at version 1 and
// waits for its first diagnostics.
func (c *testClient) openFixture(name string) (path, text string) {
	c.t.Helper()
	text = fixture(c.t, name)
	path = c.write(name, text)
	c.open(path, text, 1)
	c.diagnostics(path, atVersion(1))
	return path, text
}

// publishDiagnosticsParams decodes what publishDiagnosticsWire sends.
type publishDiagnosticsParams struct {
	URI         protocol.DocumentURI  `json:"uri"`
	Version     *int32                `json:"version,omitempty"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
}
