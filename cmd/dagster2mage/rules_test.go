package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// TestRulesMarkdownIsCurrent keeps docs/rules.md, the page every diagnostic links to, in step
// with the catalog; `go test ./cmd/dagster2mage -update` rewrites it.
func TestRulesMarkdownIsCurrent(t *testing.T) {
	var out bytes.Buffer
	if code := runRules([]string{"--format", "markdown"}, &out, os.Stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, r := range analysis.Rules() {
		if !strings.Contains(out.String(), "\n## "+r.Code+"\n") {
			t.Errorf("no section for %s", r.Code)
		}
	}
	path := filepath.Join("..", "..", "docs", "rules.md")
	if *update {
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/dagster2mage -update)", err)
	}
	if !bytes.Equal(want, out.Bytes()) {
		t.Errorf("docs/rules.md is stale: run go test ./cmd/dagster2mage -update")
	}
}

func TestRulesBadFormat(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runRules([]string{"--format", "html"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "unknown format") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}
