//go:build editors

package nvim

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dagster2mage/dagster2mage/e2e/internal/e2eutil"
)

// result is what scenario.lua observed; the assertions live here.
type result struct {
	Mode           string             `json:"mode"`
	Nvim           string             `json:"nvim"`
	Errors         []string           `json:"errors"`
	Steps          map[string]float64 `json:"steps"`
	TotalMs        float64            `json:"total_ms"`
	RootDir        string             `json:"root_dir"`
	OffsetEncoding string             `json:"offset_encoding"`
	Diagnostics    []struct {
		Lnum     int    `json:"lnum"`
		Col      int    `json:"col"`
		Message  string `json:"message"`
		Source   string `json:"source"`
		Severity int    `json:"severity"`
		Code     any    `json:"code"`
		Line     string `json:"line"`
	} `json:"diagnostics"`
	Hover            string            `json:"hover"`
	CodeActions      []string          `json:"code_actions"`
	Picked           string            `json:"picked"`
	QuickFixFiles    map[string]int    `json:"quick_fix_files"`
	QuickFixContents map[string]string `json:"quick_fix_contents"`
	MigrateFileError string            `json:"migrate_file_error"`
	MigrateFileFiles map[string]int    `json:"migrate_file_files"`
	MigrateError     string            `json:"migrate_error"`
	MigrateResult    struct {
		Out string `json:"out"`
	} `json:"migrate_result"`
	MigrateFiles    map[string]int         `json:"migrate_files"`
	AllNewFiles     map[string]int         `json:"all_new_files"`
	Contents        map[string]string      `json:"contents"`
	SourceUnchanged bool                   `json:"source_on_disk_unchanged"`
	ModifiedBuffers []string               `json:"modified_buffers"`
	Health          []string               `json:"health"`
	Clients         int                    `json:"clients"`
	ServerExited    bool                   `json:"server_exited"`
	Notifications   []struct{ Msg string } `json:"notifications"`
}

var (
	serverBin string
	repoRoot  string
)

