package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/report"
)

// runCheck implements `dagster2mage check [PATH...]`: exit 0 with no findings, 1 with
// findings, 2 on error (bad flags, missing path, invalid configuration).
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json or sarif")
	stats := fs.Bool("stats", false, "print a JSON summary (files, parse errors, findings by code, dynamic definitions, unknown names, time) instead of findings")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: dagster2mage check [--format text|json|sarif] [--stats] [PATH...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	switch *format {
	case "text", "json", "sarif":
	default:
		fmt.Fprintf(stderr, "dagster2mage check: unknown format %q (text, json or sarif)\n", *format)
		return 2
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	start := time.Now()
	var items []report.Item
	total := analysis.Stats{ByCode: map[string]int{}, Definitions: map[string]int{}, Unknown: map[string]int{}}
	for _, p := range paths {
		ws, files, err := workspaceFor(p, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "dagster2mage check: %v\n", err)
			return 2
		}
		unreadable, crashes := 0, 0
		ws.LoadFiles(context.Background(), files, nil, func(e *analysis.LoadError) {
			if e.Crash {
				crashes++
			} else {
				unreadable++
			}
			fmt.Fprintf(stderr, "dagster2mage check: %v\n", e)
		})
		for _, f := range ws.Files() {
			fm := ws.File(f)
			items = append(items, report.Items(ws.Findings(f), func(path string, off int) analysis.Position {
				if other := ws.File(path); other != nil {
					return other.Doc.PositionAt(off, analysis.UTF32)
				}
				return fm.Doc.PositionAt(off, analysis.UTF32)
			})...)
		}
		if *stats {
			s := ws.Stats()
			s.Unreadable, s.Crashes = unreadable, crashes
			mergeStats(&total, s)
		}
	}
	report.Sort(items)
	if *stats {
		total.Seconds = time.Since(start).Seconds()
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(total); err != nil {
			return 2
		}
		return exitFor(items)
	}
	var err error
	switch *format {
	case "json":
		err = report.JSON(stdout, items)
	case "sarif":
		err = report.SARIF(stdout, items, version)
	default:
		err = report.Text(stdout, items)
	}
	if err != nil {
		fmt.Fprintf(stderr, "dagster2mage check: %v\n", err)
		return 2
	}
	return exitFor(items)
}

func exitFor(items []report.Item) int {
	if len(items) > 0 {
		return 1
	}
	return 0
}

// workspaceFor builds the workspace for one command-line path: a directory is a root with its
// own pyproject.toml; a file uses the configuration of the current directory.
func workspaceFor(p string, stderr io.Writer) (*analysis.Workspace, []string, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("path: %w", err)
	}
	root := p
	if !st.IsDir() {
		root = filepath.Dir(p)
	}
	cfgDir := root
	if !st.IsDir() {
		cfgDir = "."
	}
	cfg, err := analysis.LoadConfig(cfgDir)
	if err != nil {
		var ce *analysis.ConfigError
		if errors.As(err, &ce) {
			return nil, nil, fmt.Errorf("invalid configuration: %w", err)
		}
		return nil, nil, err
	}
	ws := analysis.NewWorkspace(root, cfg)
	if !st.IsDir() {
		return ws, []string{p}, nil
	}
	files := analysis.ScanDir(root, cfg, func(path string, err error) {
		fmt.Fprintf(stderr, "dagster2mage check: %s: %v\n", path, err)
	})
	return ws, files, nil
}

func mergeStats(t *analysis.Stats, s analysis.Stats) {
	t.Files += s.Files
	t.DagsterFiles += s.DagsterFiles
	t.ParseErrorFiles += s.ParseErrorFiles
	t.ParseErrors += s.ParseErrors
	t.Findings += s.Findings
	t.Dynamic += s.Dynamic
	t.Unreadable += s.Unreadable
	t.Crashes += s.Crashes
	for k, v := range s.ByCode {
		t.ByCode[k] += v
	}
	for k, v := range s.Definitions {
		t.Definitions[k] += v
	}
	for k, v := range s.Unknown {
		t.Unknown[k] += v
	}
}
