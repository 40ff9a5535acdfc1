package analysis

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
)

// corpus returns synthetic Dagster files built from the project's own fixtures: each fixture
// is repeated with renamed definitions so that files have realistic sizes.
func corpus(tb testing.TB, files int) [][]byte {
	tb.Helper()
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "check", "seed_*.py"))
	if len(paths) == 0 {
		tb.Fatal("no fixtures")
	}
	var srcs []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		srcs = append(srcs, string(b))
	}
	srcs = append(srcs, fuzzBase)
	out := make([][]byte, files)
	for i := range out {
		var b strings.Builder
		for k := 0; k < 4; k++ {
			s := srcs[(i+k)%len(srcs)]
			b.WriteString(strings.NewReplacer("def ", "def v"+strconv.Itoa(k)+"_", "\"raw\"", "\"raw"+strconv.Itoa(k)+"\"").Replace(s))
			b.WriteString("\n\n")
		}
		out[i] = []byte(b.String())
	}
	return out
}

// bigFile returns a file of at least n lines made of renamed fixture definitions, about one
// definition every four lines (a stress case: ten times denser than the corpus).
func bigFile(n int) []byte { return genFile(n, 0) }

// typicalFile returns a file of at least n lines with bodies of realistic length: one
// definition about every 20 lines (the corpus of dev-repos.md averages one finding every
// 43 lines, Dagster-heavy modules one every 15 to 30).
func typicalFile(n int) []byte { return genFile(n, 62) }

// genFile writes groups of an asset, an op with a retry policy and a job; each function body
// gets pad extra statements.
func genFile(n, pad int) []byte {
	var b strings.Builder
	b.WriteString("import dagster as dg\nfrom dagster import asset, op, job, AssetIn, RetryPolicy\n\n")
	lines := 3
	body := strings.Repeat("    value = value * 2 + len(str(value))  # 数据\n", pad/2)
	for i := 0; lines < n; i++ {
		chunk := fmt.Sprintf(`@dg.asset(group_name="g%d", ins={"up": AssetIn("a%d")})
def a%d(context, up):
    """Asset number %d: 数据 😀."""
    value = up + %d
%s    return value


@op(retry_policy=RetryPolicy(max_retries=2, delay=5))
def o%d(x):
    value = x
%s    return value


@job
def j%d():
    o%d(o%d())


`, i%7, i, i+1, i, i, body, i, body, i, i, i)
		b.WriteString(chunk)
		lines += strings.Count(chunk, "\n")
	}
	return []byte(b.String())
}

func rawParse(src []byte) *sitter.Tree {
	p := parserPool.Get().(*sitter.Parser)
	t := parse(p, nil, src)
	parserPool.Put(p)
	return t
}

// BenchmarkThroughput compares parse+analysis with the raw tree-sitter parse of the same
// files, in the same run. Metric analysis/parse is the speed ratio (1 = as fast as parsing).
func BenchmarkThroughput(b *testing.B) {
	files := corpus(b, 200)
	size := 0
	for _, f := range files {
		size += len(f)
	}
	var rawT, anaT time.Duration
	b.ResetTimer()
	// Raw parse and analysis alternate file by file so that load from other processes on a
	// shared machine affects both sides alike.
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			t0 := time.Now()
			rawParse(f).Close()
			t1 := time.Now()
			doc := NewDocument(f)
			fm := AnalyzeFile("f.py", doc)
			_ = fileFindings(fm)
			doc.Close()
			t2 := time.Now()
			rawT += t1.Sub(t0)
			anaT += t2.Sub(t1)
		}
	}
	mb := float64(size*b.N) / 1e6
	b.ReportMetric(mb/rawT.Seconds(), "raw-MB/s")
	b.ReportMetric(mb/anaT.Seconds(), "analysis-MB/s")
	b.ReportMetric(rawT.Seconds()/anaT.Seconds(), "analysis/parse")
}

func percentile(ds []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(float64(len(s)-1)*p)]
}

