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

typedef struct {
	d2m_point start_point;
	d2m_point end_point;
	uint32_t start_byte;
	uint32_t end_byte;
} d2m_range;

void *ts_tree_get_changed_ranges(const struct TSTree *old_tree, const struct TSTree *new_tree, uint32_t *length);

// d2m_changed_ranges writes up to max (start, end) byte pairs and returns the range count.
static uint32_t d2m_changed_ranges(void *old_tree, void *new_tree, uint32_t *out, uint32_t max) {
	uint32_t n = 0;
	d2m_range *r = (d2m_range *)ts_tree_get_changed_ranges((const struct TSTree *)old_tree, (const struct TSTree *)new_tree, &n);
	for (uint32_t i = 0; i < n && i < max; i++) {
		out[2*i] = r[i].start_byte;
		out[2*i+1] = r[i].end_byte;
	}
	free(r);
	return n;
}
*/
import "C"

import (
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// changedRanges returns the byte ranges (in the new tree) whose syntax differs between an
// edited old tree and its re-parse; ok is false when there are too many to list.
func changedRanges(old, nw *sitter.Tree) (spans []Span, ok bool) {
	const max = 16
	var buf [2 * max]C.uint32_t
	n := C.d2m_changed_ranges(treePtr(old), treePtr(nw), &buf[0], max)
	if n > max {
		return nil, false
	}
	for i := 0; i < int(n); i++ {
		spans = append(spans, Span{int(buf[2*i]), int(buf[2*i+1])})
	}
	return spans, true
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
