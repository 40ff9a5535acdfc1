package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// checkJSON runs `check --format json` in dir and returns the parsed findings.
func checkJSON(t *testing.T, dir string, extra ...string) ([]map[string]any, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runCheck(append(append([]string{"--format", "json"}, extra...), dir), &out, &errb)
	var items []map[string]any
	if code != 2 {
		if err := json.Unmarshal(out.Bytes(), &items); err != nil {
			t.Fatalf("output is not a JSON array: %v\n%s", err, out.String())
		}
	}
	return items, errb.String(), code
}

func TestCheckGolden(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "check")
	var out, errb bytes.Buffer
	code := runCheck([]string{"--format", "json", dir}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (findings); stderr: %s", code, errb.String())
	}
	got := strings.ReplaceAll(out.String(), filepath.ToSlash(dir)+"/", "")
	golden := filepath.Join(dir, "golden.json")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden (run with -update): %v", err)
	}
	if got != string(want) {
		t.Errorf("findings differ from %s (run go test ./cmd/dagster2mage -update and review the diff)\n%s", golden, got)
	}
}

func TestCheckExpectations(t *testing.T) {
	items, _, _ := checkJSON(t, filepath.Join("..", "..", "testdata", "check"))
	byName := map[string]map[string]any{}
	files := map[string]bool{}
	for _, it := range items {
		byName[it["name"].(string)+"/"+it["code"].(string)] = it
		files[filepath.Base(it["path"].(string))] = true
		for _, k := range []string{"path", "line", "column", "end_line", "end_column", "code", "tier", "construct", "name", "message", "mage"} {
			if _, ok := it[k]; !ok {
				t.Fatalf("finding lacks %q: %v", k, it)
			}
		}
	}
	if files["decoy.py"] {
		t.Error("decoy decorators reported as Dagster")
	}
	want := map[string]struct {
		line, col int
		tier      string
	}{
		"raw_users/DM101":             {6, 1, "convert"},
		"user_analytics/DM101":        {27, 1, "convert"},
		"my_job/DM203":                {25, 1, "convert"},
		"daily_schedule/DM301":        {11, 1, "review"},
		"s3_sensor/DM311":             {28, 1, "review"},
		"check_users_not_empty/DM601": {14, 1, "review"},
		"load_tables/DM102":           {13, 1, "review"},
		"flaky_operation/DM701":       {6, 18, "review"},
		"DatabaseResource/DM401":      {10, 7, "review"},
		"daily_partition/DM501":       {10, 19, "review"},
		"after_break/DM201":           {14, 1, "convert"}, // after a syntax error
		"after_job/DM203":             {19, 1, "convert"},
		"daily/DM501":                 {4, 27, "review"}, // after emoji and CJK: code point columns
		"crlf_asset/DM101":            {4, 1, "convert"},
		"latin1_asset/DM101":          {6, 1, "convert"},
		"not_silenced/DM101":          {14, 1, "convert"},
	}
	for k, w := range want {
		it, ok := byName[k]
		if !ok {
			t.Errorf("missing finding %s", k)
			continue
		}
		if int(it["line"].(float64)) != w.line || int(it["column"].(float64)) != w.col || it["tier"] != w.tier {
			t.Errorf("%s at %v:%v tier %v, want %d:%d %s", k, it["line"], it["column"], it["tier"], w.line, w.col, w.tier)
		}
	}
	for _, k := range []string{"silenced_asset/DM101", "silenced_op/DM201"} {
		if _, ok := byName[k]; ok {
			t.Errorf("%s should be suppressed by noqa", k)
		}
	}
}

func TestCheckExitCodesAndErrors(t *testing.T) {
	empty := t.TempDir()
	if _, _, code := checkJSON(t, empty); code != 0 {
		t.Errorf("empty dir exit %d, want 0", code)
	}
	if _, _, code := checkJSON(t, filepath.Join(empty, "missing")); code != 2 {
		t.Errorf("missing path exit %d, want 2", code)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "pyproject.toml"), []byte("[tool.dagster2mage]\npipeline_strategy = \"nope\"\n"), 0o644)
	_, stderr, code := checkJSON(t, bad)
	if code != 2 || !strings.Contains(stderr, "pyproject.toml:2") {
		t.Errorf("bad config: exit %d stderr %q", code, stderr)
	}
	// An unreadable file is reported by name and the run goes on.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.py"), []byte("from dagster import asset\n@asset\ndef a():\n    return 1\n"), 0o644)
	// A dangling symlink cannot be read, even by root.
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "dangling.py")); err != nil {
		t.Fatal(err)
	}
	items, stderr, code := checkJSON(t, dir)
	if code != 1 || len(items) != 1 || !strings.Contains(stderr, "dangling.py") {
		t.Errorf("unreadable file: exit %d items %d stderr %q", code, len(items), stderr)
	}
	// Excluded folders are skipped.
	venv := filepath.Join(dir, "env")
	os.MkdirAll(venv, 0o755)
	os.WriteFile(filepath.Join(venv, "pyvenv.cfg"), nil, 0o644)
	os.WriteFile(filepath.Join(venv, "b.py"), []byte("from dagster import asset\n@asset\ndef b():\n    return 1\n"), 0o644)
	items, _, _ = checkJSON(t, dir)
	for _, it := range items {
		if strings.Contains(it["path"].(string), "env") {
			t.Errorf("virtual environment scanned: %v", it["path"])
		}
	}
}

func TestCheckSelectIgnoreConfig(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "pyproject.toml"), []byte("[tool.dagster2mage]\nignore = [\"DM2\"]\nexclude = [\"skip/*\"]\n"), 0o644)
	src := "from dagster import asset, op\n@asset\ndef a():\n    return 1\n@op\ndef o():\n    return 1\n"
	os.WriteFile(filepath.Join(dir, "m.py"), []byte(src), 0o644)
	os.MkdirAll(filepath.Join(dir, "skip"), 0o755)
	os.WriteFile(filepath.Join(dir, "skip", "n.py"), []byte(src), 0o644)
	items, _, code := checkJSON(t, dir)
	if code != 1 || len(items) != 1 || items[0]["code"] != "DM101" {
		t.Errorf("ignore/exclude: exit %d items %v", code, items)
	}
}

func TestCheckTextAndSARIF(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "check")
	var out, errb bytes.Buffer
	if code := runCheck([]string{dir + "/seed_retry.py"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out.String(), "seed_retry.py:5:1: DM201 [convert]") {
		t.Errorf("text output: %s", out.String())
	}
	out.Reset()
	runCheck([]string{"--format", "sarif", dir + "/seed_retry.py"}, &out, &errb)
	var log struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation struct {
						Region struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != 2 {
		t.Fatalf("sarif: %v %s", err, out.String())
	}
	if r := log.Runs[0].Results[1]; r.RuleID != "DM701" || r.Locations[0].PhysicalLocation.Region.StartLine != 6 {
		t.Errorf("sarif result %+v", r)
	}
}

func TestRulesCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runRules(nil, &out, &errb); code != 0 || !strings.Contains(out.String(), "DM101") {
		t.Fatalf("rules: %d %s", code, out.String())
	}
	out.Reset()
	if code := runRules([]string{"dm701"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "What behaves differently") {
		t.Fatalf("rules DM701: %d %s", code, out.String())
	}
	if code := runRules([]string{"DM000"}, &out, &errb); code != 2 {
		t.Fatalf("unknown rule exit %d", code)
	}
}
