// Package codeactions translates the Dagster model of the analysis package into a Mage project
// plan (files and a report), for one construct, one file or a whole workspace. The language
// server's quick fixes and commands and the `migrate` command share it.
package codeactions

import (
	"sort"
)

// Status of a construct in the report.
type Status string

// Report statuses: converted as is, converted with notes to review, or no Mage equivalent.
const (
	StatusConverted Status = "converted"
	StatusReview    Status = "review"
	StatusManual    Status = "manual"
)

// rank orders statuses so that an entry keeps its worst one.
func (s Status) rank() int {
	switch s {
	case StatusManual:
		return 2
	case StatusReview:
		return 1
	}
	return 0
}

// Pipeline strategies for assets that no job selects.
const (
	StrategyJob    = "job"    // jobs become pipelines; unselected assets go to one pipeline per group
	StrategyGroup  = "group"  // one pipeline per asset group (asset jobs are still pipelines)
	StrategySingle = "single" // one pipeline holding every unselected asset
)

// Options configure a translation.
type Options struct {
	// Out is the output folder (the Mage project folder); informational for the plan.
	Out string
	// ProjectName is the Mage project folder name; it must be a Python identifier because
	// blocks import shared code as <project>.utils.x. Defaults to the output folder's name.
	ProjectName string
	// PipelineStrategy is StrategyJob (default), StrategyGroup or StrategySingle.
	PipelineStrategy string
	// ReadFile reads a file that already exists in the output folder (path relative to it),
	// so that updates merge (a pipeline's metadata.yaml keeps blocks it already lists). Nil
	// means an empty output folder.
	ReadFile func(rel string) ([]byte, error)
}

// FileChange is one file of the plan.
type FileChange struct {
	Path    string `json:"path"` // relative to the output folder, slash-separated
	Content []byte `json:"-"`
}

// Entry is one report line: a recognized Dagster construct and what became of it.
type Entry struct {
	Path      string   `json:"path"`
	Line      int      `json:"line"`
	Construct string   `json:"construct"`
	Name      string   `json:"name"`
	Status    Status   `json:"status"`
	Files     []string `json:"files"`
	Notes     []string `json:"notes"`
	// Codes are the rule codes of the notes (DM9xx for what has no equivalent).
	Codes []string `json:"codes,omitempty"`

	abs     string // absolute source path, for MigrateFile/Convert filtering
	varName string // Python name of the construct
}

// Plan is the result of a translation.
type Plan struct {
	Project string       `json:"project"`
	Files   []FileChange `json:"files"`
	Report  []*Entry     `json:"report"`
	// Unknown counts Dagster names the analysis did not recognize, summed over files.
	Unknown map[string]int `json:"unknown,omitempty"`
}

// File returns the content of a planned file and whether it exists.
func (p *Plan) File(rel string) ([]byte, bool) {
	for _, f := range p.Files {
		if f.Path == rel {
			return f.Content, true
		}
	}
	return nil, false
}

// Counts returns how many report entries have each status.
func (p *Plan) Counts() map[Status]int {
	c := map[Status]int{}
	for _, e := range p.Report {
		c[e.Status]++
	}
	return c
}

func sortReport(es []*Entry) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Path != es[j].Path {
			return es[i].Path < es[j].Path
		}
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return es[i].Name < es[j].Name
	})
	for _, e := range es {
		if e.Files == nil {
			e.Files = []string{}
		}
		if e.Notes == nil {
			e.Notes = []string{}
		}
		sort.Strings(e.Files)
	}
}
