package codeactions

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
	"github.com/dagster2mage/dagster2mage/mage"
)

// unit is one Dagster function (asset, multi-asset, op) that becomes one block file.
type unit struct {
	path  string
	rel   string // path relative to the workspace root, for headers and the report
	def   *analysis.Definition
	mod   *pyModule
	uuid  string
	entry *Entry
	isOp  bool
	// isCheck: an asset check turned into a block of its own (it reads other assets).
	isCheck bool
	// inputs are the positional parameters in upstream order; upstream/orderOnly the uuids.
	inputs    []inputParam
	upstream  []string
	orderOnly []string
	// locals are parameters not wired to an upstream: they become locals with their default.
	locals []analysis.Param
	// outs > 1: several outputs (Mage splits the returned tuple).
	outs     int
	dynamic  bool
	typ      mage.BlockType
	file     string
	testDefs []*analysis.Definition
	hasDown  bool
	retry    *mage.RetryConfig
	code     genResult
	wired    bool
	partKey  *analysis.Partitions
	config   []configVar
	// alias: the block of an `op.alias("x")` call (its op's own unit is t.units[def]).
	alias bool
	// graph: the @graph_asset this unit stands for (the unit runs its last op); stub: why the
	// block must be written by hand (a placeholder file is generated).
	graph *analysis.Definition
	stub  string
	// inGraph: an op block of an expanded graph asset (pulled into pipelines with the asset);
	// reduce: its mapped results are collected (reduce_output).
	inGraph, reduce bool
	// loader: the custom IO manager whose load_input reads this body-less SourceAsset.
	loader *resourceBinding
	// loadsFrom: upstream uuids whose values the block reads back with an IO manager's
	// load_input: it runs after their exporter blocks.
	loadsFrom []string
	// callAt is where the block function's body starts in its generated code (a call to the
	// module setup function goes there).
	callAt int
}

type translator struct {
	// extraReqs: pip packages generated blocks need beyond their imports (Mage IO extras).
	extraReqs []string
	ctx       context.Context
	ws        *analysis.Workspace
	opts      Options
	project   string
	root      string

	pr      *mage.Project
	entries []*Entry
	byDef   map[*analysis.Definition]*Entry
	mods    map[string]*pyModule
	units   map[*analysis.Definition]*unit
	order   []*unit
	uuids   map[string]bool
	// ops by python name, for job bodies
	opsByName map[string][]analysis.DefRef
	// resources used by blocks: key → binding
	resources map[string]*resourceBinding
	resOrder  []string
	// ioDefKeys: the resource key made for an asset's io_manager_def=... (no key in Dagster).
	ioDefKeys map[*analysis.Definition]string
	// utils helpers needed
	needPartitions bool
	pipelines      map[string]*mage.Pipeline
	pipeOrder      []string
	// assets placed in some pipeline
	placed map[*analysis.Definition]bool
	files  map[string][]byte
	extras map[string]*pipeExtra
	// usedRes are the resource keys some block calls.
	usedRes      map[string]bool
	pendingHooks []pendingHook
	// resourceClasses are the resource classes of the workspace by Python name.
	resourceClasses map[string]bool
	paramCache      map[*analysis.Definition][]analysis.Param
	// needIOConfig: some generated block reads io_config.yaml through utils/resources.py.
	needIOConfig bool
	// tickCfg: config fields of a unit computed by a schedule function from its tick.
	tickCfg map[*analysis.Definition][]tickAssign
	// localTops are the top-level packages and modules of the Dagster workspace.
	localTops map[string]bool
	// importLines are the import statements written into generated files (for requirements).
	importLines []string
	// checkOut is the output index a check on a multi-output block reads.
	checkOut map[*analysis.Definition]int
	// pm copies the project's own modules the blocks import; inlining guards inlineFrom.
	pm       *projMods
	inlining map[string]bool
}

// MigrateWorkspace translates every file of the workspace into a Mage project plan.
func MigrateWorkspace(ctx context.Context, ws *analysis.Workspace, opts Options) (*Plan, error) {
	t := newTranslator(ctx, ws, opts)
	defer t.close()
	if err := t.run(); err != nil {
		return nil, err
	}
	return t.plan(nil), nil
}

// MigrateFile translates the workspace and keeps what the constructs of one file produce,
// plus the pipelines and shared files they need.
func MigrateFile(ctx context.Context, ws *analysis.Workspace, path string, opts Options) (*Plan, error) {
	t := newTranslator(ctx, ws, opts)
	defer t.close()
	if err := t.run(); err != nil {
		return nil, err
	}
	return t.plan(func(e *Entry) bool { return e.abs == path }), nil
}

// Convert translates one construct (by its Dagster name or Python name) of a file.
func Convert(ctx context.Context, ws *analysis.Workspace, path, defName string, opts Options) (*Plan, error) {
	t := newTranslator(ctx, ws, opts)
	defer t.close()
	if err := t.run(); err != nil {
		return nil, err
	}
	found := false
	p := t.plan(func(e *Entry) bool {
		ok := e.abs == path && (e.Name == defName || e.varName == defName)
		found = found || ok
		return ok
	})
	if !found {
		return nil, fmt.Errorf("convert: no construct %q in %s", defName, path)
	}
	return p, nil
}

