// Package e2eutil holds the plumbing shared by the real-editor tests (e2e/nvim): the server binary,
// fixture copies, kept test output, and the CI rule that a missing tool fails instead of skipping.
package e2eutil

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// ServerBinary returns $D2M_BIN when it exists (the stage builds it), else builds the binary into a
// temporary folder.
func ServerBinary(repoRoot string) (string, error) {
	if p := os.Getenv("D2M_BIN"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	dir, err := os.MkdirTemp("", "d2m-e2e-bin")
	if err != nil {
		return "", fmt.Errorf("temp dir for the server binary: %w", err)
	}
	bin := filepath.Join(dir, "dagster2mage")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/dagster2mage")
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/dagster2mage: %w\n%s", err, out)
	}
	return bin, nil
}

// Missing skips the test when a tool is absent on a developer's machine, and fails it in CI
// (CI set), where the stage script must have installed it.
func Missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing in CI; the editors stage must install it", what)
	}
	t.Skipf("%s is missing (run scripts/test.d/50-editors.sh to install it)", what)
}

// CopyTree copies the regular files and folders under src to dst, leaving out folders named
// in skipDirs (e.g. caches an engine left behind).
func CopyTree(src, dst string, skipDirs ...string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() && p != src && slices.Contains(skipDirs, d.Name()) {
			return filepath.SkipDir
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// Tail returns at most the last n bytes of s.
func Tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// KeepOutput saves a test artefact under test-output/ (ignored by git) for people to look at.
func KeepOutput(repoRoot, rel string, data []byte) {
	p := filepath.Join(repoRoot, "test-output", rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
		_ = os.WriteFile(p, data, 0o644)
	}
}

// CompareWithCLI runs `dagster2mage migrate --out outRel` on a fresh copy of the fixture and compares
// its output folder, byte for byte, with the one an editor wrote under ws/outRel, the record of what was migrated
// (.dagster2mage/migrated.json, which both write) included. The editor's report.json is left out (migrate writes it
// only with --report). It returns one line per difference.
func CompareWithCLI(bin, fixture, ws, outRel string) ([]string, error) {
	cli, err := os.MkdirTemp("", "d2m-cli")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(cli)
	if err := CopyTree(fixture, cli); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "migrate", "--out", outRel, ".")
	cmd.Dir = cli
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("dagster2mage migrate: %w\n%s", err, out)
	}
	want, err := readTree(filepath.Join(cli, outRel))
	if err != nil {
		return nil, err
	}
	got, err := readTree(filepath.Join(ws, outRel))
	if err != nil {
		return nil, err
	}
	delete(got, filepath.Join(".dagster2mage", "report.json"))
	var diffs []string
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing in the editor's output: "+p)
		case g != w:
			diffs = append(diffs, fmt.Sprintf("%s differs: editor %d bytes, CLI %d bytes\n--- editor\n%s\n--- CLI\n%s", p, len(g), len(w), Tail(g, 600), Tail(w, 600)))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "only in the editor's output: "+p)
		}
	}
	return diffs, nil
}

func readTree(root string) (map[string]string, error) {
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[rel] = string(b)
		return nil
	})
	return out, err
}
