package server

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/internal/synth"
)

// benchClient opens a synthetic 5,000-line Dagster file in an in-process server.
func benchClient(b *testing.B) (*testClient, string, []string) {
	b.Helper()
	c := newTestClient(b, clientOptions{})
	text := synth.BigFile(5000)
	path := c.write("big_assets.py", text)
	c.open(path, text, 1)
	c.diagnostics(path, atVersion(1))
	return c, path, strings.Split(text, "\n")
}

// BenchmarkKeystroke types at the end of a function body's last line (tree-sitter re-lexes
// the dedent that follows: the worst place); BenchmarkKeystrokeTypical on a body's first line.
func BenchmarkKeystroke(b *testing.B) { benchTyping(b, "    return [r for r") }

func BenchmarkKeystrokeTypical(b *testing.B) { benchTyping(b, "    rows = [dict(u)") }

// BenchmarkKeystrokeMigrated is BenchmarkKeystrokeTypical once "Migrate this file" ran: every
// construct's diagnostics carry its migration state (record lookup, source hash per definition).
func BenchmarkKeystrokeMigrated(b *testing.B) { benchTyping(b, "    rows = [dict(u)", true) }

func benchTyping(b *testing.B, linePrefix string, migrate ...bool) {
	c, path, lines := benchClient(b)
	if len(migrate) > 0 {
		c.applyEditsOnDisk()
		var res commandResult
		if err := c.call("workspace/executeCommand", map[string]any{"command": commandMigrateFile, "arguments": []any{string(fileURI(path))}}, &res); err != nil {
			b.Fatal(err)
		}
	}
	target := len(lines) / 2
	for !strings.HasPrefix(lines[target], linePrefix) {
		target++
	}
	col := len(lines[target])
	// Type a comment at the end of a line, as cmd/lsp-latency does: the file stays valid.
	typed := " # typing in the middle of a big file, keystroke by keystroke"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := int32(i + 2)
		c.change(path, v, map[string]any{"range": rng(target, col, target, col), "text": string(typed[i%len(typed)])})
		col++
		c.diagnostics(path, atVersion(v))
	}
}

func BenchmarkHover(b *testing.B) {
	c, path, lines := benchClient(b)
	var decos []int
	for i, l := range lines {
		if strings.HasPrefix(l, "@asset") {
			decos = append(decos, i)
		}
	}
	c.hoverAt(path, decos[0]+1, 5) // the first one waits for the workspace translation
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.hoverAt(path, decos[i%len(decos)]+1, 5)
	}
}

func BenchmarkCodeAction(b *testing.B) {
	c, path, lines := benchClient(b)
	var decos []int
	for i, l := range lines {
		if strings.HasPrefix(l, "@asset") {
			decos = append(decos, i)
		}
	}
	c.codeActions(path, decos[0]) // the first one waits for the workspace translation
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.codeActions(path, decos[(i*7)%len(decos)])
	}
}

func BenchmarkScan1000(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		if err := synth.WriteWorkspace(dir, 1000); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c := newTestClient(b, clientOptions{folders: []string{dir}})
		c.waitNote("scan end", func(n note) bool {
			return n.Method == "$/progress" && strings.Contains(string(n.Params), "indexed")
		})
	}
}

// largeWorkspaceClient serves a scanned 10,000-file synthetic workspace.
func largeWorkspaceClient(b *testing.B) (*testClient, string) {
	dir := b.TempDir()
	if err := synth.WriteWorkspace(dir, 10000); err != nil {
		b.Fatal(err)
	}
	c := newTestClient(b, clientOptions{folders: []string{dir}})
	c.waitNote("scan end", func(n note) bool {
		return n.Method == "$/progress" && strings.Contains(string(n.Params), "indexed")
	})
	return c, dir
}

// BenchmarkKeystrokeLargeWorkspace types in one module of a 10,000-file workspace: the
// cross-file index, not the file, dominates here.
func BenchmarkKeystrokeLargeWorkspace(b *testing.B) {
	c, dir := largeWorkspaceClient(b)
	path := filepath.Join(dir, "pkg050", "mod05000.py")
	text := synth.SmallModule(5000)
	c.open(path, text, 1)
	c.diagnostics(path, atVersion(1))
	line := strings.Index(text, "\n    return [r for r") // the end of clean_5000's first body line
	ln := strings.Count(text[:line+1], "\n")
	col := len(strings.Split(text, "\n")[ln])
	typed := " # typing in a module of a large workspace"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := int32(i + 2)
		c.change(path, v, map[string]any{"range": rng(ln, col, ln, col), "text": string(typed[i%len(typed)])})
		col++
		c.diagnostics(path, atVersion(v))
	}
}

