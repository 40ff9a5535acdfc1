package e2eutil

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCopyTree(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "copy")
	if err := os.MkdirAll(filepath.Join(src, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "a", "b", "f.py"), []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CopyTree(src, dst); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dst, "a", "b", "f.py"))
	if err != nil || string(b) != "x = 1\n" {
		t.Fatalf("copy = %q, %v", b, err)
	}
}

func TestTail(t *testing.T) {
	if got := Tail("abcdef", 3); got != "…def" {
		t.Errorf("Tail = %q", got)
	}
	if got := Tail("ab", 3); got != "ab" {
		t.Errorf("Tail = %q", got)
	}
}

func TestFencedBlocks(t *testing.T) {
	md := "text\n```toml\na = 1\n```\n```lua\nx()\n```\n```toml\nb = 2\nc = 3\n```\n"
	got := FencedBlocks(md, "toml")
	if len(got) != 2 || got[0] != "a = 1\n" || got[1] != "b = 2\nc = 3\n" {
		t.Errorf("FencedBlocks = %q", got)
	}
}
