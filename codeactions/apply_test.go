package codeactions

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestSafeJoinRefusesEscapes(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "../x", "a/../../x", "/etc/passwd", "a//b", "./a", "a\\..\\b", "a\x00b", "link/x.py"} {
		if p, err := SafeJoin(root, bad); err == nil {
			t.Errorf("SafeJoin(%q) = %q, want error", bad, p)
		}
	}
	for _, ok := range []string{"a.py", "pipelines/x/metadata.yaml", "données/é.py"} {
		p, err := SafeJoin(root, ok)
		if err != nil || !strings.HasPrefix(p, root) {
			t.Errorf("SafeJoin(%q) = %q, %v", ok, p, err)
		}
	}
}

func TestApplyKeepsUserChanges(t *testing.T) {
	root := t.TempDir()
	plan := &Plan{Files: []FileChange{{Path: "a.py", Content: []byte("one\n")}, {Path: "dir/b.yaml", Content: []byte("x: 1\n")}}}
	res, err := Apply(plan, root, false)
	if err != nil || res[0].Action != ActionCreate || res[1].Action != ActionCreate {
		t.Fatalf("first apply: %v %+v", err, res)
	}
	// Second run with the same plan: nothing changes.
	res, _ = Apply(plan, root, false)
	for _, r := range res {
		if r.Action != ActionUnchanged {
			t.Errorf("second apply: %s %s", r.Path, r.Action)
		}
	}
	// A new plan updates a file we own.
	plan.Files[0].Content = []byte("two\n")
	res, _ = Apply(plan, root, false)
	if res[0].Action != ActionUpdate {
		t.Errorf("update: %+v", res[0])
	}
	// The user edits it: the next plan must not overwrite it without force.
	if err := os.WriteFile(filepath.Join(root, "a.py"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	plan.Files[0].Content = []byte("three\n")
	res, _ = Apply(plan, root, false)
	if b, _ := os.ReadFile(filepath.Join(root, "a.py")); res[0].Action != ActionConflict || string(b) != "mine\n" {
		t.Errorf("user change not kept: %s %q", res[0].Action, b)
	}
	// Still a conflict on the next run (the manifest keeps the old hash).
	res, _ = Apply(plan, root, false)
	if res[0].Action != ActionConflict {
		t.Errorf("second conflict run: %s", res[0].Action)
	}
	res, _ = Apply(plan, root, true)
	if b, _ := os.ReadFile(filepath.Join(root, "a.py")); res[0].Action != ActionOverwrite || string(b) != "three\n" {
		t.Errorf("force: %s %q", res[0].Action, b)
	}
	// A file that existed before any migration is never overwritten silently either.
	if err := os.WriteFile(filepath.Join(root, "c.py"), []byte("theirs\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, _ = Apply(&Plan{Files: []FileChange{{Path: "c.py", Content: []byte("ours\n")}}}, root, false)
	if res[0].Action != ActionConflict {
		t.Errorf("pre-existing file: %s", res[0].Action)
	}
	// No temporary files are left behind.
	filepath.Walk(root, func(p string, _ os.FileInfo, _ error) error {
		if strings.Contains(p, ".d2m-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}

func TestUnifiedDiffMatchesPatch(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"
	new := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n"
	d := UnifiedDiff("x.txt", []byte(old), []byte(new))
	if !strings.Contains(d, "-b\n+B\n") || !strings.Contains(d, "+l\n") {
		t.Fatalf("diff:\n%s", d)
	}
	if UnifiedDiff("x", []byte(old), []byte(old)) != "" {
		t.Error("equal inputs must give no diff")
	}
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch not installed")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.txt"), []byte(old), 0o644)
	cmd := exec.Command(patch, "-p1", "-s")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(d)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v %s\n%s", err, out, d)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "x.txt")); string(b) != new {
		t.Errorf("patched = %q", b)
	}
}
