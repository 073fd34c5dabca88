package interp

import (
	"go/ast"
	"go/types"
	"strings"
	"unicode"
)

// yaegi v0.16.1 passes a value whose type has methods in the interpreter
// (a type a cell declares with methods) to an interpreted function's
// interface parameter as its valueInterface, which holds the value and the
// node of the argument expression, for the node's type and methods. Where
// the callee hands that interface value to a compiled function that looks
// for methods (fmt's printers, json.Marshal: the MapTypes functions), or
// asserts it to a compiled interface (v.(fmt.Stringer)), yaegi makes the
// wrapper that carries the methods from the node alone: genInterfaceWrapper
// evaluates the node again (its getBinValue and typeAssert), in the frame
// of the code running then, the callee's. The argument's node indexes its
// own function's frame: the callee's slot of that index holds something
// else, and the call panics (reflect.Set: value of type string is not
// assignable to type struct …, a nil dereference) or prints what the slot
// holds (<nil>). Only a global variable's node reads the same value from
// every frame: the root frame's.
//
// So where a cell's top-level code calls, once per run, an interpreted
// function with such an argument for an interface parameter, the argument
// goes through a global of its own that nothing else assigns, and the call
// into a function literal that sets it first, so that the arguments keep
// the order in which Go evaluates them:
//
//	fmt.Println(d7(C(3)))
//	→ fmt.Println(func() string { _glarg15_x2 = C(3); return d7(_glarg15_x2) }())
//
// with "var _glarg15_x2 C" run before the run (edit.global: a cell's
// trailing expression must stay one). The global is the execution's (its
// name ends with the cell's execution, see execution), so that a value
// kept from an earlier run keeps its own. A panic in the callee shows the
// literal's frame too, main.func at the argument's line (yaegi places a
// frame at its body's first node, which is the argument's).
//
// A call that may run more than once is left as it is: in a function, a
// loop (a block statement of the top level runs in a function literal,
// see split.go), a go or defer statement's call. A global there would be
// assigned again while a value made from it is alive, which would then
// read the new value; yaegi keeps failing there, and the corpus says so
// (testdata/corpus/mixed-interface-values.txt). Method calls and calls of
// compiled functions are left as they are too: the latter get no
// valueInterface (yaegi wraps the value for them where the call is).

// interfaceArgs rewrites call as above where it needs it.
func (r *rewriter) interfaceArgs(call *ast.CallExpr) {
	if _, ok := r.root.(*ast.BlockStmt); !ok || call.Ellipsis.IsValid() || len(call.Args) == 0 {
		return
	}
	sig, ok := r.interpretedCallee(call.Fun)
	if !ok {
		return
	}
	params := sig.Params()
	if !sig.Variadic() && len(call.Args) != params.Len() {
		return // f(g()) of a multi-value g
	}
	paramType := func(i int) types.Type {
		if sig.Variadic() && i >= params.Len()-1 {
			return params.At(params.Len() - 1).Type().(*types.Slice).Elem()
		}
		return params.At(i).Type()
	}
	checked := r.in.typeChecked(r.c)
	globals := make([]string, len(call.Args)) // the arguments that go through a global, and its type
	var needed bool
	for i, a := range call.Args {
		t := r.typeOf(a)
		if t == nil || !types.IsInterface(paramType(i)) || !interpretedMethods(t) {
			continue
		}
		text, ok := checked.TypeText(t)
		if !ok {
			return
		}
		globals[i], needed = text, true
	}
	if !needed {
		return
	}
	if !r.runsOnce(call) {
		return
	}
	var results []string
	for v := range sig.Results().Variables() {
		text, ok := checked.TypeText(v.Type())
		if !ok {
			return
		}
		results = append(results, text)
	}
	// The names of the arguments in the call the literal makes; those
	// that need no global become its locals, of their parameters' types,
	// that an untyped constant takes the type it takes in the call.
	names := make([]string, len(call.Args))
	prefixes := make([]string, len(call.Args))
	var decls []edit
	for i, a := range call.Args {
		if globals[i] != "" {
			names[i] = r.hidden("arg", a.Pos()) + "_x" + r.c.execution()
			at := r.off(a.Pos())
			if at < 0 {
				return
			}
			decls = append(decls, edit{start: at, end: at, text: "var " + names[i] + " " + globals[i], global: true})
			prefixes[i] = names[i] + " = "
			continue
		}
		text, ok := checked.TypeText(paramType(i))
		if !ok {
			return
		}
		names[i] = r.hidden("argv", a.Pos())
		prefixes[i] = "var " + names[i] + " " + text + " = "
	}
	r.edits = append(r.edits, decls...)
	head := "func() "
	switch len(results) {
	case 0:
	case 1:
		head += results[0] + " "
	default:
		head += "(" + strings.Join(results, ", ") + ") "
	}
	r.replace(call.Pos(), call.Args[0].Pos(), head+"{ "+prefixes[0])
	for i := 1; i < len(call.Args); i++ {
		r.replace(call.Args[i-1].End(), call.Args[i].Pos(), "; "+prefixes[i])
	}
	tail := "; "
	if len(results) > 0 {
		tail += "return "
	}
	tail += r.source(call.Fun) + "(" + strings.Join(names, ", ") + ") }()"
	r.replace(call.Args[len(call.Args)-1].End(), call.End(), tail)
}

// interpretedCallee is the signature of fun where it names a function that
// the interpreter runs: a function or a variable of a function type that
// cells declare, not a compiled cell's, nor a generic one.
func (r *rewriter) interpretedCallee(fun ast.Expr) (*types.Signature, bool) {
	id, ok := fun.(*ast.Ident)
	if !ok {
		return nil, false
	}
	obj := r.objectOf(id)
	switch obj.(type) {
	case *types.Func, *types.Var:
	default:
		return nil, false
	}
	if obj.Pkg() == nil || obj.Pkg().Path() != "main" {
		return nil, false
	}
	if _, compiled := r.in.compiledNames[id.Name]; compiled {
		return nil, false
	}
	sig, ok := obj.Type().Underlying().(*types.Signature)
	if !ok || sig.TypeParams().Len() > 0 {
		return nil, false
	}
	return sig, true
}

// interpretedMethods tells whether yaegi may give compiled code a value of
// type t in a wrapper it makes from the node: t is a type that cells
// declare with methods. A struct type without methods of a cell's has one
// of the rewrite's (GopherlabValue, celltypes.go), which yaegi makes a
// valueInterface of too, but no wrapper holds it: fmt's functions get its
// values as they are (logs.go's cellFmtWrappers), and take them out of
// the valueInterface, which holds them as they were when boxed.
func interpretedMethods(t types.Type) bool {
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "main" && named.NumMethods() > 0
}

// runsOnce tells whether call runs at most once in a run of the cell: it
// is not in a function literal (a block statement's wrapper among them,
// which loops may be in), nor a go or defer statement's call, which runs
// later, with the arguments evaluated at the statement (those arguments'
// calls run once).
func (r *rewriter) runsOnce(call *ast.CallExpr) bool {
	r.findParents()
	for n := r.parents[call]; n != nil; n = r.parents[n] {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			if n.Call == call {
				return false
			}
		case *ast.DeferStmt:
			if n.Call == call {
				return false
			}
		}
	}
	return true
}

// execution names the cell's execution in an identifier: the execution
// count, and after it the number of the earlier executions of that count
// (user_expressions, silent requests: see newCell), "3" or "3_1".
func (c *cell) execution() string {
	return strings.Join(strings.FieldsFunc(c.file, func(r rune) bool { return !unicode.IsDigit(r) }), "_")
}
