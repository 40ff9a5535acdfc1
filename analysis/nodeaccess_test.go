package analysis

import (
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// TestNodeAccess checks nodeStart, fieldChild and namedChild against the binding's own methods on every
// node of a file that uses many fields.
func TestNodeAccess(t *testing.T) {
	if !nodeLayoutOK {
		t.Fatal("the binding's node layout differs from the one nodeStart and fieldChild read")
	}
	src := []byte(`from dagster import asset as a, op
import os.path as p

@a(key=["x", "y"], deps=[f"{z}"])
async def f(x: int = 1, *args, **kw) -> str:
    """doc"""
    for i in range(3):
        yield {k: v for k, v in kw.items()}
    return x[1:2].y if x else lambda q: -q

class C(Base, metaclass=M):
    v: int = 3
`)
	tree := rawParse(src)
	defer tree.Close()
	fields := 0
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		if got, want := nodeStart(n), int(n.StartByte()); got != want {
			t.Errorf("nodeStart(%s) = %d, want %d", n.Type(), got, want)
		}
		for name := range fieldIDs {
			got, want := fieldChild(n, name), n.ChildByFieldName(name)
			if (got == nil) != (want == nil) || got != nil && (spanOf(got) != spanOf(want) || got.Type() != want.Type()) {
				t.Errorf("fieldChild(%s, %q) = %v, want %v", n.Type(), name, got, want)
			}
			if got != nil {
				fields++
			}
		}
		for i := 0; i <= int(n.NamedChildCount()); i++ { // one past the end: nil
			got, want := namedChild(n, i), n.NamedChild(i)
			if (got == nil) != (want == nil) || got != nil && (spanOf(got) != spanOf(want) || got.Type() != want.Type()) {
				t.Errorf("namedChild(%s, %d) = %v, want %v", n.Type(), i, got, want)
			}
		}
		for i := 0; i < int(n.ChildCount()); i++ {
			walk(n.Child(i))
		}
	}
	walk(tree.RootNode())
	if fields < 40 {
		t.Errorf("only %d field children found: the sample no longer exercises fieldChild", fields)
	}
}
