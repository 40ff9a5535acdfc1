package server

import (
	"context"
	"slices"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/dagster2mage/dagster2mage/analysis"
)

const (
	stateUninitialized int32 = iota
	stateInitialized         // initialize answered; requests accepted
	stateShutdown            // shutdown answered; only exit is accepted
)

func (s *Server) lifecycle() int32 { return s.state.Load() }

// clientInfo is what the server needs to know about the client, decoded from the raw
// initialize params: protocol v0.12.0 has no general.positionEncodings (LSP 3.17), and
// decoding only what we use keeps an unusual capability shape from failing initialize.
type clientInfo struct {
	name             string
	encoding         analysis.Encoding
	encodingName     string // "utf-8" or "utf-16", echoed as positionEncoding
	applyEdit        bool
	documentChanges  bool
	resourceCreate   bool // workspaceEdit.resourceOperations contains "create"
	annotations      bool // workspaceEdit.changeAnnotationSupport
	workDoneProgress bool // window.workDoneProgress
	showDocument     bool
	configuration    bool // workspace/configuration
	workspaceFolders bool
	watchRegister    bool // didChangeWatchedFiles.dynamicRegistration
	resolveEdit      bool // codeAction.resolveSupport.properties contains "edit"
	actionLiterals   bool // codeAction.codeActionLiteralSupport
	markdownHover    bool
}

