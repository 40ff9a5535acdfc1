package server

import (
	"fmt"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// fileView is what a request sees of one file: a consistent text, model and index entry.
type fileView struct {
	path    string
	uri     protocol.DocumentURI
	f       *folder
	doc     *analysis.Document
	version *int32 // nil when the file is not open
	fm      *analysis.FileModel
}

// view returns the current state of a document for a request. An open document's model is
// put into the index first, so findings and the translator see what the user sees.
func (s *Server) view(u protocol.DocumentURI) (*fileView, error) {
	path, ok := uriPath(u)
	if !ok {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("not a file URI: %q", u))
	}
	f := s.sess.folderFor(path)
	v := &fileView{path: path, uri: u, f: f}
	if o := s.sess.overlay(path); o != nil {
		v.doc, v.fm = o.doc, o.model(f)
		ver := o.version
		v.version = &ver
		if f.ws.File(path) != v.fm {
			s.diag.later(f.update(v.fm)...)
		}
		return v, nil
	}
	if fm := f.ws.File(path); fm != nil && fm.Doc != nil {
		v.doc, v.fm = fm.Doc, fm
		return v, nil
	}
	return nil, nil
}

// offset converts an LSP position of this view.
func (v *fileView) offset(p protocol.Position, enc analysis.Encoding) int {
	return v.doc.OffsetAt(lspToPos(p), enc)
}

// definitionAt returns the innermost definition whose decorator/callee, name or call
// covers offset.
func (v *fileView) definitionAt(offset int) (*analysis.Definition, analysis.Span) {
	var best *analysis.Definition
	var bestSpan analysis.Span
	consider := func(d *analysis.Definition, sp analysis.Span) {
		if sp.IsZero() || !sp.Contains(offset) {
			return
		}
		if best == nil || sp.Len() < bestSpan.Len() {
			best, bestSpan = d, sp
		}
	}
	for _, list := range [][]*analysis.Definition{v.fm.Defs, v.fm.Dynamic} {
		for _, d := range list {
			consider(d, d.Head)
			consider(d, d.NameSpan)
			if d.Call != nil {
				consider(d, d.Abs(d.Call.Span))
			}
		}
	}
	return best, bestSpan
}

// findingsOf returns the findings about d (per-file and cross-file).
func (v *fileView) findingsOf(d *analysis.Definition) []analysis.Finding {
	var out []analysis.Finding
	for _, fd := range v.f.ws.Findings(v.path) {
		if fd.Def == d || (fd.Def == nil && fd.Span.Start >= d.Span.Start && fd.Span.End <= d.Span.End) {
			out = append(out, fd)
		}
	}
	return out
}
