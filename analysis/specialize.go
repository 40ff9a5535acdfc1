package analysis

import "strings"

// specialize fills the construct-specific parts of a definition from its call and function.
func (x *extractor) specialize(d *Definition, idx int) {
	call := d.Call
	if n, ok := call.Kwarg("name").StringValue(); ok && d.Kind != KindPartitions {
		d.Name = n
	}
	switch d.Kind {
	case KindAsset, KindIntegration:
		x.asset(d)
	case KindOp:
		if d.Construct == "op" {
			x.op(d)
		}
	case KindGraph:
		x.classifyParams(d, nil)
		x.jobBody(d)
	case KindJob:
		x.job(d)
	case KindCheck:
		x.check(d)
	case KindSchedule:
		x.schedule(d)
	case KindSensor:
		x.sensor(d)
	case KindPartitions:
		d.Partitions = x.partitionsOf(call)
		if d.Partitions != nil {
			d.Partitions.Var = d.VarName
		}
	case KindRetry:
		d.Retry = x.retryOf(call)
		if d.Retry != nil {
			d.Retry.Var = d.VarName
		}
	case KindDefinitions:
		x.definitions(d)
	case KindResource, KindIOManager:
		if d.Form == FormDecorator {
			d.ConfigSchema = call.Kwarg("config_schema")
			d.RequiredResources = stringList(call.Kwarg("required_resource_keys"))
		}
		if d.Form == FormCall && d.Resource == nil {
			d.Resource = &ResourceInfo{}
			for _, k := range call.Kwargs {
				f := Field{Name: k.Name, Default: k.Value.Text, HasDef: true, DefValue: k.Value, EnvVar: envVarOf(k.Value), Span: k.Value.Span}
				d.Resource.Fields = append(d.Resource.Fields, f)
			}
		}
	case KindHook:
		d.RequiredResources = stringList(call.Kwarg("required_resource_keys"))
	case KindConfig:
		if d.Construct == "EnvVar" {
			if s, ok := call.Arg(0).StringValue(); ok {
				d.Name = s
			}
		}
	}
	if d.Form != FormClass {
		if rp := call.Kwarg("retry_policy"); rp != nil && d.Retry == nil {
			d.Retry = x.retryOf(rp)
		}
	}
	_ = idx
}

// common reads the keyword arguments shared by assets, ops and checks.
func (x *extractor) common(d *Definition) {
	c := d.Call
	if p := c.Kwarg("partitions_def"); p != nil {
		d.Partitions = x.partitionsOf(p)
	}
	if s := c.Kwarg("config_schema"); s != nil {
		d.ConfigSchema = s
	}
	d.RequiredResources = stringList(c.Kwarg("required_resource_keys"))
	if s, ok := c.Kwarg("io_manager_key").StringValue(); ok {
		d.IOManagerKey = s
	}
	if g, ok := c.Kwarg("group_name").StringValue(); ok {
		d.Group = g
	}
}

// asset fills keys, params and dependencies of @asset / @multi_asset / @graph_asset and
// the external asset forms.
func (x *extractor) asset(d *Definition) {
	c := d.Call
	x.common(d)
	switch d.Construct {
	case "AssetSpec", "SourceAsset":
		d.Key = x.keyPath(c.ArgOr("key", 0))
		d.Name = strings.Join(d.Key, "/")
		if d.Name == "" {
			d.Name = d.VarName
		}
		x.depsFrom(d, c.Kwarg("deps"), DepDeps)
		return
	case "AssetsDefinition.from_graph", "AssetsDefinition.from_op":
		if g := c.Arg(0); g != nil {
			d.Name = g.Name
		}
		d.KeyPrefix = stringList(c.Kwarg("key_prefix"))
		return
	}
	if key := c.Kwarg("key"); key != nil {
		d.Key = x.keyPath(key)
		if len(d.Key) > 0 {
			d.Name = d.Key[len(d.Key)-1]
		}
	} else {
		d.KeyPrefix = stringList(c.Kwarg("key_prefix"))
		if d.Name != "" {
			d.Key = append(append([]string(nil), d.KeyPrefix...), d.Name)
		}
	}
	if d.Kind == KindIntegration {
		// dbt/sling/dlt assets define many keys only known from their manifests.
		d.Key, d.KeyPrefix = nil, nil
	}
	ins := c.Kwarg("ins")
	x.classifyParams(d, ins)
	for i, p := range d.Params {
		if p.Role == RoleInput {
			d.Deps = append(d.Deps, Dep{Key: p.UpstreamKey, Source: DepParam, Param: p.Name, Span: d.Params[i].Span})
		}
	}
	x.depsFrom(d, c.Kwarg("deps"), DepDeps)
	x.depsFrom(d, c.Kwarg("non_argument_deps"), DepNonArgumentDeps)
	if d.Construct == "multi_asset" || d.Construct == "graph_multi_asset" {
		d.Key = nil
		x.multiOuts(d)
	}
	if d.Construct == "graph_asset" || d.Construct == "graph_multi_asset" {
		x.jobBody(d)
	}
}

