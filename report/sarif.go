package report

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	ShortDescription sarifText         `json:"shortDescription"`
	FullDescription  sarifText         `json:"fullDescription"`
	Help             sarifText         `json:"help"`
	Properties       map[string]string `json:"properties"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
}

type sarifLocation struct {
	ID               int           `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifText    `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation struct {
		URI string `json:"uri"`
	} `json:"artifactLocation"`
	Region sarifRegion `json:"region"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

func uri(p string) string {
	p = filepath.ToSlash(p)
	if filepath.IsAbs(p) {
		return "file://" + p
	}
	return strings.TrimPrefix(p, "./")
}

// SARIF writes a SARIF 2.1.0 log (columns in Unicode code points, level "note": Dagster code
// is not wrong, the findings are migration information).
func SARIF(w io.Writer, items []Item, version string) error {
	rules := analysis.Rules()
	index := map[string]int{}
	drv := sarifDriver{Name: "dagster2mage", Version: version, InformationURI: "https://github.com/dagster2mage/dagster2mage"}
	for i, r := range rules {
		index[r.Code] = i
		help := r.Explanation
		if len(r.Differences) > 0 {
			help += "\n\nWhat behaves differently:\n- " + strings.Join(r.Differences, "\n- ")
		}
		drv.Rules = append(drv.Rules, sarifRule{ID: r.Code, Name: r.Title, ShortDescription: sarifText{r.Title},
			FullDescription: sarifText{r.Explanation}, Help: sarifText{help},
			Properties: map[string]string{"tier": string(r.Tier), "mage": r.Mage, "construct": r.Construct}})
	}
	run := sarifRun{Tool: sarifTool{drv}, ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	for _, it := range items {
		res := sarifResult{RuleID: it.Code, RuleIndex: index[it.Code], Level: "note", Message: sarifText{it.Message}}
		loc := sarifLocation{}
		loc.PhysicalLocation.ArtifactLocation.URI = uri(it.Path)
		loc.PhysicalLocation.Region = sarifRegion{it.Line, it.Column, it.EndLine, it.EndColumn}
		res.Locations = []sarifLocation{loc}
		for i, r := range it.Related {
			rl := sarifLocation{ID: i + 1, Message: &sarifText{r.Message}}
			rl.PhysicalLocation.ArtifactLocation.URI = uri(r.Path)
			rl.PhysicalLocation.Region = sarifRegion{StartLine: r.Line, StartColumn: r.Column}
			res.RelatedLocations = append(res.RelatedLocations, rl)
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	return nil
}
