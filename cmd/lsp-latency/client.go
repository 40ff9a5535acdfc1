package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
)

// client is a minimal LSP client driving one server process over stdio.
type client struct {
	cmd  *exec.Cmd
	conn jsonrpc2.Conn
	pid  int

	mu      sync.Mutex
	events  []event
	changed chan struct{}
}

// event is one notification from the server, stamped on arrival.
type event struct {
	at      time.Time
	method  string
	uri     string
	version *int32
	params  json.RawMessage
}

type rwc struct {
	io.Reader
	io.WriteCloser
}

func start(argv []string, stderr io.Writer) (*client, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stderr = stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", argv[0], err)
	}
	c := &client{cmd: cmd, pid: cmd.Process.Pid, changed: make(chan struct{})}
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(rwc{out, in}))
	c.conn.Go(context.Background(), c.handle)
	return c, nil
}

func (c *client) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	if _, ok := req.(*jsonrpc2.Call); ok {
		// Answer server requests off the reading goroutine.
		go func() {
			var result any
			if req.Method() == "workspace/configuration" {
				var p struct{ Items []any }
				_ = json.Unmarshal(req.Params(), &p)
				result = make([]any, len(p.Items))
			}
			_ = reply(ctx, result, nil)
		}()
		return nil
	}
	ev := event{at: time.Now(), method: req.Method()}
	if req.Method() == "textDocument/publishDiagnostics" {
		// Only where and which version: keeping every publication (300 KB each for a big
		// file) would grow this process by hundreds of MB and its collections would land in
		// the measured latencies.
		var p struct {
			URI     string `json:"uri"`
			Version *int32 `json:"version"`
		}
		_ = json.Unmarshal(req.Params(), &p)
		ev.uri, ev.version = p.URI, p.Version
	} else {
		ev.params = append(json.RawMessage(nil), req.Params()...)
	}
	c.mu.Lock()
	c.events = append(c.events, ev)
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
	return nil
}

// mark returns the current event count; wait looks only at events after it.
func (c *client) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.events)
}

func (c *client) wait(from int, timeout time.Duration, pred func(event) bool) (event, error) {
	deadline := time.After(timeout)
	for {
		c.mu.Lock()
		evs := c.events[from:]
		ch := c.changed
		c.mu.Unlock()
		for _, e := range evs {
			if pred(e) {
				return e, nil
			}
		}
		from += len(evs)
		select {
		case <-ch:
		case <-deadline:
			return event{}, errors.New("timeout")
		}
	}
}

// diagnosticsFor matches a publishDiagnostics for uri at version v; servers that omit the
// version match any publication after the mark.
func diagnosticsFor(uri string, v int32) func(event) bool {
	return func(e event) bool {
		return e.method == "textDocument/publishDiagnostics" && e.uri == uri && (e.version == nil || *e.version == v)
	}
}

func (c *client) call(method string, params, result any) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	t0 := time.Now()
	_, err := c.conn.Call(ctx, method, params, result)
	return time.Since(t0), err
}

func (c *client) notify(method string, params any) error {
	return c.conn.Notify(context.Background(), method, params)
}

// peakRSS is the process's peak resident set (VmHWM) in MiB, summed over its children
// (pyright's language server runs in worker processes).
func peakRSS(pid int) float64 {
	total := 0.0
	for _, p := range append([]int{pid}, children(pid)...) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
				total += kb / 1024
			}
		}
	}
	return total
}

func children(pid int) []int {
	var out []int
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return nil
	}
	for _, f := range strings.Fields(string(b)) {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
			out = append(out, children(n)...)
		}
	}
	return out
}

func (c *client) stop() {
	done := make(chan struct{})
	go func() {
		_, _ = c.call("shutdown", nil, nil)
		_ = c.notify("exit", nil)
		_ = c.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = c.cmd.Process.Kill()
		<-done
	}
}