// BenchmarkEditReanalyze measures, on 5,000-line files, a one-character insertion in the
// middle (a keystroke: every later statement shifts) followed by re-analysis (Edit +
// AnalyzeIncremental + the file's findings) against tree-sitter's incremental re-parse of the
// whole file alone (text copy + tree copy + edit + parse), alternating in the same run.
// "dense" has a definition every 4 lines, "typical" one every 20; both edit a docstring.
// "typical-end" types at the end of a function body's last line, where the whole-file
// re-parse re-lexes the dedent that follows. edit-* is Document.Edit alone (our re-parse of
// the touched statements).
func BenchmarkEditReanalyze(b *testing.B) {
	doc := func(src []byte) int {
		return strings.Index(string(src[len(src)/2:]), "Asset number ") + len(src)/2 + len("Asset number ")
	}
	end := func(src []byte) int {
		return strings.Index(string(src[len(src)/2:]), "    return value\n") + len(src)/2 + len("    return value")
	}
	b.Run("dense", func(b *testing.B) { src := bigFile(5000); benchEdit(b, src, doc(src)) })
	b.Run("typical", func(b *testing.B) { src := typicalFile(5000); benchEdit(b, src, doc(src)) })
	b.Run("typical-end", func(b *testing.B) { src := typicalFile(5000); benchEdit(b, src, end(src)) })
}

// benchEdit inserts one character at mid (the file stays valid), each time from the
// same base snapshot.
func benchEdit(b *testing.B, src []byte, mid int) {
	base := NewDocument(src)
	defer base.Close()
	prev := AnalyzeFile("big.py", base)
	var reparse, edit, reanalyze []time.Duration
	// The baseline copies the text into a buffer it reuses: its garbage would otherwise trigger
	// collections that land in the other measurement.
	buf := make([]byte, 0, len(src)+1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ch := []byte{byte('0' + i%10)}
		// Re-parse alone: copy + edit + incremental parse with the binding.
		t0 := time.Now()
		old := base.Tree().Copy()
		newSrc := append(append(append(buf[:0], src[:mid]...), ch...), src[mid:]...)
		editTree(old, editInput(base.ptext, newSrc, mid, mid, mid+1))
		p := parserPool.Get().(*sitter.Parser)
		nt := parse(p, old, newSrc)
		parserPool.Put(p)
		t1 := time.Now()
		nt.Close()
		old.Close()
		// Full path used by the LSP.
		t2 := time.Now()
		nd := base.Edit(mid, mid, ch)
		t3 := time.Now()
		fm := AnalyzeIncremental("big.py", "", nd, prev, nil)
		_ = fileFindings(fm)
		t4 := time.Now()
		nd.Close()
		reparse = append(reparse, t1.Sub(t0))
		edit = append(edit, t3.Sub(t2))
		reanalyze = append(reanalyze, t4.Sub(t2))
	}
	b.StopTimer()
	if len(reparse) < 2 {
		return
	}
	b.ReportMetric(float64(len(prev.Defs)), "defs")
	for _, q := range []struct {
		name string
		p    float64
	}{{"p50", 0.5}, {"p99", 0.99}} {
		rp, ed, ra := percentile(reparse, q.p), percentile(edit, q.p), percentile(reanalyze, q.p)
		b.ReportMetric(float64(rp.Microseconds()), "reparse-"+q.name+"-µs")
		b.ReportMetric(float64(ed.Microseconds()), "edit-"+q.name+"-µs")
		b.ReportMetric(float64(ra.Microseconds()), "reanalyze-"+q.name+"-µs")
		b.ReportMetric(float64(ra)/float64(rp), q.name+"-ratio")
	}
}

func rssBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// BenchmarkWorkspace1000Files loads 1,000 files into a workspace and reports the Go heap and
// the process RSS growth (tree-sitter trees live in C memory, which only RSS shows).
func BenchmarkWorkspace1000Files(b *testing.B) {
	files := corpus(b, 1000)
	paths := make([]string, len(files))
	byPath := map[string][]byte{}
	size := 0
	for i, f := range files {
		paths[i] = fmt.Sprintf("/ws/pkg%d/m%d.py", i%20, i)
		byPath[paths[i]] = f
		size += len(f)
	}
	read := func(p string) ([]byte, error) { return byPath[p], nil }
	var heap, rss float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		r0 := rssBytes()
		ws := NewWorkspace("/ws", nil)
		ws.LoadFiles(context.Background(), paths, read, nil)
		runtime.GC()
		runtime.ReadMemStats(&m1)
		heap += float64(m1.HeapAlloc) - float64(m0.HeapAlloc)
		rss += float64(rssBytes() - r0)
		for _, p := range ws.Files() {
			ws.File(p).Doc.Close()
		}
		runtime.KeepAlive(ws)
	}
	b.ReportMetric(heap/float64(b.N)/1e6, "heap-MB")
	b.ReportMetric(rss/float64(b.N)/1e6, "rss-MB")
	b.ReportMetric(float64(size)/1e6, "source-MB")
}
