package analysis

import "strings"

// check fills @asset_check / @multi_asset_check / AssetCheckSpec.
func (x *extractor) check(d *Definition) {
	c := d.Call
	ci := &CheckInfo{}
	d.Check = ci
	switch d.Construct {
	case "asset_check", "AssetCheckSpec":
		ci.AssetExpr = c.ArgOr("asset", 0)
		if d.Construct == "AssetCheckSpec" {
			ci.AssetExpr = c.ArgOr("asset", 1)
			if n, ok := c.ArgOr("name", 0).StringValue(); ok {
				d.Name = n
			}
		}
		if ci.AssetExpr != nil {
			ci.Asset = x.depKey(ci.AssetExpr)
			if ci.Asset == nil && ci.AssetExpr.Kind == ValName {
				// Defined elsewhere: keep the python name, the workspace resolves it.
				ci.Asset = nil
			}
		}
	}
	if b := c.Kwarg("blocking"); b != nil && b.Kind == ValBool {
		ci.Blocking = b.Bool
	}
	if ai := c.Kwarg("additional_ins"); ai != nil && ai.Kind == ValDict {
		for _, k := range ai.Keys {
			if s, ok := k.StringValue(); ok {
				ci.AdditionalIns = append(ci.AdditionalIns, s)
			}
		}
	}
	if ad := c.Kwarg("additional_deps"); ad != nil {
		for _, it := range ad.Items {
			if k := x.depKey(it); k != nil {
				ci.AdditionalDep = append(ci.AdditionalDep, strings.Join(k, "/"))
			} else {
				ci.AdditionalDep = append(ci.AdditionalDep, it.Text)
			}
		}
	}
	if d.Form == FormDecorator {
		x.common(d)
		x.classifyParams(d, c.Kwarg("additional_ins"))
		extra := map[string]bool{}
		for _, n := range ci.AdditionalIns {
			extra[n] = true
		}
		for i := range d.Params {
			p := &d.Params[i]
			if p.Role != RoleInput {
				continue
			}
			if extra[p.Name] {
				d.Deps = append(d.Deps, Dep{Key: p.UpstreamKey, Source: DepParam, Param: p.Name, Span: p.Span})
				continue
			}
			if ci.ValueParam == "" {
				ci.ValueParam = p.Name
				p.UpstreamKey = ci.Asset
			}
		}
	}
}

// schedule fills @schedule / ScheduleDefinition / build_schedule_from_partitioned_job.
func (x *extractor) schedule(d *Definition) {
	c := d.Call
	si := &ScheduleInfo{}
	d.Schedule = si
	if d.Construct == "build_schedule_from_partitioned_job" {
		si.FromPartitionedJob = true
		si.JobExpr = c.ArgOr("job", 0)
		si.MinuteOfHour = intArg(c.Kwarg("minute_of_hour"))
		si.HourOfDay = intArg(c.Kwarg("hour_of_day"))
		si.DayOfWeek = intArg(c.Kwarg("day_of_week"))
		si.DayOfMonth = intArg(c.Kwarg("day_of_month"))
		si.CronExpr = c.Kwarg("cron_schedule")
	} else {
		si.CronExpr = c.ArgOr("cron_schedule", 0)
		if d.Construct == "ScheduleDefinition" {
			si.CronExpr = c.Kwarg("cron_schedule")
			if si.CronExpr == nil {
				si.CronExpr = c.Arg(1)
			}
			if n, ok := c.Arg(0).StringValue(); ok && c.Kwarg("name") == nil {
				d.Name = n
			}
		}
		si.JobExpr = c.Kwarg("job")
	}
	si.Crons = stringList(si.CronExpr)
	if si.JobExpr == nil {
		if jn, ok := c.Kwarg("job_name").StringValue(); ok {
			si.Job = jn
		}
	} else {
		x.jobRef(si.JobExpr, &si.Job, &si.JobVar)
	}
	si.Target = c.Kwarg("target")
	if si.Target != nil && si.Job == "" {
		x.jobRef(si.Target, &si.Job, &si.JobVar)
	}
	si.Timezone, _ = c.Kwarg("execution_timezone").StringValue()
	si.DefaultStatus = statusOf(c.Kwarg("default_status"))
	si.RunConfig = c.Kwarg("run_config")
	// Dagster names unnamed schedules after their job.
	if c.Kwarg("name") == nil && d.Construct != "schedule" && si.Job != "" && !(d.Construct == "ScheduleDefinition" && c.Arg(0) != nil && c.Arg(0).Kind == ValString) {
		d.Name = si.Job + "_schedule"
	}
}

// jobRef resolves a job expression to its Dagster name (when defined in this file) and variable.
func (x *extractor) jobRef(v *Value, name, varName *string) {
	switch v.Kind {
	case ValName:
		*varName = v.Name
		if d, ok := x.lookupVar(v.Name); ok {
			*name = d.Name
		} else {
			*name = v.Name
		}
	case ValString:
		*name = v.Str
	case ValCall:
		if canonical(v.Symbol) == "define_asset_job" {
			*name, _ = v.ArgOr("name", 0).StringValue()
		}
	}
}

