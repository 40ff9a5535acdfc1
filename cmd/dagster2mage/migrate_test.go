package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