// multiOuts reads `outs={...}` and `specs=[...]` of a multi_asset.
func (x *extractor) multiOuts(d *Definition) {
	c := d.Call
	if outs := c.Kwarg("outs"); outs != nil && outs.Kind == ValDict {
		for i, k := range outs.Keys {
			name, _ := k.StringValue()
			o := Out{Name: name, Value: outs.Items[i], Construct: canonical(outs.Items[i].Symbol)}
			ov := outs.Items[i]
			if key := ov.Kwarg("key"); key != nil {
				o.Key = x.keyPath(key)
			} else {
				o.KeyPrefix = stringList(ov.Kwarg("key_prefix"))
				o.Key = append(append([]string(nil), o.KeyPrefix...), name)
			}
			o.Group, _ = ov.Kwarg("group_name").StringValue()
			if o.Group == "" {
				o.Group = d.Group
			}
			o.IOManagerKey, _ = ov.Kwarg("io_manager_key").StringValue()
			if r := ov.Kwarg("is_required"); r != nil && r.Kind == ValBool {
				b := r.Bool
				o.IsRequired = &b
			}
			d.Outs = append(d.Outs, o)
		}
	}
	if specs := c.Kwarg("specs"); specs != nil && (specs.Kind == ValList || specs.Kind == ValTuple) {
		for _, s := range specs.Items {
			o := Out{Value: s, Construct: canonical(s.Symbol)}
			if s.Kind == ValCall {
				o.Key = x.keyPath(s.ArgOr("key", 0))
				o.Group, _ = s.Kwarg("group_name").StringValue()
			} else {
				o.Key = x.keyPath(s)
			}
			if len(o.Key) > 0 {
				o.Name = o.Key[len(o.Key)-1]
			}
			d.Outs = append(d.Outs, o)
		}
	}
}

// depsFrom appends deps=[...] entries.
func (x *extractor) depsFrom(d *Definition, v *Value, src DepSource) {
	if v == nil {
		return
	}
	items := v.Items
	if v.Kind != ValList && v.Kind != ValTuple && v.Kind != ValSet {
		items = []*Value{v}
	}
	for _, it := range items {
		dep := Dep{Source: src, Expr: it, Span: it.Span}
		dep.Key = x.depKey(it)
		d.Deps = append(d.Deps, dep)
	}
}

// depKey resolves one deps entry: "a", "a/b", AssetKey, AssetDep(x), a definition variable.
func (x *extractor) depKey(it *Value) []string {
	switch it.Kind {
	case ValString:
		if it.Dynamic {
			return nil
		}
		return strings.Split(it.Str, "/")
	case ValCall:
		if canonical(it.Symbol) == "AssetDep" {
			return x.depKey(it.ArgOr("asset", 0))
		}
		return x.keyPath(it)
	case ValName:
		if d, ok := x.lookupVar(it.Name); ok {
			return d.Key
		}
		// A definition from another module: its python name; the workspace resolves it.
		return nil
	}
	return x.keyPath(it)
}

