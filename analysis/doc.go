/*
Package analysis parses Python with tree-sitter, resolves Dagster imports, extracts a typed
Dagster model per file, indexes a workspace across files and produces findings with rule codes.
Nothing here knows about LSP or Mage.

Usage overview (for the server, the translator and the CLI):

	ws := analysis.NewWorkspace(root, cfg)           // cfg from analysis.LoadConfig(root)
	ws.LoadFiles(ctx, analysis.ScanDir(root, cfg, nil), nil, onErr)

	// Editor: one Document per open file; every change makes a new snapshot.
	doc2 := doc.Edit(start, end, newText)               // incremental re-parse; doc stays valid
	fm2 := ws.Reanalyze(path, doc2, fm)                 // reuses unchanged statements of fm
	for _, p := range ws.Update(fm2) { publish(p, ws.Findings(p)) }

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
look the variable up with Workspace.LookupName).

Cross-file: Workspace.Assets / Asset / UpstreamKeys (asset graph with load_assets_from_modules
prefixes and groups), ResolveSelection (define_asset_job selections), Jobs / Job / JobFor,
CheckAsset, Resources, DefinitionsObjects, LookupName, RelatedOf.

Concurrency: a Workspace is safe for concurrent use. A Document's text and positions are safe
to read concurrently; hold Document.Lock while walking its tree (the binding caches nodes in a
map), including Tree() and Root().
*/
package analysis
