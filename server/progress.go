package server

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

// progressTracker creates and reports work-done progress ($/progress) and maps the
// client's window/workDoneProgress/cancel back to the work's context.
type progressTracker struct {
	s    *Server
	seq  atomic.Int64
	mu   sync.Mutex
	live map[string]context.CancelFunc // by token (JSON text)
}

func newProgressTracker(s *Server) *progressTracker {
	return &progressTracker{s: s, live: map[string]context.CancelFunc{}}
}

// progress is one begin…report…end sequence. A nil token means the client cannot show
// progress; all methods are then no-ops.
type progress struct {
	t        *progressTracker
	token    json.RawMessage
	mu       sync.Mutex
	last     time.Time
	lastPct  int
	finished bool
}

// begin starts progress under the client's token (from the request's workDoneToken) or,
// when there is none and the client supports it, a token the server creates. If
// cancellable, cancel is called when the user cancels it in the editor.
func (t *progressTracker) begin(ctx context.Context, clientToken json.RawMessage, title string, cancel context.CancelFunc) *progress {
	p := &progress{t: t, lastPct: -1}
	s := t.s
	switch {
	case len(clientToken) > 0 && string(clientToken) != "null":
		p.token = clientToken
	case s.client.workDoneProgress:
		tok := json.RawMessage(strconv.Quote("dagster2mage/" + strconv.FormatInt(t.seq.Add(1), 10)))
		if _, err := s.conn.Call(ctx, "window/workDoneProgress/create", map[string]any{"token": tok}, nil); err != nil {
			s.log.Debug("progress create refused", "err", err)
			return p
		}
		p.token = tok
	default:
		return p
	}
	if cancel != nil {
		t.mu.Lock()
		t.live[string(p.token)] = cancel
		t.mu.Unlock()
	}
	s.notify("$/progress", progressParams{Token: p.token, Value: protocol.WorkDoneProgressBegin{
		Kind: protocol.WorkDoneProgressKindBegin, Title: title, Cancellable: cancel != nil, Percentage: 0,
	}})
	return p
}

type progressParams struct {
	Token json.RawMessage `json:"token"`
	Value any             `json:"value"`
}

// report sends a message and percentage, at most every 100 ms (and on each new percent
// when slower), so a 10,000-file scan does not flood the client.
func (p *progress) report(msg string, pct int) {
	if p == nil || p.token == nil {
		return
	}
	p.mu.Lock()
	now := time.Now()
	if p.finished || (now.Sub(p.last) < 100*time.Millisecond && pct < 100) || pct == p.lastPct {
		p.mu.Unlock()
		return
	}
	p.last, p.lastPct = now, pct
	p.mu.Unlock()
	p.t.s.notify("$/progress", progressParams{Token: p.token, Value: protocol.WorkDoneProgressReport{
		Kind: protocol.WorkDoneProgressKindReport, Message: msg, Percentage: uint32(min(max(pct, 0), 100)),
	}})
}

func (p *progress) end(msg string) {
	if p == nil || p.token == nil {
		return
	}
	p.mu.Lock()
	if p.finished {
		p.mu.Unlock()
		return
	}
	p.finished = true
	p.mu.Unlock()
	p.t.mu.Lock()
	delete(p.t.live, string(p.token))
	p.t.mu.Unlock()
	p.t.s.notify("$/progress", progressParams{Token: p.token, Value: protocol.WorkDoneProgressEnd{
		Kind: protocol.WorkDoneProgressKindEnd, Message: msg,
	}})
}

func (s *Server) workDoneProgressCancel(_ context.Context, params json.RawMessage) error {
	var p struct {
		Token json.RawMessage `json:"token"`
	}
	if err := decode(params, &p); err != nil {
		return err
	}
	s.prog.mu.Lock()
	cancel := s.prog.live[string(p.Token)]
	s.prog.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil
}
