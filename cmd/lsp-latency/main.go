// Command lsp-latency measures language servers over stdio on the same synthetic Dagster
// files: time to first diagnostics, per-keystroke didChange → publishDiagnostics, hover and
// code action latency, the initial scan of a large workspace and peak memory. Run by hand:
//
//	go run ./cmd/lsp-latency -server ours="bin/dagster2mage lsp" -server ruff="ruff server" \
//	    -server pyright="pyright-langserver --stdio"
//
// The first server is the one reported; the others are baselines for ratios.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/uri"

	"github.com/dagster2mage/dagster2mage/internal/synth"
)

type serverFlag []string

func (s *serverFlag) String() string     { return strings.Join(*s, ",") }
func (s *serverFlag) Set(v string) error { *s = append(*s, v); return nil }

type result struct {
	Name         string    `json:"name"`
	FirstDiagMs  float64   `json:"first_diagnostics_ms"`
	Keys         []float64 `json:"keystrokes_ms"`
	KeysLast     []float64 `json:"keystrokes_last_line_ms"`
	KeyLastP50Ms float64   `json:"keystroke_last_line_p50_ms"`
	KeyLastP99Ms float64   `json:"keystroke_last_line_p99_ms"`
	HoverP50     float64   `json:"hover_p50_ms"`
	HoverP99     float64   `json:"hover_p99_ms"`
	ActionP50    float64   `json:"code_action_p50_ms"`
	ActionP99    float64   `json:"code_action_p99_ms"`
	EditRSSMiB   float64   `json:"edit_peak_rss_mib"`
	ScanMs       float64   `json:"scan_ms"` // ours: initialized → indexing done; others: → first diagnostics of one file
	ScanRSSMiB   float64   `json:"scan_peak_rss_mib"`
	KeyTimeouts  int       `json:"key_timeouts"`
	KeyP50Ms     float64   `json:"keystroke_p50_ms"`
	KeyP99Ms     float64   `json:"keystroke_p99_ms"`
}

