package interp

import (
	"context"
	"fmt"
	"go/types"
	"io"
	"os"
	"reflect"
	"runtime/debug"
	"strings"

	"gopherlab/interp/magic"
	"gopherlab/interp/native"
)

// %%compile builds a whole cell as compiled Go (gopherlab/interp/native)
// and hands what it declares to the interpreter, so that later cells,
// interpreted or compiled, go on with it.
//
// The cell becomes a package of its own, cellN for In[N], built into a
// plugin: its imports and declarations as they are, its statements the
// body of a function, _glRun, whose top-level variables become the
// package's, and whose trailing expression is what _glRun returns. It is
// not the plugin's main package, which cannot be imported, so that later
// compiled cells can import it. The interpreter then runs
// _glRun and declares the cell's names as its own: each type an alias of
// the compiled one (with its real methods), each function a function that
// calls the compiled one, each constant the compiled constant, and each
// variable a variable of its type, for the oracle, completion and %who.
// The variable itself is the compiled one, which interpreted and compiled
// code share (compile_vars.go): interpreted cells' uses of the name reach
// it through the cell's package (rewrite_compiledvars.go), %who and
// inspection read it.
//
// A later compiled cell imports the packages of the earlier ones whose
// types, functions and constants it uses, the latest declaration of each
// name (in.compiledNames), and declares them as aliases of theirs: a
// generic type as a generic alias, a generic function as one that calls
// the compiled one (compile_generic.go). An earlier cell's variable it
// declares with //go:linkname to that package's: the same variable.
//
// A compiled generic exists only as the instances compiled code makes, so
// the plugin hands the interpreter none: the cell's generic functions and
// types, and its constraint interfaces, reach the interpreter as their
// source, with the cell's other names in it made the compiled package's
// (compile_generic.go). The cell's own code instantiates its generics
// natively; an interpreted cell instantiates them in the interpreter, with
// yaegi's limits. The two instances of one generic type with the same type
// arguments, cell1.Stack[string] that the compiled cell made and the
// interpreter's Stack[string], are different types, as two packages' are:
// mixing them is a CompileError that names both. A generic source
// yaegi fails on is an error at its line, after the cell ran.
//
// A later compiled cell reaches the unexported fields and methods of an
// earlier compiled cell's types, as one package's code does: its source
// calls the functions that the earlier cell's package exports for them
// (native.FieldPointer, native.MethodPointer…) where the check of the
// source says that a selector or a literal reaches one, and is checked
// again (compile_earlier.go).
//
// What a compiled cell cannot do yet is an error at the line that does it:
// use what interpreted cells declared (it sees its own declarations, the
// packages it imports, and the types, functions, constants and variables
// of earlier compiled cells), import gopherlab's own packages or a module,
// reach the unexported fields of an earlier cell's unnamed struct type.
// Interpreted cells range into its variables through variables of the
// loop's own (rewrite_rangeassign.go), and send on its channels and take
// the addresses of its slices' and arrays' elements through conversions
// (rewrite_compiledvars_ops.go): yaegi holds its values by their reflect
// types, with which it does neither.
//
// Interpreted cells reach the unexported fields of its struct types, as
// one program's code does: yaegi reaches compiled fields through reflect,
// which refuses unexported ones, so the package exports a function for
// each (native.FieldPointer, native.FieldValue), which the rewrite calls
// where the oracle, to which the package is a part of main, says a
// selector or a literal reaches one (compile_fields.go); so are the
// unexported methods of its types, which reflect does not list, declared
// on the type itself (compile_methods.go). Not the fields of an unnamed
// struct type, nor promoted unexported methods; nor can a later cell add a
// method to its types, which are built with their methods (an error says
// so, and to declare the type again).

// compiled is the state of %%compile in an interpreter, which %reset
// keeps: plugins never unload.
type compiled struct {
	packages map[string]bool // the names of the cells' packages built or tried

	// policy is %compile's: which cells of declarations compile without
	// %%compile (compile_policy.go); the counts are what it did.
	policy               policy
	compiledN, fellBackN int
}