type rawInitializeParams struct {
	ProcessID  *int32 `json:"processId"`
	RootURI    string `json:"rootUri"`
	RootPath   string `json:"rootPath"`
	ClientInfo *struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"clientInfo"`
	InitializationOptions json.RawMessage            `json:"initializationOptions"`
	WorkspaceFolders      []protocol.WorkspaceFolder `json:"workspaceFolders"`
	Capabilities          struct {
		General *struct {
			PositionEncodings []string `json:"positionEncodings"`
		} `json:"general"`
		Window *struct {
			WorkDoneProgress bool            `json:"workDoneProgress"`
			ShowDocument     json.RawMessage `json:"showDocument"`
		} `json:"window"`
		Workspace *struct {
			ApplyEdit     bool `json:"applyEdit"`
			WorkspaceEdit *struct {
				DocumentChanges         bool            `json:"documentChanges"`
				ResourceOperations      []string        `json:"resourceOperations"`
				ChangeAnnotationSupport json.RawMessage `json:"changeAnnotationSupport"`
			} `json:"workspaceEdit"`
			Configuration         bool `json:"configuration"`
			WorkspaceFolders      bool `json:"workspaceFolders"`
			DidChangeWatchedFiles *struct {
				DynamicRegistration bool `json:"dynamicRegistration"`
			} `json:"didChangeWatchedFiles"`
		} `json:"workspace"`
		TextDocument *struct {
			Hover *struct {
				ContentFormat []string `json:"contentFormat"`
			} `json:"hover"`
			CodeAction *struct {
				CodeActionLiteralSupport json.RawMessage `json:"codeActionLiteralSupport"`
				ResolveSupport           *struct {
					Properties []string `json:"properties"`
				} `json:"resolveSupport"`
			} `json:"codeAction"`
		} `json:"textDocument"`
	} `json:"capabilities"`
}

func negotiate(p *rawInitializeParams) clientInfo {
	c := clientInfo{encoding: analysis.UTF16, encodingName: "utf-16"}
	if p.ClientInfo != nil {
		c.name = p.ClientInfo.Name
	}
	caps := p.Capabilities
	// UTF-8 only when offered: it saves the conversion, and UTF-16 is the default every
	// client must accept.
	if caps.General != nil && slices.Contains(caps.General.PositionEncodings, "utf-8") {
		c.encoding, c.encodingName = analysis.UTF8, "utf-8"
	}
	if w := caps.Window; w != nil {
		c.workDoneProgress = w.WorkDoneProgress
		c.showDocument = len(w.ShowDocument) > 0 && string(w.ShowDocument) != "null"
	}
	if w := caps.Workspace; w != nil {
		c.applyEdit = w.ApplyEdit
		c.configuration = w.Configuration
		c.workspaceFolders = w.WorkspaceFolders
		if w.DidChangeWatchedFiles != nil {
			c.watchRegister = w.DidChangeWatchedFiles.DynamicRegistration
		}
		if we := w.WorkspaceEdit; we != nil {
			c.documentChanges = we.DocumentChanges
			// Neovim 0.7 applies documentChanges and resource operations but never sets
			// documentChanges=true, so creation support is read from resourceOperations.
			c.resourceCreate = slices.Contains(we.ResourceOperations, "create")
			c.annotations = len(we.ChangeAnnotationSupport) > 0 && string(we.ChangeAnnotationSupport) != "null"
		}
	}
	if td := caps.TextDocument; td != nil {
		if td.Hover != nil {
			c.markdownHover = len(td.Hover.ContentFormat) == 0 || slices.Contains(td.Hover.ContentFormat, "markdown")
		}
		if ca := td.CodeAction; ca != nil {
			c.actionLiterals = len(ca.CodeActionLiteralSupport) > 0 && string(ca.CodeActionLiteralSupport) != "null"
			c.resolveEdit = ca.ResolveSupport != nil && slices.Contains(ca.ResolveSupport.Properties, "edit")
		}
	}
	return c
}

// serverCapabilities adds LSP 3.17's positionEncoding to what protocol v0.12.0 can say.
type serverCapabilities struct {
	PositionEncoding       string                           `json:"positionEncoding,omitempty"`
	TextDocumentSync       protocol.TextDocumentSyncOptions `json:"textDocumentSync"`
	HoverProvider          bool                             `json:"hoverProvider"`
	CodeActionProvider     codeActionOptions                `json:"codeActionProvider"`
	ExecuteCommandProvider protocol.ExecuteCommandOptions   `json:"executeCommandProvider"`
	Workspace              serverWorkspaceCapabilities      `json:"workspace"`
}

type codeActionOptions struct {
	CodeActionKinds []protocol.CodeActionKind `json:"codeActionKinds"`
	ResolveProvider bool                      `json:"resolveProvider"`
}

type serverWorkspaceCapabilities struct {
	WorkspaceFolders struct {
		Supported           bool `json:"supported"`
		ChangeNotifications bool `json:"changeNotifications"`
	} `json:"workspaceFolders"`
}

type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

func (s *Server) initialize(_ context.Context, params json.RawMessage) (any, error) {
	var p rawInitializeParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.client = negotiate(&p)
	settings, err := parseSettings(p.InitializationOptions)
	if err != nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "initializationOptions: "+err.Error())
	}
	s.sess.setInitialSettings(settings)
	folders := p.WorkspaceFolders
	if len(folders) == 0 {
		root := p.RootURI
		if root == "" && p.RootPath != "" {
			root = string(fileURI(p.RootPath))
		}
		if root != "" {
			folders = []protocol.WorkspaceFolder{{URI: root, Name: "root"}}
		}
	}
	for _, f := range folders {
		s.sess.addFolder(f)
	}

	caps := serverCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: true,
			Change:    protocol.TextDocumentSyncKindIncremental,
			Save:      &protocol.SaveOptions{IncludeText: false},
		},
		HoverProvider: true,
		CodeActionProvider: codeActionOptions{
			CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, protocol.Source, sourceMigrateFile},
			ResolveProvider: true,
		},
		ExecuteCommandProvider: protocol.ExecuteCommandOptions{Commands: commandNames()},
	}
	if p.Capabilities.General != nil {
		caps.PositionEncoding = s.client.encodingName // only 3.17 clients understand it
	}
	caps.Workspace.WorkspaceFolders.Supported = true
	caps.Workspace.WorkspaceFolders.ChangeNotifications = true
	s.state.Store(stateInitialized)
	s.log.Info("initialized", "client", s.client.name, "encoding", s.client.encodingName, "folders", len(folders))
	return initializeResult{
		Capabilities: caps,
		ServerInfo:   &protocol.ServerInfo{Name: "dagster2mage", Version: s.opts.Version},
	}, nil
}

// initialized starts what needs client round trips (they cannot run on the reading
// goroutine, which must stay free to read the replies): file watching, pulled
// configuration, then the workspace scan.
func (s *Server) initialized(context.Context, json.RawMessage) error {
	s.scanLater(s.sess.folderList(), func() {
		if s.client.watchRegister {
			s.registerWatchers(s.baseCtx)
		}
		s.pullConfiguration(s.baseCtx)
	})
	return nil
}

func (s *Server) shutdown(context.Context, json.RawMessage) (any, error) {
	s.state.Store(stateShutdown)
	s.stop() // ends background scans and diagnostics work
	return nil, nil
}

// exit ends Serve: 0 when shutdown came first, 1 otherwise (LSP spec).
func (s *Server) exit(context.Context, json.RawMessage) error {
	code := int32(1)
	if s.lifecycle() == stateShutdown {
		code = 0
	}
	s.exitCode.Store(code)
	s.stop()
	s.exitOnce.Do(func() { close(s.exited) })
	return nil
}
