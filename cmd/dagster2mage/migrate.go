package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/codeactions"
)

const migrateUsage = `usage: dagster2mage migrate [PATH] [--out DIR] [flags]

Writes a Mage project translated from the Dagster code under PATH (default ".").

flags:
`

// runMigrate is the migrate command: flags and wiring only.
func runMigrate(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("out", "", "output folder: the Mage project (default: [tool.dagster2mage] out, else mage_project next to PATH)")
	dry := fl.Bool("dry-run", false, "print the plan (files and what happens to each) without writing")
	diff := fl.Bool("diff", false, "print a unified diff against what is on disk, without writing")
	force := fl.Bool("force", false, "overwrite files changed since dagster2mage wrote them")
	report := fl.String("report", "", "write the JSON report of every construct to FILE")
	project := fl.String("project-name", "", "Mage project name (a Python identifier; default: the output folder's name)")
	strategy := fl.String("pipeline-strategy", "", "pipelines for assets no job selects: job (one per group), group (one per group, every asset), single (one)")
	fl.Usage = func() {
		fmt.Fprint(stderr, migrateUsage)
		fl.PrintDefaults()
	}
	// Accept PATH before or after the flags.
	var positional []string
	rest := args
	for len(rest) > 0 {
		if err := fl.Parse(rest); err != nil {
			return 2
		}
		rest = fl.Args()
		if len(rest) > 0 {
			positional = append(positional, rest[0])
			rest = rest[1:]
		}
	}
	if len(positional) > 1 {
		fmt.Fprintf(stderr, "dagster2mage migrate: one PATH expected, got %v\n", positional)
		return 2
	}
	root := "."
	if len(positional) == 1 {
		root = positional[0]
	}
	root, err := filepath.Abs(root)
	if err != nil {
		fmt.Fprintf(stderr, "dagster2mage migrate: %v\n", err)
		return 2
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "dagster2mage migrate: %s is not a folder\n", root)
		return 2
	}
	cfg, err := analysis.LoadConfig(root)
	if err != nil {
		fmt.Fprintf(stderr, "dagster2mage migrate: %v\n", err)
		return 2
	}
	if *out == "" {
		*out = cfg.Out
		if *out == "" {
			*out = "mage_project"
		}
		if !filepath.IsAbs(*out) {
			*out = filepath.Join(root, *out)
		}
	}
	outDir, err := filepath.Abs(*out)
	if err != nil {
		fmt.Fprintf(stderr, "dagster2mage migrate: %v\n", err)
		return 2
	}
	if *strategy == "" {
		*strategy = cfg.PipelineStrategy
	}
	switch *strategy {
	case "", codeactions.StrategyJob, codeactions.StrategyGroup, codeactions.StrategySingle:
	default:
		fmt.Fprintf(stderr, "dagster2mage migrate: --pipeline-strategy %q: want job, group or single\n", *strategy)
		return 2
	}
	// The output folder is never read as Dagster input.
	if rel, err := filepath.Rel(root, outDir); err == nil && !strings.HasPrefix(rel, "..") && rel != "." {
		cfg.Exclude = append(cfg.Exclude, filepath.ToSlash(rel))
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	bar := newProgress(stderr)
	ws, err := codeactions.LoadWorkspace(ctx, root, cfg, bar.update, func(p string, err error) {
		fmt.Fprintf(stderr, "dagster2mage migrate: skipping %s: %v\n", p, err)
	})
	bar.done()
	if err != nil {
		fmt.Fprintf(stderr, "dagster2mage migrate: %v\n", err)
		return 2
	}
	opts := codeactions.Options{Out: outDir, ProjectName: *project, PipelineStrategy: *strategy,
		ReadFile: func(rel string) ([]byte, error) {
			p, err := codeactions.SafeJoin(outDir, rel)
			if err != nil {
				return nil, err
			}
			return os.ReadFile(p)
		}}
	plan, err := codeactions.MigrateWorkspace(ctx, ws, opts)
	if err != nil {
		fmt.Fprintf(stderr, "dagster2mage migrate: %v\n", err)
		return 2
	}
	var results []codeactions.FileResult
	switch {
	case *dry || *diff:
		results, err = codeactions.Preview(plan, outDir, *force)
	default:
		results, err = codeactions.Apply(plan, outDir, *force)
	}
	if err != nil {
		fmt.Fprintf(stderr, "dagster2mage migrate: %v\n", err)
		return 2
	}
	if !*dry && !*diff {
		// The record the language server reads: what was migrated is no longer pending there.
		if err := codeactions.WriteMigrated(ws, plan, outDir); err != nil {
			fmt.Fprintf(stderr, "dagster2mage migrate: %v\n", err)
			return 2
		}
	}
	if *report != "" {
		if err := writeReport(*report, root, outDir, plan, results); err != nil {
			fmt.Fprintf(stderr, "dagster2mage migrate: %v\n", err)
			return 2
		}
	}
	switch {
	case *diff:
		for _, r := range results {
			if r.Action == codeactions.ActionUnchanged {
				continue
			}
			fmt.Fprint(stdout, codeactions.UnifiedDiff(r.Path, r.Old, r.New))
		}
	case *dry:
		for _, r := range results {
			fmt.Fprintf(stdout, "%-9s %s\n", r.Action, filepath.Join(outDir, filepath.FromSlash(r.Path)))
		}
	}
	conflicts := summary(stdout, plan, results, outDir, *dry || *diff)
	if conflicts > 0 && !*dry && !*diff {
		fmt.Fprintf(stderr, "dagster2mage migrate: %d file(s) changed since they were generated were kept; rerun with --force to overwrite them\n", conflicts)
		return 1
	}
	return 0
}

