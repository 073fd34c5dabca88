package interp

import (
	"fmt"
	"go/constant"
	"go/doc/comment"
	"go/format"
	"go/token"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopherlab/display"
	"gopherlab/interp/stdlib"
)

// Inspect describes the name at cursor (an offset in code points), or just
// before it, or the function whose call the cursor is in: for a symbol of
// a compiled package (fmt.Println, time.Duration.Round, b.Grow with b a
// strings.Builder) its declaration and doc comment, read from the
// package's sources; for a function or type that cells or the code
// declared, its declaration and the comment above it, the source of a
// function at detail level 1; for a variable of cells, its type and value.
// found is false when the name means nothing known.
func (in *Interpreter) Inspect(code string, cursor, detail int) (data map[string]any, found bool) {
	off := byteOffset(code, cursor)
	start, end := identStart(code, off), identEnd(code, off)
	if lit, ok := literalAt(code, off); ok {
		// In a string: the function it is an argument of, if any.
		start, end = lit.start-1, lit.start-1
	}
	if start == end {
		var ok bool
		if start, end, ok = callee(code, start); !ok {
			return nil, false
		}
	}
	name := code[start:end]
	if r, _ := utf8.DecodeRuneInString(name); unicode.IsDigit(r) || token.IsKeyword(name) {
		return nil, false
	}
	var h help
	if start > 0 && code[start-1] == '.' {
		// The member as the type oracle finds it (inspect_members.go).
		h, found = in.packageMemberHelp(code, start, name)
		if !found {
			h, found = in.compiledMemberHelp(code, start, name)
		}
		if !found {
			h, found = in.declaredMemberHelp(code, start, name, detail)
		}
	} else {
		// A variable or constant of the code as the type oracle finds it
		// (inspect_members.go); the rest by what cells and the code
		// declare.
		obj, c := in.nameObject(code, start)
		var decided bool
		h, found, decided = codeVarHelp(obj, c)
		if !decided {
			h, found = in.env(code).inspectName(name, detail, func() (string, bool) {
				return varTypeText(obj, c)
			})
		}
	}
	if !found {
		return nil, false
	}
	return h.bundle(), true
}

// callee finds the name of the function called by the call whose
// parentheses hold byte offset off: fmt.Println in "fmt.Println(x, |".
func callee(code string, off int) (start, end int, ok bool) {
	toks := tokens(code[:off])
	depth := 0
	for j := len(toks) - 1; j >= 0; j-- {
		switch toks[j].t {
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth++
		case token.LBRACK, token.LBRACE:
			if depth == 0 {
				return 0, 0, false
			}
			depth--
		case token.LPAREN:
			if depth > 0 {
				depth--
				continue
			}
			if j > 0 && toks[j-1].t == token.IDENT {
				return toks[j-1].off, toks[j-1].off + len(toks[j-1].lit), true
			}
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// inspectName describes a name on its own.
// A variable's or constant's type is what typeOf says, the type oracle's.
func (e *env) inspectName(name string, detail int, typeOf func() (string, bool)) (help, bool) {
	if g, ok := e.names[name]; ok {
		switch g.kind {
		case "func":
			h := help{decl: gofmt(g.decl)}
			h.doc, h.md = userDoc(g.doc)
			if detail > 0 && g.src != "" {
				h.more = g.src
			}
			return h, true
		case "type":
			h := help{decl: gofmt(g.decl)}
			h.doc, h.md = userDoc(g.doc)
			h.more = e.methodList(name, detail)
			return h, true
		case "var", "const":
			return e.inspectVar(name, g, typeOf)
		}
	}
	if ipath, ok := e.imports[name]; ok {
		return packageHelp(ipath, detail), true
	}
	if ipath, ok := e.in.pkgs.autoImports()[name]; ok {
		return packageHelp(ipath, detail), true
	}
	if hasName(predeclared, name) {
		if h, ok := docs.lookup("builtin", name); ok {
			return h, true
		}
		return help{decl: name, note: "a predeclared identifier; " + noDocs("builtin")}, true
	}
	return help{}, false
}

// inspectVar describes a variable or constant: cells' with the value it
// holds, the code's with its type, which typeOf gives.
func (e *env) inspectVar(name string, g global, typeOf func() (string, bool)) (help, bool) {
	if e.shadowed[name] {
		static, ok := typeOf()
		if !ok {
			return help{}, false
		}
		return help{decl: fmt.Sprintf("%s %s %s", g.kind, name, static)}, true
	}
	v, ok := e.in.global(name)
	if !ok {
		return help{decl: g.kind + " " + name}, true
	}
	if c, ok := v.Interface().(constant.Value); ok {
		return help{decl: fmt.Sprintf("const %s = %s", name, constantString(c))}, true
	}
	// yaegi's types for the types cells declare have no names: the
	// oracle's type has them.
	typeStr := typeName(v)
	if static, ok := typeOf(); ok {
		typeStr = static
	}
	return help{decl: fmt.Sprintf("%s %s %s = %s", g.kind, name, typeStr, truncate(printValue(v), maxValue))}, true
}

// maxValue is the length, in code points, beyond which a value is cut.
const maxValue = 500

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := byteOffset(s, n)
	return s[:i] + fmt.Sprintf("… (%d more bytes)", len(s)-i)
}

// printValue prints a value as a cell's result shows it; a String method
// that panics does not take inspection down.
func printValue(v reflect.Value) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("<cannot print: %v>", r)
		}
	}()
	return display.Plain(valueOf(v))
}

