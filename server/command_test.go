package server

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// applyEditsOnDisk makes the test client serve workspace/applyEdit like VS Code.
func (c *testClient) applyEditsOnDisk() {
	c.handleRequest("workspace/applyEdit", func(params json.RawMessage) (any, error) {
		var p struct {
			Edit json.RawMessage `json:"edit"`
		}
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, err
		}
		applyToDisk(c.t, p.Edit)
		return map[string]any{"applied": true}, nil
	})
}

func (c *testClient) progressValues(token string) []map[string]any {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []map[string]any
	for _, n := range c.notes {
		if n.Method != "$/progress" {
			continue
		}
		var p struct {
			Token json.RawMessage `json:"token"`
			Value map[string]any  `json:"value"`
		}
		_ = json.Unmarshal(n.Params, &p)
		if token == "" || string(p.Token) == token {
			out = append(out, p.Value)
		}
	}
	return out
}

func TestMigrateWorkspaceCommand(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	c.applyEditsOnDisk()
	// A file appearing after the scan started arrives through file watching.
	jobs := c.write("jobs.py", fixture(t, "jobs.py"))
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(jobs), "type": fileCreated}}})
	c.openFixture("assets.py")
	var res commandResult
	if err := c.call("workspace/executeCommand", map[string]any{
		"command": commandMigrateWorkspace, "arguments": []any{}, "workDoneToken": "mig-1",
	}, &res); err != nil {
		t.Fatal(err)
	}
	if !res.Applied || res.Files < 4 || res.Converted < 3 || res.Out != filepath.Join(c.root, "mage_project") {
		t.Fatalf("result %+v", res)
	}
	for _, f := range []string{"data_loaders/raw_users.py", "transformers/clean_users.py", "pipelines/users_job/metadata.yaml", "pipelines/users_job/triggers.yaml", ".dagster2mage/manifest.json"} {
		if _, err := os.Stat(filepath.Join(res.Out, f)); err != nil {
			t.Errorf("%s not written through applyEdit", f)
		}
	}
	var report struct {
		Report []struct{ Name, Status string }
	}
	if err := json.Unmarshal([]byte(readFile(t, res.Report)), &report); err != nil || len(report.Report) != res.Converted+res.Review+res.Manual {
		t.Fatalf("report %s: %v", res.Report, err)
	}
	kinds := []string{}
	for _, v := range c.progressValues(`"mig-1"`) {
		kinds = append(kinds, v["kind"].(string))
	}
	if len(kinds) < 2 || kinds[0] != "begin" || kinds[len(kinds)-1] != "end" {
		t.Fatalf("progress under the client's token: %v", kinds)
	}
	c.waitNote("summary message", func(n note) bool {
		return n.Method == "window/showMessage" && strings.Contains(string(n.Params), fmt.Sprintf("%d converted", res.Converted))
	})

	// Running it again changes nothing and asks nothing.
	c.mu.Lock()
	before := len(c.requests)
	c.mu.Unlock()
	var again commandResult
	if err := c.call("workspace/executeCommand", map[string]any{"command": commandMigrateWorkspace}, &again); err != nil {
		t.Fatal(err)
	}
	if again.Files != 0 {
		c.mu.Lock()
		for _, r := range c.requests[before:] {
			t.Logf("%s %s", r.Method, r.Params)
		}
		c.mu.Unlock()
		t.Fatalf("second run rewrote %d files", again.Files)
	}
	c.mu.Lock()
	for _, r := range c.requests[before:] {
		if r.Method == "workspace/applyEdit" {
			t.Errorf("second run sent an edit: %s", r.Params)
		}
	}
	c.mu.Unlock()
}

func TestConvertCommandPositionalArgs(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	c.applyEditsOnDisk()
	path, _ := c.openFixture("assets.py")
	var res commandResult
	if err := c.call("workspace/executeCommand", map[string]any{"command": commandConvert, "arguments": []any{fileURI(path), "clean_users"}}, &res); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(res.Out, "transformers/clean_users.py")); err != nil || res.Converted != 1 {
		t.Fatalf("convert: %+v", res)
	}
	if err := c.call("workspace/executeCommand", map[string]any{"command": commandConvert, "arguments": []any{fileURI(path)}}, nil); err == nil || err.Code != jsonrpc2.InvalidParams {
		t.Fatalf("convert without a name: %v", err)
	}
	if err := c.call("workspace/executeCommand", map[string]any{"command": "dagster2mage.nope"}, nil); err == nil || err.Code != jsonrpc2.InvalidParams {
		t.Fatalf("unknown command: %v", err)
	}
}

func TestCommandCancellation(t *testing.T) {
	for _, how := range []string{"cancelRequest", "progressCancel"} {
		t.Run(how, func(t *testing.T) {
			gate := make(chan struct{})
			defer close(gate)
			c := newTestClient(t, clientOptions{translator: gatedTranslator{gate: gate}})
			c.applyEditsOnDisk()
			c.openFixture("assets.py")
			errc := make(chan error, 1)
			go func() {
				_, err := c.conn.Call(context.Background(), "workspace/executeCommand", map[string]any{"command": commandMigrateWorkspace, "workDoneToken": 77}, nil)
				errc <- err
			}()
			c.waitNote("progress begin", func(n note) bool {
				return n.Method == "$/progress" && strings.Contains(string(n.Params), `"token":77`) && strings.Contains(string(n.Params), `"cancellable":true`)
			})
			if how == "cancelRequest" {
				c.notify("$/cancelRequest", map[string]any{"id": 2}) // initialize was 1
			} else {
				c.notify("window/workDoneProgress/cancel", map[string]any{"token": 77})
			}
			select {
			case err := <-errc:
				var we *jsonrpc2.Error
				if !errors.As(err, &we) || we.Code != protocol.CodeRequestCancelled {
					t.Fatalf("cancelled command answered %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("command not cancelled")
			}
			if _, err := os.Stat(filepath.Join(c.root, "mage_project")); err == nil {
				t.Fatal("a cancelled migration wrote files")
			}
		})
	}
}