// BenchmarkKeystrokeLargeWorkspaceGraph types in one module of a 10,000-file workspace where
// every keystroke changes what other files see: "rename" lengthens an asset's name (its key
// changes, and the job selecting it in the same module stops resolving), "dep" lengthens the
// name of an upstream parameter (the asset's dependencies change).
func BenchmarkKeystrokeLargeWorkspaceGraph(b *testing.B) {
	c, dir := largeWorkspaceClient(b)
	path := filepath.Join(dir, "pkg050", "mod05000.py")
	text := strings.Replace(synth.SmallModule(5000), "def report_5000(clean_5000", "def report_5000(clean_5000, raw_4999", 1)
	c.open(path, text, 1)
	c.diagnostics(path, atVersion(1))
	version := int32(1)
	typeAfter := func(b *testing.B, marker string) {
		i := strings.Index(text, marker) + len(marker)
		ln := strings.Count(text[:i], "\n")
		col := i - (strings.LastIndex(text[:i], "\n") + 1)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			version++
			c.change(path, version, map[string]any{"range": rng(ln, col, ln, col), "text": string("abcdefghij"[i%10])})
			col++
			c.diagnostics(path, atVersion(version))
		}
		b.StopTimer()
		// Put the text back for the next round (b.N grows between rounds).
		c.change(path, version+1, map[string]any{"range": rng(ln, col-b.N, ln, col), "text": ""})
		version++
		c.diagnostics(path, atVersion(version))
	}
	b.Run("rename", func(b *testing.B) { typeAfter(b, "def report_5000") })
	b.Run("dep", func(b *testing.B) { typeAfter(b, "raw_4999") })
}

// BenchmarkEncodeDiagnostics compares encoding a publication of the 5,000-line file from
// scratch (convert every finding, marshal the list) with the per-finding cache, which after
// a keystroke re-encodes only positions.
func BenchmarkEncodeDiagnostics(b *testing.B) {
	c, path, _ := benchClient(b)
	s := c.srv
	o := s.sess.overlay(path)
	f := s.sess.folderFor(path)
	st := s.folderSettings(f)
	findings := f.ws.Findings(path)
	b.Run("marshal-all", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			diags := make([]protocol.Diagnostic, 0, len(findings))
			for _, fd := range findings {
				diags = append(diags, s.toDiagnostic(o.doc, fd, st, migration{}))
			}
			if _, err := json.Marshal(publishDiagnosticsParams{URI: o.uri, Diagnostics: diags}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			diags, err := s.appendDiagnostics(nil, path, o.doc, findings, nil, st, true)
			if err == nil {
				_, err = encodeNotification("textDocument/publishDiagnostics", publishDiagnosticsWire{URI: o.uri, Diagnostics: diags})
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFirstDiagnostics opens the 5,000-line file and waits for its first publication
// (a new path each time, closed afterwards): "new" is a file the index does not know yet,
// "indexed" one the workspace scan indexed from disk (the usual case when a user opens a file).
func BenchmarkFirstDiagnostics(b *testing.B) {
	text := synth.BigFile(5000)
	for _, indexed := range []bool{false, true} {
		name := map[bool]string{false: "new", true: "indexed"}[indexed]
		b.Run(name, func(b *testing.B) {
			c := newTestClient(b, clientOptions{})
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				path := filepath.Join(c.root, fmt.Sprintf("big_%s_%d.py", name, i))
				if indexed {
					c.write(filepath.Base(path), text)
					c.srv.diskChanged(path, false)
					f := c.srv.sess.folderFor(path)
					for f.ws.File(path) == nil {
						time.Sleep(time.Millisecond)
					}
				}
				b.StartTimer()
				c.open(path, text, 1)
				c.diagnostics(path, func(p publishDiagnosticsParams) bool {
					return p.Version != nil && *p.Version == 1 && len(p.Diagnostics) > 0
				})
				b.StopTimer()
				c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": fileURI(path)}})
				c.sync()
				b.StartTimer()
			}
		})
	}
}
