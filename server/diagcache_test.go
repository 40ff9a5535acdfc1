package server

import (
	"reflect"
	"strings"
	"testing"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

// TestCachedDiagnosticsMatchConversion: after an edit that moves every finding (and one
// that changes a finding's name), the published list, built from cached per-finding JSON,
// is exactly what converting each finding from scratch gives.
func TestCachedDiagnosticsMatchConversion(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	text := fixture(t, "assets.py")
	path := c.write("assets.py", text)
	c.open(path, text, 1)
	first := c.diagnostics(path, atVersion(1))
	c.change(path, 2, map[string]any{"range": rng(0, 0, 0, 0), "text": "# moved down\n\n"})
	moved := c.diagnostics(path, atVersion(2))
	if len(moved.Diagnostics) != len(first.Diagnostics) || len(first.Diagnostics) == 0 {
		t.Fatalf("%d diagnostics after the edit, %d before", len(moved.Diagnostics), len(first.Diagnostics))
	}
	for i, d := range moved.Diagnostics {
		if d.Range.Start.Line != first.Diagnostics[i].Range.Start.Line+2 || d.Message != first.Diagnostics[i].Message {
			t.Errorf("diagnostic %d did not move down two lines: %s, was %s", i, mustJSON(d), mustJSON(first.Diagnostics[i]))
		}
	}
	sameAsFresh(t, c, path, moved)
	// `def raw_users():` is now line 7: rename the asset.
	c.change(path, 3, map[string]any{"range": rng(7, 4, 7, 13), "text": "raw_people"})
	renamed := c.diagnostics(path, atVersion(3))
	if !strings.Contains(mustJSON(renamed), "raw_people") {
		t.Fatalf("the renamed asset is not in the diagnostics: %s", mustJSON(renamed))
	}
	sameAsFresh(t, c, path, renamed)
}

// sameAsFresh compares a publication with a fresh conversion of the current findings.
func sameAsFresh(t *testing.T, c *testClient, path string, got publishDiagnosticsParams) {
	t.Helper()
	s := c.srv
	o := s.sess.overlay(path)
	f := s.sess.folderFor(path)
	st := s.folderSettings(f)
	var want []protocol.Diagnostic
	findings := f.ws.Findings(path)
	marks := s.migrations(f, path, o.doc, findings)
	for i, fd := range findings {
		want = append(want, s.toDiagnostic(o.doc, fd, st, markAt(marks, i)))
	}
	if a, b := roundTrip(t, want), roundTrip(t, got.Diagnostics); !reflect.DeepEqual(a, b) {
		t.Errorf("published (cached) diagnostics differ from a fresh conversion:\n got %s\nwant %s", mustJSON(b), mustJSON(a))
	}
}

func roundTrip(t *testing.T, diags []protocol.Diagnostic) []protocol.Diagnostic {
	t.Helper()
	b, err := json.Marshal(diags)
	if err != nil {
		t.Fatal(err)
	}
	var out []protocol.Diagnostic
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