func statusOf(v *Value) string {
	if v == nil {
		return ""
	}
	switch {
	case strings.HasSuffix(v.Text, "RUNNING"):
		return "RUNNING"
	case strings.HasSuffix(v.Text, "STOPPED"):
		return "STOPPED"
	}
	return v.Text
}

func intArg(v *Value) *int {
	if n, ok := v.IntValue(); ok {
		return &n
	}
	return nil
}

// sensor fills the sensor family.
func (x *extractor) sensor(d *Definition) {
	c := d.Call
	si := &SensorInfo{}
	d.Sensor = si
	addJob := func(v *Value) {
		if v == nil {
			return
		}
		items := []*Value{v}
		if v.Kind == ValList || v.Kind == ValTuple {
			items = v.Items
		}
		for _, it := range items {
			var n, vn string
			x.jobRef(it, &n, &vn)
			if n != "" {
				si.Jobs = append(si.Jobs, n)
			}
			if vn != "" {
				si.JobVars = append(si.JobVars, vn)
			}
			si.JobExprs = append(si.JobExprs, it)
		}
	}
	addJob(c.Kwarg("job"))
	addJob(c.Kwarg("jobs"))
	addJob(c.Kwarg("request_job"))
	addJob(c.Kwarg("request_jobs"))
	if jn, ok := c.Kwarg("job_name").StringValue(); ok {
		si.Jobs = append(si.Jobs, jn)
	}
	si.Target = c.Kwarg("target")
	if si.Target != nil {
		addJob(si.Target)
	}
	si.MinimumInterval = intArg(c.Kwarg("minimum_interval_seconds"))
	si.DefaultStatus = statusOf(c.Kwarg("default_status"))
	if d.Construct == "asset_sensor" {
		si.AssetKey = x.keyPath(c.ArgOr("asset_key", 0))
	}
	if d.Construct == "run_status_sensor" {
		if rs := c.ArgOr("run_status", 0); rs != nil {
			si.RunStatus = rs.Text
			if i := strings.LastIndexByte(rs.Text, '.'); i >= 0 {
				si.RunStatus = rs.Text[i+1:]
			}
		}
	}
	if d.Construct == "run_failure_sensor" {
		si.RunStatus = "FAILURE"
	}
	if mj := c.Kwarg("monitored_jobs"); mj != nil {
		for _, it := range mj.Items {
			var n, vn string
			x.jobRef(it, &n, &vn)
			si.MonitoredJobs = append(si.MonitoredJobs, n)
		}
	}
	if d.Construct == "SensorDefinition" {
		if n, ok := c.ArgOr("name", 0).StringValue(); ok {
			d.Name = n
		}
	}
}

// partitionsOf resolves a partitions expression (inline call or module-level variable).
func (x *extractor) partitionsOf(v *Value) *Partitions {
	if v == nil {
		return nil
	}
	if v.Kind == ValName {
		if d, ok := x.lookupVar(v.Name); ok && d.Partitions != nil {
			// A copy that keeps no spans of the other statement (see incremental.go).
			p := borrowPartitions(d.Partitions)
			p.Var, p.Value = v.Name, v
			return p
		}
		return &Partitions{Kind: "ref", Var: v.Name, Value: v}
	}
	if v.Kind != ValCall {
		return &Partitions{Kind: "other", Value: v}
	}
	c := canonical(v.Symbol)
	p := &Partitions{Construct: c, Value: v}
	str := func(name string, i int) string { s, _ := v.ArgOr(name, i).StringValue(); return s }
	switch c {
	case "HourlyPartitionsDefinition", "DailyPartitionsDefinition", "WeeklyPartitionsDefinition", "MonthlyPartitionsDefinition":
		p.Kind = strings.ToLower(strings.TrimSuffix(c, "PartitionsDefinition"))
		p.Start = str("start_date", 0)
		p.End = str("end_date", 1)
		p.Fmt = str("fmt", -1)
		p.Timezone = str("timezone", -1)
		p.MinuteOffset = intArg(v.Kwarg("minute_offset"))
		p.HourOffset = intArg(v.Kwarg("hour_offset"))
		p.DayOffset = intArg(v.Kwarg("day_offset"))
		p.EndOffset = intArg(v.Kwarg("end_offset"))
		if p.Fmt == "" {
			switch p.Kind {
			case "hourly":
				p.Fmt = "%Y-%m-%d-%H:%M"
			default:
				p.Fmt = "%Y-%m-%d"
			}
		}
	case "TimeWindowPartitionsDefinition":
		p.Kind = "time_window"
		p.Start = str("start", 0)
		p.Fmt = str("fmt", 1)
		p.End = str("end", -1)
		p.Cron = str("cron_schedule", -1)
		p.Timezone = str("timezone", -1)
		p.EndOffset = intArg(v.Kwarg("end_offset"))
	case "StaticPartitionsDefinition":
		p.Kind = "static"
		p.Keys = stringList(v.ArgOr("partition_keys", 0))
	case "DynamicPartitionsDefinition":
		p.Kind = "dynamic"
		p.Name = str("name", 0)
	case "MultiPartitionsDefinition":
		p.Kind = "multi"
		if dims := v.ArgOr("partitions_defs", 0); dims != nil && dims.Kind == ValDict {
			for i, k := range dims.Keys {
				n, _ := k.StringValue()
				p.Dimensions = append(p.Dimensions, PartitionDimension{Name: n, Partitions: x.partitionsOf(dims.Items[i])})
			}
		}
	default:
		p.Kind = "other"
	}
	return p
}

