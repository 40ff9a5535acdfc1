package server

import (
	"strings"
	"testing"

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

func BenchmarkKeystroke(b *testing.B) {
	c, path, lines := benchClient(b)
	target := len(lines) / 2
	for !strings.HasPrefix(lines[target], "    return [r for r") {
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
