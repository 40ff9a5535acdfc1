// Package mage models a Mage project (project metadata, io_config profiles, pipelines, blocks,
// triggers), renders it to deterministic files and validates the rules Mage applies when it loads
// and runs a project. It knows nothing about Dagster.
package mage

import (
	"strings"
	"unicode"
)

// CleanName mirrors Mage's clean_name: lower-case, every non-word character becomes '_', and a
// leading digit gets a "letter_" prefix. Characters listed in allow are kept. Unlike Mage, it maps
// non-ASCII letters to '_' too, so the result is always a portable ASCII identifier (Mage uses the
// cleaned name for folders on disk, and uuids differing only by such characters would collide).
func CleanName(name string, allow ...rune) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r == '\ufeff' || r == '\u200b':
			// Mage strips byte-order marks and zero-width spaces.
		case r < unicode.MaxASCII && (r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case containsRune(allow, r):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := b.String()
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		s = "letter_" + s
	}
	return s
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// UUID makes a block or pipeline uuid from free text: CleanName, with '/' kept only as a folder
// separator between non-empty segments (so "a//b", "/a" or "../a" cannot escape or create empty
// folders). An empty result becomes "block".
func UUID(name string) string {
	var parts []string
	for _, seg := range strings.Split(name, "/") {
		c := CleanName(seg)
		if strings.Trim(c, "_") == "" {
			continue
		}
		parts = append(parts, c)
	}
	if len(parts) == 0 {
		return "block"
	}
	return strings.Join(parts, "/")
}

// ValidUUID reports whether s follows the uuid rules a generator must keep: lower-case
// [a-z0-9_] segments separated by single '/', no segment starting with a digit, none empty.
func ValidUUID(s string) bool {
	if s == "" {
		return false
	}
	for _, seg := range strings.Split(s, "/") {
		if seg == "" || seg[0] >= '0' && seg[0] <= '9' {
			return false
		}
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
				return false
			}
		}
	}
	return true
}

// Identifier makes a Python identifier (a project folder name, a variable name) from free text.
func Identifier(name string) string {
	s := CleanName(name)
	if strings.Trim(s, "_") == "" {
		return "mage_project"
	}
	if isPythonKeyword(s) {
		s += "_"
	}
	return s
}

// IsIdentifier reports whether s is a valid (ASCII) Python identifier that is not a keyword.
func IsIdentifier(s string) bool {
	if s == "" || isPythonKeyword(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

var pythonKeywords = map[string]bool{
	"False": true, "None": true, "True": true,
	"and": true, "as": true, "assert": true, "async": true, "await": true, "break": true,
	"class": true, "continue": true, "def": true, "del": true, "elif": true, "else": true,
	"except": true, "finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true,
	"or": true, "pass": true, "raise": true, "return": true, "try": true, "while": true,
	"with": true, "yield": true,
}

func isPythonKeyword(s string) bool { return pythonKeywords[s] }
