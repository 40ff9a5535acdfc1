package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/codeactions"
)

const (
	commandMigrateWorkspace = "dagster2mage.migrateWorkspace"
	commandMigrateFile      = "dagster2mage.migrateFile"
	commandConvert          = "dagster2mage.convert"
)

// reportPath is where commands write the migration report, relative to the output folder
// (next to codeactions' manifest).
const reportPath = ".dagster2mage/report.json"

func commandNames() []string {
	return []string{commandMigrateWorkspace, commandMigrateFile, commandConvert}
}

type executeCommandParams struct {
	Command       string            `json:"command"`
	Arguments     []json.RawMessage `json:"arguments"`
	WorkDoneToken json.RawMessage   `json:"workDoneToken,omitempty"`
}

// commandArgs accepts both positional (["uri", "name"]) and object ([{"uri":…}]) forms.
type commandArgs struct {
	URI    protocol.DocumentURI `json:"uri"`
	Name   string               `json:"name"`
	Folder protocol.DocumentURI `json:"folder"`
}

func parseCommandArgs(raw []json.RawMessage) (commandArgs, error) {
	var a commandArgs
	for i, r := range raw {
		if len(r) == 0 || string(r) == "null" {
			continue
		}
		if r[0] == '{' {
			if err := json.Unmarshal(r, &a); err != nil {
				return a, invalidParams(err)
			}
			continue
		}
		var sv string
		if err := json.Unmarshal(r, &sv); err != nil {
			return a, invalidParams(fmt.Errorf("argument %d: want a string or an object", i))
		}
		switch i {
		case 0:
			a.URI = protocol.DocumentURI(sv)
		case 1:
			a.Name = sv
		}
	}
	return a, nil
}

// commandResult is the executeCommand result; editors may show it, tests read it.
type commandResult struct {
	Out       string   `json:"out"`
	Report    string   `json:"report"`
	Applied   bool     `json:"applied"`
	Files     int      `json:"files"`
	Converted int      `json:"converted"`
	Review    int      `json:"review"`
	Manual    int      `json:"manual"`
	Conflicts []string `json:"conflicts"`
}

func (s *Server) executeCommand(ctx context.Context, params json.RawMessage) (any, error) {
	var p executeCommandParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	args, err := parseCommandArgs(p.Arguments)
	if err != nil {
		return nil, err
	}
	// The user can cancel from the progress UI as well as with $/cancelRequest.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		f          *folder
		kind, path string
		title      string
	}
	var jobs []job
	switch p.Command {
	case commandMigrateWorkspace:
		folders := s.sess.folderList()
		if args.Folder != "" || args.URI != "" {
			want := args.Folder
			if want == "" {
				want = args.URI
			}
			root, ok := uriPath(want)
			if !ok {
				return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "folder must be a file URI")
			}
			folders = nil
			for _, f := range s.sess.folderList() {
				if f.root == root {
					folders = append(folders, f)
				}
			}
		}
		if len(folders) == 0 {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "no workspace folder to migrate")
		}
		sort.Slice(folders, func(i, j int) bool { return folders[i].root < folders[j].root })
		for _, f := range folders {
			jobs = append(jobs, job{f: f, kind: "workspace", title: "migrating " + f.name})
		}
	case commandMigrateFile, commandConvert:
		path, ok := uriPath(args.URI)
		if !ok {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, p.Command+": want a file URI argument")
		}
		if p.Command == commandConvert && args.Name == "" {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, p.Command+": want the definition's name")
		}
		f := s.sess.folderFor(path)
		if f.loose {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, p.Command+": "+path+" is outside every workspace folder; open its project as a folder to migrate it")
		}
		if o := s.sess.overlay(path); o != nil && f.ws.File(path) != o.model(f) {
			s.diag.later(f.update(o.model(f))...)
		}
		kind, title := "file", "migrating "+filepath.Base(path)
		if p.Command == commandConvert {
			kind, title = "convert", "converting "+args.Name
		}
		jobs = append(jobs, job{f: f, kind: kind, path: path, title: title})
	default:
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "unknown command "+p.Command)
	}

	prog := s.prog.begin(ctx, p.WorkDoneToken, "dagster2mage: "+jobs[0].title, cancel)
	defer prog.end("")
	var results []commandResult
	for i, j := range jobs {
		prog.report("translating "+j.f.name, i*100/len(jobs))
		res, err := s.runMigration(ctx, j.f, j.kind, j.path, args.Name, prog)
		if err != nil {
			if ctx.Err() != nil {
				prog.end("cancelled")
				s.showMessage(protocol.MessageTypeInfo, "dagster2mage: "+j.title+" cancelled; nothing was written")
				return nil, jsonrpc2.NewError(protocol.CodeRequestCancelled, "cancelled")
			}
			prog.end("failed")
			s.showMessage(protocol.MessageTypeError, fmt.Sprintf("dagster2mage: %s failed: %v", j.title, err))
			return nil, err
		}
		results = append(results, res)
	}
	prog.end("done")
	if len(results) == 1 {
		return results[0], nil
	}
	return results, nil
}