func newTranslator(ctx context.Context, ws *analysis.Workspace, opts Options) *translator {
	name := opts.ProjectName
	if name != "" {
		name = mage.Identifier(name)
	} else {
		base := filepath.Base(filepath.Clean(opts.Out))
		if opts.Out == "" || base == "." || base == string(filepath.Separator) {
			base = "mage_project"
		}
		name = mage.Identifier(base)
	}
	switch opts.PipelineStrategy {
	case StrategyGroup, StrategySingle:
	default:
		opts.PipelineStrategy = StrategyJob
	}
	return &translator{ctx: ctx, ws: ws, opts: opts, project: name, root: ws.Root(),
		pr:    &mage.Project{Name: name, Files: map[string][]byte{}},
		byDef: map[*analysis.Definition]*Entry{}, mods: map[string]*pyModule{},
		units: map[*analysis.Definition]*unit{}, uuids: map[string]bool{},
		opsByName: map[string][]analysis.DefRef{}, resources: map[string]*resourceBinding{}, ioDefKeys: map[*analysis.Definition]string{},
		pipelines: map[string]*mage.Pipeline{}, placed: map[*analysis.Definition]bool{},
		files: map[string][]byte{}, usedRes: map[string]bool{}, checkOut: map[*analysis.Definition]int{},
		tickCfg: map[*analysis.Definition][]tickAssign{}}
}

// close frees the syntax trees parsed for the translation.
func (t *translator) close() {
	for _, m := range t.mods {
		if m != nil {
			m.close()
		}
	}
}

func (t *translator) relPath(p string) string {
	if r, err := filepath.Rel(t.root, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(filepath.Base(p))
}

func (t *translator) module(path string) *pyModule {
	if m, ok := t.mods[path]; ok {
		return m
	}
	fm := t.ws.File(path)
	if fm == nil || fm.Doc == nil {
		t.mods[path] = nil
		return nil
	}
	m, err := newModule(fm.Doc.Text(), t.isLocalTop)
	if err != nil {
		m = nil
	}
	t.mods[path] = m
	return m
}

// entry returns the report entry of a definition, creating it.
func (t *translator) entry(path string, d *analysis.Definition) *Entry {
	if e, ok := t.byDef[d]; ok {
		return e
	}
	line := 1
	if fm := t.ws.File(path); fm != nil && fm.Doc != nil {
		line = fm.Doc.PositionAt(d.Head.Start, analysis.UTF8).Line + 1
	}
	e := &Entry{Path: t.relPath(path), Line: line, Construct: d.Construct, Name: d.Name, Status: StatusConverted,
		abs: path, varName: d.VarName}
	t.byDef[d] = e
	t.entries = append(t.entries, e)
	return e
}

// noteOn adds a review note; manual marks it as having no equivalent.
func (e *Entry) noteOn(status Status, code, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for _, n := range e.Notes {
		if n == msg {
			return
		}
	}
	e.Notes = append(e.Notes, msg)
	if code != "" {
		found := false
		for _, c := range e.Codes {
			found = found || c == code
		}
		if !found {
			e.Codes = append(e.Codes, code)
		}
	}
	if status.rank() > e.Status.rank() {
		e.Status = status
	}
}

func (e *Entry) addFile(rel string) {
	for _, f := range e.Files {
		if f == rel {
			return
		}
	}
	e.Files = append(e.Files, rel)
}

func (e *Entry) dropFile(rel string) {
	for i, f := range e.Files {
		if f == rel {
			e.Files = append(e.Files[:i], e.Files[i+1:]...)
			return
		}
	}
}

// uniqueUUID reserves a project-wide uuid derived from base.
func (t *translator) uniqueUUID(base string) string {
	u := mage.UUID(base)
	if !t.uuids[u] {
		t.uuids[u] = true
		return u
	}
	for i := 2; ; i++ {
		c := u + "_" + strconv.Itoa(i)
		if !t.uuids[c] {
			t.uuids[c] = true
			return c
		}
	}
}

func (t *translator) run() error {
	files := t.ws.Files()
	sort.Strings(files)
	// Every recognized construct gets a report entry, in source order.
	for _, p := range files {
		if err := t.ctx.Err(); err != nil {
			return err
		}
		fm := t.ws.File(p)
		for _, d := range fm.Defs {
			e := t.entry(p, d)
			if d.Dynamic {
				e.noteOn(StatusManual, "DM901", "%s built dynamically (%s) cannot be translated statically; migrate the generated definitions by hand", d.Construct, d.Reason)
			}
			if d.Kind == analysis.KindOp || d.Kind == analysis.KindGraph {
				t.opsByName[d.VarName] = append(t.opsByName[d.VarName], analysis.DefRef{Path: p, Def: d})
			}
		}
	}
	t.collectResources(files)
	// Asset units first (their uuids come from asset keys), then pipelines.
	for _, n := range t.ws.Assets() {
		if n.Def == nil || n.Def.Dynamic {
			continue
		}
		t.assetUnit(n.Path, n.Def)
	}
	t.wireAssets()
	t.buildJobPipelines(files)
	t.looseToJobs(files)
	t.buildAssetPipelines(files)
	t.attachChecks(files)
	t.collectTickConfigs(files)
	t.finishUnits()
	t.emitHooks()
	t.ioExporters()
	t.buildSchedulesAndSensors(files)
	t.automation(files)
	t.coverRest(files)
	t.projectFiles()
	return nil
}
