package analysis

/*
#include <stdint.h>
#include <stdlib.h>

typedef struct { uint32_t row; uint32_t column; } d2m_point;
typedef struct {
	uint32_t start_byte;
	uint32_t old_end_byte;
	uint32_t new_end_byte;
	d2m_point start_point;
	d2m_point old_end_point;
	d2m_point new_end_point;
} d2m_input_edit;

// Same layout as TSInputEdit; the symbol comes from the tree-sitter runtime linked by the binding.
struct TSTree;
void ts_tree_edit(struct TSTree *self, const void *edit);

static void d2m_tree_edit(void *tree, d2m_input_edit e) { ts_tree_edit((struct TSTree *)tree, &e); }

// Same layouts as TSNode and TSTreeCursor of the binding's tree-sitter version.
typedef struct { uint32_t context[4]; const void *id; const void *tree; } d2m_node;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } d2m_cursor;
d2m_node ts_tree_root_node(const struct TSTree *self);
d2m_cursor ts_tree_cursor_new(d2m_node node);
void ts_tree_cursor_delete(d2m_cursor *self);
d2m_node ts_tree_cursor_current_node(const d2m_cursor *self);
_Bool ts_tree_cursor_goto_next_sibling(d2m_cursor *self);
_Bool ts_tree_cursor_goto_first_child(d2m_cursor *self);
uint32_t ts_node_start_byte(d2m_node self);
d2m_node ts_node_child_by_field_id(d2m_node self, uint16_t field_id);
d2m_node ts_node_named_child(d2m_node self, uint32_t index);
uint32_t ts_language_field_count(const void *self);
const char *ts_language_field_name_for_id(const void *self, uint16_t id);
uint32_t ts_node_end_byte(d2m_node self);

// d2m_aligned reports whether every child of the root lies inside one of the n ranges
// bounds[2k], bounds[2k+1] (ascending).
static int d2m_aligned(void *tree, const uint32_t *bounds, int n) {
	d2m_cursor c = ts_tree_cursor_new(ts_tree_root_node((struct TSTree *)tree));
	int ok = 1, k = 0;
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			d2m_node nd = ts_tree_cursor_current_node(&c);
			uint32_t s = ts_node_start_byte(nd), e = ts_node_end_byte(nd);
			while (k < n && bounds[2*k+1] <= s) k++;
			if (k == n || s < bounds[2*k] || e > bounds[2*k+1]) { ok = 0; break; }
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	return ok;
}

*/
import "C"

import (
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// alignedWith reports whether every top-level node of t lies inside one chunk. It runs in C:
// the binding would make a Go node (and a cache entry) for each statement.
func alignedWith(t *sitter.Tree, bounds []docChunk) bool {
	if len(bounds) == 0 {
		return false
	}
	b := make([]uint32, 2*len(bounds))
	for i, c := range bounds {
		b[2*i], b[2*i+1] = uint32(c.start), uint32(c.end)
	}
	return C.d2m_aligned(treePtr(t), (*C.uint32_t)(unsafe.Pointer(&b[0])), C.int(len(bounds))) != 0
}

func treePtr(t *sitter.Tree) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(t.BaseTree)) }

// editTree applies an edit to a tree. The binding's Tree.Edit copies OldEndPoint into
// new_end_point, which corrupts row/column data of the edited tree, so the C function is
// called directly. BaseTree's first field is the C TSTree pointer.
func editTree(t *sitter.Tree, e sitter.EditInput) {
	C.d2m_tree_edit(treePtr(t), C.d2m_input_edit{
		start_byte:    C.uint32_t(e.StartIndex),
		old_end_byte:  C.uint32_t(e.OldEndIndex),
		new_end_byte:  C.uint32_t(e.NewEndIndex),
		start_point:   C.d2m_point{row: C.uint32_t(e.StartPoint.Row), column: C.uint32_t(e.StartPoint.Column)},
		old_end_point: C.d2m_point{row: C.uint32_t(e.OldEndPoint.Row), column: C.uint32_t(e.OldEndPoint.Column)},
		new_end_point: C.d2m_point{row: C.uint32_t(e.NewEndPoint.Row), column: C.uint32_t(e.NewEndPoint.Column)},
	})
}

// nodeStart is n.StartByte() without a cgo call: a TSNode's start byte is context[0], and
// the binding's Node starts with its TSNode (same layout as d2m_node above). Node access
// costs one cgo call each, and the extractor asks for spans of most nodes it visits.
func nodeStart(n *sitter.Node) int {
	if !nodeLayoutOK {
		return int(n.StartByte())
	}
	return int((*C.d2m_node)(unsafe.Pointer(n)).context[0])
}

// nodeLayoutOK checks the layout nodeStart, fieldChild and namedChild rely on once, on a parsed sample, so that a
// binding that changed it falls back to the cgo call instead of reading garbage.
var nodeLayoutOK = func() bool {
	src := []byte("x = 1\n\n\ndef f(a, b):\n    return a\n")
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(language)
	t := parse(p, nil, src)
	if t == nil {
		return false
	}
	defer t.Close()
	root := t.RootNode()
	ok := root.NamedChildCount() == 2
	for i := 0; ok && i < 2; i++ {
		c := root.NamedChild(i)
		body := c.ChildByFieldName("body")
		for _, n := range []*sitter.Node{c, c.NamedChild(0), body} {
			if n != nil && (int((*C.d2m_node)(unsafe.Pointer(n)).context[0]) != int(n.StartByte()) || (*nodeOf)(unsafe.Pointer(n)).t != t) {
				ok = false
			}
		}
	}
	return ok
}()

// nodeOf is the layout of the binding's Node: its TSNode, then its tree.
type nodeOf struct {
	c C.d2m_node
	t *sitter.Tree
}

// fieldIDs maps the grammar's field names to their ids.
var fieldIDs = func() map[string]uint16 {
	lang := *(*unsafe.Pointer)(unsafe.Pointer(language))
	m := map[string]uint16{}
	for id := uint32(1); id <= uint32(C.ts_language_field_count(lang)); id++ {
		m[C.GoString(C.ts_language_field_name_for_id(lang, C.uint16_t(id)))] = uint16(id)
	}
	return m
}()

// fieldChild is n.ChildByFieldName(name) in one cgo call (the binding copies the name into C
// memory and frees it: three calls). The node is not entered in the binding's node cache;
// nothing here compares nodes by pointer.
func fieldChild(n *sitter.Node, name string) *sitter.Node {
	id, ok := fieldIDs[name]
	if !ok || !nodeLayoutOK {
		return n.ChildByFieldName(name)
	}
	p := (*nodeOf)(unsafe.Pointer(n))
	return p.node(C.ts_node_child_by_field_id(p.c, C.uint16_t(id)))
}

// namedChild is n.NamedChild(i) without the binding's node cache (a map lookup and, for a
// node not seen before, an insertion).
func namedChild(n *sitter.Node, i int) *sitter.Node {
	if !nodeLayoutOK {
		return n.NamedChild(i)
	}
	p := (*nodeOf)(unsafe.Pointer(n))
	return p.node(C.ts_node_named_child(p.c, C.uint32_t(i)))
}

// node makes a Node of c in p's tree (nil for the null node).
func (p *nodeOf) node(c C.d2m_node) *sitter.Node {
	if c.id == nil {
		return nil
	}
	return (*sitter.Node)(unsafe.Pointer(&nodeOf{c: c, t: p.t}))
}
