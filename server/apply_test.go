package server

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"
)

// wireEdit is a workspace edit as a client decodes it.
type wireEdit struct {
	Changes           map[protocol.DocumentURI][]protocol.TextEdit `json:"changes"`
	DocumentChanges   []json.RawMessage                            `json:"documentChanges"`
	ChangeAnnotations map[string]protocol.ChangeAnnotation         `json:"changeAnnotations"`
}

type wireChange struct {
	Kind         string `json:"kind"`
	URI          protocol.DocumentURI
	Options      *protocol.CreateFileOptions `json:"options"`
	TextDocument *struct {
		URI     protocol.DocumentURI `json:"uri"`
		Version *int32               `json:"version"`
	} `json:"textDocument"`
	Edits []struct {
		Range        protocol.Range `json:"range"`
		NewText      string         `json:"newText"`
		AnnotationID string         `json:"annotationId"`
	} `json:"edits"`
}

// applyToDisk applies an edit like VS Code would when saving: CreateFile fails if the
// parent folder is missing (as in Neovim 0.7, to prove the server made it) and never
// truncates; text edits are applied against the file's current content. It returns the
// annotation ids that were used.
func applyToDisk(t testing.TB, raw json.RawMessage) (annotations []string) {
	t.Helper()
	var e wireEdit
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatalf("edit does not decode: %v", err)
	}
	seen := map[string]bool{}
	for _, rc := range e.DocumentChanges {
		var c wireChange
		if err := json.Unmarshal(rc, &c); err != nil {
			t.Fatal(err)
		}
		if c.Kind == "create" {
			if c.Options != nil {
				t.Errorf("CreateFile with options (Neovim 0.7 mishandles them): %s", rc)
			}
			p, _ := uriPath(c.URI)
			if _, err := os.Stat(filepath.Dir(p)); err != nil {
				t.Fatalf("CreateFile %s: parent folder missing", p)
			}
			if _, err := os.Stat(p); err == nil {
				t.Fatalf("CreateFile for an existing file %s", p)
			}
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if c.TextDocument == nil {
			t.Fatalf("unknown document change %s", rc)
		}
		p, _ := uriPath(c.TextDocument.URI)
		old, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		text := string(old)
		// Apply from the end so earlier ranges stay valid.
		edits := c.Edits
		sort.SliceStable(edits, func(i, j int) bool { return edits[i].Range.Start.Line > edits[j].Range.Start.Line })
		for _, ed := range edits {
			text = applyEdit(t, text, ed.Range, ed.NewText)
			if ed.AnnotationID != "" && !seen[ed.AnnotationID] {
				seen[ed.AnnotationID] = true
				annotations = append(annotations, ed.AnnotationID)
				if _, ok := e.ChangeAnnotations[ed.AnnotationID]; !ok {
					t.Errorf("annotation %q not declared", ed.AnnotationID)
				}
			}
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for u, edits := range e.Changes {
		p, _ := uriPath(u)
		old, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := string(old)
		for i := len(edits) - 1; i >= 0; i-- {
			text = applyEdit(t, text, edits[i].Range, edits[i].NewText)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return annotations
}

func readFile(t testing.TB, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var _ = fmt.Sprint
