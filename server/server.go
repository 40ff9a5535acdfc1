// Package server is the dagster2mage language server: LSP over a jsonrpc2 stream, built on
// go.lsp.dev/jsonrpc2 v0.10.0 for the transport and go.lsp.dev/protocol v0.12.0 for most
// wire types.
//
// It does not use protocol.ServerHandler: that dispatcher panics on unimplemented methods,
// routes unknown methods to Server.Request, decodes full-text changes as edits at (0,0),
// cannot carry CreateFile in workspace edits and never cancels numeric ids (see
// shared/reference/editor-clients.md §5). Instead every method is an entry in one routing
// table (dispatch.go) and each LSP area has its own file, as in gopls.
package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
)

// Options configure a Server. The zero value is usable.
type Options struct {
	// Logger receives the server's own log (stderr in production; never stdout, which
	// carries the protocol).
	Logger *slog.Logger
	// CrossFileDelay is how long cross-file diagnostics wait for typing to settle.
	CrossFileDelay time.Duration
	// Translator plans Mage files; nil means the codeactions package.
	Translator Translator
	// PreviewBudget bounds how long a hover waits for the workspace translation behind its preview
	// (it goes on in the background and serves later requests).
	PreviewBudget time.Duration
	// Version is reported in serverInfo.
	Version string
}

// Server is one LSP session. Create it with New and run it with Serve.
type Server struct {
	opts Options
	log  *slog.Logger

	conn   jsonrpc2.Conn
	stream *stream
	routes map[string]route

	state atomic.Int32 // lifecycle state, see lifecycle.go
	// exitCode is set when the client sends exit; Serve returns it.
	exitCode atomic.Int32
	exited   chan struct{} // closed by the exit notification
	exitOnce sync.Once
	baseCtx  context.Context
	stop     context.CancelFunc

	reqMu    sync.Mutex
	inflight map[jsonrpc2.ID]context.CancelFunc
	wg       sync.WaitGroup // request goroutines and background jobs

	client clientInfo // negotiated at initialize; read-only afterwards
	sess   *session
	diag   *diagnoser
	prog   *progressTracker
	plans  planCache

	migrated  migratedCache // records of what editor actions migrated, per output folder
	gcMu      sync.Mutex    // scans in progress and the GC percent to restore after them
	scans     int
	gcPercent int
}

// New returns a server that has not started serving yet.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if opts.CrossFileDelay == 0 {
		opts.CrossFileDelay = 150 * time.Millisecond
	}
	if opts.PreviewBudget == 0 {
		opts.PreviewBudget = 300 * time.Millisecond
	}
	if opts.Translator == nil {
		opts.Translator = packageTranslator{}
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	s := &Server{
		opts:     opts,
		log:      opts.Logger,
		inflight: map[jsonrpc2.ID]context.CancelFunc{},
		exited:   make(chan struct{}),
	}
	s.routes = s.routeTable()
	s.exitCode.Store(-1)
	return s
}

// Serve speaks LSP on rwc until the client sends exit or closes the stream, and returns the
// process exit code the LSP spec asks for: 0 after shutdown+exit, 1 otherwise.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) int {
	s.baseCtx, s.stop = context.WithCancel(ctx)
	s.stream = newStream(rwc, func(f string, a ...any) { s.log.Warn("jsonrpc: " + sprintf(f, a...)) })
	s.conn = jsonrpc2.NewConn(s.stream)
	s.sess = newSession(s)
	s.diag = newDiagnoser(s)
	s.prog = newProgressTracker(s)
	// The connection reads under ctx, not baseCtx: shutdown cancels baseCtx (background
	// work) but the exit notification must still be read.
	s.conn.Go(ctx, s.handle)
	// On exit Serve returns without waiting for the reading goroutine: a blocking read of
	// stdin cannot be interrupted by closing it, and the client may keep its end open
	// until the process is gone.
	select {
	case <-s.conn.Done():
	case <-s.exited:
		_ = s.conn.Close()
	case <-ctx.Done():
		_ = s.conn.Close()
	}
	s.stop()
	s.diag.close()
	s.wg.Wait()
	s.sess.closeAll()
	if err := s.conn.Err(); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) && s.exitCode.Load() < 0 {
		s.log.Info("connection ended", "err", err)
	}
	if c := s.exitCode.Load(); c >= 0 {
		return int(c)
	}
	return 1
}

// go runs f in a tracked goroutine so Serve waits for it, recovering a panic into the log.
func (s *Server) goBackground(name string, f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.recoverPanic(name, nil)
		f()
	}()
}

// Stdio joins stdin and stdout into the stream Serve needs.
func Stdio() io.ReadWriteCloser {
	growStdoutPipe()
	return stdio{}
}

type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return errors.Join(os.Stdin.Close(), os.Stdout.Close()) }
