package analysis

// The chunker splits a Python text into chunks: one per top-level statement (a decorated
// def/class with its decorators, an import, an assignment...), so that an edit re-parses only
// the statements it touches. A light lexer tracks what can hide a line start: strings
// (single/triple-quoted, prefixes, f-string replacement fields), brackets, backslash
// continuations and comments. Chunks cover the text without gaps: a chunk runs from its first
// line to the next chunk's first line, so blank lines and comments at column 0 stay with the
// statement before them (a comment at column 0 inside a function body is still the body's).

// chunkEnd returns the end of the chunk that starts at from (a line start where the lexer
// state is fresh), that is, the start of the next chunk or len(t). eofSplit reports that the
// end was chosen only because a triple-quoted string was still open at the end of the text.
func chunkEnd(t []byte, from int) (end int, eofSplit bool) {
	var lx lexer
	head := false      // the chunk's first statement line was seen
	decorator := false // every statement line so far starts with '@'
	candidate := -1    // first statement-like line inside an open triple-quoted string
	i := from
	for i < len(t) {
		// i is a line start.
		ls := i
		if i == 0 && hasBOM(t) {
			ls = 3
		}
		if lx.top() && ls < len(t) {
			c := t[ls]
			if c != ' ' && c != '\t' && c != '\f' && c != '#' && c != '\n' && c != '\r' {
				switch {
				case !head:
					head = true
					decorator = c == '@'
				case continuesStatement(t[i:]):
				case decorator && (c == '@' || keywordAt(t[i:], "def") || keywordAt(t[i:], "class") || keywordAt(t[i:], "async")):
					decorator = c == '@'
				default:
					return i, false
				}
			}
		} else if head && lx.inBrackets() && forcesChunk(t[i:]) {
			// Recovery: a half-typed call must not swallow the rest of the file.
			return i, false
		} else if head && candidate < 0 && lx.inTripleString() && forcesChunk(t[i:]) {
			candidate = i
		}
		i = lx.line(t, i)
	}
	if candidate >= 0 && lx.inTripleString() {
		return candidate, true
	}
	return len(t), false
}

// continuesStatement reports lines that belong to the statement before them.
func continuesStatement(b []byte) bool {
	return keywordAt(b, "else") || keywordAt(b, "elif") || keywordAt(b, "except") || keywordAt(b, "finally")
}

// forcesChunk reports column-0 lines that start a statement even inside an unclosed bracket
// or string: nothing valid there starts that way.
func forcesChunk(b []byte) bool {
	if len(b) > 1 && b[0] == '@' && isIdentStart(b[1]) {
		return true
	}
	return keywordAt(b, "def") || keywordAt(b, "class") || keywordAt(b, "import") || keywordAt(b, "from") ||
		keywordAt(b, "async") && keywordAt(skipSpaces(b[5:]), "def")
}

func skipSpaces(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	return b
}

