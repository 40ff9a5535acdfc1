package analysis

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Related points at another place relevant to a finding (a schedule's job, a check's asset).
type Related struct {
	Path    string
	Span    Span
	Message string
}

// Finding is one diagnostic: a recognized construct with its rule.
type Finding struct {
	Path string
	Span Span
	// What the finding says; a definition's is computed once and shared by its findings in
	// every snapshot (a keystroke rebuilds a thousand findings: they stay small).
	*FindingText
	Related []Related
	// Def is the definition the finding is about (nil for cross-file findings without one).
	Def *Definition `json:"-"`
}

// FindingText is the rule, tier and wording of a finding. It is never modified once made.
type FindingText struct {
	Code      string
	Tier      Tier
	Construct string
	Name      string
	Message   string
	Mage      string
}

// fileFindings produces the per-file findings of a model: one per recognized construct, in
// source order. Cross-file findings are added by the Workspace.
func fileFindings(fm *FileModel) []Finding { return fileFindingsRoom(fm, 0) }

// fileFindingsRoom is fileFindings with room for extra findings (the Workspace's cross-file
// ones: appending them must not copy the whole slice on each keystroke).
func fileFindingsRoom(fm *FileModel, extra int) []Finding {
	out := make([]Finding, 0, len(fm.Defs)+len(fm.Dynamic)+extra)
	for _, d := range fm.Defs {
		out = append(out, defFinding(fm, d))
		if d.ConfigSchema != nil && (d.Kind == KindAsset || d.Kind == KindOp || d.Kind == KindCheck) {
			out = append(out, newFinding(fm.Path, "DM408", d.Head, "config_schema", d.Name, d, ""))
		}
	}
	for _, d := range fm.Dynamic {
		out = append(out, defFinding(fm, d))
	}
	// Definitions come in source order but for nested ones and the dynamic list: sort only
	// when needed (stable, so a definition's extra finding stays after it).
	if !slices.IsSortedFunc(out, cmpFindingStart) {
		slices.SortStableFunc(out, cmpFindingStart)
	}
	return out
}

func cmpFindingStart(a, b Finding) int { return cmp.Compare(a.Span.Start, b.Span.Start) }

// sealDef computes what is derived once from a finished definition: its summary for
// incremental re-analysis and its finding.
func sealDef(d *Definition) {
	d.summary = computeSummary(d)
	var f Finding
	if d.Dynamic {
		f = newFinding("", "DM901", d.Head, d.Construct, d.Name, d, d.Reason)
	} else {
		code, name, detail := findingParts(d)
		f = newFinding("", code, d.Head, d.Construct, name, d, detail)
	}
	d.ftext = f.FindingText
}

// blockTarget names the Mage block an asset or op most likely becomes: no inputs → data
// loader; inputs and a value → transformer; inputs and nothing returned → data exporter.
func blockTarget(d *Definition) string {
	if d.Form == FormRef || (d.Construct != "asset" && d.Construct != "op") {
		return ""
	}
	inputs := len(d.Deps) > 0 || hasRole(d, RoleInput)
	switch {
	case !inputs:
		return "data_loader block"
	case d.ReturnType == "None" || strings.HasSuffix(d.ReturnType, "MaterializeResult"):
		return "data_exporter block"
	default:
		return "transformer block"
	}
}

func defFinding(fm *FileModel, d *Definition) Finding {
	if d.ftext != nil {
		return Finding{Path: fm.Path, Span: d.Head, FindingText: d.ftext, Def: d}
	}
	if d.Dynamic {
		return newFinding(fm.Path, "DM901", d.Head, d.Construct, d.Name, d, d.Reason)
	}
	code, name, detail := findingParts(d)
	return newFinding(fm.Path, code, d.Head, d.Construct, name, d, detail)
}

func findingParts(d *Definition) (string, string, string) {
	con := constructs[d.Construct]
	code := con.code
	detail := ""
	switch d.Construct {
	case "asset_check":
		if d.Check != nil && (len(d.Check.AdditionalIns) > 0 || len(d.Check.AdditionalDep) > 0 || hasRole(d, RoleResource)) {
			code = "DM602"
		}
		detail = "its asset"
		if d.Check != nil && d.Check.Asset != nil {
			detail = strings.Join(d.Check.Asset, "/")
		} else if d.Check != nil && d.Check.AssetExpr != nil {
			detail = d.Check.AssetExpr.Text
		}
	case "schedule", "ScheduleDefinition":
		detail = scheduleDetail(d)
	case "sensor":
		detail = "cursors and run keys are not kept"
		if d.Sensor != nil && d.Sensor.MinimumInterval != nil {
			detail = fmt.Sprintf("minimum_interval_seconds=%d becomes a cron of at least one minute", *d.Sensor.MinimumInterval)
		}
	case "RetryPolicy":
		detail = retryDetail(d.Retry)
	}
	return code, d.Name, detail
}

func hasRole(d *Definition, r ParamRole) bool {
	for _, p := range d.Params {
		if p.Role == r {
			return true
		}
	}
	return false
}

