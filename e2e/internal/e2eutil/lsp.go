package e2eutil

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os/exec"
	"strconv"
	"strings"
)

// Initialize starts argv as a language server over stdio, sends initialize with the given
// initializationOptions and root, and returns the result; then shuts the server down. It checks that
// an editor configured with exactly this command line gets a working server.
func Initialize(ctx context.Context, argv []string, initOptions any, rootURI string) (map[string]any, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %v: %w", argv, err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	r := bufio.NewReader(stdout)
	send := func(msg map[string]any) error {
		msg["jsonrpc"] = "2.0"
		b, _ := json.Marshal(msg)
		_, err := fmt.Fprintf(stdin, "Content-Length: %d\r\n\r\n%s", len(b), b)
		return err
	}
	params := map[string]any{"processId": nil, "rootUri": rootURI, "capabilities": map[string]any{},
		"workspaceFolders": []map[string]any{{"uri": rootURI, "name": "ws"}}}
	if initOptions != nil {
		params["initializationOptions"] = initOptions
	}
	if err := send(map[string]any{"id": 1, "method": "initialize", "params": params}); err != nil {
		return nil, err
	}
	for {
		msg, err := readMessage(r)
		if err != nil {
			return nil, fmt.Errorf("reading the answer to initialize: %w (stderr: %s)", err, Tail(stderr.String(), 2000))
		}
		if id, ok := msg["id"].(float64); ok && id == 1 && msg["method"] == nil {
			if e, ok := msg["error"]; ok {
				return nil, fmt.Errorf("initialize failed: %v", e)
			}
			res, _ := msg["result"].(map[string]any)
			_ = send(map[string]any{"method": "initialized", "params": map[string]any{}})
			_ = send(map[string]any{"id": 2, "method": "shutdown"})
			_ = send(map[string]any{"method": "exit"})
			return res, nil
		}
	}
}

func readMessage(r *bufio.Reader) (map[string]any, error) {
	h, err := textproto.NewReader(r).ReadMIMEHeader()
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(h.Get("Content-Length"))
	if err != nil {
		return nil, fmt.Errorf("bad Content-Length %q", h.Get("Content-Length"))
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	var msg map[string]any
	return msg, json.Unmarshal(body, &msg)
}

// FencedBlocks returns the contents of the Markdown code blocks whose info string is lang.
func FencedBlocks(markdown, lang string) []string {
	var out []string
	var cur []string
	in := false
	for _, line := range strings.Split(markdown, "\n") {
		switch {
		case !in && strings.TrimSpace(line) == "```"+lang:
			in, cur = true, nil
		case in && strings.TrimSpace(line) == "```":
			in = false
			out = append(out, strings.Join(cur, "\n")+"\n")
		case in:
			cur = append(cur, line)
		}
	}
	return out
}