func main() {
	var servers serverFlag
	flag.Var(&servers, "server", `name="command args" (repeatable; the first is measured, the others are baselines)`)
	lines := flag.Int("lines", 5000, "lines of the edited Dagster file")
	nonASCII := flag.Int("non-ascii-every", 0, "put emoji/CJK text in every Nth asset of the edited file (0: every asset)")
	keys := flag.Int("keys", 200, "keystrokes at each of the two places")
	hovers := flag.Int("hovers", 100, "hover requests")
	actions := flag.Int("actions", 100, "code action requests")
	files := flag.Int("files", 10000, "files in the scanned workspace (0 skips the scan)")
	work := flag.String("work", "", "work folder (default: a temporary one)")
	out := flag.String("json", "", "write results as JSON here")
	flag.Parse()
	if len(servers) == 0 {
		log.Fatal("give at least one -server")
	}
	dir := *work
	if dir == "" {
		d, err := os.MkdirTemp("", "lsp-latency-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		dir = d
	}
	editWS := filepath.Join(dir, "edit")
	scanWS := filepath.Join(dir, "scan")
	must(os.MkdirAll(editWS, 0o755))
	big := filepath.Join(editWS, "big_assets.py")
	must(os.WriteFile(big, []byte(synth.BigFileMixed(*lines, *nonASCII)), 0o644))
	if *files > 0 {
		must(os.MkdirAll(scanWS, 0o755))
		must(synth.WriteWorkspace(scanWS, *files))
	}

	var results []result
	for _, s := range servers {
		name, command, ok := strings.Cut(s, "=")
		if !ok {
			log.Fatalf("bad -server %q: want name=command", s)
		}
		argv := strings.Fields(command)
		r := result{Name: name}
		log.Printf("%s: editing a %d-line file", name, *lines)
		if err := measureEditing(argv, editWS, big, *keys, *hovers, *actions, &r); err != nil {
			log.Printf("%s: %v", name, err)
		}
		if *files > 0 {
			log.Printf("%s: scanning %d files", name, *files)
			if err := measureScan(argv, scanWS, name == servers.first(), &r); err != nil {
				log.Printf("%s: %v", name, err)
			}
		}
		results = append(results, r)
	}
	report(os.Stdout, results)
	if *out != "" {
		b, _ := json.MarshalIndent(results, "", "  ")
		must(os.WriteFile(*out, b, 0o644))
	}
}

func (s serverFlag) first() string {
	name, _, _ := strings.Cut(s[0], "=")
	return name
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// capabilities are VS Code's, minus pull diagnostics, so every server pushes.
func capabilities() map[string]any {
	return map[string]any{
		"window": map[string]any{"workDoneProgress": true},
		"workspace": map[string]any{
			"applyEdit": true, "configuration": true, "workspaceFolders": true,
			"workspaceEdit": map[string]any{"documentChanges": true, "resourceOperations": []string{"create", "rename", "delete"}},
		},
		"textDocument": map[string]any{
			"synchronization":    map[string]any{"didSave": true},
			"hover":              map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
			"publishDiagnostics": map[string]any{"relatedInformation": true, "versionSupport": true},
			"codeAction": map[string]any{"dataSupport": true, "resolveSupport": map[string]any{"properties": []string{"edit"}},
				"codeActionLiteralSupport": map[string]any{"codeActionKind": map[string]any{"valueSet": []string{"", "quickfix", "source"}}}},
		},
	}
}

func initialize(c *client, root string) error {
	u := string(uri.File(root))
	var res json.RawMessage
	if _, err := c.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": u,
		"workspaceFolders": []any{map[string]any{"uri": u, "name": filepath.Base(root)}}, "capabilities": capabilities()}, &res); err != nil {
		return fmt.Errorf("initialize: %w", err)
	}
	return c.notify("initialized", map[string]any{})
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func measureEditing(argv []string, root, file string, keys, hovers, actions int, r *result) error {
	c, err := start(argv, io.Discard)
	if err != nil {
		return err
	}
	defer c.stop()
	if err := initialize(c, root); err != nil {
		return err
	}
	text, _ := os.ReadFile(file)
	u := string(uri.File(file))
	from := c.mark()
	t0 := time.Now()
	if err := c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": u, "languageId": "python", "version": 1, "text": string(text)}}); err != nil {
		return err
	}
	e, err := c.wait(from, 60*time.Second, diagnosticsFor(u, 1))
	if err != nil {
		return fmt.Errorf("first diagnostics: %w", err)
	}
	r.FirstDiagMs = ms(e.at.Sub(t0))

	// Type a comment at the end of an ASCII line in the middle of the file, one character
	// per didChange, waiting for that version's diagnostics each time: once on the first
	// line of a function body, once on the last one (where tree-sitter-python re-parses
	// much more: the dedent that follows is re-lexed on every keystroke).
	lines := strings.Split(string(text), "\n")
	version := int32(1)
	typeAt := func(prefix string, from int) ([]float64, int) {
		target := from
		for !strings.HasPrefix(lines[target], prefix) {
			target++
		}
		col := len(lines[target])
		typed := " # typing in the middle of a big file, keystroke by keystroke"
		var out []float64
		timeouts := 0
		for i := 0; i < keys; i++ {
			ch := string(typed[i%len(typed)])
			version++
			from := c.mark()
			t0 := time.Now()
			_ = c.notify("textDocument/didChange", map[string]any{
				"textDocument":   map[string]any{"uri": u, "version": version},
				"contentChanges": []any{map[string]any{"range": rng(target, col, target, col), "text": ch}},
			})
			col++
			e, err := c.wait(from, 10*time.Second, diagnosticsFor(u, version))
			if err != nil {
				timeouts++
				continue
			}
			out = append(out, ms(e.at.Sub(t0)))
		}
		return out, timeouts
	}
	var t1, t2 int
	r.Keys, t1 = typeAt("    rows = [dict(u)", len(lines)/2)
	r.KeysLast, t2 = typeAt("    return [r for r", len(lines)/3)
	r.KeyTimeouts = t1 + t2
	r.KeyP50Ms, r.KeyP99Ms = pct(r.Keys, 50), pct(r.Keys, 99)
	r.KeyLastP50Ms, r.KeyLastP99Ms = pct(r.KeysLast, 50), pct(r.KeysLast, 99)

	var decos []int
	for i, l := range lines {
		if strings.HasPrefix(l, "@asset") {
			decos = append(decos, i)
		}
	}
	var hs, as []float64
	for i := 0; i < hovers; i++ {
		ln := decos[i%len(decos)] + 1 // the def line: the asset's name
		d, err := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": u}, "position": map[string]any{"line": ln, "character": 5}}, nil)
		if err == nil {
			hs = append(hs, ms(d))
		}
	}
	for i := 0; i < actions; i++ {
		ln := decos[(i*7)%len(decos)]
		d, err := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": u}, "range": rng(ln, 0, ln+1, 0),
			"context": map[string]any{"diagnostics": []any{}}}, nil)
		if err == nil {
			as = append(as, ms(d))
		}
	}
	r.HoverP50, r.HoverP99 = pct(hs, 50), pct(hs, 99)
	r.ActionP50, r.ActionP99 = pct(as, 50), pct(as, 99)
	r.EditRSSMiB = peakRSS(c.pid)
	return nil
}

