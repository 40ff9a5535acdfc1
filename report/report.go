// Package report formats findings for the command line: text, JSON and SARIF.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// Item is a finding with 1-based positions (columns in Unicode code points).
type Item struct {
	Path      string        `json:"path"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"end_line"`
	EndColumn int           `json:"end_column"`
	Code      string        `json:"code"`
	Tier      string        `json:"tier"`
	Construct string        `json:"construct"`
	Name      string        `json:"name"`
	Message   string        `json:"message"`
	Mage      string        `json:"mage"`
	Related   []RelatedItem `json:"related,omitempty"`
}

// RelatedItem is a related location with 1-based positions.
type RelatedItem struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// Positioner converts a byte offset of a file to a 0-based position in code points.
type Positioner func(path string, offset int) analysis.Position

// Items converts findings into items.
func Items(fs []analysis.Finding, pos Positioner) []Item {
	out := make([]Item, 0, len(fs))
	for _, f := range fs {
		s, e := pos(f.Path, f.Span.Start), pos(f.Path, f.Span.End)
		it := Item{Path: f.Path, Line: s.Line + 1, Column: s.Column + 1, EndLine: e.Line + 1, EndColumn: e.Column + 1,
			Code: f.Code, Tier: string(f.Tier), Construct: f.Construct, Name: f.Name, Message: f.Message, Mage: f.Mage}
		for _, r := range f.Related {
			rp := pos(r.Path, r.Span.Start)
			it.Related = append(it.Related, RelatedItem{Path: r.Path, Line: rp.Line + 1, Column: rp.Column + 1, Message: r.Message})
		}
		out = append(out, it)
	}
	return out
}

// Sort orders items by path, line, column and code.
func Sort(items []Item) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Code < b.Code
	})
}

// Text writes one line per finding: `path:line:col: CODE [tier] message (Mage: target)`.
func Text(w io.Writer, items []Item) error {
	for _, it := range items {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s [%s] %s (Mage: %s)\n", it.Path, it.Line, it.Column, it.Code, it.Tier, it.Message, it.Mage); err != nil {
			return fmt.Errorf("write text report: %w", err)
		}
		for _, r := range it.Related {
			if _, err := fmt.Fprintf(w, "    %s:%d:%d: %s\n", r.Path, r.Line, r.Column, r.Message); err != nil {
				return fmt.Errorf("write text report: %w", err)
			}
		}
	}
	return nil
}

// JSON writes one JSON array of items.
func JSON(w io.Writer, items []Item) error {
	if items == nil {
		items = []Item{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(items); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}
