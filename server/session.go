package server

import (
	"bytes"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// session holds the editor's state: open documents (overlays on the files on disk) and
// workspace folders with their analysis index and configuration.
type session struct {
	s *Server

	mu       sync.Mutex
	overlays map[string]*overlay // by absolute path
	folders  []*folder           // longest root first, so the innermost folder wins
	loose    *folder             // files opened outside every workspace folder
	initial  Settings            // initializationOptions
	pushed   Settings            // last didChangeConfiguration payload (clients without pull)
}

// overlay is one immutable version of an open document. A change makes a new overlay from
// the old one's tree, then retires the old one: its syntax tree (C memory, megabytes for a
// large file) is freed as soon as no analysis is reading it, instead of whenever the
// garbage collector runs finalizers. Text and line index stay valid for requests still
// holding the old overlay.
type overlay struct {
	uri     protocol.DocumentURI // as the client sent it, echoed in diagnostics
	path    string
	version int32
	doc     *analysis.Document
	opened  bool // the version didOpen made (its text is often the indexed file's)

	mu        sync.Mutex
	fm        *analysis.FileModel
	analyzing int  // Analyze calls reading the tree
	retired   bool // superseded or closed
	freed     bool // tree released
}

// model analyses this version once, whoever asks first (diagnostics, hover, code action),
// in the context of the folder holding it (module name, re-exports).
func (o *overlay) model(f *folder) *analysis.FileModel {
	o.mu.Lock()
	if o.fm != nil {
		defer o.mu.Unlock()
		return o.fm
	}
	doc := o.doc
	if o.freed {
		// Rare: a request still holding a retired version; parse its text again.
		doc = analysis.NewDocument(o.doc.Text())
	}
	o.analyzing++
	// Analysis runs under the lock so a version is analysed once; the lock is per version.
	defer o.mu.Unlock()
	// The index holds the last analysed version of this file: statements that did not
	// change since are replayed instead of walked again (the fast path when this document
	// was made by one edit of that one). A file opened as it is on disk has been analysed
	// already: its indexed model serves as is (same text, same spans).
	prev := f.ws.File(o.path)
	if o.opened && prev != nil && prev.Doc != nil && bytes.Equal(prev.Doc.Text(), doc.Text()) {
		o.fm = prev
	} else {
		o.fm = f.ws.Reanalyze(o.path, doc, prev)
	}
	o.analyzing--
	if doc != o.doc {
		doc.Close()
	}
	o.freeIfIdleLocked()
	return o.fm
}

// retire marks a version as superseded (or closed) and frees its tree when idle.
func (o *overlay) retire() {
	o.mu.Lock()
	o.retired = true
	o.freeIfIdleLocked()
	o.mu.Unlock()
}

func (o *overlay) freeIfIdleLocked() {
	if o.retired && o.analyzing == 0 && !o.freed {
		o.freed = true
		o.doc.Lock()
		o.doc.Close()
		o.doc.Unlock()
	}
}

func newSession(s *Server) *session {
	ss := &session{s: s, overlays: map[string]*overlay{}}
	ss.loose = newFolder(s, "", "", "(no folder)", true)
	return ss
}

func (ss *session) setInitialSettings(st Settings) {
	ss.mu.Lock()
	ss.initial = st
	ss.mu.Unlock()
}

// uriPath turns a document URI into the absolute, clean path the analysis uses.
func uriPath(u protocol.DocumentURI) (string, bool) {
	if !u.IsFile() {
		return "", false
	}
	p := u.FsPath()
	if p == "" {
		return "", false
	}
	return filepath.Clean(p), true
}

func fileURI(path string) protocol.DocumentURI { return uri.File(path) }

func (ss *session) addFolder(wf protocol.WorkspaceFolder) *folder {
	u, err := uri.Parse(wf.URI)
	if err != nil {
		ss.s.log.Warn("ignoring workspace folder", "uri", wf.URI, "err", err)
		return nil
	}
	root, ok := uriPath(u)
	if !ok {
		return nil
	}
	// newFolder reads settings under ss.mu, so it is built before taking the lock.
	f := newFolder(ss.s, u, root, wf.Name, false)
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for _, g := range ss.folders {
		if g.root == root {
			return g
		}
	}
	ss.folders = append(ss.folders, f)
	sort.SliceStable(ss.folders, func(i, j int) bool { return len(ss.folders[i].root) > len(ss.folders[j].root) })
	return f
}

func (ss *session) removeFolder(wf protocol.WorkspaceFolder) *folder {
	u, err := uri.Parse(wf.URI)
	if err != nil {
		return nil
	}
	root, ok := uriPath(u)
	if !ok {
		return nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for i, f := range ss.folders {
		if f.root == root {
			ss.folders = append(ss.folders[:i], ss.folders[i+1:]...)
			f.cancelScan()
			return f
		}
	}
	return nil
}

func (ss *session) folderList() []*folder {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return append([]*folder(nil), ss.folders...)
}

// folderFor returns the innermost workspace folder holding path, or the loose folder.
func (ss *session) folderFor(path string) *folder {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.folderForLocked(path)
}

func (ss *session) folderForLocked(path string) *folder {
	for _, f := range ss.folders {
		if within(f.root, path) {
			return f
		}
	}
	return ss.loose
}

func within(root, path string) bool {
	if root == "" {
		return false
	}
	return path == root || strings.HasPrefix(path, root+string(filepath.Separator))
}

func (ss *session) overlay(path string) *overlay {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.overlays[path]
}

// setOverlay installs o as the current version and retires the one it replaces.
func (ss *session) setOverlay(o *overlay) {
	ss.mu.Lock()
	old := ss.overlays[o.path]
	ss.overlays[o.path] = o
	ss.mu.Unlock()
	if old != nil {
		old.retire()
	}
}

func (ss *session) dropOverlay(path string) *overlay {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	o := ss.overlays[path]
	delete(ss.overlays, path)
	if o != nil {
		o.retire()
	}
	return o
}

func (ss *session) openPaths() []string {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	out := make([]string, 0, len(ss.overlays))
	for p := range ss.overlays {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// closeAll drops every overlay when the session ends.
func (ss *session) closeAll() {
	ss.mu.Lock()
	old := ss.overlays
	ss.overlays = map[string]*overlay{}
	ss.mu.Unlock()
	for _, o := range old {
		o.retire()
	}
}