// methodList lists the methods cells and the code declared on a type:
// their signatures, or at detail level 1 their sources.
func (e *env) methodList(typeName string, detail int) string {
	ms := e.methods[typeName]
	var out []string
	for _, name := range slices.Sorted(maps.Keys(ms)) {
		if m := ms[name]; detail > 0 && m.src != "" {
			out = append(out, m.src)
		} else {
			out = append(out, gofmt(m.decl))
		}
	}
	sep := "\n"
	if detail > 0 {
		sep = "\n\n"
	}
	return strings.Join(out, sep)
}

// packageHelp describes a package, with its documentation if found.
func packageHelp(ipath string, detail int) help {
	if h, ok := docs.packageHelp(ipath, detail); ok {
		return h
	}
	return help{decl: fmt.Sprintf("package %s // import %q", packageName(ipath), ipath), note: noDocs(ipath)}
}

// pkgMemberHelp describes pkg.name: its documentation, or what reflection
// tells of it where the package's sources are missing.
func (p *packages) memberHelp(ipath, name string) (help, bool) {
	v, compiled := p.symbols(ipath)[name]
	_, rewritten := stdGenerics[ipath][name] // rewrite_stdgeneric.go
	usable := compiled || rewritten || hasName(sourceSymbols()[ipath], name)
	h, documented := docs.lookup(ipath, name)
	switch {
	case documented && !usable && sourceGeneric(ipath, name): // instantiate.go
		h.note = "It is generic, and the interpreter reaches compiled packages only through reflect, which has no generics: a cell's use of it is an instance that the Go compiler builds, so its type arguments cannot be types that interpreted cells declare."
		return h, true
	case documented && !usable && slices.Contains(stdlib.GenericNames[ipath], name):
		h.note = "Cells cannot use it unless compiled: it is generic, and the interpreter reaches compiled packages only through reflect, which has no generics; a %%compile cell can."
		return h, true
	case documented && !usable:
		h.note = "Cells cannot use it: the interpreter has no symbol for it."
		return h, true
	case documented:
		if compiled && v.IsValid() && v.Kind() != reflect.Func && !(v.Kind() == reflect.Pointer && v.IsNil()) && !v.CanAddr() {
			// A constant: its value, which its declaration may not spell out.
			h.decl = describeSymbol(packageName(ipath)+"."+name, v) + "\n\n" + h.decl
		}
		return h, true
	case compiled:
		return help{decl: describeSymbol(packageName(ipath)+"."+name, v), note: noDocs(ipath)}, true
	case usable:
		return help{decl: packageName(ipath) + "." + name, note: noDocs(ipath)}, true
	}
	return help{}, false
}

