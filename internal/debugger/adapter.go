package debugger

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// hashSeed is the seed of the cell paths' hash. Any value does, as long as
// debugInfo tells the front end.
const hashSeed = 0xc70f6907

// Adapter answers DAP requests for a Target and turns its events into DAP
// events. Its methods may be called from any goroutine.
type Adapter struct {
	target Target
	send   func(event map[string]any)
	dir    string // where dumpCell writes cells, which paths name

	mu          sync.Mutex
	seq         int
	started     bool
	code        map[string]string // the cells dumped, by path
	breakpoints map[string][]int  // the lines asked for, by path
	stopped     map[int]bool      // the threads stopped now
	frames      map[int]Frame     // by the frame ids stackTrace gave
	values      refs              // the values with children variables lists
}

// New makes an Adapter for target that sends DAP events with send, and
// writes the cells it is given into dir (created when needed).
func New(target Target, send func(event map[string]any), dir string) *Adapter {
	return &Adapter{target: target, send: send, dir: dir,
		code: map[string]string{}, breakpoints: map[string][]int{}, stopped: map[int]bool{}, frames: map[int]Frame{}}
}

// PathOf is the path the front end names a cell of code by.
func (a *Adapter) PathOf(code string) string {
	return filepath.Join(a.dir, strconv.FormatUint(uint64(murmur2(code, hashSeed)), 10)+".go")
}

// Handle answers one request: the content of a debug_request, the content
// of its debug_reply.
func (a *Adapter) Handle(req map[string]any) map[string]any {
	command, _ := req["command"].(string)
	args, _ := req["arguments"].(map[string]any)
	body, err := a.handle(command, args)
	a.mu.Lock()
	a.seq++
	resp := map[string]any{
		"seq": a.seq, "type": "response", "request_seq": req["seq"],
		"command": command, "success": err == nil,
	}
	a.mu.Unlock()
	if err != nil {
		resp["message"] = err.Error()
		body = map[string]any{"error": map[string]any{"id": 1, "format": err.Error()}}
	}
	if body != nil {
		resp["body"] = body
	}
	return resp
}

func (a *Adapter) handle(command string, args map[string]any) (map[string]any, error) {
	switch command {
	case "initialize":
		defer a.event("initialized", nil)
		return map[string]any{
			"supportsConfigurationDoneRequest": true,
			"supportsTerminateRequest":         true,
			"supportsDelayedStackTraceLoading": false,
			"supportsSetVariable":              false,
			"supportsEvaluateForHovers":        true,
			"supportsConditionalBreakpoints":   false,
			"supportsExceptionInfoRequest":     true,
			"exceptionBreakpointFilters": []any{map[string]any{
				"filter": PanicFilter, "label": "Uncaught panics", "default": false,
				"description": "Stop when a panic of the cell's code is not recovered, before the cell fails with it",
			}},
		}, nil
	case "attach":
		a.mu.Lock()
		a.started = true
		a.mu.Unlock()
		a.target.Attach(a.PathOf, a.targetEvent)
		return nil, nil
	case "disconnect", "terminate":
		a.target.Detach()
		a.mu.Lock()
		a.started = false
		a.breakpoints = map[string][]int{}
		a.stopped = map[int]bool{}
		a.forget()
		a.mu.Unlock()
		return nil, nil
	case "configurationDone":
		return nil, nil
	case "setExceptionBreakpoints":
		return a.setExceptionBreakpoints(args), nil
	case "exceptionInfo":
		x, err := a.target.ExceptionInfo(intArg(args, "threadId"))
		if err != nil {
			return nil, err
		}
		return map[string]any{"exceptionId": x.ID, "description": x.Description, "breakMode": "unhandled",
			"details": map[string]any{"message": x.Description, "typeName": x.TypeName, "stackTrace": x.StackTrace}}, nil
	case "debugInfo":
		return a.debugInfo(), nil
	case "dumpCell":
		return a.dumpCell(args)
	case "setBreakpoints":
		return a.setBreakpoints(args)
	case "source":
		return a.source(args)
	case "threads":
		var list []any
		for _, t := range a.target.Threads() {
			list = append(list, map[string]any{"id": t.ID, "name": t.Name})
		}
		return map[string]any{"threads": orEmpty(list)}, nil
	case "stackTrace":
		return a.stackTrace(args)
	case "scopes":
		return a.scopes(args)
	case "variables":
		return a.variables(args)
	case "continue", "next", "stepIn", "stepOut":
		return a.resume(command, args)
	case "pause":
		return nil, a.target.Pause(intArg(args, "threadId"))
	case "inspectVariables":
		a.mu.Lock()
		list := a.variableList(a.target.Globals())
		a.mu.Unlock()
		return map[string]any{"variables": list}, nil
	case "richInspectVariables":
		return a.richInspect(args)
	case "evaluate":
		return a.evaluate(args)
	case "modules":
		return map[string]any{"modules": []any{}, "totalModules": 0}, nil
	}
	return nil, fmt.Errorf("gopherlab's debugger does not support %q yet", command)
}

