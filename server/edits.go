package server

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/codeactions"
)

// workspaceEdit replaces protocol.WorkspaceEdit, whose documentChanges cannot hold
// CreateFile (a create entry decodes silently into an empty TextDocumentEdit).
type workspaceEdit struct {
	Changes           map[protocol.DocumentURI][]protocol.TextEdit `json:"changes,omitempty"`
	DocumentChanges   []any                                        `json:"documentChanges,omitempty"`
	ChangeAnnotations map[string]protocol.ChangeAnnotation         `json:"changeAnnotations,omitempty"`
}

// annotatedTextEdit is a TextEdit with a change annotation (LSP 3.16).
type annotatedTextEdit struct {
	Range        protocol.Range `json:"range"`
	NewText      string         `json:"newText"`
	AnnotationID string         `json:"annotationId,omitempty"`
}

// textDocumentEdit carries annotated edits; protocol's holds plain TextEdits only.
type textDocumentEdit struct {
	TextDocument protocol.OptionalVersionedTextDocumentIdentifier `json:"textDocument"`
	Edits        []annotatedTextEdit                              `json:"edits"`
}

const confirmAnnotation = "dagster2mage.replace"

// fileOutcome is what an edit does to one planned file.
type fileOutcome struct {
	Rel    string
	Abs    string
	Action codeactions.Action
}

// builtEdit is a plan turned into a workspace edit.
type builtEdit struct {
	edit     workspaceEdit
	outcomes []fileOutcome
	// skipped are files the user changed that would need confirmation the client cannot give.
	skipped []string
}

// buildEdit turns a plan into a workspace edit for this client: CreateFile + full-text
// TextDocumentEdit for new files (parent folders are created here, because Neovim 0.7
// cannot), a whole-text replacement for files that exist, and a needsConfirmation
// annotation on every existing file the user changed or dagster2mage did not write. The
// manifest of what dagster2mage wrote travels in the same edit, so a later edit knows
// those files are ours even if the editor has not saved them yet.
func (s *Server) buildEdit(f *folder, plan *codeactions.Plan) (*builtEdit, error) {
	out := s.outDir(f)
	results, err := codeactions.Preview(plan, out, false)
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	man := codeactions.ReadManifest(out)
	be := &builtEdit{edit: workspaceEdit{DocumentChanges: []any{}}}
	var owned []fileOutcome
	for _, r := range results {
		abs, err := codeactions.SafeJoin(out, r.Path)
		if err != nil {
			return nil, err
		}
		action, old, version := r.Action, r.Old, (*int32)(nil)
		// An open output file counts as it is in the editor, unsaved changes included.
		if o := s.sess.overlay(abs); o != nil {
			cur := o.doc.Text()
			v := o.version
			version = &v
			switch {
			case string(cur) == string(r.New):
				action = codeactions.ActionUnchanged
			case action == codeactions.ActionCreate || string(cur) != string(old):
				action = codeactions.ActionConflict // typed but unsaved, or a buffer of a new file
			}
			old = cur
		}
		u := fileURI(abs)
		switch action {
		case codeactions.ActionUnchanged:
		case codeactions.ActionCreate:
			if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
				return nil, fmt.Errorf("create folder for %s: %w", r.Path, err)
			}
			be.edit.DocumentChanges = append(be.edit.DocumentChanges,
				protocol.CreateFile{Kind: protocol.CreateResourceOperation, URI: u},
				fullText(u, nil, nil, r.New, "", s.client.encoding))
		case codeactions.ActionUpdate:
			be.edit.DocumentChanges = append(be.edit.DocumentChanges, fullText(u, version, old, r.New, "", s.client.encoding))
		default: // conflict
			if !s.client.annotations {
				be.skipped = append(be.skipped, r.Path)
				continue
			}
			if be.edit.ChangeAnnotations == nil {
				be.edit.ChangeAnnotations = map[string]protocol.ChangeAnnotation{}
			}
			be.edit.ChangeAnnotations[confirmAnnotation] = protocol.ChangeAnnotation{
				Label:             "Replace a file dagster2mage did not write",
				NeedsConfirmation: true,
				Description:       "This file exists and was changed since dagster2mage wrote it (or it never did); confirm to replace it.",
			}
			be.edit.DocumentChanges = append(be.edit.DocumentChanges, fullText(u, version, old, r.New, confirmAnnotation, s.client.encoding))
		}
		oc := fileOutcome{Rel: r.Path, Abs: abs, Action: action}
		be.outcomes = append(be.outcomes, oc)
		if action != codeactions.ActionUnchanged {
			owned = append(owned, oc)
		}
	}
	if len(owned) > 0 {
		for _, oc := range owned {
			c, _ := plan.File(oc.Rel)
			man.Files[oc.Rel] = codeactions.HashOf(c)
		}
		if err := s.addOutputFile(be, filepath.Join(out, filepath.FromSlash(codeactions.ManifestPath)), man.Marshal()); err != nil {
			return nil, err
		}
	}
	// What was migrated travels in the same edit: applied, it lands with the files.
	if err := s.addOutputFile(be, filepath.Join(out, filepath.FromSlash(codeactions.MigratedPath)), s.recordMigrated(f, out, plan)); err != nil {
		return nil, err
	}
	return be, nil
}

// fullText replaces the whole of old (nil for a new file) with content.
func fullText(u protocol.DocumentURI, version *int32, old, content []byte, annotation string, enc analysis.Encoding) textDocumentEdit {
	return textDocumentEdit{
		TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{
			TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: version},
		Edits: []annotatedTextEdit{{Range: protocol.Range{End: endPosition(old, enc)}, NewText: string(content), AnnotationID: annotation}},
	}
}

// endPosition is the position just past the end of text.
func endPosition(text []byte, enc analysis.Encoding) protocol.Position {
	line, start := 0, 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			line, start = line+1, i+1
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				continue
			}
			line, start = line+1, i+1
		}
	}
	last := text[start:]
	col := len(last)
	switch enc {
	case analysis.UTF16:
		col = 0
		for len(last) > 0 {
			r, n := utf8.DecodeRune(last)
			col += len(utf16.Encode([]rune{r}))
			last = last[n:]
		}
	case analysis.UTF32:
		col = utf8.RuneCount(last)
	}
	return protocol.Position{Line: uint32(line), Character: uint32(col)}
}

// addOutputFile adds dagster2mage's own bookkeeping file abs (the manifest, the migration
// record) with content to the edit, unless it already holds exactly that.
func (s *Server) addOutputFile(be *builtEdit, abs string, content []byte) error {
	u := fileURI(abs)
	var old []byte
	var version *int32
	if o := s.sess.overlay(abs); o != nil {
		old = o.doc.Text()
		v := o.version
		version = &v
	} else if b, err := os.ReadFile(abs); err == nil {
		old = b
	} else if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return fmt.Errorf("create folder for %s: %w", filepath.Base(abs), err)
		}
		be.edit.DocumentChanges = append(be.edit.DocumentChanges,
			protocol.CreateFile{Kind: protocol.CreateResourceOperation, URI: u},
			fullText(u, nil, nil, content, "", s.client.encoding))
		return nil
	} else {
		return fmt.Errorf("read %s: %w", filepath.Base(abs), err)
	}
	if string(old) == string(content) {
		return nil
	}
	be.edit.DocumentChanges = append(be.edit.DocumentChanges, fullText(u, version, old, content, "", s.client.encoding))
	return nil
}
