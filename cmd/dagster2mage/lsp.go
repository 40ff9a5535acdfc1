package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/dagster2mage/dagster2mage/server"
)

// runLSP serves the language server on stdin/stdout; logs go to stderr.
func runLSP(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	level := fs.String("log-level", "info", "stderr log level: debug, info, warn, error")
	delay := fs.Duration("cross-file-delay", 150*time.Millisecond, "how long cross-file diagnostics wait for typing to pause")
	budget := fs.Duration("preview-budget", 300*time.Millisecond, "how long a hover waits for the translation behind its preview")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole session to this file (performance work)")
	memProfile := fs.String("memprofile", "", "write an allocation profile to this file at exit (performance work)")
	_ = fs.Bool("stdio", true, "speak LSP over stdin/stdout (the only transport; accepted for clients that pass it)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(stderr, "dagster2mage lsp: bad -log-level %q\n", *level)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lv}))
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "dagster2mage lsp: cpu profile: %v\n", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "dagster2mage lsp: cpu profile: %v\n", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *memProfile != "" {
		defer func() {
			f, err := os.Create(*memProfile)
			if err == nil {
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				fmt.Fprintf(stderr, "dagster2mage lsp: memory profile: %v\n", err)
			}
		}()
	}
	srv := server.New(server.Options{Logger: logger, CrossFileDelay: *delay, PreviewBudget: *budget, Version: version})
	return srv.Serve(ctx, server.Stdio())
}
