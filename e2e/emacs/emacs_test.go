//go:build editors

package emacs

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dagster2mage/dagster2mage/e2e/internal/e2eutil"
)

var (
	repoRoot  string
	serverBin string
	readme    string
)

func TestMain(m *testing.M) {
	var err error
	repoRoot, err = filepath.Abs("../..")
	if err == nil {
		serverBin, err = e2eutil.ServerBinary(repoRoot)
	}
	if err == nil {
		var b []byte
		b, err = os.ReadFile(filepath.Join(repoRoot, "editors", "README.md"))
		readme = string(b)
	}
	if err != nil {
		os.Stderr.WriteString("e2e/emacs: " + err.Error() + "\n")
		os.Exit(2)
	}
	os.Exit(m.Run())
}

func block(t *testing.T, lang string) string {
	t.Helper()
	bs := e2eutil.FencedBlocks(readme, lang)
	if len(bs) != 1 {
		t.Fatalf("editors/README.md: want one %s block, found %d", lang, len(bs))
	}
	return bs[0]
}

func workspace(t *testing.T) string {
	ws := filepath.Join(t.TempDir(), "shop")
	if err := e2eutil.CopyTree(filepath.Join(repoRoot, "e2e", "testdata", "shop"), ws); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("git", "init", "-q", ws).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	return ws
}

// serverArgv maps the configured command to the binary under test; the snippets name it
// "dagster2mage", as found on PATH.
func serverArgv(t *testing.T, command string, args []string) []string {
	if command != "dagster2mage" {
		t.Fatalf("the snippet runs %q, want dagster2mage", command)
	}
	return append([]string{serverBin}, args...)
}

func checkInitialize(t *testing.T, argv []string, opts any) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ws := workspace(t)
	res, err := e2eutil.Initialize(ctx, argv, opts, (&url.URL{Scheme: "file", Path: ws}).String())
	if err != nil {
		t.Fatal(err)
	}
	caps, _ := res["capabilities"].(map[string]any)
	for _, c := range []string{"hoverProvider", "codeActionProvider", "executeCommandProvider"} {
		if caps[c] == nil || caps[c] == false {
			t.Errorf("server started as configured lacks %s: %v", c, caps)
		}
	}
}

func TestHelixSnippet(t *testing.T) {
	cmd := exec.Command("python3", "-c", "import json,sys,tomllib; print(json.dumps(tomllib.load(sys.stdin.buffer)))")
	cmd.Stdin = strings.NewReader(block(t, "toml"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the Helix languages.toml does not parse: %v", err)
	}
	var cfg struct {
		LanguageServer map[string]struct {
			Command string         `json:"command"`
			Args    []string       `json:"args"`
			Config  map[string]any `json:"config"`
		} `json:"language-server"`
		Language []struct {
			Name            string   `json:"name"`
			Roots           []string `json:"roots"`
			LanguageServers []string `json:"language-servers"`
		} `json:"language"`
	}
	if err := json.Unmarshal(out, &cfg); err != nil {
		t.Fatal(err)
	}
	ls, ok := cfg.LanguageServer["dagster2mage"]
	if !ok {
		t.Fatalf("no [language-server.dagster2mage]: %s", out)
	}
	if len(cfg.Language) != 1 || cfg.Language[0].Name != "python" || !slices.Contains(cfg.Language[0].LanguageServers, "dagster2mage") {
		t.Errorf("python does not use dagster2mage: %+v", cfg.Language)
	}
	checkInitialize(t, serverArgv(t, ls.Command, ls.Args), ls.Config)
}

func TestZedSnippet(t *testing.T) {
	var cfg struct {
		LSP map[string]struct {
			Binary struct {
				Path      string   `json:"path"`
				Arguments []string `json:"arguments"`
			} `json:"binary"`
			InitializationOptions map[string]any `json:"initialization_options"`
		} `json:"lsp"`
		Languages map[string]struct {
			LanguageServers []string `json:"language_servers"`
		} `json:"languages"`
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(block(t, "json"))))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf("the Zed settings do not parse: %v", err)
	}
	ls, ok := cfg.LSP["dagster2mage"]
	if !ok {
		t.Fatal("no lsp.dagster2mage")
	}
	if !slices.Contains(cfg.Languages["Python"].LanguageServers, "dagster2mage") {
		t.Errorf("Python does not use dagster2mage: %+v", cfg.Languages)
	}
	checkInitialize(t, serverArgv(t, ls.Binary.Path, ls.Binary.Arguments), ls.InitializationOptions)
}

// TestEmacsEglot loads the README's eglot snippet into a real Emacs and uses it.
func TestEmacsEglot(t *testing.T) {
	emacs, err := exec.LookPath("emacs")
	if err != nil {
		e2eutil.Missing(t, "emacs (apt-get install emacs-nox elpa-eglot)")
		return
	}
	tmp := t.TempDir()
	snippet := filepath.Join(tmp, "dagster2mage-eglot.el")
	if err := os.WriteFile(snippet, []byte(block(t, "elisp")), 0o644); err != nil {
		t.Fatal(err)
	}
	ws := workspace(t)
	// The snippet runs "dagster2mage" from PATH, as a user's set-up does.
	binDir := filepath.Join(tmp, "bin")
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(serverBin, filepath.Join(binDir, "dagster2mage")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "result.json")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "timeout", "-k", "5", "90", emacs, "--batch", "-Q",
		"-l", filepath.Join(repoRoot, "e2e", "emacs", "eglot-test.el"))
	cmd.Env = append(os.Environ(), "HOME="+tmp, "PATH="+binDir+":"+os.Getenv("PATH"),
		"SNIPPET="+snippet, "WORKSPACE="+ws, "RESULT_JSON="+out)
	logs, runErr := cmd.CombinedOutput()
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no result from emacs (%v): %v\n%s", runErr, err, e2eutil.Tail(string(logs), 4000))
	}
	e2eutil.KeepOutput(repoRoot, "emacs/eglot.json", raw)
	var r struct {
		Error         string `json:"error"`
		ServerProgram string `json:"server_program"`
		Root          string `json:"root"`
		Diagnostics   []struct {
			Source string `json:"source"`
			Code   any    `json:"code"`
		} `json:"diagnostics"`
		Flymake []string `json:"flymake"`
		Hover   string   `json:"hover"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("bad result %s: %v", raw, err)
	}
	if runErr != nil || r.Error != "" {
		t.Fatalf("emacs failed: %v %s\n%s", runErr, r.Error, e2eutil.Tail(string(logs), 4000))
	}
	if !strings.Contains(r.ServerProgram, "dagster2mage") {
		t.Errorf("the snippet did not register the server: %s", r.ServerProgram)
	}
	if filepath.Clean(r.Root) != ws {
		t.Errorf("eglot project root %q, want %q", r.Root, ws)
	}
	if len(r.Diagnostics) < 3 {
		t.Errorf("want findings for the three definitions, got %+v", r.Diagnostics)
	}
	for _, d := range r.Diagnostics {
		if d.Source != "dagster2mage" {
			t.Errorf("diagnostic source %q", d.Source)
		}
	}
	seen := false
	for _, f := range r.Flymake {
		seen = seen || strings.HasPrefix(f, "dagster2mage [DM")
	}
	if !seen {
		t.Errorf("Flymake does not show the findings: %q", r.Flymake)
	}
	if !strings.Contains(strings.ToLower(r.Hover), "transformer") {
		t.Errorf("hover on @asset of clean_users does not name a transformer block: %q", r.Hover)
	}
}
