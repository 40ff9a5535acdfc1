// Package synth writes synthetic Dagster code for benchmarks: one large module and many small
// ones, in the style of server/testdata/shop.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// BigFile returns a Dagster module of at least lines lines: chains of assets with checks,
// asset jobs and schedules, in the style of server/testdata/shop, with emoji and CJK text.
//
// Non-ASCII text (emoji, CJK) appears in the first asset and in every nonASCII-th step
// (0: in every step). It matters for timing: tree-sitter 0.20 reuses far fewer subtrees on
// re-parse when many statements hold multi-byte characters (measured: 9.7 ms vs 1.0 ms per
// one-character edit of this file with non-ASCII in every step, 1.0 ms with none).
func BigFile(lines int) string { return BigFileMixed(lines, 0) }

// BigFileMixed is BigFile with non-ASCII text in every nonASCII-th step only.
func BigFileMixed(lines, nonASCII int) string {
	var b strings.Builder
	b.WriteString("import dagster as dg\nfrom dagster import AssetCheckResult, Definitions, ScheduleDefinition, asset, asset_check, define_asset_job\n\n")
	n := 0
	var names []string
	for strings.Count(b.String(), "\n") < lines-40 {
		up := "raw_users"
		if n > 0 {
			up = names[n-1]
		}
		name := fmt.Sprintf("users_step_%d", n)
		if n == 0 {
			name = "raw_users"
			fmt.Fprintf(&b, "\n@asset\ndef raw_users():\n    \"\"\"Users from the CRM 🐍 — ユーザー.\"\"\"\n    return [{\"name\": \"🐍 ユーザー\", \"active\": True}]\n\n")
		} else {
			lang := "日本語"
			if nonASCII > 0 && n%nonASCII != 0 {
				lang = "plain"
			}
			fmt.Fprintf(&b, "\n@asset(group_name=\"users\")\ndef %s(%s):\n    \"\"\"Step %d of the %s cleaning.\"\"\"\n    rows = [dict(u) for u in %s]\n    for row in rows:\n        row[\"step\"] = %d\n    return [r for r in rows if r[\"active\"]]\n\n", name, up, n, lang, up, n)
			if n%5 == 0 {
				fmt.Fprintf(&b, "\n@asset_check(asset=%s, blocking=True)\ndef %s_not_empty(%s):\n    return AssetCheckResult(passed=len(%s) > 0)\n\n", name, name, name, name)
			}
			if n%10 == 0 {
				label := "🐍 日本"
				if nonASCII > 0 && n%nonASCII != 0 {
					label = "snake"
				}
				fmt.Fprintf(&b, "label_%d = \"%s\"; job_%d = define_asset_job(\"job_%d\", selection=[\"%s\", \"%s\"])\n", n, label, n, n, up, name)
				fmt.Fprintf(&b, "schedule_%d = ScheduleDefinition(job=job_%d, cron_schedule=\"0 %d * * *\")\n", n, n, n%24)
			}
		}
		names = append(names, name)
		n++
	}
	fmt.Fprintf(&b, "\ndefs = Definitions(assets=[%s])\n", strings.Join(names, ", "))
	for strings.Count(b.String(), "\n") < lines {
		b.WriteString("# padding\n")
	}
	return b.String()
}

// SmallModule is one file of the synthetic workspace.
func SmallModule(i int) string {
	return fmt.Sprintf(`from dagster import asset, define_asset_job, ScheduleDefinition


@asset(group_name="g%[2]d")
def raw_%[1]d():
    """Rows of source %[1]d."""
    return [{"id": %[1]d, "name": "🐍 %[1]d"}]


@asset(group_name="g%[2]d")
def clean_%[1]d(raw_%[1]d):
    return [r for r in raw_%[1]d if r["id"] >= 0]


@asset
def report_%[1]d(clean_%[1]d):
    return len(clean_%[1]d)


job_%[1]d = define_asset_job("job_%[1]d", selection=["raw_%[1]d", "clean_%[1]d", "report_%[1]d"])
daily_%[1]d = ScheduleDefinition(job=job_%[1]d, cron_schedule="0 %[3]d * * *")
`, i, i%50, i%24)
}

// WriteWorkspace creates n modules in 100-file packages under dir.
func WriteWorkspace(dir string, n int) error {
	for i := 0; i < n; i++ {
		pkg := filepath.Join(dir, fmt.Sprintf("pkg%03d", i/100))
		if i%100 == 0 {
			if err := os.MkdirAll(pkg, 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(pkg, "__init__.py"), nil, 0o644); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(pkg, fmt.Sprintf("mod%05d.py", i)), []byte(SmallModule(i)), 0o644); err != nil {
			return err
		}
	}
	return nil
}
