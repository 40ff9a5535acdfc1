package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dagster2mage/dagster2mage/codeactions"
)

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func migrate(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runMigrate(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestMigrateCommand(t *testing.T) {
	src := filepath.Join(t.TempDir(), "seed_shop")
	copyDir(t, filepath.Join("..", "..", "testdata", "projects", "seed_shop"), src)
	out := filepath.Join(t.TempDir(), "shop_mage")
	report := filepath.Join(t.TempDir(), "report.json")

	// --dry-run writes nothing.
	code, stdout, stderr := migrate(t, src, "--out", out, "--dry-run")
	if code != 0 || !strings.Contains(stdout, "create") {
		t.Fatalf("dry-run: %d\n%s\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("dry-run wrote %s", out)
	}

	code, stdout, stderr = migrate(t, src, "--out", out, "--report", report)
	if code != 0 {
		t.Fatalf("migrate: %d\n%s\n%s", code, stdout, stderr)
	}
	if strings.Contains(stderr, "\r") {
		t.Error("progress bar drawn although stderr is not a terminal")
	}
	if !strings.Contains(stdout, "total") || !strings.Contains(stdout, "created") {
		t.Errorf("no summary table:\n%s", stdout)
	}
	var doc struct {
		Project    string `json:"project"`
		Constructs []struct {
			Path, Construct, Name, Status string
			Line                          int
			Files, Notes                  []string
		} `json:"constructs"`
	}
	b, err := os.ReadFile(report)
	if err != nil || json.Unmarshal(b, &doc) != nil {
		t.Fatalf("report: %v\n%s", err, b)
	}
	if doc.Project != "shop_mage" || len(doc.Constructs) < 10 {
		t.Fatalf("report: project %q, %d constructs", doc.Project, len(doc.Constructs))
	}
	for _, c := range doc.Constructs {
		if c.Path == "" || c.Line < 1 || c.Construct == "" || c.Files == nil || c.Notes == nil {
			t.Errorf("incomplete report entry %+v", c)
		}
		switch c.Status {
		case "converted", "review", "manual":
		default:
			t.Errorf("bad status %q", c.Status)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "pipelines", "users_job", "metadata.yaml")); err != nil {
		t.Fatal(err)
	}

	// A second run changes nothing.
	code, stdout, _ = migrate(t, src, "--out", out)
	if code != 0 || !strings.Contains(stdout, " 0 created, 0 updated") {
		t.Fatalf("second run: %d\n%s", code, stdout)
	}

	// A file the user changed is kept, reported, and overwritten only with --force.
	block := filepath.Join(out, "transformers", "clean_users.py")
	mine := []byte("# my own version\n")
	if err := os.WriteFile(block, mine, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = migrate(t, src, "--out", out, "--diff")
	if code != 0 || !strings.Contains(stdout, "--- a/transformers/clean_users.py") || !strings.Contains(stdout, "-# my own version") {
		t.Fatalf("diff: %d\n%s", code, stdout)
	}
	code, _, stderr = migrate(t, src, "--out", out)
	if got, _ := os.ReadFile(block); code != 1 || !bytes.Equal(got, mine) || !strings.Contains(stderr, "--force") {
		t.Fatalf("user change not kept: code %d, %q\n%s", code, got, stderr)
	}
	code, _, _ = migrate(t, src, "--out", out, "--force")
	if got, _ := os.ReadFile(block); code != 0 || bytes.Equal(got, mine) {
		t.Fatalf("--force did not overwrite: code %d", code)
	}

	if code, _, _ := migrate(t, src, "--out", out, "--pipeline-strategy", "bogus"); code != 2 {
		t.Errorf("bad strategy: exit %d, want 2", code)
	}
	if code, _, _ := migrate(t, filepath.Join(src, "missing"), "--out", out); code != 2 {
		t.Errorf("missing PATH: exit %d, want 2", code)
	}
}

func TestMigrateStrategies(t *testing.T) {
	src := filepath.Join(t.TempDir(), "seed_shop")
	copyDir(t, filepath.Join("..", "..", "testdata", "projects", "seed_shop"), src)
	for strategy, want := range map[string]string{"single": "proj", "group": "users"} {
		out := filepath.Join(t.TempDir(), "proj")
		if code, stdout, stderr := migrate(t, src, "--out", out, "--pipeline-strategy", strategy); code != 0 {
			t.Fatalf("%s: %d\n%s%s", strategy, code, stdout, stderr)
		}
		if _, err := os.Stat(filepath.Join(out, "pipelines", want, "metadata.yaml")); err != nil {
			t.Errorf("strategy %s: no pipeline %s: %v", strategy, want, err)
		}
	}
}

// TestMigrateRecordsWhatWasMigrated: migrate writes the record the language server reads
// (converted and review constructs with their files, never manual ones); a second run leaves
// it as it is; --dry-run and --diff neither write nor show it.
func TestMigrateRecordsWhatWasMigrated(t *testing.T) {
	src := filepath.Join(t.TempDir(), "seed_shop")
	copyDir(t, filepath.Join("..", "..", "testdata", "projects", "seed_shop"), src)
	out := filepath.Join(t.TempDir(), "shop_mage")
	report := filepath.Join(t.TempDir(), "report.json")
	recPath := filepath.Join(out, filepath.FromSlash(codeactions.MigratedPath))
	// A check of an asset this project does not have: manual, never recorded.
	check := "from dagster import AssetCheckResult, asset_check\n\n\n@asset_check(asset=\"elsewhere\")\ndef elsewhere_is_fresh():\n    return AssetCheckResult(passed=True)\n"
	if err := os.WriteFile(filepath.Join(src, "foreign_checks.py"), []byte(check), 0o644); err != nil {
		t.Fatal(err)
	}

	if code, stdout, stderr := migrate(t, src, "--out", out, "--report", report); code != 0 {
		t.Fatalf("migrate: %d\n%s\n%s", code, stdout, stderr)
	}
	first, err := os.ReadFile(recPath)
	if err != nil {
		t.Fatal(err)
	}
	rec := codeactions.ParseMigrated(first)
	var doc struct {
		Constructs []codeactions.Entry `json:"constructs"`
	}
	b, _ := os.ReadFile(report)
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	recorded := map[string]codeactions.MigratedEntry{}
	for _, e := range rec.Constructs {
		recorded[e.Path+" "+e.Construct+" "+e.Name] = e
	}
	manual := 0
	for _, e := range doc.Constructs {
		m, ok := recorded[e.Path+" "+e.Construct+" "+e.Name]
		switch {
		case e.Status == codeactions.StatusManual:
			manual++
			if ok {
				t.Errorf("manual %s %s recorded as migrated", e.Construct, e.Name)
			}
		case len(e.Files) > 0 && (!ok || m.Hash == "" || strings.Join(m.Files, ",") != strings.Join(e.Files, ",")):
			t.Errorf("%s %s (%s, files %v) recorded as %+v", e.Construct, e.Name, e.Status, e.Files, m)
		}
	}
	if len(rec.Constructs) < 5 || manual == 0 {
		t.Fatalf("%d constructs recorded, %d manual in the report: the fixture no longer tests both", len(rec.Constructs), manual)
	}
	st1, _ := os.Stat(recPath)

	if code, stdout, _ := migrate(t, src, "--out", out); code != 0 || !strings.Contains(stdout, " 0 created, 0 updated") {
		t.Fatalf("second run: %d\n%s", code, stdout)
	}
	if again, _ := os.ReadFile(recPath); !bytes.Equal(again, first) {
		t.Errorf("second run changed the record:\n%s\n---\n%s", first, again)
	}
	if st2, _ := os.Stat(recPath); !st2.ModTime().Equal(st1.ModTime()) {
		t.Error("second run rewrote the record")
	}

	if err := os.Remove(recPath); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--dry-run", "--diff"} {
		code, stdout, _ := migrate(t, src, "--out", out, flag)
		if code != 0 || strings.Contains(stdout, "migrated.json") {
			t.Errorf("%s: exit %d, shows the record:\n%s", flag, code, stdout)
		}
		if _, err := os.Stat(recPath); !os.IsNotExist(err) {
			t.Errorf("%s wrote the record", flag)
		}
	}
}
