package server

import (
	"context"
	"path/filepath"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// Notifications in this file run on the reading goroutine, in order, so a request that
// arrives after a change always sees it. They only update text and trees (sub-millisecond
// incremental re-parses); analysis runs on the diagnostics goroutine.

func (s *Server) didOpen(_ context.Context, params json.RawMessage) error {
	var p protocol.DidOpenTextDocumentParams
	if err := decode(params, &p); err != nil {
		return err
	}
	path, ok := uriPath(p.TextDocument.URI)
	if !ok {
		return nil // untitled: or other schemes have no place in a workspace
	}
	if p.TextDocument.LanguageID != "python" && filepath.Ext(path) != ".py" {
		return nil // e.g. pyproject.toml: read from disk on save, never analysed as Python
	}
	o := &overlay{
		uri:     p.TextDocument.URI,
		path:    path,
		version: p.TextDocument.Version,
		doc:     analysis.NewDocument([]byte(p.TextDocument.Text)),
		opened:  true,
	}
	s.sess.setOverlay(o)
	s.diag.now(path)
	return nil
}

// didChangeParams is decoded with our own change type: protocol v0.12.0's Range is a value,
// so a full-text change would be indistinguishable from an insertion at (0,0).
type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []contentChange                          `json:"contentChanges"`
}

type contentChange struct {
	Range *protocol.Range `json:"range,omitempty"` // nil: Text replaces the whole document
	Text  string          `json:"text"`
}

func (s *Server) didChange(_ context.Context, params json.RawMessage) error {
	var p didChangeParams
	if err := decode(params, &p); err != nil {
		return err
	}
	path, ok := uriPath(p.TextDocument.URI)
	if !ok {
		return nil
	}
	old := s.sess.overlay(path)
	if old == nil {
		s.log.Debug("change to a document we do not track", "uri", p.TextDocument.URI)
		return nil
	}
	doc := applyChanges(old.doc, p.ContentChanges, s.client.encoding)
	s.sess.setOverlay(&overlay{uri: old.uri, path: path, version: p.TextDocument.Version, doc: doc})
	s.diag.now(path)
	return nil
}

// applyChanges applies the changes in order, each against the text the previous one left,
// as the spec says; each ranged change is an incremental re-parse.
func applyChanges(doc *analysis.Document, changes []contentChange, enc analysis.Encoding) *analysis.Document {
	orig := doc
	for _, c := range changes {
		prev := doc
		if c.Range == nil {
			doc = analysis.NewDocument([]byte(c.Text))
		} else {
			start := doc.OffsetAt(lspToPos(c.Range.Start), enc)
			end := doc.OffsetAt(lspToPos(c.Range.End), enc)
			if end < start {
				start, end = end, start
			}
			// Edit takes the document's lock itself while it copies the tree.
			doc = prev.Edit(start, end, []byte(c.Text))
		}
		if prev != orig {
			prev.Close() // an intermediate version nobody else has seen
		}
	}
	return doc
}

func (s *Server) didClose(_ context.Context, params json.RawMessage) error {
	var p protocol.DidCloseTextDocumentParams
	if err := decode(params, &p); err != nil {
		return err
	}
	path, ok := uriPath(p.TextDocument.URI)
	if !ok {
		return nil
	}
	if s.sess.dropOverlay(path) == nil {
		return nil
	}
	f := s.sess.folderFor(path)
	if f.loose {
		// Nobody else will ever update a file outside the workspace: forget it.
		f.remove(path)
		s.diag.clear(path)
		return nil
	}
	// Inside the workspace the saved file is what counts again.
	s.diskChanged(path, false)
	return nil
}

func (s *Server) didSave(_ context.Context, params json.RawMessage) error {
	var p protocol.DidSaveTextDocumentParams
	if err := decode(params, &p); err != nil {
		return err
	}
	// Clients that do not watch files still tell us when pyproject.toml is saved in the editor.
	if path, ok := uriPath(p.TextDocument.URI); ok && filepath.Base(path) == "pyproject.toml" {
		s.goBackground("pyproject", func() { s.reloadPyproject(filepath.Dir(path)) })
	}
	return nil
}

func lspToPos(p protocol.Position) analysis.Position {
	return analysis.Position{Line: int(p.Line), Column: int(p.Character)}
}

func posToLSP(p analysis.Position) protocol.Position {
	return protocol.Position{Line: uint32(p.Line), Character: uint32(p.Column)}
}

// spanRange converts a byte span to an LSP range in the negotiated encoding.
func spanRange(doc *analysis.Document, sp analysis.Span, enc analysis.Encoding) protocol.Range {
	return protocol.Range{Start: posToLSP(doc.PositionAt(sp.Start, enc)), End: posToLSP(doc.PositionAt(sp.End, enc))}
}
