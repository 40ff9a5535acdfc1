package server

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/codeactions"
)

// What an editor action (or `dagster2mage migrate`) migrated is recorded next to the manifest,
// in <out>/.dagster2mage/migrated.json (codeactions.MigratedPath, one format shared with the
// CLI): each converted construct (source path, name, construct),
// a hash of its source text at that moment and the files it became. A construct whose record
// still matches (same source text, its files still there) is no longer pending: its
// diagnostics become hints saying where it went, which the status bar of the VS Code
// extension does not count. Editing the definition changes its hash, and its diagnostics
// come back saying it changed since it was migrated.
//
// `dagster2mage check` keeps reporting every construct: it answers "what does this code use
// that Mage does not", which a migration does not change, and CI runs it on the Dagster code
// whatever an editor wrote.

// recordMigrated returns the record of out (as the editor or the disk has it) with the
// constructs of plan that were converted (or need review) added or refreshed.
func (s *Server) recordMigrated(f *folder, out string, plan *codeactions.Plan) []byte {
	rec := codeactions.RecordMigrated(f.ws, plan, s.readOutputFile(filepath.Join(out, filepath.FromSlash(codeactions.MigratedPath))))
	s.migrated.forget(out)
	return rec
}

// readOutputFile reads a file of the output folder as the editor has it (unsaved changes
// included), else from disk; nil when it does not exist.
func (s *Server) readOutputFile(abs string) []byte {
	if o := s.sess.overlay(abs); o != nil {
		return o.doc.Text()
	}
	b, _ := os.ReadFile(abs)
	return b
}

// migratedCache holds each output folder's record, read again when the file changes.
type migratedCache struct {
	mu    sync.Mutex
	byOut map[string]*migratedState
}

type migratedState struct {
	mod    time.Time
	size   int64
	byPath map[string]map[defID]codeactions.MigratedEntry
	// Whether output files exist, checked at most every existTTL (a keystroke would otherwise
	// stat every output of a large migrated file); watched changes under out forget it all.
	exists  map[string]bool
	checked time.Time
}

const existTTL = 2 * time.Second

// defID names a construct within its file.
type defID struct{ name, construct string }

func (c *migratedCache) forget(out string) {
	c.mu.Lock()
	delete(c.byOut, out)
	c.mu.Unlock()
}

// entries returns the record's constructs of one source file (path relative to the folder).
func (c *migratedCache) entries(out, rel string) map[defID]codeactions.MigratedEntry {
	abs := filepath.Join(out, filepath.FromSlash(codeactions.MigratedPath))
	fi, err := os.Stat(abs)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		delete(c.byOut, out)
		return nil
	}
	st := c.byOut[out]
	if st == nil || !st.mod.Equal(fi.ModTime()) || st.size != fi.Size() {
		b, _ := os.ReadFile(abs)
		st = &migratedState{mod: fi.ModTime(), size: fi.Size(), byPath: map[string]map[defID]codeactions.MigratedEntry{}}
		for _, e := range codeactions.ParseMigrated(b).Constructs {
			if st.byPath[e.Path] == nil {
				st.byPath[e.Path] = map[defID]codeactions.MigratedEntry{}
			}
			st.byPath[e.Path][defID{e.Name, e.Construct}] = e
		}
		if c.byOut == nil {
			c.byOut = map[string]*migratedState{}
		}
		c.byOut[out] = st
	}
	return st.byPath[rel]
}

// migration is what the record says about one finding's construct.
type migration struct {
	state migrationState
	files string // the output files, comma-separated, relative to the workspace folder
}

type migrationState uint8

const (
	notMigrated           migrationState = iota
	migrated                             // converted and unchanged since
	changedSinceMigration                // converted, then edited
)

// migrations returns, per finding of path, whether its construct was migrated. nil when
// nothing in the file was.
func (s *Server) migrations(f *folder, path string, doc *analysis.Document, findings []analysis.Finding) []migration {
	if f.loose || doc == nil {
		return nil
	}
	rel, err := filepath.Rel(f.root, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil
	}
	out := s.outDir(f)
	entries := s.migrated.entries(out, filepath.ToSlash(rel))
	if len(entries) == 0 {
		return nil
	}
	c := &s.migrated
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.byOut[out]
	if st != nil && (st.exists == nil || time.Since(st.checked) > existTTL) {
		st.exists, st.checked = map[string]bool{}, time.Now()
	}
	var marks []migration
	byDef := map[*analysis.Definition]migration{} // a definition's findings share its state
	prefix := filepath.ToSlash(out) + "/"
	if r, err := filepath.Rel(f.root, out); err == nil && !strings.HasPrefix(r, "..") {
		prefix = filepath.ToSlash(r) + "/"
	}
	for i, fd := range findings {
		if fd.Def == nil {
			continue
		}
		m, done := byDef[fd.Def]
		if !done {
			if e, ok := entries[defID{fd.Def.Name, fd.Def.Construct}]; ok && s.outputsExist(out, st, e.Files) {
				m = migration{state: changedSinceMigration, files: prefix + strings.Join(e.Files, ", "+prefix)}
				if codeactions.DefHash(doc, fd.Def) == e.Hash {
					m.state = migrated
				}
			}
			byDef[fd.Def] = m
		}
		if m.state == notMigrated {
			continue
		}
		if marks == nil {
			marks = make([]migration, len(findings))
		}
		marks[i] = m
	}
	return marks
}

// markAt is marks[i], or no migration when marks is nil.
func markAt(marks []migration, i int) migration {
	if marks == nil {
		return migration{}
	}
	return marks[i]
}

// outputsExist reports whether every recorded output file is still there (on disk or open),
// through the existence cache of st (nil: none). Callers hold s.migrated.mu.
func (s *Server) outputsExist(out string, st *migratedState, files []string) bool {
	for _, rel := range files {
		ok, known := false, false
		if st != nil {
			ok, known = st.exists[rel]
		}
		if !known {
			abs := filepath.Join(out, filepath.FromSlash(rel))
			_, err := os.Stat(abs)
			ok = err == nil || s.sess.overlay(abs) != nil
			if st != nil {
				st.exists[rel] = ok
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// describe is the sentence diagnostics and hovers use.
func (m migration) describe() string {
	switch m.state {
	case migrated:
		return "Migrated to " + m.files + " (the Dagster code is unchanged since)."
	case changedSinceMigration:
		return "Changed since it was migrated to " + m.files + ": migrate it again to update them."
	}
	return ""
}
