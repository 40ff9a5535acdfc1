package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
)

// maxMessage bounds one message body; a larger Content-Length is treated as malformed
// rather than allocated.
const maxMessage = 256 << 20

// stream frames LSP messages like jsonrpc2.NewStream, but a malformed message does not end
// the connection: jsonrpc2's stream returns the decode error and the conn then closes
// itself, so one bad byte from a client would kill the server. Here the bad message gets a
// JSON-RPC error response (id null, as the spec asks when the id cannot be read) and
// reading continues with the next frame.
type stream struct {
	rwc     io.ReadWriteCloser
	in      *bufio.Reader
	writeMu sync.Mutex // conn serialises its own writes; Read also writes error replies
	logf    func(format string, args ...any)
}

func newStream(rwc io.ReadWriteCloser, logf func(string, ...any)) *stream {
	return &stream{rwc: rwc, in: bufio.NewReaderSize(rwc, 64<<10), logf: logf}
}

// Read returns the next well-formed message. Only transport failures (EOF, closed pipe)
// are returned as errors.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		body, n, err := s.readFrame()
		if err != nil {
			var bad badFrame
			if errors.As(err, &bad) {
				s.logf("malformed frame: %v", err)
				s.replyError(jsonrpc2.ParseError, err.Error())
				continue
			}
			return nil, n, err
		}
		msg, derr := jsonrpc2.DecodeMessage(body)
		if derr == nil {
			return msg, n, nil
		}
		code := jsonrpc2.ParseError
		if json.Valid(body) {
			code = jsonrpc2.InvalidRequest
		}
		s.logf("malformed message: %v", derr)
		s.replyErrorTo(idOf(body), code, derr.Error())
	}
}

type badFrame struct{ msg string }

func (b badFrame) Error() string { return b.msg }

// readFrame reads headers up to the blank line, then the body. A header block without a
// usable Content-Length is skipped as a whole.
func (s *stream) readFrame() ([]byte, int64, error) {
	var total, length int64 = 0, -1
	var bad string
	for {
		line, err := s.in.ReadString('\n')
		total += int64(len(line))
		if err != nil {
			return nil, total, fmt.Errorf("reading header: %w", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if total <= 2 { // stray blank line between frames
				total = 0
				continue
			}
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			bad = fmt.Sprintf("invalid header line %q", truncate(line, 80))
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), jsonrpc2.HdrContentLength) {
			v, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || v <= 0 || v > maxMessage {
				bad = fmt.Sprintf("invalid Content-Length %q", truncate(value, 40))
				continue
			}
			length = v
		}
	}
	if length < 0 {
		if bad == "" {
			bad = "missing Content-Length header"
		}
		return nil, total, badFrame{bad}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(s.in, body); err != nil {
		return nil, total, fmt.Errorf("reading body: %w", err)
	}
	if bad != "" {
		return nil, total + length, badFrame{bad}
	}
	return body, total + length, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// idOf digs the id out of an undecodable message so the error can be correlated; it
// returns "null" when there is none.
func idOf(body []byte) json.RawMessage {
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(body, &probe) == nil && len(probe.ID) > 0 {
		if probe.ID[0] == '"' || (probe.ID[0] >= '0' && probe.ID[0] <= '9') || probe.ID[0] == '-' {
			return probe.ID
		}
	}
	return json.RawMessage("null")
}

func (s *stream) replyError(code jsonrpc2.Code, msg string) {
	s.replyErrorTo(json.RawMessage("null"), code, msg)
}

func (s *stream) replyErrorTo(id json.RawMessage, code jsonrpc2.Code, msg string) {
	data, err := json.Marshal(struct {
		Version string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", id, jsonrpc2.NewError(code, msg)})
	if err != nil {
		return
	}
	_ = s.writeRaw(data)
}

func (s *stream) Write(_ context.Context, msg jsonrpc2.Message) (int64, error) {
	data, err := json.Marshal(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return int64(len(data)), s.writeRaw(data)
}

// Big messages (a 5,000-line file's diagnostics are ~300 KB per keystroke) are built in a
// pooled buffer that keeps room for the header in front, and written from it: no copy per
// layer, and no fresh garbage each keystroke.
const frameRoom = 32

var framePool = sync.Pool{New: func() any { return new([]byte) }}

// newFrame returns a pooled buffer holding frameRoom bytes and room for at least size more
// (a pooled buffer keeps the capacity the last big message gave it): append the message body,
// then writeFrame.
func newFrame(size int) *[]byte {
	bp := framePool.Get().(*[]byte)
	if cap(*bp) < frameRoom+size {
		*bp = make([]byte, 0, frameRoom+size+size/8)
	}
	*bp = (*bp)[:frameRoom]
	return bp
}

// releaseFrame returns a buffer to the pool (huge ones are dropped).
func releaseFrame(bp *[]byte) {
	if cap(*bp) <= 16<<20 {
		framePool.Put(bp)
	}
}

// writeFrame writes the message built after newFrame's room, with its header, and releases
// the buffer.
func (s *stream) writeFrame(bp *[]byte) error {
	defer releaseFrame(bp)
	b := *bp
	var hdr [frameRoom]byte
	h := append(hdr[:0], "Content-Length: "...)
	h = strconv.AppendInt(h, int64(len(b)-frameRoom), 10)
	h = append(h, "\r\n\r\n"...)
	start := frameRoom - len(h)
	copy(b[start:], h)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if _, err := s.rwc.Write(b[start:]); err != nil {
		return fmt.Errorf("writing message: %w", err)
	}
	return nil
}

func (s *stream) writeRaw(data []byte) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	// One write per frame so a pipe reader never sees a header without its body.
	frame := make([]byte, 0, len(data)+32)
	frame = append(frame, "Content-Length: "...)
	frame = strconv.AppendInt(frame, int64(len(data)), 10)
	frame = append(frame, "\r\n\r\n"...)
	frame = append(frame, data...)
	if _, err := s.rwc.Write(frame); err != nil {
		return fmt.Errorf("writing message: %w", err)
	}
	return nil
}

func (s *stream) Close() error { return s.rwc.Close() }
