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

*/
import "C"

import (
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

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