// setExceptionBreakpoints takes the filters chosen, as filters or as
// filterOptions, and keeps those it knows.
func (a *Adapter) setExceptionBreakpoints(args map[string]any) map[string]any {
	var chosen []string
	filters, _ := args["filters"].([]any)
	options, _ := args["filterOptions"].([]any)
	for _, o := range options {
		o, _ := o.(map[string]any)
		filters = append(filters, o["filterId"])
	}
	var results []any
	for _, f := range filters {
		name, _ := f.(string)
		res := map[string]any{"verified": name == PanicFilter}
		if name == PanicFilter {
			chosen = append(chosen, name)
		} else {
			res["message"] = fmt.Sprintf("no exception filter %q: gopherlab's is %q", name, PanicFilter)
		}
		results = append(results, res)
	}
	a.target.SetExceptionBreakpoints(chosen)
	return map[string]any{"breakpoints": orEmpty(results)}
}

// debugInfo tells the front end how to name cells, and the state it may
// have missed (a page reloaded while the kernel was stopped).
func (a *Adapter) debugInfo() map[string]any {
	a.mu.Lock()
	defer a.mu.Unlock()
	var bps, stopped []any
	for path, lines := range a.breakpoints {
		var list []any
		for _, l := range lines {
			list = append(list, map[string]any{"line": l})
		}
		bps = append(bps, map[string]any{"source": path, "breakpoints": orEmpty(list)})
	}
	for t := range a.stopped {
		stopped = append(stopped, t)
	}
	return map[string]any{
		"isStarted":      a.started,
		"hashMethod":     "Murmur2",
		"hashSeed":       hashSeed,
		"tmpFilePrefix":  a.dir + string(filepath.Separator),
		"tmpFileSuffix":  ".go",
		"breakpoints":    orEmpty(bps),
		"stoppedThreads": orEmpty(stopped),
		"richRendering":  true,
		"exceptionPaths": []any{},
		"copyToGlobals":  false,
	}
}

// dumpCell writes a cell's code where its path says, as ipykernel does, so
// that the front end (and a user) can open it, and keeps it for source.
func (a *Adapter) dumpCell(args map[string]any) (map[string]any, error) {
	code, ok := args["code"].(string)
	if !ok {
		return nil, fmt.Errorf("dumpCell: no code")
	}
	path := a.PathOf(code)
	if err := os.MkdirAll(a.dir, 0o700); err != nil {
		return nil, fmt.Errorf("dumpCell: %w", err)
	}
	if err := os.WriteFile(path, []byte(code), 0o600); err != nil {
		return nil, fmt.Errorf("dumpCell: %w", err)
	}
	a.mu.Lock()
	a.code[path] = code
	a.mu.Unlock()
	return map[string]any{"sourcePath": path}, nil
}