func scheduleDetail(d *Definition) string {
	s := d.Schedule
	if s == nil {
		return ""
	}
	var parts []string
	if len(s.Crons) > 0 {
		parts = append(parts, "cron "+strings.Join(s.Crons, ", "))
	}
	if s.Timezone != "" && s.Timezone != "UTC" && s.Timezone != "Etc/UTC" {
		parts = append(parts, "execution_timezone "+s.Timezone+" is converted to UTC (Mage triggers run in UTC)")
	}
	if s.Job != "" {
		parts = append(parts, "target job "+s.Job)
	}
	if len(parts) == 0 {
		return "Mage triggers run in UTC"
	}
	return strings.Join(parts, "; ")
}

func retryDetail(r *RetryPolicy) string {
	if r == nil {
		return "check the delays"
	}
	var parts []string
	if r.MaxRetries != nil {
		parts = append(parts, fmt.Sprintf("retries: %d", *r.MaxRetries))
	}
	if r.Delay != nil {
		parts = append(parts, fmt.Sprintf("delay: %g", *r.Delay))
	}
	switch r.Backoff {
	case "EXPONENTIAL":
		parts = append(parts, "exponential_backoff: true (waits differ: Mage doubles from delay)")
	case "LINEAR":
		parts = append(parts, "linear backoff has no equivalent")
	}
	if r.Jitter != "" {
		parts = append(parts, "jitter is dropped")
	}
	return strings.Join(parts, ", ")
}

func newFinding(path, code string, span Span, construct, name string, d *Definition, detail string) Finding {
	r, _ := LookupRule(code)
	msg := r.Message
	if name == "" {
		name = "(unnamed)"
	}
	msg = strings.ReplaceAll(msg, "{name}", name)
	msg = strings.ReplaceAll(msg, "{construct}", construct)
	if detail == "" {
		detail = "see the rule"
	}
	msg = strings.ReplaceAll(msg, "{detail}", detail)
	mage := r.Mage
	if d != nil && !d.Dynamic && construct == d.Construct {
		if t := blockTarget(d); t != "" {
			mage = t
		}
	}
	return Finding{Path: path, Span: span, FindingText: &FindingText{Code: code, Tier: r.Tier, Construct: construct, Name: name, Message: msg, Mage: mage}, Def: d}
}

var noqaRe = regexp.MustCompile(`(?i)#\s*noqa(?::\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*))?`)

// scanNoqa finds `# noqa` and `# noqa: DM101, DM102` comments per line. A bare `# noqa`
// suppresses every code on its line.
func scanNoqa(doc *Document) map[int][]string {
	return scanNoqaRange(doc, 0, len(doc.text), nil)
}

// editNoqa is scanNoqa for a snapshot made by one edit of prev's document: the lines
// before and after the edit keep prev's entries (shifted), only the edited lines are scanned.
func editNoqa(prev *FileModel, doc *Document) map[int][]string {
	if prev.Doc == nil || doc.parent != prev.docID || doc.parent == 0 {
		return scanNoqa(doc)
	}
	ed := doc.edit
	first := doc.lineOf(ed.start)
	oldLast, newLast := prev.Doc.lineOf(ed.oldEnd), doc.lineOf(ed.newEnd)
	var m map[int][]string
	for line, codes := range prev.Noqa {
		switch {
		case line < first:
		case line > oldLast:
			line += newLast - oldLast
		default:
			continue
		}
		if m == nil {
			m = make(map[int][]string, len(prev.Noqa))
		}
		m[line] = codes
	}
	return scanNoqaRange(doc, doc.LineSpan(first).Start, doc.LineSpan(newLast).End, m)
}

// scanNoqaRange adds the noqa comments of the lines holding text[from:to] to m.
func scanNoqaRange(doc *Document, from, to int, m map[int][]string) map[int][]string {
	text := doc.text[:to]
	idx := from
	for {
		// Comments start with '#': look at those only (IndexByte is vectorised).
		h := bytes.IndexByte(text[idx:], '#')
		if h < 0 {
			return m
		}
		h += idx
		eol := bytes.IndexByte(text[h:], '\n')
		if eol < 0 {
			eol = len(text)
		} else {
			eol += h
		}
		j := indexFold(text[h:eol], "noqa")
		if j < 0 {
			idx = eol
			continue
		}
		pos := h + j
		line := doc.lineOf(pos)
		ls := doc.LineSpan(line)
		seg := string(text[ls.Start:ls.End])
		for _, sm := range noqaRe.FindAllStringSubmatch(seg, -1) {
			if m == nil {
				m = map[int][]string{}
			}
			if sm[1] == "" {
				m[line] = nil
				if _, ok := m[line]; ok {
					m[line] = []string{}
				}
				continue
			}
			for _, c := range strings.Split(sm[1], ",") {
				m[line] = append(m[line], strings.ToUpper(strings.TrimSpace(c)))
			}
		}
		idx = ls.End
		if idx <= pos {
			idx = pos + 4
		}
	}
}

func indexFold(b []byte, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(b); i++ {
		if b[i]|0x20 == sub[0] && strings.EqualFold(string(b[i:i+n]), sub) {
			return i
		}
	}
	return -1
}

// suppressed reports whether a finding is silenced by a noqa comment on its first line.
func suppressed(fm *FileModel, f Finding) bool {
	if fm == nil || fm.Noqa == nil || fm.Doc == nil {
		return false
	}
	codes, ok := fm.Noqa[fm.Doc.lineOf(f.Span.Start)]
	if !ok {
		return false
	}
	if len(codes) == 0 {
		return true
	}
	for _, c := range codes {
		if c == f.Code {
			return true
		}
	}
	return false
}