// packageName is the name of the package of a cell compiled as execution
// count: cell5 for In[5], its import path's last element (the compiler
// gets it named main, so %T shows main.Celsius, as a program's: see
// native/asmain.go). A count given again (a test's, an embedding
// program's) gets a suffix: a package is built once.
func (c *compiled) packageName(count int) string {
	if c.packages == nil {
		c.packages = map[string]bool{}
	}
	name := fmt.Sprintf("cell%d", count)
	for n := 2; c.packages[name]; n++ {
		name = fmt.Sprintf("cell%d_%d", count, n)
	}
	c.packages[name] = true
	return name
}

// compiledName is a name whose latest declaration is a compiled cell's,
// which a later compiled cell reaches in that cell's package.
type compiledName struct {
	kind string // "type", "func", "const" or "var"
	pkg  string // the package's name, cellN
	path string // and its import path
	cell string // the cell, as errors name it: cell[N]

	// A variable's type, as a later compiled cell writes it, with the
	// imports it needs, and the compiled variable itself: interpreted
	// and compiled code share it (compile_vars.go).
	sharedVar
}

// CompileCell makes the magicHost a magic.CellCompiler.
func (h *magicHost) CompileCell(ctx context.Context, code magic.Code) (any, error) {
	res, err := h.in.compileCell(ctx, h.count, h.in.newCell(h.count, code.Blanked()))
	if err != nil || res == nil {
		return nil, err
	}
	return res, nil
}

// compileCell builds cell c, runs it and declares its names.
func (in *Interpreter) compileCell(ctx context.Context, count int, c *cell) (*Result, error) {
	b, err := in.pkgs.modules.builder()
	if err != nil {
		return nil, c.positionedError("CompileError", fmt.Sprintf("%%%%compile needs the go command, and %v", err))
	}
	name := in.compiled.packageName(count)
	unit, err := in.compileUnit(c, name, b.Importer())
	if err != nil {
		return nil, err
	}
	return in.buildCell(ctx, count, c, b, name, unit)
}

// buildCell builds unit, cell c's package called name, runs its
// statements and declares its names.
func (in *Interpreter) buildCell(ctx context.Context, count int, c *cell, b *native.Builder, name string, unit *unit) (*Result, error) {
	p, err := b.Build(ctx, name, unit.source)
	if err != nil {
		return nil, c.positionedError("CompileError", c.name+": "+strings.TrimPrefix(err.Error(), name+": "))
	}
	symbols := p.Symbols[p.ImportPath+"/"+name]
	var values []any
	var perr *Error
	if err := in.compiledStdio(func() { values, perr = callRun(symbols["_glRun"]) }); err != nil {
		return nil, err
	}
	// A panic of the cell's statements leaves its declarations declared,
	// and its variables as far as the statements set them, as an
	// interpreted cell's run does: later cells go on with them.
	if perr != nil && perr.Name != "panic" {
		return nil, perr
	}
	if err := in.yi.Use(p.Symbols); err != nil {
		return nil, fmt.Errorf("%%%%compile: %w", err)
	}
	in.pkgs.modules.add(p.ImportPath, p.Symbols)
	if err := in.declareCompiled(ctx, count, name, p.ImportPath, unit); err != nil {
		return nil, err
	}
	// Recorded after the interpreter declared them, which makes them its
	// own, even when it fails on a generic's source: later compiled cells
	// still have that.
	generr := in.declareGenerics(ctx, count, cellAlias(name), p.ImportPath, unit) // compile_generic.go
	in.recordCompiled(c, name, p.ImportPath, unit, symbols)
	if generr != nil {
		return nil, generr
	}
	if perr != nil {
		return nil, perr
	}
	if values == nil || unit.last != nil && hideResult(unit.last, values) {
		return nil, nil
	}
	return &Result{Data: bundle(values)}, nil
}