// setBreakpoints replaces a cell's breakpoints. A line is verified when it
// holds code: a blank line or a comment has no statement to stop at.
func (a *Adapter) setBreakpoints(args map[string]any) (map[string]any, error) {
	source, _ := args["source"].(map[string]any)
	path, _ := source["path"].(string)
	if path == "" {
		return nil, fmt.Errorf("setBreakpoints: no source path")
	}
	requested, _ := args["breakpoints"].([]any)
	a.mu.Lock()
	code, known := a.code[path]
	a.mu.Unlock()
	lines := strings.Split(code, "\n")
	var set []int
	var results []any
	for _, r := range requested {
		b, _ := r.(map[string]any)
		line := intArg(b, "line")
		res := map[string]any{"line": line, "source": map[string]any{"path": path}}
		switch {
		case !known:
			res["verified"], res["message"] = false, "the kernel has not seen this cell (no dumpCell)"
		case compiledCell(code):
			res["verified"], res["message"] = false, "a %%compile cell runs as compiled Go, which the debugger cannot stop in"
		case line < 1 || line > len(lines) || !holdsCode(lines[line-1]):
			res["verified"], res["message"] = false, "no statement on this line"
		default:
			res["verified"] = true
			set = append(set, line)
		}
		results = append(results, res)
	}
	a.mu.Lock()
	a.breakpoints[path] = set
	a.mu.Unlock()
	a.target.SetBreakpoints(path, set)
	return map[string]any{"breakpoints": orEmpty(results)}, nil
}

// compiledCell tells whether code is a %%compile cell: its first line
// that is not blank is the magic, and the cell runs natively, out of the
// interpreter's debugger's reach.
func compiledCell(code string) bool {
	for _, line := range strings.Split(code, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line == "%%compile"
		}
	}
	return false
}

func holdsCode(line string) bool {
	line = strings.TrimSpace(line)
	return line != "" && !strings.HasPrefix(line, "//") && line != "}" && line != "{" && line != ")"
}

func (a *Adapter) source(args map[string]any) (map[string]any, error) {
	source, _ := args["source"].(map[string]any)
	path, _ := source["path"].(string)
	a.mu.Lock()
	code, ok := a.code[path]
	a.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("source unavailable: %s", path)
	}
	return map[string]any{"content": code}, nil
}

func (a *Adapter) stackTrace(args map[string]any) (map[string]any, error) {
	thread := intArg(args, "threadId")
	frames, err := a.target.Stack(thread)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	list := make([]any, 0, len(frames))
	for _, f := range frames {
		id := len(a.frames) + 1
		a.frames[id] = f
		sf := map[string]any{"id": id, "name": f.Name, "line": f.Line, "column": max(f.Column, 1)}
		if f.Path != "" {
			sf["source"] = map[string]any{"path": f.Path, "name": filepath.Base(f.Path)}
		}
		list = append(list, sf)
	}
	return map[string]any{"stackFrames": list, "totalFrames": len(list)}, nil
}

func (a *Adapter) scopes(args map[string]any) (map[string]any, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f, ok := a.frames[intArg(args, "frameId")]
	if !ok {
		return nil, fmt.Errorf("scopes: no frame %v (the goroutine went on)", args["frameId"])
	}
	list := make([]any, 0, len(f.Scopes))
	for _, s := range f.Scopes {
		list = append(list, map[string]any{
			"name": s.Name, "variablesReference": a.values.addList(s.Variables), "expensive": false,
		})
	}
	return map[string]any{"scopes": list}, nil
}

func (a *Adapter) variables(args map[string]any) (map[string]any, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	children, ok := a.values.children(intArg(args, "variablesReference"))
	if !ok {
		return nil, fmt.Errorf("variables: no reference %v (the goroutine went on)", args["variablesReference"])
	}
	return map[string]any{"variables": a.variableList(children)}, nil
}