func TestMain(m *testing.M) {
	var err error
	repoRoot, err = filepath.Abs("../..")
	if err == nil {
		serverBin, err = e2eutil.ServerBinary(repoRoot)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e/nvim:", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// nvims lists the Neovim binaries to test with: Debian's `nvim` (0.7.2), and D2M_NVIM_NEXT (a
// Neovim 0.11+ installed by the stage) when set.
func nvims(t *testing.T) map[string]string {
	out := map[string]string{}
	if p, err := exec.LookPath("nvim"); err == nil {
		out["debian"] = p
	} else {
		e2eutil.Missing(t, "nvim (apt-get install neovim)")
	}
	if p := os.Getenv("D2M_NVIM_NEXT"); p != "" {
		out["next"] = p
	} else if os.Getenv("CI") != "" {
		t.Fatal("D2M_NVIM_NEXT is not set; scripts/test.d/50-editors.sh installs it")
	}
	return out
}

func runScenario(t *testing.T, nvim, mode string) (*result, string) {
	t.Helper()
	tmp := t.TempDir()
	ws := filepath.Join(tmp, "shop")
	if err := e2eutil.CopyTree(filepath.Join(repoRoot, "e2e", "testdata", "shop"), ws); err != nil {
		t.Fatal(err)
	}
	xdg := filepath.Join(tmp, "xdg")
	out := filepath.Join(tmp, "result.json")
	// A non-default output folder per mode proves the settings reach the server.
	settings, _ := json.Marshal(map[string]any{"out": "mage_" + mode})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "timeout", "-k", "5", "150", nvim,
		"--headless", "-u", "NONE", "-i", "NONE", "-n",
		"-c", "luafile "+filepath.Join(repoRoot, "e2e", "nvim", "scenario.lua"))
	cmd.Dir = ws
	cmd.Env = append(os.Environ(),
		"XDG_CONFIG_HOME="+xdg+"/config", "XDG_DATA_HOME="+xdg+"/data",
		"XDG_STATE_HOME="+xdg+"/state", "XDG_CACHE_HOME="+xdg+"/cache",
		"PLUGIN_DIR="+filepath.Join(repoRoot, "editors", "nvim"),
		"D2M_BIN="+serverBin, "WORKSPACE="+ws, "RESULT_JSON="+out, "MODE="+mode,
		"SETTINGS_JSON="+string(settings))
	cmd.Stdin = nil
	var stderr strings.Builder
	cmd.Stderr = &stderr
	runErr := cmd.Run()

	dump := func() {
		t.Logf("nvim exit: %v\nstderr:\n%s", runErr, stderr.String())
		for _, p := range []string{xdg + "/state/nvim/lsp.log", xdg + "/cache/nvim/lsp.log"} {
			if b, err := os.ReadFile(p); err == nil {
				t.Logf("%s:\n%s", p, e2eutil.Tail(string(b), 8000))
			}
		}
		if b, err := os.ReadFile(out); err == nil {
			t.Logf("result.json:\n%s", b)
		}
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		dump()
		t.Fatalf("no result from nvim: %v", err)
	}
	e2eutil.KeepOutput(repoRoot, filepath.Join("nvim", t.Name()+".json"), raw)
	var r result
	if err := json.Unmarshal(raw, &r); err != nil {
		dump()
		t.Fatalf("bad result JSON: %v", err)
	}
	if runErr != nil || len(r.Errors) > 0 {
		dump()
		t.Fatalf("scenario failed: %v %v", runErr, r.Errors)
	}
	t.Cleanup(func() {
		if t.Failed() {
			dump()
		}
	})
	return &r, ws
}

var ruleCode = regexp.MustCompile(`^DM\d{3}$`)

func checkUserScenario(t *testing.T, r *result, ws string) {
	t.Logf("nvim %s, mode %s: steps (ms from start) %v, total %.0f ms", r.Nvim, r.Mode, r.Steps, r.TotalMs)
	if r.RootDir != ws {
		t.Errorf("root_dir = %q, want the project folder %q", r.RootDir, ws)
	}
	// 0.7 negotiates nothing and speaks UTF-16; later versions offer UTF-8, which the server may take.
	if r.OffsetEncoding != "utf-16" && (strings.HasPrefix(r.Nvim, "0.7.") || r.OffsetEncoding != "utf-8") {
		t.Errorf("offset encoding %q with Neovim %s", r.OffsetEncoding, r.Nvim)
	}

	// Diagnostics: ours, with rule codes, never errors, one on clean_users.
	if len(r.Diagnostics) < 3 {
		t.Errorf("want diagnostics for raw_users, clean_users and no_null_emails, got %d", len(r.Diagnostics))
	}
	onCleanUsers := false
	for _, d := range r.Diagnostics {
		code := fmt.Sprint(d.Code)
		if d.Source != "dagster2mage" || !ruleCode.MatchString(code) {
			t.Errorf("diagnostic without our source/rule code: %+v", d)
		}
		if d.Severity == 1 || d.Severity == 2 {
			t.Errorf("diagnostic severity %d (error/warning); Dagster code is not wrong: %+v", d.Severity, d)
		}
		if strings.Contains(d.Line, "def clean_users") || (strings.Contains(d.Line, "@asset") && d.Lnum == lineOf(t, ws, "def clean_users")-1) {
			onCleanUsers = true
		}
	}
	if !onCleanUsers {
		t.Errorf("no diagnostic on the clean_users asset: %+v", r.Diagnostics)
	}

	// Hover over the decorator: the Mage equivalent of an asset with an upstream is a transformer.
	if !strings.Contains(strings.ToLower(r.Hover), "transformer") || !strings.Contains(r.Hover, "Mage") {
		t.Errorf("hover does not name the Mage equivalent (a transformer block):\n%s", r.Hover)
	}

	// The quick fix wrote the block to disk with the user's code in it.
	var block string
	for p := range r.QuickFixFiles {
		if strings.HasSuffix(p, "transformers/clean_users.py") {
			block = p
		}
		if r.QuickFixFiles[p] == 0 && !strings.HasSuffix(p, "__init__.py") {
			t.Errorf("quick fix left %s empty on disk", p)
		}
	}
	if block == "" {
		t.Fatalf("quick fix %q wrote no transformers/clean_users.py; new files: %v (actions: %v)", r.Picked, r.QuickFixFiles, r.CodeActions)
	}
	body := r.QuickFixContents[block]
	for _, want := range []string{"@transformer", `df["full_name"]`, "def clean_users("} {
		if !strings.Contains(body, want) {
			t.Errorf("%s lacks %q:\n%s", block, want, body)
		}
	}

	// :DagsterMigrateFile on assets.py added the data loader of raw_users.
	if r.MigrateFileError != "" {
		t.Fatalf(":DagsterMigrateFile failed: %s", r.MigrateFileError)
	}
	if !hasSuffix(r.MigrateFileFiles, "data_loaders/raw_users.py") {
		t.Errorf(":DagsterMigrateFile wrote no data_loaders/raw_users.py: %v", r.MigrateFileFiles)
	}

	// :DagsterMigrate wrote the rest of the Mage project: the schedule of definitions.py.
	if !hasSuffix(r.MigrateFiles, "/triggers.yaml") {
		t.Errorf(":DagsterMigrate wrote no pipeline triggers.yaml for the schedule: %v", r.MigrateFiles)
	}
	if r.MigrateError != "" {
		t.Fatalf(":DagsterMigrate failed: %s", r.MigrateError)
	}
	var metadata, loader string
	for p := range r.AllNewFiles {
		if strings.Contains(p, "pipelines/") && strings.HasSuffix(p, "/metadata.yaml") {
			metadata = p
		}
		if strings.HasSuffix(p, "data_loaders/raw_users.py") {
			loader = p
		}
	}
	if metadata == "" || loader == "" {
		t.Fatalf("migrate wrote no pipeline metadata.yaml or data_loaders/raw_users.py: %v", r.AllNewFiles)
	}
	if m := r.Contents[metadata]; !strings.Contains(m, "clean_users") || !strings.Contains(m, "raw_users") {
		t.Errorf("%s does not list the blocks:\n%s", metadata, m)
	}
	// The editor path writes exactly what `dagster2mage migrate` writes, where the settings say.
	if want := filepath.Join(ws, "mage_"+r.Mode); r.MigrateResult.Out != want {
		t.Errorf("migrate wrote to %q, want %q (settings.out)", r.MigrateResult.Out, want)
	} else {
		rel := "mage_" + r.Mode
		diffs, err := e2eutil.CompareWithCLI(serverBin, filepath.Join(repoRoot, "e2e", "testdata", "shop"), ws, rel)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diffs {
			t.Errorf("Mage project written through Neovim vs the CLI: %s", d)
		}
	}
	if !r.SourceUnchanged {
		t.Error("the user's shop/assets.py changed on disk")
	}
	for _, b := range r.ModifiedBuffers {
		t.Errorf("buffer left with unsaved changes (files must land on disk): %s", b)
	}

	// vim.lsp.stop_client: shutdown, exit, and the process must end (nvim keeps the pipe open).
	if !r.ServerExited {
		t.Error("the server did not exit within 5 s of shutdown + exit")
	}

	// :checkhealth dagster2mage reports the server.
	health := strings.Join(r.Health, "\n")
	if !strings.Contains(health, "dagster2mage") || !strings.Contains(health, "OK") || !strings.Contains(health, serverBin) {
		t.Errorf(":checkhealth dagster2mage does not report the server:\n%s", health)
	}
}

func hasSuffix(files map[string]int, suffix string) bool {
	for p := range files {
		if strings.HasSuffix(p, suffix) {
			return true
		}
	}
	return false
}

func lineOf(t *testing.T, ws, prefix string) int {
	b, err := os.ReadFile(filepath.Join(ws, "shop", "assets.py"))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, prefix) {
			return i
		}
	}
	t.Fatalf("no line %q", prefix)
	return -1
}

