package engines

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompareCSVEqualAfterNormalisation(t *testing.T) {
	a := "id,amount,ok\n1,2.5,True\n2,62.489999999999995,False\n"
	// Other row order, other column order, ints written as floats, rounding noise.
	b := "ok,id,amount\nFalse,2.0,62.49\nTrue,1,2.50\n"
	if d := CompareData("x.csv", []byte(a), []byte(b)); len(d) != 0 {
		t.Fatalf("want equal, got %q", d)
	}
}

func TestCompareCSVReportsRowsAndColumns(t *testing.T) {
	a := "id,amount\n1,2.5\n2,3\n"
	d := CompareData("x.csv", []byte(a), []byte("id,amount\n1,2.5\n2,4\n"))
	want := []string{"row only in Dagster's output: 2 | 3", "row only in Mage's output: 2 | 4"}
	if strings.Join(d, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %q, want %q", d, want)
	}
	d = CompareData("x.csv", []byte(a), []byte("id,total\n1,2.5\n2,3\n"))
	if len(d) != 1 || !strings.Contains(d[0], "columns differ") {
		t.Fatalf("got %q", d)
	}
	d = CompareData("x.csv", []byte(a), []byte("id,amount\n1,2.5\n"))
	if len(d) != 2 || d[0] != "2 rows from Dagster, 1 from Mage" {
		t.Fatalf("got %q", d)
	}
}

func TestCompareJSON(t *testing.T) {
	if d := CompareData("x.json", []byte(`{"a":[1,2.0],"b":"x"}`), []byte(`{"b":"x","a":[1.0,2]}`)); len(d) != 0 {
		t.Fatalf("want equal, got %q", d)
	}
	d := CompareData("x.json", []byte(`{"a":[1,2],"b":"x"}`), []byte(`{"a":[1,3],"c":1}`))
	want := "$.a[1]: Dagster \"2\", Mage \"3\"\n$.b: only in Dagster's output\n$.c: only in Mage's output"
	if strings.Join(d, "\n") != want {
		t.Fatalf("got %q", d)
	}
}

func TestCompareDirs(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	write := func(dir, name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(a, "same.csv", "x\n1\n")
	write(b, "same.csv", "x\n1.0\n")
	write(a, "missing.csv", "x\n1\n")
	write(b, "extra.json", "{}")
	d, err := CompareDirs(a, b)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range d {
		got = append(got, x.String())
	}
	want := "extra.json: written by Mage only\nmissing.csv: written by Dagster only (Mage did not write it)"
	if strings.Join(got, "\n") != want {
		t.Fatalf("got %q", got)
	}
}