func (a *Adapter) resume(command string, args map[string]any) (map[string]any, error) {
	thread := intArg(args, "threadId")
	how := map[string]Resume{"continue": Continue, "next": StepOver, "stepIn": StepIn, "stepOut": StepOut}[command]
	if err := a.target.Resume(thread, how); err != nil {
		return nil, err
	}
	a.mu.Lock()
	delete(a.stopped, thread)
	if len(a.stopped) == 0 {
		a.forget() // the values may change now
	}
	a.mu.Unlock()
	// The front end shows "paused" until it hears the thread goes on.
	a.event("continued", map[string]any{"threadId": thread, "allThreadsContinued": false})
	if how == Continue {
		return map[string]any{"allThreadsContinued": false}, nil
	}
	return nil, nil
}

// evaluate evaluates a Go expression (eval.go) over what a stopped frame
// sees, innermost scope first, then the cells' globals; without a frame
// (nothing stopped, or a hover between cells), over the globals.
func (a *Adapter) evaluate(args map[string]any) (map[string]any, error) {
	expr, _ := args["expression"].(string)
	var scopes []Scope
	if _, ok := args["frameId"]; ok {
		a.mu.Lock()
		f, ok := a.frames[intArg(args, "frameId")]
		a.mu.Unlock()
		if !ok {
			return nil, fmt.Errorf("evaluate: no frame %v (the goroutine went on)", args["frameId"])
		}
		scopes = f.Scopes
	} else if a.target.Busy() {
		return nil, fmt.Errorf("a cell is running: evaluate reads its values while it is stopped (a breakpoint, pause) or between cells")
	}
	var globals []Variable // read once, when a name is not the frame's
	e := Evaluator{FieldNames: a.target.FieldNames, Lookup: func(name string) (reflect.Value, bool) {
		for _, s := range scopes {
			for _, v := range s.Variables {
				if v.Name == name {
					return v.Value, true
				}
			}
		}
		// Every function of the cells sees their globals, as a Go
		// function sees its package's.
		if globals == nil {
			globals = append(a.target.Globals(), Variable{})
		}
		for _, v := range globals {
			if v.Name == name {
				return v.Value, true
			}
		}
		return reflect.Value{}, false
	}}
	v, err := e.Eval(expr)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	body := map[string]any{"result": valueLine(v), "type": a.typeName(v), "variablesReference": 0}
	if children := a.childrenOf(v); children != nil {
		body["variablesReference"] = a.values.add(children)
	}
	return body, nil
}

// forget drops the frames and values handed out; a.mu is held.
func (a *Adapter) forget() {
	a.frames = map[int]Frame{}
	a.values = refs{}
}

// targetEvent turns what the Target tells into DAP events.
func (a *Adapter) targetEvent(e Event) {
	switch e.Kind {
	case Breakpoint, Stepped, Paused, Panicked:
		a.mu.Lock()
		a.stopped[e.Thread] = true
		a.mu.Unlock()
		reason := map[EventKind]string{Breakpoint: "breakpoint", Stepped: "step", Paused: "pause", Panicked: "exception"}[e.Kind]
		body := map[string]any{"reason": reason, "threadId": e.Thread, "allThreadsStopped": false}
		if e.Kind == Panicked {
			body["description"], body["text"] = "Paused on panic", e.Text
		}
		a.event("stopped", body)
	case Started:
		a.event("thread", map[string]any{"reason": "started", "threadId": e.Thread})
	case Exited:
		a.mu.Lock()
		delete(a.stopped, e.Thread)
		a.mu.Unlock()
		a.event("thread", map[string]any{"reason": "exited", "threadId": e.Thread})
	}
}

func (a *Adapter) event(name string, body map[string]any) {
	a.mu.Lock()
	a.seq++
	ev := map[string]any{"seq": a.seq, "type": "event", "event": name}
	a.mu.Unlock()
	if body != nil {
		ev["body"] = body
	}
	a.send(ev)
}

// intArg reads a number of the arguments, as JSON gives it.
func intArg(args map[string]any, key string) int {
	switch n := args[key].(type) {
	case float64:
		return int(n)
	case int:
		return n
	case interface{ Int64() (int64, error) }:
		i, _ := n.Int64()
		return int(i)
	}
	return 0
}

func orEmpty(list []any) []any {
	if list == nil {
		return []any{}
	}
	return list
}