// TestSetup loads the plugin as a user of Neovim 0.7-0.10 does: runtimepath + setup{}.
func TestSetup(t *testing.T) {
	for name, nvim := range nvims(t) {
		t.Run(name, func(t *testing.T) {
			r, ws := runScenario(t, nvim, "setup")
			checkUserScenario(t, r, ws)
		})
	}
}

// TestEnable uses lsp/dagster2mage.lua with vim.lsp.enable, the Neovim 0.11+ way.
func TestEnable(t *testing.T) {
	nvim, ok := nvims(t)["next"]
	if !ok {
		e2eutil.Missing(t, "a Neovim 0.11+ in D2M_NVIM_NEXT")
		return
	}
	r, ws := runScenario(t, nvim, "enable")
	checkUserScenario(t, r, ws)
}

// TestMissingBinary: a wrong server path gives a clear message and a failing health check, no crash.
func TestMissingBinary(t *testing.T) {
	r, _ := runScenario(t, nvims(t)["debian"], "missing")
	if r.Clients != 0 {
		t.Errorf("%d clients running with a missing binary", r.Clients)
	}
	found := false
	for _, n := range r.Notifications {
		if strings.Contains(n.Msg, "not executable") {
			found = true
		}
	}
	if !found {
		t.Errorf("no message about the missing binary: %+v", r.Notifications)
	}
	health := strings.Join(r.Health, "\n")
	if !strings.Contains(health, "ERROR") || !strings.Contains(health, "not executable") {
		t.Errorf(":checkhealth does not report the missing binary:\n%s", health)
	}
}
