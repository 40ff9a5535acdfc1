package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
)

// rawClient writes bytes as they are, for messages a well-behaved client library cannot
// produce (malformed JSON, string ids).
type rawClient struct {
	t    *testing.T
	w    io.WriteCloser
	in   *bufio.Reader
	msgs chan rawMsg
}

type rawMsg struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *jsonrpc2.Error `json:"error,omitempty"`
}

func newRawClient(t *testing.T, setup func(*Server)) *rawClient {
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	srv := New(Options{Logger: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if setup != nil {
		setup(srv)
	}
	done := make(chan int, 1)
	go func() {
		done <- srv.Serve(context.Background(), pipeRWC{Reader: sr, Writer: sw, closers: []io.Closer{sr, sw}})
	}()
	rc := &rawClient{t: t, w: cw, in: bufio.NewReader(cr), msgs: make(chan rawMsg, 64)}
	go rc.read()
	t.Cleanup(func() {
		_ = cw.Close()
		_ = cr.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("server did not stop")
		}
	})
	return rc
}

func (rc *rawClient) read() {
	defer close(rc.msgs)
	for {
		length := -1
		for {
			line, err := rc.in.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(rc.in, body); err != nil {
			return
		}
		var m rawMsg
		if err := json.Unmarshal(body, &m); err != nil {
			rc.t.Errorf("server sent invalid JSON %q: %v", body, err)
			return
		}
		rc.msgs <- m
	}
}

func (rc *rawClient) sendRaw(s string) {
	if _, err := io.WriteString(rc.w, s); err != nil {
		rc.t.Fatal(err)
	}
}

func (rc *rawClient) send(body string) {
	rc.sendRaw(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
}

// next returns the next response, skipping server notifications and requests.
func (rc *rawClient) next() rawMsg {
	rc.t.Helper()
	for {
		select {
		case m, ok := <-rc.msgs:
			if !ok {
				rc.t.Fatal("server closed the stream")
			}
			if m.Method != "" {
				continue
			}
			return m
		case <-time.After(10 * time.Second):
			rc.t.Fatal("no response from server")
		}
	}
}

func (rc *rawClient) expectID(id string) rawMsg {
	rc.t.Helper()
	m := rc.next()
	if string(m.ID) != id {
		rc.t.Fatalf("response id %s, want %s (%s)", m.ID, id, mustJSON(m))
	}
	return m
}
