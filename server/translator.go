package server

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/codeactions"
)

// Translator is the seam to the codeactions package: Dagster model in, Mage plan out.
type Translator interface {
	MigrateWorkspace(ctx context.Context, ws *analysis.Workspace, opts codeactions.Options) (*codeactions.Plan, error)
	MigrateFile(ctx context.Context, ws *analysis.Workspace, path string, opts codeactions.Options) (*codeactions.Plan, error)
	Convert(ctx context.Context, ws *analysis.Workspace, path, defName string, opts codeactions.Options) (*codeactions.Plan, error)
}

// packageTranslator is the codeactions package itself.
type packageTranslator struct{}

func (packageTranslator) MigrateWorkspace(ctx context.Context, ws *analysis.Workspace, opts codeactions.Options) (*codeactions.Plan, error) {
	return codeactions.MigrateWorkspace(ctx, ws, opts)
}

func (packageTranslator) MigrateFile(ctx context.Context, ws *analysis.Workspace, path string, opts codeactions.Options) (*codeactions.Plan, error) {
	return codeactions.MigrateFile(ctx, ws, path, opts)
}

func (packageTranslator) Convert(ctx context.Context, ws *analysis.Workspace, path, defName string, opts codeactions.Options) (*codeactions.Plan, error) {
	return codeactions.Convert(ctx, ws, path, defName, opts)
}

var errTranslatorCrashed = errors.New("internal error in the translator (see the server log)")

// outDir is the absolute output folder of f.
func (s *Server) outDir(f *folder) string {
	out := f.config().Out
	if out == "" {
		out = analysis.DefaultConfig().Out
	}
	if filepath.IsAbs(out) {
		return filepath.Clean(out)
	}
	return filepath.Join(f.root, out)
}

// translateOptions builds the translator's options for f. Existing output files are read
// from the editor when open (unsaved changes count), else from disk, so updates merge.
func (s *Server) translateOptions(f *folder) codeactions.Options {
	cfg := f.config()
	st := s.folderSettings(f)
	out := s.outDir(f)
	return codeactions.Options{
		Out:              out,
		ProjectName:      st.ProjectName,
		PipelineStrategy: cfg.PipelineStrategy,
		ReadFile:         func(rel string) ([]byte, error) { return s.readOutput(out, rel) },
	}
}

func (s *Server) readOutput(out, rel string) ([]byte, error) {
	full, err := codeactions.SafeJoin(out, rel)
	if err != nil {
		return nil, err
	}
	if o := s.sess.overlay(full); o != nil {
		return o.doc.Text(), nil
	}
	return os.ReadFile(full)
}

// planKey identifies a translation of one index generation; a plan is reused by hover,
// code action resolve and commands until the index changes.
type planKey struct {
	root, kind, path, name string
	gen                    int64
}

type planCache struct {
	mu      sync.Mutex
	entries map[planKey]*planEntry
	// last holds, per folder, the latest finished workspace translation with the texts it
	// was made from: a hover after a keystroke shows a definition's preview from it at once
	// when that definition's source is unchanged (the new translation runs meanwhile).
	last map[string]*lastPlan
	// One translation runs at a time: each holds a model of the whole output, so hovers and
	// code actions arriving while the index changes must not stack them up (several hundred
	// MiB were seen when every generation's translation ran at once).
	slot chan struct{}
}

type lastPlan struct {
	gen   int64
	plan  *codeactions.Plan
	texts map[string][]byte // path → text the translation read
}

type planEntry struct {
	done chan struct{}
	plan *codeactions.Plan
	err  error
}

// plan runs (or reuses) a translation. kind is "workspace", "file" or "convert". The
// translation itself runs in the background under the server's context, so a caller that
// stops waiting (a hover past its budget, a cancelled command) leaves the result cached
// for the next request of the same index generation.
func (s *Server) plan(ctx context.Context, f *folder, kind, path, name string) (*codeactions.Plan, error) {
	tr := s.opts.Translator
	if tr == nil {
		return nil, errNoTranslator
	}
	key := planKey{root: f.root, kind: kind, path: path, name: name, gen: f.gen.Load()}
	c := &s.plans
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[planKey]*planEntry{}
		c.slot = make(chan struct{}, 1)
	}
	e := c.entries[key]
	if e == nil {
		for k := range c.entries { // older generations are never asked for again
			if k.root == key.root && k.gen != key.gen {
				delete(c.entries, k)
			}
		}
		e = &planEntry{done: make(chan struct{})}
		c.entries[key] = e
		s.goBackground("translate", func() {
			defer close(e.done)
			e.err = errTranslatorCrashed // replaced below unless the translator panics
			ctx := s.baseCtx
			// A command already waiting on an older generation still gets its translation:
			// translations queue for the slot rather than being cancelled.
			select {
			case c.slot <- struct{}{}:
				defer func() { <-c.slot }()
				opts := s.translateOptions(f)
				// One state of the index for the whole translation: edits and the scan go on
				// meanwhile, and a translation reading several states mixes their definitions.
				ws := f.ws.Snapshot()
				switch kind {
				case "workspace":
					texts := ws.Texts()
					e.plan, e.err = tr.MigrateWorkspace(ctx, ws, opts)
					if e.err == nil {
						c.mu.Lock()
						if c.last == nil {
							c.last = map[string]*lastPlan{}
						}
						if l := c.last[key.root]; l == nil || l.gen <= key.gen {
							c.last[key.root] = &lastPlan{gen: key.gen, plan: e.plan, texts: texts}
						}
						c.mu.Unlock()
					}
				case "file":
					e.plan, e.err = tr.MigrateFile(ctx, ws, path, opts)
				default:
					e.plan, e.err = tr.Convert(ctx, ws, path, name, opts)
				}
			case <-ctx.Done():
				e.err = ctx.Err()
			}
			if e.err != nil { // failures are not cached
				c.mu.Lock()
				if c.entries[key] == e {
					delete(c.entries, key)
				}
				c.mu.Unlock()
			}
		})
	}
	c.mu.Unlock()
	select {
	case <-e.done: // done already: even a caller that does not wait gets it
		return e.plan, e.err
	default:
	}
	select {
	case <-e.done:
		return e.plan, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// stalePlan returns the latest finished workspace translation of f when it is older than the
// index and path's text then held src (the definition a hover is about, unchanged since).
func (s *Server) stalePlan(f *folder, path string, src []byte) *codeactions.Plan {
	c := &s.plans
	c.mu.Lock()
	l := c.last[f.root]
	c.mu.Unlock()
	if l == nil || l.gen == f.gen.Load() || len(src) == 0 || !bytes.Contains(l.texts[path], src) {
		return nil
	}
	return l.plan
}