// measureScan starts the server on the large workspace. For ours it times initialized →
// the end of the indexing progress; other servers do not index a workspace up front, so
// for them it times initialized → first diagnostics of one opened file.
func measureScan(argv []string, root string, ours bool, r *result) error {
	c, err := start(argv, io.Discard)
	if err != nil {
		return err
	}
	defer c.stop()
	from := c.mark()
	t0 := time.Now()
	if err := initialize(c, root); err != nil {
		return err
	}
	if ours {
		e, err := c.wait(from, 10*time.Minute, func(e event) bool {
			return e.method == "$/progress" && strings.Contains(string(e.params), `"kind":"end"`) && strings.Contains(string(e.params), "indexed")
		})
		if err != nil {
			return fmt.Errorf("scan: %w", err)
		}
		r.ScanMs = ms(e.at.Sub(t0))
	} else {
		file := filepath.Join(root, "pkg000", "mod00000.py")
		text, _ := os.ReadFile(file)
		u := string(uri.File(file))
		_ = c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": u, "languageId": "python", "version": 1, "text": string(text)}})
		e, err := c.wait(from, 10*time.Minute, diagnosticsFor(u, 1))
		if err != nil {
			return fmt.Errorf("first diagnostics: %w", err)
		}
		r.ScanMs = ms(e.at.Sub(t0))
		time.Sleep(2 * time.Second) // let background indexing (pyright) reach its peak
	}
	r.ScanRSSMiB = peakRSS(c.pid)
	return nil
}

func rng(l1, c1, l2, c2 int) map[string]any {
	return map[string]any{"start": map[string]any{"line": l1, "character": c1}, "end": map[string]any{"line": l2, "character": c2}}
}

func pct(xs []float64, p int) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

func report(w io.Writer, rs []result) {
	fmt.Fprintf(w, "%-10s %12s %10s %10s %10s %10s %10s %10s %10s %10s %10s %10s %10s\n", "server", "first-diag", "key-p50", "key-p99", "keyL-p50", "keyL-p99", "hover-p50", "hover-p99", "action-p50", "action-p99", "edit-RSS", "scan", "scan-RSS")
	for _, r := range rs {
		fmt.Fprintf(w, "%-10s %10.1fms %8.2fms %8.2fms %8.2fms %8.2fms %8.2fms %8.2fms %8.2fms %8.2fms %7.1fMiB %8.0fms %7.1fMiB", r.Name, r.FirstDiagMs, r.KeyP50Ms, r.KeyP99Ms, r.KeyLastP50Ms, r.KeyLastP99Ms, r.HoverP50, r.HoverP99, r.ActionP50, r.ActionP99, r.EditRSSMiB, r.ScanMs, r.ScanRSSMiB)
		if r.KeyTimeouts > 0 {
			fmt.Fprintf(w, "  (%d keystrokes without diagnostics)", r.KeyTimeouts)
		}
		fmt.Fprintln(w)
	}
	if len(rs) < 2 {
		return
	}
	ours := rs[0]
	for _, b := range rs[1:] {
		ratio := func(a, b float64) string {
			if b == 0 {
				return "n/a"
			}
			return fmt.Sprintf("%.2f×", a/b)
		}
		fmt.Fprintf(w, "%s / %s: first-diag %s, key-p50 %s, key-p99 %s, keyL-p50 %s, keyL-p99 %s, hover-p50 %s, action-p50 %s, edit-RSS %s, scan-RSS %s\n", ours.Name, b.Name,
			ratio(ours.FirstDiagMs, b.FirstDiagMs), ratio(ours.KeyP50Ms, b.KeyP50Ms), ratio(ours.KeyP99Ms, b.KeyP99Ms),
			ratio(ours.KeyLastP50Ms, b.KeyLastP50Ms), ratio(ours.KeyLastP99Ms, b.KeyLastP99Ms),
			ratio(ours.HoverP50, b.HoverP50), ratio(ours.ActionP50, b.ActionP50), ratio(ours.EditRSSMiB, b.EditRSSMiB), ratio(ours.ScanRSSMiB, b.ScanRSSMiB))
	}
}