// retryOf resolves a RetryPolicy expression (inline or variable).
func (x *extractor) retryOf(v *Value) *RetryPolicy {
	if v == nil {
		return nil
	}
	if v.Kind == ValName {
		if d, ok := x.lookupVar(v.Name); ok && d.Retry != nil {
			r := *d.Retry
			r.Var, r.Value = v.Name, v
			return &r
		}
		return &RetryPolicy{Var: v.Name, Value: v}
	}
	if v.Kind != ValCall || canonical(v.Symbol) != "RetryPolicy" {
		return &RetryPolicy{Value: v}
	}
	r := &RetryPolicy{Value: v}
	r.MaxRetries = intArg(v.ArgOr("max_retries", 0))
	if r.MaxRetries == nil && v.ArgOr("max_retries", 0) == nil {
		one := 1
		r.MaxRetries = &one
	}
	if dv := v.ArgOr("delay", 1); dv != nil && dv.Kind == ValNumber {
		f := dv.Num
		r.Delay = &f
	}
	if b := v.ArgOr("backoff", 2); b != nil {
		r.Backoff = lastPart(b.Text)
	}
	if j := v.ArgOr("jitter", 3); j != nil {
		r.Jitter = lastPart(j.Text)
	}
	return r
}

func lastPart(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// definitions fills Definitions(...), Definitions.merge, @repository, @definitions.
func (x *extractor) definitions(d *Definition) {
	c := d.Call
	di := &DefinitionsInfo{}
	switch d.Construct {
	case "Definitions":
		list := func(name string, i int) []*Value {
			v := c.ArgOr(name, i)
			if v == nil {
				return nil
			}
			if v.Kind == ValList || v.Kind == ValTuple {
				return v.Items
			}
			return []*Value{v}
		}
		di.Assets = list("assets", 0)
		di.Schedules = list("schedules", 1)
		di.Sensors = list("sensors", 2)
		di.Jobs = list("jobs", 3)
		di.Checks = list("asset_checks", -1)
		di.Executor = c.Kwarg("executor")
		if r := c.ArgOr("resources", 4); r != nil && r.Kind == ValDict {
			for i, k := range r.Keys {
				s, _ := k.StringValue()
				di.Resources = append(di.Resources, ResourceBinding{Key: s, Value: r.Items[i]})
			}
		}
		for _, a := range di.Assets {
			x.collectLoads(a, di, 0)
		}
	case "Definitions.merge":
		di.Merge = true
	case "load_assets_from_modules", "load_assets_from_package_module", "load_assets_from_current_module", "load_asset_checks_from_modules":
		x.collectLoads(c, di, 0)
	}
	d.Definitions = di
	if d.Name == "" {
		d.Name = d.VarName
	}
}

// collectLoads finds load_assets_from_modules calls in an assets entry (also `*load(...)`).
func (x *extractor) collectLoads(v *Value, di *DefinitionsInfo, depth int) {
	if v == nil || depth > 8 {
		return
	}
	if v.Kind == ValCall {
		c := canonical(v.Symbol)
		if strings.HasPrefix(c, "load_assets_from_") || c == "load_asset_checks_from_modules" {
			lc := LoadCall{Func: c, Span: v.Span, Value: v}
			if mods := v.ArgOr("modules", 0); mods != nil {
				items := mods.Items
				if mods.Kind != ValList && mods.Kind != ValTuple {
					items = []*Value{mods}
				}
				for _, m := range items {
					lc.Modules = append(lc.Modules, m.Text)
				}
			}
			if c == "load_assets_from_package_module" {
				lc.Modules = []string{v.ArgOr("package_module", 0).textOr()}
			}
			lc.KeyPrefix = stringList(v.Kwarg("key_prefix"))
			lc.Group, _ = v.Kwarg("group_name").StringValue()
			di.Loaded = append(di.Loaded, lc)
		}
	}
	for _, it := range v.Items {
		x.collectLoads(it, di, depth+1)
	}
}

func (v *Value) textOr() string {
	if v == nil {
		return ""
	}
	return v.Text
}
