package codeactions

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// writeSynthetic writes a Dagster project of modules × assets chained assets (each module also
// has a check, an op job and a schedule), plus copies of the fixture projects' files.
func writeSynthetic(tb testing.TB, dir string, modules, assets int) int {
	files := 0
	pkg := filepath.Join(dir, "big")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		tb.Fatal(err)
	}
	os.WriteFile(filepath.Join(pkg, "__init__.py"), nil, 0o644)
	for m := 0; m < modules; m++ {
		var b strings.Builder
		b.WriteString("import pandas as pd\nfrom dagster import asset, asset_check, AssetCheckResult, op, job, schedule, RetryPolicy\n\n")
		b.WriteString("def helper(df):\n    return df\n\n")
		for a := 0; a < assets; a++ {
			name := fmt.Sprintf("m%d_a%d", m, a)
			if a == 0 {
				fmt.Fprintf(&b, "@asset(group_name=\"g%d\")\ndef %s(context) -> pd.DataFrame:\n    \"\"\"Asset %s.\"\"\"\n    context.log.info(\"loading\")\n    return pd.DataFrame({\"x\": [1, 2]})\n\n", m%7, name, name)
				continue
			}
			prev := fmt.Sprintf("m%d_a%d", m, a-1)
			fmt.Fprintf(&b, "@asset(group_name=\"g%d\", retry_policy=RetryPolicy(max_retries=2, delay=3))\ndef %s(context, %s: pd.DataFrame) -> pd.DataFrame:\n    context.log.info(f\"{len(%s)} rows\")\n    return helper(%s.assign(y=%s[\"x\"] * %d))\n\n", m%7, name, prev, prev, prev, prev, a)
		}
		fmt.Fprintf(&b, "@asset_check(asset=m%d_a0, blocking=True)\ndef m%d_check(m%d_a0):\n    return AssetCheckResult(passed=len(m%d_a0) > 0, metadata={\"rows\": len(m%d_a0)})\n\n", m, m, m, m, m)
		fmt.Fprintf(&b, "@op\ndef m%d_first():\n    return 1\n\n@op\ndef m%d_second(x):\n    return x + 1\n\n@job\ndef m%d_job():\n    m%d_second(m%d_first())\n\n", m, m, m, m, m)
		fmt.Fprintf(&b, "@schedule(cron_schedule=\"0 %d * * *\", job=m%d_job, execution_timezone=\"Europe/Paris\")\ndef m%d_schedule(context):\n    return {}\n", m%24, m, m)
		if err := os.WriteFile(filepath.Join(pkg, fmt.Sprintf("mod%d.py", m)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
		files++
	}
	return files + 1
}

// BenchmarkMigrateSynthetic measures a whole migration (read, analyze, translate, render) of a
// large synthetic project: files per second and the heap it needs.
func BenchmarkMigrateSynthetic(b *testing.B) {
	dir := b.TempDir()
	n := writeSynthetic(b, dir, 200, 20)
	b.ResetTimer()
	var peak uint64
	start := time.Now()
	for i := 0; i < b.N; i++ {
		ws, err := LoadWorkspace(context.Background(), dir, nil, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		plan, err := MigrateWorkspace(context.Background(), ws, Options{Out: "big_mage"})
		if err != nil {
			b.Fatal(err)
		}
		if len(plan.Files) < 4000 {
			b.Fatalf("only %d files generated", len(plan.Files))
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak {
			peak = ms.HeapInuse
		}
	}
	el := time.Since(start).Seconds()
	b.ReportMetric(float64(n*b.N)/el, "files/s")
	b.ReportMetric(float64(peak)/(1<<20), "heapMB")
}

// BenchmarkMigrateFixtures migrates the fixture projects (small, realistic code).
func BenchmarkMigrateFixtures(b *testing.B) {
	fx := fixtures(b)
	files := 0
	start := time.Now()
	for i := 0; i < b.N; i++ {
		for name, dir := range fx {
			ws, err := LoadWorkspace(context.Background(), dir, nil, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			files += len(ws.Files())
			if _, err := MigrateWorkspace(context.Background(), ws, Options{Out: name}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(files)/time.Since(start).Seconds(), "files/s")
}

// TestSyntheticProjectIsValid: the benchmark's project also migrates to a valid Mage project.
func TestSyntheticProjectIsValid(t *testing.T) {
	dir := t.TempDir()
	writeSynthetic(t, dir, 3, 4)
	ws, err := LoadWorkspace(context.Background(), dir, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := MigrateWorkspace(context.Background(), ws, Options{Out: "big_mage"})
	if err != nil {
		t.Fatal(err)
	}
	checkPlanValid(t, plan)
}

// BenchmarkLoadSynthetic is the baseline of BenchmarkMigrateSynthetic: reading and analyzing
// the same project without translating it (the ratio of the two is the translator's cost).
func BenchmarkLoadSynthetic(b *testing.B) {
	dir := b.TempDir()
	n := writeSynthetic(b, dir, 200, 20)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := LoadWorkspace(context.Background(), dir, nil, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "files/s")
}