// classifyParams assigns roles to parameters in order: context, config, resource, input.
func (x *extractor) classifyParams(d *Definition, ins *Value) {
	for i := range d.Params {
		p := &d.Params[i]
		if p.Star != "" {
			p.Role = RoleOther
			continue
		}
		ann := p.Annotation
		switch {
		case i == 0 && (p.Name == "context" || p.Name == "_context" || p.Name == "context_" || p.Name == "_" || strings.HasSuffix(annHead(ann), "ExecutionContext")):
			p.Role = RoleContext
		case strings.HasSuffix(annHead(ann), "ExecutionContext") || strings.HasSuffix(annHead(ann), "Context") && x.resolve(annHead(ann)) != "":
			p.Role = RoleContext
		case p.Name == "config":
			p.Role = RoleConfig
			d.ConfigClass = ann
			if cd, ok := x.lookupVar(ann); ok && cd.Kind == KindConfig {
				d.ConfigFields = borrowFields(cd.ConfigFields)
			}
		case x.isResourceAnnotation(ann):
			p.Role = RoleResource
			p.ResourceKey = p.Name
		default:
			p.Role = RoleInput
			p.UpstreamKey = []string{p.Name}
			if ins != nil {
				if a := ins.DictGet(p.Name); a != nil {
					p.UpstreamKey = x.assetInKey(a, p.Name)
				}
			}
		}
	}
}

// annHead returns the unsubscripted head of an annotation (`Optional[X]` → `Optional`).
func annHead(ann string) string {
	if i := strings.IndexByte(ann, '['); i >= 0 {
		return strings.TrimSpace(ann[:i])
	}
	return strings.TrimSpace(ann)
}

// isResourceAnnotation reports resource classes: ResourceParam[...], Dagster resource
// classes, and classes of this file deriving from ConfigurableResource/IOManager.
func (x *extractor) isResourceAnnotation(ann string) bool {
	if ann == "" {
		return false
	}
	h := annHead(ann)
	if q := x.resolve(h); q != "" {
		c := canonical(q)
		if c == "ResourceParam" {
			return true
		}
		if k, ok := constructs[c]; ok && (k.kind == KindResource || k.kind == KindIOManager) {
			return true
		}
		return false
	}
	if d, ok := x.lookupVar(h); ok {
		return d.Form == FormClass && (d.Kind == KindResource || d.Kind == KindIOManager)
	}
	q := x.aliases[h]
	x.readAlias(h, q)
	return q == localResource
}

// assetInKey resolves AssetIn("k") / AssetIn(key=..., key_prefix=...).
func (x *extractor) assetInKey(a *Value, param string) []string {
	if a.Kind != ValCall {
		return []string{param}
	}
	if k := a.ArgOr("key", 0); k != nil {
		if s, ok := k.StringValue(); ok {
			return strings.Split(s, "/")
		}
		if kp := x.keyPath(k); kp != nil {
			return kp
		}
		return nil
	}
	if kp := a.Kwarg("key_prefix"); kp != nil {
		return append(stringList(kp), param)
	}
	return []string{param}
}

// op fills an @op: params, outs, config.
func (x *extractor) op(d *Definition) {
	x.common(d)
	x.classifyParams(d, d.Call.Kwarg("ins"))
	out := d.Call.Kwarg("out")
	switch {
	case out == nil:
	case out.Kind == ValDict:
		for i, k := range out.Keys {
			name, _ := k.StringValue()
			ov := out.Items[i]
			o := Out{Name: name, Value: ov, Construct: canonical(ov.Symbol)}
			o.Dynamic = o.Construct == "DynamicOut"
			o.IOManagerKey, _ = ov.Kwarg("io_manager_key").StringValue()
			if r := ov.Kwarg("is_required"); r != nil && r.Kind == ValBool {
				b := r.Bool
				o.IsRequired = &b
			}
			d.Outs = append(d.Outs, o)
		}
	default:
		o := Out{Name: "result", Value: out, Construct: canonical(out.Symbol)}
		o.Dynamic = o.Construct == "DynamicOut"
		o.IOManagerKey, _ = out.Kwarg("io_manager_key").StringValue()
		d.Outs = append(d.Outs, o)
	}
}
