package server

import (
	"bytes"
	"slices"
	"strconv"
	"sync"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// tailKey is everything a diagnostic's JSON depends on except its ranges, which are all a
// keystroke usually changes: most of a big file's findings only move, or stay put.
type tailKey struct {
	code, message, name, construct string
	tier                           analysis.Tier
	sev                            protocol.DiagnosticSeverity
	rulesURL                       string
	migration                      migration
}

// diagCache keeps, per published path, each finding's encoded diagnostic without its
// ranges, so a publication re-encodes only positions instead of ~300 KB of JSON.
type diagCache struct {
	enc    sync.Mutex // held while encoding: a list being read is never the one being refilled
	mu     sync.Mutex
	byPath map[string]*encodedList
}

// encodedList is one publication's tails in finding order: a keystroke keeps the order,
// so the i-th finding is usually the i-th entry, and the map is built only on a miss.
type encodedList struct {
	keys  []tailKey
	tails [][]byte
	size  int // bytes of the last encoded array, to size the next buffer
	// spare is the list before this one, whose arrays the next publication refills
	// (a keystroke would otherwise allocate ~100 KB of them for a big file).
	spare *encodedList
}

func (l *encodedList) lookup(i int, k tailKey, byKey *map[tailKey][]byte) ([]byte, bool) {
	if l == nil {
		return nil, false
	}
	if i < len(l.keys) && l.keys[i] == k {
		return l.tails[i], true
	}
	if *byKey == nil {
		*byKey = make(map[tailKey][]byte, len(l.keys))
		for j, kk := range l.keys {
			(*byKey)[kk] = l.tails[j]
		}
	}
	t, ok := (*byKey)[k]
	return t, ok
}

// zeroRangePrefix opens a marshaled protocol.Diagnostic whose Range is zero; the tail is
// what follows it.
var zeroRangePrefix = append(appendRange([]byte(`{"range":`), protocol.Range{}), ',')

func (c *diagCache) forget(path string) {
	c.mu.Lock()
	delete(c.byPath, path)
	c.mu.Unlock()
}

// appendDiagnostics appends the JSON array of path's diagnostics for findings, as
// toDiagnostic would convert them; keep stores the encoded findings for the next call.
func (s *Server) appendDiagnostics(out []byte, path string, doc *analysis.Document, findings []analysis.Finding, marks []migration, st Settings, keep bool) ([]byte, error) {
	c := &s.diag.cache
	c.enc.Lock()
	defer c.enc.Unlock()
	c.mu.Lock()
	old := c.byPath[path]
	var next *encodedList
	if old != nil && old.spare != nil && cap(old.spare.keys) >= len(findings) {
		next, old.spare = old.spare, nil
		next.keys, next.tails = next.keys[:len(findings)], next.tails[:len(findings)]
	}
	c.mu.Unlock()
	if next == nil {
		next = &encodedList{keys: make([]tailKey, len(findings)), tails: make([][]byte, len(findings))}
	}
	var byKey map[tailKey][]byte
	enc := s.client.encoding
	size := 64 + len(findings)*400
	if old != nil {
		size = old.size + old.size/8
	}
	out = slices.Grow(out, size) // one growth: a big file's array is ~330 KB
	begin := len(out)
	out = append(out, '[')
	for i, fd := range findings {
		m := markAt(marks, i)
		k := tailKey{fd.Code, fd.Message, fd.Name, fd.Construct, fd.Tier, severityFor(fd.Tier, st), st.RulesURL, m}
		tail, ok := old.lookup(i, k, &byKey)
		if !ok {
			dg := s.toDiagnostic(doc, fd, st, m)
			dg.Range, dg.RelatedInformation = protocol.Range{}, nil
			b, err := json.Marshal(dg)
			if err != nil {
				return nil, err
			}
			if !bytes.HasPrefix(b, zeroRangePrefix) {
				panic("diagnostic JSON does not start with its range: " + string(b))
			}
			tail = b[len(zeroRangePrefix):]
		}
		next.keys[i], next.tails[i] = k, tail
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, `{"range":`...)
		out = appendRange(out, spanRange(doc, fd.Span, enc))
		out = append(out, ',')
		if rel := s.related(doc, fd); len(rel) > 0 {
			b, err := json.Marshal(rel)
			if err != nil {
				return nil, err
			}
			out = append(out, `"relatedInformation":`...)
			out = append(out, b...)
			out = append(out, ',')
		}
		out = append(out, tail...)
	}
	out = append(out, ']')
	next.size = len(out) - begin
	if !keep {
		return out, nil
	}
	c.mu.Lock()
	if c.byPath == nil {
		c.byPath = map[string]*encodedList{}
	}
	if old != nil && c.byPath[path] == old {
		old.spare = nil
		next.spare = old
	}
	c.byPath[path] = next
	c.mu.Unlock()
	return out, nil
}

func appendRange(b []byte, r protocol.Range) []byte {
	b = append(b, `{"start":`...)
	b = appendPosition(b, r.Start)
	b = append(b, `,"end":`...)
	b = appendPosition(b, r.End)
	return append(b, '}')
}

func appendPosition(b []byte, p protocol.Position) []byte {
	b = append(b, `{"line":`...)
	b = strconv.AppendUint(b, uint64(p.Line), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendUint(b, uint64(p.Character), 10)
	return append(b, '}')
}