// reportDoc is the --report JSON (DESIGN.md contract).
type reportDoc struct {
	Source     string                   `json:"source"`
	Out        string                   `json:"out"`
	Project    string                   `json:"project"`
	Summary    map[string]int           `json:"summary"`
	Constructs []*codeactions.Entry     `json:"constructs"`
	Files      []codeactions.FileResult `json:"files"`
	Unknown    map[string]int           `json:"unknown_dagster_names"`
}

func writeReport(path, root, out string, plan *codeactions.Plan, results []codeactions.FileResult) error {
	sum := map[string]int{}
	for st, n := range plan.Counts() {
		sum[string(st)] = n
	}
	doc := reportDoc{Source: root, Out: out, Project: plan.Project, Summary: sum, Constructs: plan.Report, Files: results, Unknown: plan.Unknown}
	if doc.Constructs == nil {
		doc.Constructs = []*codeactions.Entry{}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := codeactions.WriteAtomic(path, append(b, '\n')); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// summary prints the table of constructs by status and files by action; it returns the number
// of conflicts.
func summary(w io.Writer, plan *codeactions.Plan, results []codeactions.FileResult, out string, preview bool) int {
	type row struct{ converted, review, manual int }
	rows := map[string]*row{}
	for _, e := range plan.Report {
		r := rows[e.Construct]
		if r == nil {
			r = &row{}
			rows[e.Construct] = r
		}
		switch e.Status {
		case codeactions.StatusConverted:
			r.converted++
		case codeactions.StatusReview:
			r.review++
		case codeactions.StatusManual:
			r.manual++
		}
	}
	var names []string
	for k := range rows {
		names = append(names, k)
	}
	sort.Strings(names)
	width := len("construct")
	for _, n := range names {
		width = max(width, len(n))
	}
	line := func(name string, c, r, m any) {
		fmt.Fprintf(w, "%-*s  %9v  %6v  %6v\n", width, name, c, r, m)
	}
	line("construct", "converted", "review", "manual")
	var total row
	for _, n := range names {
		r := rows[n]
		total.converted += r.converted
		total.review += r.review
		total.manual += r.manual
		line(n, r.converted, r.review, r.manual)
	}
	line("total", total.converted, total.review, total.manual)
	acts := map[codeactions.Action]int{}
	for _, r := range results {
		acts[r.Action]++
	}
	verb := "wrote"
	if preview {
		verb = "would write"
	}
	fmt.Fprintf(w, "%s %s: %d created, %d updated, %d unchanged, %d overwritten, %d kept (changed by you)\n", verb, out,
		acts[codeactions.ActionCreate], acts[codeactions.ActionUpdate], acts[codeactions.ActionUnchanged],
		acts[codeactions.ActionOverwrite], acts[codeactions.ActionConflict])
	return acts[codeactions.ActionConflict]
}

// progress draws a bar on stderr only when stderr is a terminal.
type progress struct {
	w     io.Writer
	on    bool
	drawn bool
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&fs.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

func (p *progress) update(done, total int) {
	if !p.on || total == 0 {
		return
	}
	const width = 30
	n := done * width / total
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d files", strings.Repeat("#", n), strings.Repeat("-", width-n), done, total)
	p.drawn = true
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
