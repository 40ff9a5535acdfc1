package codeactions

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

func TestDumpPlan(t *testing.T) {
	root := os.Getenv("DUMP")
	if root == "" {
		t.Skip()
	}
	ws, err := LoadWorkspace(context.Background(), root, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := MigrateWorkspace(context.Background(), ws, Options{Out: "/tmp/shop_mage"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range plan.Files {
		if len(f.Content) == 0 {
			continue
		}
		fmt.Printf("==== %s\n%s", f.Path, f.Content)
	}
	js, _ := json.MarshalIndent(plan.Report, "", " ")
	fmt.Println(string(js))
}
