package codeactions

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ManifestPath is where migrate records what it generated, relative to the output folder. A file
// whose current hash differs from the recorded one was changed by the user.
const ManifestPath = ".dagster2mage/manifest.json"

// Action says what applying the plan does to one file.
type Action string

// Actions.
const (
	ActionCreate    Action = "create"
	ActionUpdate    Action = "update"
	ActionUnchanged Action = "unchanged"
	// ActionConflict: the file exists and was not written by us (or changed since); kept unless forced.
	ActionConflict Action = "conflict"
	// ActionOverwrite: a conflict overwritten because of --force.
	ActionOverwrite Action = "overwrite"
)

// FileResult is the outcome for one planned file.
type FileResult struct {
	Path   string `json:"path"`
	Action Action `json:"action"`
	Old    []byte `json:"-"`
	New    []byte `json:"-"`
}

// Manifest is the record of what dagster2mage wrote into an output folder (ManifestPath): a
// file whose hash still matches is ours to update; any other existing file is the user's.
type Manifest struct {
	Version int               `json:"version"`
	Files   map[string]string `json:"files"` // path → sha256 of the content we wrote
}

// Marshal renders the manifest as written to disk (map keys come out sorted: deterministic).
func (m Manifest) Marshal() []byte {
	b, _ := json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}

// HashOf is the content hash the manifest records.
func HashOf(b []byte) string { return hashOf(b) }

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// SafeJoin joins a slash-separated relative path to root and refuses anything that would land
// outside root: absolute paths, '..' components, NUL bytes, backslashes, or a path through a
// symbolic link that leaves root.
func SafeJoin(root, rel string) (string, error) {
	if rel == "" || strings.ContainsAny(rel, "\x00\\") || strings.HasPrefix(rel, "/") || filepath.IsAbs(rel) {
		return "", fmt.Errorf("unsafe output path %q", rel)
	}
	for _, part := range strings.Split(rel, "/") {
		if part == ".." || part == "." || part == "" {
			return "", fmt.Errorf("unsafe output path %q", rel)
		}
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("output folder %s: %w", root, err)
	}
	full := filepath.Join(absRoot, filepath.FromSlash(rel))
	if !strings.HasPrefix(full, absRoot+string(filepath.Separator)) {
		return "", fmt.Errorf("unsafe output path %q", rel)
	}
	// Walk the existing prefix: a symlinked folder inside the output must not point outside.
	realRoot, err := filepath.EvalSymlinks(absRoot)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return full, nil
		}
		return "", fmt.Errorf("output folder %s: %w", root, err)
	}
	dir := filepath.Dir(full)
	for {
		if _, err := os.Lstat(dir); err == nil {
			real, err := filepath.EvalSymlinks(dir)
			if err != nil {
				return "", fmt.Errorf("output path %q: %w", rel, err)
			}
			if real != realRoot && !strings.HasPrefix(real, realRoot+string(filepath.Separator)) {
				return "", fmt.Errorf("output path %q goes through a link outside the output folder", rel)
			}
			break
		}
		if dir == absRoot {
			break
		}
		dir = filepath.Dir(dir)
	}
	if fi, err := os.Lstat(full); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return "", fmt.Errorf("output path %q is a symbolic link", rel)
	}
	return full, nil
}

// ReadManifest reads the manifest of the output folder root; a missing or unreadable one is
// empty (then no existing file counts as ours).
func ReadManifest(root string) Manifest {
	m := Manifest{Version: 1, Files: map[string]string{}}
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(ManifestPath)))
	if err != nil {
		return m
	}
	if json.Unmarshal(b, &m) != nil || m.Files == nil {
		return Manifest{Version: 1, Files: map[string]string{}}
	}
	return m
}

// Preview computes what Apply would do, without writing.
func Preview(plan *Plan, root string, force bool) ([]FileResult, error) {
	man := ReadManifest(root)
	var out []FileResult
	for _, f := range plan.Files {
		full, err := SafeJoin(root, f.Path)
		if err != nil {
			return nil, err
		}
		r := FileResult{Path: f.Path, New: f.Content}
		old, err := os.ReadFile(full)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			r.Action = ActionCreate
		case err != nil:
			return nil, fmt.Errorf("read %s: %w", full, err)
		case bytes.Equal(old, f.Content):
			r.Action, r.Old = ActionUnchanged, old
		case man.Files[f.Path] == hashOf(old):
			r.Action, r.Old = ActionUpdate, old
		case force:
			r.Action, r.Old = ActionOverwrite, old
		default:
			r.Action, r.Old = ActionConflict, old
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Apply writes the plan into root: new files are created, files we generated before and the user
// did not touch are updated, files the user changed (or that we never wrote) are left alone
// unless force is set. Every write is atomic (temporary file + rename). The manifest records the
// hash of every file we now own.
func Apply(plan *Plan, root string, force bool) ([]FileResult, error) {
	results, err := Preview(plan, root, force)
	if err != nil {
		return nil, err
	}
	man := ReadManifest(root)
	changed := false
	for _, r := range results {
		switch r.Action {
		case ActionCreate, ActionUpdate, ActionOverwrite:
			full, err := SafeJoin(root, r.Path)
			if err != nil {
				return results, err
			}
			if err := WriteAtomic(full, r.New); err != nil {
				return results, err
			}
			fallthrough
		case ActionUnchanged:
			if h := hashOf(r.New); man.Files[r.Path] != h {
				man.Files[r.Path] = h
				changed = true
			}
		}
	}
	if changed {
		if err := WriteAtomic(filepath.Join(root, filepath.FromSlash(ManifestPath)), man.Marshal()); err != nil {
			return results, err
		}
	}
	return results, nil
}

// WriteAtomic writes content to path through a temporary file in the same folder and a rename,
// so a reader never sees a half-written file.
func WriteAtomic(path string, content []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".d2m-*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	_, werr := tmp.Write(content)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, 0o644)
	}
	if werr == nil {
		werr = os.Rename(name, path)
	}
	if werr != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, werr)
	}
	return nil
}
