// Package engines holds the real-engine test (engines_test.go, build tag engines): each fixture
// project under testdata/projects runs in real Dagster, is migrated with dagster2mage, runs in
// real Mage, and the files the leaf steps write are compared. This file is the comparison, kept
// out of the build tag so the normal test stage covers it.
package engines

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// maxShown bounds how many differing rows one report lists.
const maxShown = 8

// Diff is one difference between the outputs of the two engines.
type Diff struct {
	File   string
	Detail string
}

func (d Diff) String() string { return d.File + ": " + d.Detail }

// CompareDirs compares every file that Dagster wrote (dirA) with the file of the same name that
// Mage wrote (dirB): the same set of files, and per file the same data after normalisation
// (CSV: same columns in any order, same rows in any order, numbers compared by value; JSON: same
// value, numbers by value; anything else byte for byte).
func CompareDirs(dirA, dirB string) ([]Diff, error) {
	a, err := listFiles(dirA)
	if err != nil {
		return nil, err
	}
	b, err := listFiles(dirB)
	if err != nil {
		return nil, err
	}
	var diffs []Diff
	for name := range b {
		if !a[name] {
			diffs = append(diffs, Diff{name, "written by Mage only"})
		}
	}
	for name := range a {
		if !b[name] {
			diffs = append(diffs, Diff{name, "written by Dagster only (Mage did not write it)"})
			continue
		}
		da, err := os.ReadFile(filepath.Join(dirA, name))
		if err != nil {
			return nil, err
		}
		db, err := os.ReadFile(filepath.Join(dirB, name))
		if err != nil {
			return nil, err
		}
		for _, d := range CompareData(name, da, db) {
			diffs = append(diffs, Diff{name, d})
		}
	}
	sort.Slice(diffs, func(i, j int) bool {
		if diffs[i].File != diffs[j].File {
			return diffs[i].File < diffs[j].File
		}
		return diffs[i].Detail < diffs[j].Detail
	})
	return diffs, nil
}

func listFiles(dir string) (map[string]bool, error) {
	out := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			out[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing outputs in %s: %w", dir, err)
	}
	return out, nil
}

// CompareData compares one file's content from both engines by its extension and returns the
// differences in words (none when equal).
func CompareData(name string, a, b []byte) []string {
	return CompareDataAs(name, a, b, "Dagster", "Mage")
}

// CompareDataAs is CompareData with the two sides named la and lb in the differences.
func CompareDataAs(name string, a, b []byte, la, lb string) []string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return compareCSV(a, b, la, lb)
	case ".json":
		return compareJSON(a, b, la, lb)
	}
	if !bytes.Equal(a, b) {
		return []string{fmt.Sprintf("contents differ (%d vs %d bytes)", len(a), len(b))}
	}
	return nil
}

func compareCSV(a, b []byte, la, lb string) []string {
	ha, ra, err := readCSV(a)
	if err != nil {
		return []string{la + "'s file: " + err.Error()}
	}
	hb, rb, err := readCSV(b)
	if err != nil {
		return []string{lb + "'s file: " + err.Error()}
	}
	if d := compareHeaders(ha, hb, la, lb); d != "" {
		return []string{d}
	}
	// Reorder Mage's columns to Dagster's order, then compare the rows as multisets.
	pos := map[string]int{}
	for i, h := range hb {
		pos[h] = i
	}
	keys := func(header []string, rows [][]string, reorder bool) map[string]int {
		m := map[string]int{}
		for _, r := range rows {
			cells := make([]string, len(ha))
			for i, h := range ha {
				j := i
				if reorder {
					j = pos[h]
				}
				if j < len(r) {
					cells[i] = NormalizeCell(r[j])
				}
			}
			m[strings.Join(cells, " | ")]++
		}
		return m
	}
	ka, kb := keys(ha, ra, false), keys(hb, rb, true)
	var out []string
	if len(ra) != len(rb) {
		out = append(out, fmt.Sprintf("%d rows from %s, %d from %s", len(ra), la, len(rb), lb))
	}
	out = append(out, multisetDiff("row only in "+la+"'s output", ka, kb)...)
	out = append(out, multisetDiff("row only in "+lb+"'s output", kb, ka)...)
	return out
}