// recordCompiled records the names cell c declared, built as package name
// at importPath, for the compiled cells after it: the interpreter's are
// now these (declareCompiled), until a later cell declares them again.
func (in *Interpreter) recordCompiled(c *cell, name, importPath string, u *unit, symbols map[string]reflect.Value) {
	in.mu.Lock()
	defer in.mu.Unlock()
	scope := u.pkg.Scope()
	for _, n := range scope.Names() {
		if strings.HasPrefix(n, "_gl") || n == "_" || u.earlier[n] {
			continue
		}
		var kind string
		switch scope.Lookup(n).(type) {
		case *types.TypeName:
			kind = "type"
		case *types.Func:
			kind = "func"
		case *types.Const:
			kind = "const"
		case *types.Var:
			kind = "var"
		default:
			continue
		}
		cn := compiledName{kind: kind, pkg: name, path: importPath, cell: c.name}
		if kind == "var" {
			cn.sharedVar = newSharedVar(scope.Lookup(n), name, importPath, symbols)
		}
		in.compiledNames[n] = cn
	}
}

// callRun runs a compiled cell's statements, and reports a panic as a
// cell's, with the frames of the cell's code.
func callRun(run reflect.Value) (values []any, err *Error) {
	defer func() {
		if v := recover(); v != nil {
			msg := fmt.Sprint(v)
			if e, ok := v.(error); ok {
				msg = e.Error()
			}
			err = &Error{Name: "panic", Value: msg, Traceback: append([]string{"panic: " + msg, ""}, cellFrames(debug.Stack())...)}
		}
	}()
	if !run.IsValid() {
		return nil, &Error{Name: "CompileError", Value: "%%compile: the plugin has no _glRun", Traceback: []string{"CompileError: the plugin has no _glRun"}}
	}
	out := run.Call(nil)
	values, _ = out[0].Interface().([]any)
	return values, nil
}

// cellFrames are the frames of a compiled cell's code in a stack that
// debug.Stack wrote, as a panic's traceback shows them: the function, as
// the cell names it, and the cell's line; _glRun is the cell's statements.
func cellFrames(stack []byte) []string {
	var frames []string
	lines := strings.Split(string(stack), "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn := lines[i]
		if !strings.HasPrefix(fn, modulePrefix) {
			continue
		}
		fn = fn[strings.LastIndexByte(fn, '/')+1:] // cell3.fib(...)
		if dot := strings.IndexByte(fn, '.'); dot >= 0 {
			fn = fn[dot+1:]
		}
		fn, _, _ = strings.Cut(fn, "(")
		if fn == "_glRun" {
			fn = "(cell)"
		} else {
			fn = "main." + fn
		}
		where, _, _ := strings.Cut(strings.TrimSpace(lines[i+1]), " +0x")
		frames = append(frames, fn, "\t"+where)
		i++
	}
	return frames
}

// modulePrefix starts the names of the functions of plugins' packages.
const modulePrefix = "gopherlab.cells/"

// compiledStdio runs f, compiled code, with the process's os.Stdout and
// os.Stderr sent to the interpreter's Stdout and Stderr while it runs,
// where those are other writers (an embedding program's, the tests'): the
// worker gives the interpreter the process's own, which compiled code
// writes to already, in order with the interpreted cells.
func (in *Interpreter) compiledStdio(f func()) error {
	type stream struct {
		file **os.File
		to   io.Writer
	}
	var swaps []func() // each restores a stream and waits for its copy
	for _, s := range []stream{{&os.Stdout, in.opts.Stdout}, {&os.Stderr, in.opts.Stderr}} {
		if file, ok := s.to.(*os.File); ok && file == *s.file {
			continue
		}
		r, w, err := os.Pipe()
		if err != nil {
			for _, restore := range swaps {
				restore()
			}
			return fmt.Errorf("%%%%compile: %w", err)
		}
		copied := make(chan struct{})
		go func() {
			io.Copy(s.to, r)
			r.Close()
			close(copied)
		}()
		old := *s.file
		*s.file = w
		swaps = append(swaps, func() {
			*s.file = old
			w.Close()
			<-copied
		})
	}
	f()
	for _, restore := range swaps {
		restore()
	}
	return nil
}
