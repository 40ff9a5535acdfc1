package mage

import (
	"bytes"
	"math/rand"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func yamlV3(t *testing.T, n *yaml.Node) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		t.Fatal(err)
	}
	_ = enc.Close()
	return buf.Bytes()
}

// fastEncode writes exactly what yaml.v3 writes whenever it takes a tree, on random trees of
// the shapes this package builds with awkward strings among the plain ones.
func TestFastEncodeMatchesYAMLv3(t *testing.T) {
	plain := []string{"orders", "raw_users", "Migrated from define_asset_job all.", "users_step_244", "a b", "yes", "on",
		"data_loader", "export nhl_game_data_by_season to its IO manager", "run orders_job", "_private", "A-B",
		"path/to/file.py", "f(x)", "Y", "NO", "e10"}
	awkward := []string{"null", "True", "2024-01-01", "1e3", "0x1F", "3.5", "123abc", "a: b", "x #y", "-a", "~", "",
		" lead", "trail ", "two  spaces", "naïve", "🐍 日本", "line\nbreak", "{{ env_var('X') }}", "a,b", "'q'", "\"dq\""}
	r := rand.New(rand.NewSource(1))
	word := func() string {
		if r.Intn(40) == 0 {
			return awkward[r.Intn(len(awkward))]
		}
		return plain[r.Intn(len(plain))]
	}
	var gen func(depth int) any
	gen = func(depth int) any {
		switch k := r.Intn(10); {
		case k < 4 || depth > 3:
			switch r.Intn(40) {
			case 0, 1, 2:
				return r.Intn(1000) - 500
			case 3, 4:
				return r.Intn(2) == 0
			case 5, 6:
				return nil
			case 7:
				return r.Float64() * 100
			case 8:
				return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
			default:
				return word()
			}
		case k < 7:
			m := Map{}
			for range r.Intn(4) {
				m = append(m, KV{word(), gen(depth + 1)})
			}
			return m
		default:
			var xs []any
			for range r.Intn(4) {
				xs = append(xs, gen(depth+1))
			}
			return xs
		}
	}
	fast := 0
	for i := 0; i < 3000; i++ {
		m := Map{}
		for range 1 + r.Intn(5) {
			m = append(m, KV{word(), gen(0)})
		}
		n := toNode(m)
		out, ok := fastEncode(n)
		if !ok {
			continue
		}
		fast++
		if want := yamlV3(t, n); !bytes.Equal(out, want) {
			t.Fatalf("fast encoding differs from yaml.v3:\n%s\n---\n%s", out, want)
		}
	}
	if fast < 1000 {
		t.Fatalf("only %d of 3000 trees took the fast path", fast)
	}
	// A pipeline of the usual shape takes it.
	p := &Pipeline{Name: "orders", UUID: "orders", Description: "Assets of Dagster group orders that no job selects.", Tags: []string{"dagster2mage"}}
	p.Blocks = append(p.Blocks, &Block{UUID: "load_tables", Name: "load_tables", Type: DataLoader}, &Block{UUID: "revenue", Name: "revenue", Type: Transformer})
	p.Link("load_tables", "revenue")
	n := pipelineNode(p)
	if out, ok := fastEncode(n); !ok || !bytes.Equal(out, yamlV3(t, n)) {
		t.Fatalf("pipeline: fast %v\n%s", ok, out)
	}
}

func TestFastEncodeCoverage(t *testing.T) {
	// Guard against the fast path silently never running: the test above counts trees too.
	n := toNode(Map{{"name", "orders"}, {"tags", []string{"dagster2mage"}}, {"variables", Map{}}, {"n", 3}})
	if _, ok := fastEncode(n); !ok {
		t.Fatal("a plain pipeline-like mapping should take the fast path")
	}
	for _, s := range []string{"null", "3.5", "a: b", "2024-01-01", "{{ env_var('X') }}", "line\nbreak"} {
		if _, ok := fastEncode(toNode(Map{{"k", s}})); ok {
			t.Errorf("%q should be left to yaml.v3", s)
		}
	}
}