func compareHeaders(ha, hb []string, la, lb string) string {
	sa, sb := append([]string(nil), ha...), append([]string(nil), hb...)
	sort.Strings(sa)
	sort.Strings(sb)
	if strings.Join(sa, "\x00") != strings.Join(sb, "\x00") {
		return fmt.Sprintf("columns differ: %s %v, %s %v", la, ha, lb, hb)
	}
	return ""
}

func multisetDiff(label string, x, y map[string]int) []string {
	var rows []string
	for k, n := range x {
		for i := y[k]; i < n; i++ {
			rows = append(rows, k)
		}
	}
	sort.Strings(rows)
	var out []string
	for i, r := range rows {
		if i == maxShown {
			out = append(out, fmt.Sprintf("... and %d more %ss", len(rows)-maxShown, label))
			break
		}
		out = append(out, fmt.Sprintf("%s: %s", label, r))
	}
	return out
}

func readCSV(data []byte) ([]string, [][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("not CSV: %w", err)
	}
	if len(recs) == 0 {
		return nil, nil, nil
	}
	return recs[0], recs[1:], nil
}

// NormalizeCell makes equal values from both engines compare equal: numbers by value (1, 1.0
// and 1.0000000000000002 are one value; int and float columns agree), booleans case-blind, and
// empty, NaN and None all "null".
func NormalizeCell(s string) string {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "", "nan", "none", "null", "<na>", "nat":
		return "null"
	case "true", "false":
		return strings.ToLower(t)
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil {
		return normalizeFloat(f)
	}
	return t
}

func normalizeFloat(f float64) string {
	if math.IsNaN(f) {
		return "null"
	}
	if f == 0 {
		return "0" // -0 and 0
	}
	return strconv.FormatFloat(f, 'g', 9, 64)
}

func compareJSON(a, b []byte, la, lb string) []string {
	va, err := decodeJSON(a)
	if err != nil {
		return []string{la + "'s file: " + err.Error()}
	}
	vb, err := decodeJSON(b)
	if err != nil {
		return []string{lb + "'s file: " + err.Error()}
	}
	var out []string
	diffJSON("$", normalizeJSON(va), normalizeJSON(vb), la, lb, &out)
	if len(out) > maxShown {
		out = append(out[:maxShown], fmt.Sprintf("... and %d more", len(out)-maxShown))
	}
	return out
}

func decodeJSON(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	return v, nil
}

func normalizeJSON(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return x.String()
		}
		return normalizeFloat(f)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeJSON(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalizeJSON(e)
		}
		return out
	}
	return v
}

func diffJSON(path string, a, b any, la, lb string, out *[]string) {
	switch xa := a.(type) {
	case map[string]any:
		xb, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: object from %s, %s from %s", path, la, short(b), lb))
			return
		}
		var keys []string
		for k := range xa {
			keys = append(keys, k)
		}
		for k := range xb {
			if _, ok := xa[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			va, okA := xa[k]
			vb, okB := xb[k]
			switch {
			case !okA:
				*out = append(*out, fmt.Sprintf("%s.%s: only in %s's output", path, k, lb))
			case !okB:
				*out = append(*out, fmt.Sprintf("%s.%s: only in %s's output", path, k, la))
			default:
				diffJSON(path+"."+k, va, vb, la, lb, out)
			}
		}
	case []any:
		xb, ok := b.([]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: array from %s, %s from %s", path, la, short(b), lb))
			return
		}
		if len(xa) != len(xb) {
			*out = append(*out, fmt.Sprintf("%s: %d items from %s, %d from %s", path, len(xa), la, len(xb), lb))
			return
		}
		for i := range xa {
			diffJSON(fmt.Sprintf("%s[%d]", path, i), xa[i], xb[i], la, lb, out)
		}
	default:
		if fmt.Sprint(a) != fmt.Sprint(b) {
			*out = append(*out, fmt.Sprintf("%s: %s %s, %s %s", path, la, short(a), lb, short(b)))
		}
	}
}

func short(v any) string {
	s, _ := json.Marshal(v)
	if len(s) > 80 {
		return string(s[:77]) + "..."
	}
	return string(s)
}
