package interp

import (
	"context"
	"fmt"
	"go/ast"
	"reflect"
	"strings"
	"sync"

	yaegi "github.com/traefik/yaegi/interp"

	"gopherlab/display"
)

// Result is the value of a cell's trailing expression as a MIME bundle,
// the data and metadata of an execute_result.
type Result struct {
	Data, Metadata map[string]any
}

// capture receives the values of a trailing expression from the code
// that result compiles.
type capture struct {
	mu     sync.Mutex
	values []any
	text   *string
	set    bool
}

// fn is the function cells call to hand over the values, several for a
// call that returns several. reflect.ValueOf of one func value is the same
// each time, which yaegi's MapTypes needs.
func (c *capture) fn() func(...any) {
	return func(vs ...any) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.values, c.set = vs, true
	}
}

// plainFn is the function cells call to hand over the text/plain form of
// a single value. It is computed apart from Capture's value because yaegi
// gives compiled code an interpreted value with methods in a wrapper whose
// IValue field does not always hold the value (a struct shows as one of its
// fields); passed alone, with only fmt.Stringer to wrap for, the value
// prints as fmt would print it. m prints the values of cells' struct types
// as Go does, as fmt's functions in cells do (cellfmt.go).
func (c *capture) plainFn(m *cellMethods) func(any) {
	return func(v any) {
		text := display.Plain(m.args([]any{v})[0])
		c.mu.Lock()
		defer c.mu.Unlock()
		c.text = &text
	}
}

// take returns what was captured and forgets it.
func (c *capture) take() (values []any, text *string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	values, text, ok = c.values, c.text, c.set
	c.values, c.text, c.set = nil, nil, false
	return values, text, ok
}

// result runs the cell's trailing expression and returns its value.
// Without type-checking the cell it cannot know how many values the
// expression has, so it lets the compiler tell: Plain(expr) compiles for
// one value, Capture(expr) for one or more, and for a call of a function
// with no result neither does, and the statement runs as it is.
func (in *Interpreter) result(ctx context.Context, c *cell, p parsed) (*Result, error) {
	// The expression as the rewrites made it (rewrite.go), min(a, b) say.
	expr := c.inline(p.start) + c.edited(p.start, p.end, p.edits)
	var body string
	switch {
	case in.compiles(c, cellPkgName+".Plain("+expr+")"):
		// A function literal keeps the value out of the global scope.
		body = "func() {\n_v := " + expr + "\n" +
			cellPkgName + ".Capture(_v)\n" + cellPkgName + ".Plain(_v)\n}()"
	case in.compiles(c, cellPkgName+".Capture("+expr+")"):
		body = cellPkgName + ".Capture(" + expr + ")"
	default:
		// The errors, if any, of the statement as written are the ones to show.
		_, err := in.run(ctx, c, p.node)
		return nil, err
	}
	prog, err := in.compileBody(c, body)
	if err != nil {
		return nil, c.compileError(err)
	}
	in.capture.take() // forget what an interrupted cell left
	if _, err := in.runProgram(ctx, c, prog); err != nil {
		return nil, err
	}
	values, text, ok := in.capture.take()
	if !ok || hideResult(p.expr, values) {
		return nil, nil
	}
	data := bundle(values)
	if text != nil && len(values) == 1 {
		data[display.MIMEText] = *text
	}
	return &Result{Data: data, Metadata: map[string]any{}}, nil
}

// compiles tells whether statements compile, without running them: they
// go into a block under if false. The program still runs, because yaegi
// expects every compiled program to run before the next is compiled. Not
// a function literal that is never called: creating a literal at the top
// level copies the whole global frame (yaegi's frame.clone) into a global
// slot that is never freed, which cost every cell with a trailing
// expression memory in proportion to all the cells before it.
func (in *Interpreter) compiles(c *cell, body string) bool {
	prog, err := in.compileBody(c, "if false {\n"+body+"\n}")
	if err != nil {
		return false
	}
	_, err = in.yi.Execute(prog)
	return err == nil
}

// compileBody compiles statements of the cell's file.
func (in *Interpreter) compileBody(c *cell, body string) (*yaegi.Program, error) {
	f, err := parseFile(in.yi.FileSet(), c.file, "package main; func main() {\n"+internalLine+body+"\n}\n")
	if err != nil {
		return nil, err
	}
	return in.compile(f.Decls[0].(*ast.FuncDecl).Body)
}

// hideResult tells whether values, the results of expr, are those of a
// print or write call, whose byte count and nil error nobody wants to see
// after every fmt.Println, as Python shows nothing after print().
func hideResult(expr ast.Expr, values []any) bool {
	call, ok := ast.Unparen(expr).(*ast.CallExpr)
	if !ok || len(values) != 2 || values[1] != nil {
		return false
	}
	switch values[0].(type) {
	case int, int64:
	default:
		return false
	}
	var name string
	switch fn := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		name = fn.Name
	case *ast.SelectorExpr:
		name = fn.Sel.Name
	}
	for _, prefix := range []string{"Print", "Fprint", "Write", "Scan", "Fscan", "Sscan"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// bundle is the MIME bundle of a cell's values: display.Bundle of a single
// value, the values' text separated by commas for several.
func bundle(values []any) map[string]any {
	if len(values) == 1 {
		data := display.Bundle(values[0])
		data[display.MIMEText] = plain(values[0])
		return data
	}
	texts := make([]string, len(values))
	for i, v := range values {
		texts[i] = plain(v)
	}
	return map[string]any{display.MIMEText: strings.Join(texts, ", ")}
}

// plain is the text/plain form of a value from a cell. yaegi hands
// interpreted values that have methods to compiled code inside wrappers
// (struct{IValue any; WMethod func…}); the text is the wrapped value's,
// unless the wrapper is fmt.Stringer's, whose String is the value's own.
func plain(v any) string {
	if inner, ok := unwrap(v); ok {
		if _, stringer := v.(fmt.Stringer); !stringer {
			return display.Plain(inner)
		}
	}
	return display.Plain(v)
}

// unwrap returns the value inside a yaegi interface wrapper.
func unwrap(v any) (any, bool) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Kind() != reflect.Struct || rv.NumField() == 0 {
		return nil, false
	}
	t := rv.Type()
	if !strings.HasPrefix(t.Name(), "_") || t.Field(0).Name != "IValue" || t.Field(0).Type.Kind() != reflect.Interface {
		return nil, false
	}
	return rv.Field(0).Interface(), true
}
