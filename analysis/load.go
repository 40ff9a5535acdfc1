package analysis

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
)

// LoadError is a file that could not be read or analyzed.
type LoadError struct {
	Path string
	Err  error
	// Crash is set when analysis panicked (a bug; the file is skipped, the run goes on).
	Crash bool
}

func (e *LoadError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }

// SafeAnalyze runs Analyze and turns a panic into an error, so one bad file cannot stop a run.
func (w *Workspace) SafeAnalyze(path string, text []byte) (fm *FileModel, err error) {
	defer func() {
		if r := recover(); r != nil {
			fm, err = nil, &LoadError{Path: path, Err: fmt.Errorf("internal error: %v", r), Crash: true}
		}
	}()
	if IsComponentYAML(path) {
		return AnalyzeComponentYAML(path, text), nil
	}
	return w.Analyze(path, NewDocument(text)), nil
}

// LoadFiles reads, parses and analyzes paths in parallel and adds them to the workspace.
// read defaults to os.ReadFile. Files that cannot be read (or crash) are passed to onErr and
// skipped. Files importing Dagster names re-exported by project modules are analyzed again
// once every module is known.
func (w *Workspace) LoadFiles(ctx context.Context, paths []string, read func(string) ([]byte, error), onErr func(*LoadError)) {
	if read == nil {
		read = os.ReadFile
	}
	models := make([]*FileModel, len(paths))
	texts := make([][]byte, len(paths))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	report := func(e *LoadError) {
		if onErr != nil {
			mu.Lock()
			onErr(e)
			mu.Unlock()
		}
	}
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				j := next
				next++
				mu.Unlock()
				if j >= len(paths) || ctx.Err() != nil {
					return
				}
				text, err := read(paths[j])
				if err != nil {
					report(&LoadError{Path: paths[j], Err: err})
					continue
				}
				fm, err := w.SafeAnalyze(paths[j], text)
				if err != nil {
					report(err.(*LoadError))
					continue
				}
				models[j], texts[j] = fm, text
			}
		}()
	}
	wg.Wait()
	var batch []*FileModel
	for _, fm := range models {
		if fm != nil {
			batch = append(batch, fm)
		}
	}
	w.UpdateAll(batch)
	// Second pass: re-exports through project modules (`from .defs import asset`).
	batch = batch[:0]
	for j, fm := range models {
		if fm == nil || !w.NeedsReexport(fm) {
			continue
		}
		nfm, err := w.SafeAnalyze(paths[j], texts[j])
		if err == nil {
			fm.Doc.Close()
			batch = append(batch, nfm)
		}
	}
	if len(batch) > 0 {
		w.UpdateAll(batch)
	}
}

// NeedsReexport reports whether a file imports a name from a project module that re-exports a
// Dagster symbol and the name is not yet resolved, so analysing it again resolves more.
func (w *Workspace) NeedsReexport(fm *FileModel) bool {
	res := w.Resolver()
	for _, im := range fm.Imports {
		if im.Name == "" || im.Star || (im.Level == 0 && isDagsterModule(im.Module)) {
			continue
		}
		if _, ok := fm.Aliases[im.Local]; ok {
			continue
		}
		if res(fm.Module, im.Module, im.Level, im.Name) != "" {
			return true
		}
	}
	return false
}

// Stats summarises a workspace for the ecosystem check.
type Stats struct {
	Files           int            `json:"files"`
	DagsterFiles    int            `json:"dagster_files"`
	ParseErrorFiles int            `json:"parse_error_files"`
	ParseErrors     int            `json:"parse_errors"`
	Findings        int            `json:"findings"`
	ByCode          map[string]int `json:"findings_by_code"`
	Definitions     map[string]int `json:"definitions_by_construct"`
	Dynamic         int            `json:"dynamic"`
	Unknown         map[string]int `json:"unknown"`
	Unreadable      int            `json:"unreadable"`
	Crashes         int            `json:"crashes"`
	Seconds         float64        `json:"seconds"`
}

// Stats computes the summary (findings after configuration filters).
func (w *Workspace) Stats() Stats {
	s := Stats{ByCode: map[string]int{}, Definitions: map[string]int{}, Unknown: map[string]int{}}
	for _, p := range w.Files() {
		fm := w.File(p)
		s.Files++
		if fm.UsesDagster {
			s.DagsterFiles++
		}
		if fm.ParseErrors > 0 {
			s.ParseErrorFiles++
			s.ParseErrors += fm.ParseErrors
		}
		for _, d := range fm.Defs {
			s.Definitions[d.Construct]++
		}
		s.Dynamic += len(fm.Dynamic)
		for k, v := range fm.Unknown {
			s.Unknown[k] += v
		}
		for _, f := range w.Findings(p) {
			s.Findings++
			s.ByCode[f.Code]++
		}
	}
	return s
}
