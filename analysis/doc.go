/*
Package analysis parses Python with tree-sitter, resolves Dagster imports, extracts a typed
Dagster model per file, indexes a workspace across files and produces findings with rule codes.
Nothing here knows about LSP or Mage.

Usage overview (for the server, the translator and the CLI):

	ws := analysis.NewWorkspace(root, cfg)           // cfg from analysis.LoadConfig(root)
	ws.LoadFiles(ctx, analysis.ScanDir(root, cfg, nil), nil, onErr)

	// Editor: one Document per open file; every change makes a new snapshot.
	doc2 := doc.Edit(start, end, newText)               // re-parses the touched statements; doc stays valid
	fm2 := ws.Reanalyze(path, doc2, fm)                 // reuses unchanged statements of fm
	for _, p := range ws.Update(fm2) { publish(p, ws.Findings(p)) }

Parsing: a Document keeps one tree per top-level statement ("chunk", found by a light lexer in
chunker.go), so an edit re-parses only the statements it touches and the others keep their
trees (document_chunks.go). A fresh Document parses its text once and its chunks share that
tree. Tree() and Root() parse the whole text again on first use (for tests and tools).

Positions: spans are byte offsets (Span{Start, End}); Document.PositionAt / OffsetAt convert to
and from 0-based line/column in UTF-8 bytes, UTF-16 code units or code points.

Model: FileModel.Defs lists every recognised construct in source order (decorated functions,
calls, classes, references such as executor_def=in_process_executor); constructs nested in
another's arguments (an inline RetryPolicy, a define_asset_job inside Definitions) have Parent
set. Definition.Call keeps every argument as a Value; the specialised fields (Key, Deps, Params,
Partitions, Retry, Outs, Check, Schedule, Sensor, Job, AssetJob, Definitions, Resource...) are
filled where the construct has them. FileModel.Dynamic lists definitions built in loops or
factories. Definitions are immutable once returned and may be shared between snapshots; a
definition's spans only point inside its own top-level statement (values borrowed from another
statement, such as a partitions variable or a Config class's fields, are copies without spans:
look the variable up with Workspace.LookupName). A Definition is a small header (Span, Head and
NameSpan in this snapshot, Parent) around a DefCore that re-analysis shares between snapshots:
spans inside the DefCore (ParamsSpan, BodySpan, DocSpan, Call and every Value, Params, Deps, op
calls...) are where the statement was when it was analyzed, and Definition.Abs turns them into
offsets of this snapshot.

Cross-file: Workspace.Assets / Asset / UpstreamKeys (asset graph with load_assets_from_modules
prefixes and groups), ResolveSelection (define_asset_job selections: keys, groups, prefixes,
tags, kinds, owners, up/downstream, and the string syntax key:/group:/tag:/kind:/owner: with
and/or/not), Jobs / Job / JobFor, CheckAsset, Resources, DefinitionsObjects, LookupName (follows
re-exports), ConfigClass (a definition's Config class in any module), RelatedOf.

dg components: ScanDir also lists defs.yaml / component.yaml; their instances are Definitions
with Form yaml (Call = the component type called with its attributes), findings point into the
YAML (DM113 dbt project component, DM905 other components, DM806 loader components).

Concurrency: a Workspace is safe for concurrent use. A Document's text and positions are safe
to read concurrently; hold Document.Lock while walking its tree (the binding caches nodes in a
map), including Tree() and Root().
*/
package analysis