// keywordAt reports whether b starts with the keyword kw followed by a non-identifier byte.
func keywordAt(b []byte, kw string) bool {
	if len(b) < len(kw) || string(b[:len(kw)]) != kw {
		return false
	}
	return len(b) == len(kw) || !isIdentByte(b[len(kw)])
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentByte(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// frame is one level of the lexer's context: code (with its bracket depth), a string, or the
// format spec of an f-string replacement field.
type frame struct {
	kind   uint8 // frameCode, frameString, frameSpec
	quote  byte
	triple bool
	fstr   bool
	fexpr  bool // a code frame inside an f-string's braces
	depth  int  // open brackets (code frames)
}

const (
	frameCode uint8 = iota
	frameString
	frameSpec
)

type lexer struct {
	stack []frame // empty: module-level code
	depth int     // open brackets at module level
	buf   [8]frame
}

func (lx *lexer) top() bool { return len(lx.stack) == 0 && lx.depth == 0 }

func (lx *lexer) inBrackets() bool {
	if len(lx.stack) == 0 {
		return lx.depth > 0
	}
	f := lx.stack[len(lx.stack)-1]
	return f.kind == frameCode
}

func (lx *lexer) inTripleString() bool {
	for _, f := range lx.stack {
		if f.kind == frameString && f.triple {
			return true
		}
	}
	return false
}

func (lx *lexer) push(f frame) {
	if lx.stack == nil {
		lx.stack = lx.buf[:0]
	}
	lx.stack = append(lx.stack, f)
}

func (lx *lexer) pop() { lx.stack = lx.stack[:len(lx.stack)-1] }

// line lexes the line starting at i and returns the start of the next line.
func (lx *lexer) line(t []byte, i int) int {
	for i < len(t) {
		c := t[i]
		if c == '\n' {
			lx.newline()
			return i + 1
		}
		if len(lx.stack) > 0 {
			if f := &lx.stack[len(lx.stack)-1]; f.kind != frameCode {
				i = lx.inString(t, i, f)
				continue
			}
		}
		for i < len(t) && plainCode[t[i]] {
			i++ // most bytes of code change nothing
		}
		if i < len(t) && t[i] != '\n' {
			i = lx.code(t, i)
		}
	}
	return i
}

// plainCode and plainString mark the bytes the lexer skips in code and in strings.
var plainCode, plainString = func() (c, s [256]bool) {
	for i := range c {
		c[i], s[i] = true, true
	}
	for _, b := range []byte("\n#\\()[]{}:!\"'") {
		c[b] = false
	}
	for _, b := range []byte("\n\\\"'{}") {
		s[b] = false
	}
	return c, s
}()

// newline ends single-quoted strings (an unterminated string is an error; Python does not
// continue it) and the f-string replacement fields inside them.
func (lx *lexer) newline() {
	for k := len(lx.stack) - 1; k >= 0; k-- {
		if f := lx.stack[k]; f.kind == frameString && !f.triple {
			lx.stack = lx.stack[:k]
		}
	}
}

// code lexes one token of code at i and returns the position after it.
func (lx *lexer) code(t []byte, i int) int {
	c := t[i]
	switch {
	case c == '#':
		for i < len(t) && t[i] != '\n' {
			i++
		}
		return i
	case c == '\\':
		// A backslash continuation: the next line is part of this one.
		if i+1 < len(t) && t[i+1] == '\n' {
			return i + 2
		}
		if i+2 < len(t) && t[i+1] == '\r' && t[i+2] == '\n' {
			return i + 3
		}
		return i + 1
	case c == '(' || c == '[' || c == '{':
		lx.open(1)
		return i + 1
	case c == ')' || c == ']' || c == '}':
		if c == '}' && len(lx.stack) > 0 {
			if f := &lx.stack[len(lx.stack)-1]; f.fexpr && f.depth == 0 {
				lx.pop() // end of an f-string replacement field
				return i + 1
			}
		}
		lx.open(-1)
		return i + 1
	case c == ':' || c == '!':
		if len(lx.stack) > 0 {
			if f := &lx.stack[len(lx.stack)-1]; f.fexpr && f.depth == 0 && !(i+1 < len(t) && t[i+1] == '=') {
				// Conversion or format spec of a replacement field: text up to the '}'.
				f.kind = frameSpec
				return i + 1
			}
		}
		return i + 1
	case c == '"' || c == '\'':
		// A prefix is the one- or two-letter name just before the quote.
		j := i
		for j > 0 && i-j <= 2 && isIdentByte(t[j-1]) {
			j--
		}
		fstr := false
		if j < i && i-j <= 2 && (j == 0 || !isIdentByte(t[j-1])) {
			fstr, _ = stringPrefix(t[j:i])
		}
		return lx.openString(t, i, fstr)
	}
	return i + 1
}

func (lx *lexer) open(d int) {
	if len(lx.stack) == 0 {
		lx.depth = max(lx.depth+d, 0)
		return
	}
	f := &lx.stack[len(lx.stack)-1]
	f.depth = max(f.depth+d, 0)
}

// stringPrefix reports whether p is a string prefix and whether it makes an f-string (or a
// t-string). Raw strings need nothing special: a backslash still keeps the quote after it in.
func stringPrefix(p []byte) (fstr, ok bool) {
	for _, c := range p {
		switch c {
		case 'f', 'F', 't', 'T':
			fstr = true
		case 'r', 'R', 'b', 'B', 'u', 'U':
		default:
			return false, false
		}
	}
	return fstr, true
}

func (lx *lexer) openString(t []byte, i int, fstr bool) int {
	q := t[i]
	triple := i+2 < len(t) && t[i+1] == q && t[i+2] == q
	lx.push(frame{kind: frameString, quote: q, triple: triple, fstr: fstr})
	if triple {
		return i + 3
	}
	return i + 1
}

// inString lexes string (or format spec) content at i up to the end of the string, a
// replacement field or the end of the line.
func (lx *lexer) inString(t []byte, i int, f *frame) int {
	for i < len(t) {
		if plainString[t[i]] {
			i++
			continue
		}
		c := t[i]
		switch {
		case c == '\n':
			return i
		case c == '\\':
			i += 2 // an escaped character; a backslash-newline continues the string
			if i-1 < len(t) && t[i-1] == '\r' && i < len(t) && t[i] == '\n' {
				i++
			}
			continue
		case f.kind == frameSpec && c == '}':
			lx.pop() // the spec ends the replacement field
			return i + 1
		case (f.fstr || f.kind == frameSpec) && c == '{':
			if f.kind != frameSpec && i+1 < len(t) && t[i+1] == '{' {
				i += 2
				continue
			}
			lx.push(frame{kind: frameCode, fexpr: true})
			return i + 1
		case f.kind == frameString && c == f.quote:
			if !f.triple {
				lx.pop()
				return i + 1
			}
			if i+2 < len(t) && t[i+1] == c && t[i+2] == c {
				lx.pop()
				return i + 3
			}
		}
		i++
	}
	return i
}