// noDocs says that a package's documentation was not found, and why.
func noDocs(ipath string) string {
	if ipath == "" {
		return "No documentation found."
	}
	if !strings.HasPrefix(ipath, "gopherlab/") && docs.dir(ipath) == "" {
		return fmt.Sprintf("No documentation found for package %s: the Go sources (GOROOT/src) are not installed.", ipath)
	}
	return fmt.Sprintf("No documentation found for package %s.", ipath)
}

// results prints the results of function type f as Go writes them.
func results(f reflect.Type) string {
	switch f.NumOut() {
	case 0:
		return ""
	case 1:
		return " " + f.Out(0).String()
	}
	var out []string
	for i := range f.NumOut() {
		out = append(out, f.Out(i).String())
	}
	return " (" + strings.Join(out, ", ") + ")"
}

// gofmt lays out a declaration as gofmt would, where go/printer's
// defaults align with tabs.
func gofmt(decl string) string {
	out, err := format.Source([]byte(decl))
	if err != nil {
		return decl
	}
	return string(out)
}

// userDoc formats a comment cells or the code wrote.
func userDoc(text string) (plain, md string) {
	// Its only doc links are to standard packages: [io.Reader].
	return formatDoc(new(comment.Parser), &comment.Printer{DocLinkBaseURL: "https://pkg.go.dev"}, text)
}

// describeSymbol renders a symbol of a compiled package as Go would
// declare it, as far as reflection can tell.
func describeSymbol(name string, v reflect.Value) string {
	switch {
	case !v.IsValid():
		return name
	case isConstant(v):
		return fmt.Sprintf("const %s = %s", name, constantString(v.Interface().(constant.Value)))
	case v.Kind() == reflect.Func:
		return fmt.Sprintf("func %s%s", name, strings.TrimPrefix(v.Type().String(), "func"))
	case v.Kind() == reflect.Pointer && v.IsNil():
		// yaegi's tables give a type T as a nil *T.
		t := v.Type().Elem()
		return fmt.Sprintf("type %s %s", name, underlying(t))
	case v.CanAddr():
		return fmt.Sprintf("var %s %s", name, v.Type())
	default:
		return fmt.Sprintf("const %s %s = %v", name, v.Type(), v.Interface())
	}
}

func isConstant(v reflect.Value) bool {
	if !v.CanInterface() {
		return false
	}
	_, ok := v.Interface().(constant.Value)
	return ok
}

// constantString prints an untyped constant in full, where its String
// abbreviates: math.Pi is 3.141592653589793, not 3.14159.
func constantString(c constant.Value) string {
	if c.Kind() == constant.Float {
		f, _ := constant.Float64Val(c)
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return c.ExactString()
}

// underlying describes what a type is made of: its kind, with the fields
// of a struct and the methods of an interface.
func underlying(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct:
		var b strings.Builder
		b.WriteString("struct {")
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() {
				fmt.Fprintf(&b, "\n\t%s %s", f.Name, f.Type)
			}
		}
		if t.NumField() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("}")
		return b.String()
	case reflect.Interface:
		var b strings.Builder
		b.WriteString("interface {")
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			fmt.Fprintf(&b, "\n\t%s%s", m.Name, strings.TrimPrefix(m.Type.String(), "func"))
		}
		if t.NumMethod() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("}")
		return b.String()
	}
	return t.Kind().String()
}

// typeName is a value's type as people write it.
func typeName(v reflect.Value) string {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	return v.Type().String()
}

// valueOf is v's value for printing.
func valueOf(v reflect.Value) any {
	if !v.CanInterface() {
		return fmt.Sprint(v)
	}
	if inner, ok := unwrap(v.Interface()); ok {
		return inner
	}
	return v.Interface()
}