// runMigration translates, applies and reports one job.
func (s *Server) runMigration(ctx context.Context, f *folder, kind, path, name string, prog *progress) (commandResult, error) {
	// Translate the whole workspace, not the part indexed so far.
	if err := f.busy.wait(ctx); err != nil {
		return commandResult{}, err
	}
	plan, err := s.plan(ctx, f, kind, path, name)
	if err != nil {
		return commandResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return commandResult{}, err
	}
	out := s.outDir(f)
	res := commandResult{Out: out, Report: filepath.Join(out, filepath.FromSlash(reportPath)), Conflicts: []string{}}
	counts := plan.Counts()
	res.Converted, res.Review, res.Manual = counts[codeactions.StatusConverted], counts[codeactions.StatusReview], counts[codeactions.StatusManual]
	prog.report("writing files", 60)

	if s.client.applyEdit && s.client.resourceCreate {
		be, err := s.buildEdit(f, plan)
		if err != nil {
			return res, err
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
		res.Conflicts = append(res.Conflicts, be.skipped...)
		for _, oc := range be.outcomes {
			if oc.Action != codeactions.ActionUnchanged {
				res.Files++
			}
		}
		if len(be.edit.DocumentChanges) > 0 {
			var resp protocol.ApplyWorkspaceEditResponse
			// Raw call: protocol v0.12.0's Client.ApplyEdit decodes the reply into a bool and
			// always fails.
			if _, err := s.conn.Call(ctx, "workspace/applyEdit", applyEditParams{Label: "dagster2mage: " + kind, Edit: be.edit}, &resp); err != nil {
				return res, fmt.Errorf("workspace/applyEdit: %w", err)
			}
			if !resp.Applied {
				reason := resp.FailureReason
				if reason == "" {
					reason = "the editor declined the edit"
				}
				return res, fmt.Errorf("files not written: %s", reason)
			}
		}
		res.Applied = true
	} else {
		// The client cannot create files: write them here, atomically, never replacing a
		// file the user changed.
		record := s.recordMigrated(f, out, plan) // before the files change under it
		results, err := codeactions.Apply(plan, out, false)
		if err != nil {
			return res, fmt.Errorf("write files: %w", err)
		}
		if err := codeactions.WriteAtomic(filepath.Join(out, filepath.FromSlash(codeactions.MigratedPath)), record); err != nil {
			return res, fmt.Errorf("write %s: %w", codeactions.MigratedPath, err)
		}
		for _, r := range results {
			switch r.Action {
			case codeactions.ActionConflict:
				res.Conflicts = append(res.Conflicts, r.Path)
			case codeactions.ActionCreate, codeactions.ActionUpdate, codeactions.ActionOverwrite:
				res.Files++
			}
		}
		res.Applied = true
	}
	prog.report("writing the report", 90)
	if err := writeReport(res.Report, plan); err != nil {
		return res, err
	}
	s.showMessage(protocol.MessageTypeInfo, summary(res, plan, f))
	s.migrated.forget(out)
	s.diag.now(s.sess.openPaths()...) // migrated constructs are no longer pending
	return res, nil
}

type applyEditParams struct {
	Label string        `json:"label,omitempty"`
	Edit  workspaceEdit `json:"edit"`
}

func writeReport(path string, plan *codeactions.Plan) error {
	b, err := json.MarshalIndent(plan, "", "  ")
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := codeactions.WriteAtomic(path, append(b, '\n')); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func summary(res commandResult, plan *codeactions.Plan, f *folder) string {
	rel := func(p string) string {
		if r, err := filepath.Rel(f.root, p); err == nil && !strings.HasPrefix(r, "..") {
			return r
		}
		return p
	}
	msg := fmt.Sprintf("dagster2mage: %d constructs — %d converted, %d to review, %d without a Mage equivalent; %d files written to %s (report: %s)",
		len(plan.Report), res.Converted, res.Review, res.Manual, res.Files, rel(res.Out), rel(res.Report))
	if len(res.Conflicts) > 0 {
		msg += fmt.Sprintf("; kept %d file(s) you changed: %s", len(res.Conflicts), strings.Join(res.Conflicts, ", "))
	}
	return msg
}
