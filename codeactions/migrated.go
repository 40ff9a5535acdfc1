package codeactions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// MigratedPath is where what was migrated is recorded, relative to the output folder, next to
// the manifest: each construct converted into files (source path, name, construct), a hash of
// its source text at that moment and the files it became. `dagster2mage migrate` and the
// editor actions of the language server write the same record; the server reads it so that a
// construct whose record still matches (same source text, files still there) is no longer
// pending, and one edited since is reported as changed since its migration.
const MigratedPath = ".dagster2mage/migrated.json"

// MigratedRecord is the content of MigratedPath.
type MigratedRecord struct {
	Version    int             `json:"version"`
	Constructs []MigratedEntry `json:"constructs"`
}

// MigratedEntry is one migrated construct.
type MigratedEntry struct {
	Path      string   `json:"path"` // source file relative to the workspace folder, slash-separated
	Name      string   `json:"name"`
	Construct string   `json:"construct"`
	Hash      string   `json:"hash"`  // DefHash of the definition when it was migrated
	Files     []string `json:"files"` // relative to the output folder
}

// ParseMigrated decodes a record; anything unreadable is an empty one (nothing counts as
// migrated).
func ParseMigrated(b []byte) *MigratedRecord {
	r := &MigratedRecord{}
	if len(b) == 0 || json.Unmarshal(b, r) != nil {
		return &MigratedRecord{Version: 1}
	}
	r.Version = 1
	return r
}

// Marshal renders the record as written to disk, constructs sorted: deterministic, so the
// CLI and an editor migrating the same code write the same bytes.
func (r *MigratedRecord) Marshal() []byte {
	slices.SortFunc(r.Constructs, func(a, b MigratedEntry) int {
		return strings.Compare(a.Path+"\x00"+a.Name+"\x00"+a.Construct, b.Path+"\x00"+b.Name+"\x00"+b.Construct)
	})
	if r.Constructs == nil {
		r.Constructs = []MigratedEntry{}
	}
	b, _ := json.MarshalIndent(r, "", "  ")
	return append(b, '\n')
}

// DefHash is the hash recorded for a definition: its source text, decorators included, with
// CRLF line ends read as LF. "" when the span does not fit the text.
func DefHash(doc *analysis.Document, d *analysis.Definition) string {
	text := doc.Text()
	sp := d.Span
	if sp.Start < 0 || sp.End > len(text) || sp.Start > sp.End {
		return ""
	}
	return hashOf(bytes.ReplaceAll(text[sp.Start:sp.End], []byte("\r\n"), []byte("\n")))
}

// Add adds (or refreshes) the constructs of plan converted into files, or needing review;
// manual ones never count as migrated. Definitions are read from ws as it is now.
func (r *MigratedRecord) Add(ws *analysis.Workspace, plan *Plan) {
	for _, e := range plan.Report {
		if e.Status == StatusManual || len(e.Files) == 0 {
			continue
		}
		abs := e.abs
		if abs == "" {
			abs = filepath.Join(ws.Root(), filepath.FromSlash(e.Path))
		}
		fm := ws.File(abs)
		if fm == nil || fm.Doc == nil {
			continue
		}
		var hash string
		for _, d := range fm.Defs {
			if d.Name == e.Name && d.Construct == e.Construct {
				hash = DefHash(fm.Doc, d)
				break
			}
		}
		if hash == "" {
			continue
		}
		ne := MigratedEntry{Path: e.Path, Name: e.Name, Construct: e.Construct, Hash: hash, Files: slices.Clone(e.Files)}
		i := slices.IndexFunc(r.Constructs, func(m MigratedEntry) bool {
			return m.Path == ne.Path && m.Name == ne.Name && m.Construct == ne.Construct
		})
		if i >= 0 {
			r.Constructs[i] = ne
		} else {
			r.Constructs = append(r.Constructs, ne)
		}
	}
}

// RecordMigrated returns the record old (its bytes; nil when there is none) with the
// migrated constructs of plan added or refreshed.
func RecordMigrated(ws *analysis.Workspace, plan *Plan, old []byte) []byte {
	r := ParseMigrated(old)
	r.Add(ws, plan)
	return r.Marshal()
}

// WriteMigrated merges the migrated constructs of plan into the record of the output folder
// root on disk, atomically; an unchanged record is not rewritten.
func WriteMigrated(ws *analysis.Workspace, plan *Plan, root string) error {
	path := filepath.Join(root, filepath.FromSlash(MigratedPath))
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("record what was migrated: %w", err)
	}
	rec := RecordMigrated(ws, plan, old)
	if bytes.Equal(rec, old) {
		return nil
	}
	return WriteAtomic(path, rec)
}
