package interp

import (
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/traefik/yaegi/stdlib"

	"gopherlab/interp/symbols"
)

// Completion is the answer to a complete_request: the words that can
// replace code[Start:End], offsets in code points as Jupyter counts them.
type Completion struct {
	Matches    []string
	Start, End int
}

// Complete returns what can complete the identifier before cursor (an
// offset in code points): the members of a package after "pkg.", the
// fields and methods of a variable after "v.", otherwise the names cells
// declared, packages, Go's keywords and predeclared identifiers and the
// identifiers of code itself.
func (in *Interpreter) Complete(code string, cursor int) Completion {
	off := byteOffset(code, cursor)
	start := identStart(code, off)
	prefix := code[start:off]
	c := Completion{Start: utf8.RuneCountInString(code[:start]), End: utf8.RuneCountInString(code[:off])}

	var candidates []string
	if base, ok := selectorBase(code, start); ok {
		candidates = in.members(code, base)
	} else {
		candidates = in.names(code, start, off)
	}
	seen := map[string]bool{}
	for _, name := range candidates {
		if strings.HasPrefix(name, prefix) && !seen[name] && !strings.HasPrefix(name, "_") {
			seen[name] = true
			c.Matches = append(c.Matches, name)
		}
	}
	sort.Strings(c.Matches)
	if c.Matches == nil {
		c.Matches = []string{}
	}
	return c
}

// names are the candidates for an identifier on its own.
func (in *Interpreter) names(code string, start, end int) []string {
	names := append([]string{}, keywords...)
	names = append(names, predeclared...)
	in.mu.Lock()
	for name := range in.globals {
		names = append(names, name)
	}
	for name := range in.imports {
		names = append(names, name)
	}
	in.mu.Unlock()
	for name := range autoImports() {
		names = append(names, name)
	}
	// The identifiers of the code being written, all but the one completed.
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if o := file.Offset(pos); t == token.IDENT && !(o >= start && o <= end) {
			names = append(names, lit)
		}
	}
	return names
}

// members are the candidates after "base.": a package's exported symbols,
// or the fields and methods of a variable's value.
func (in *Interpreter) members(code, base string) []string {
	if ipath, ok := in.packagePath(code, base); ok {
		var names []string
		for name := range packageSymbols(ipath) {
			names = append(names, name)
		}
		return names
	}
	v, ok := in.global(base)
	if !ok {
		return nil
	}
	var names []string
	t := v.Type()
	for i := 0; i < t.NumMethod(); i++ {
		names = append(names, t.Method(i).Name)
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		for i := 0; i < t.NumField(); i++ {
			names = append(names, t.Field(i).Name)
		}
	}
	return names
}

// global is the value of a variable or constant cells declared.
func (in *Interpreter) global(name string) (reflect.Value, bool) {
	in.mu.Lock()
	_, declared := in.globals[name]
	in.mu.Unlock()
	if !declared {
		return reflect.Value{}, false
	}
	v, ok := in.yi.Globals()[name]
	if !ok || !v.IsValid() {
		return reflect.Value{}, false
	}
	return v, true
}

// packagePath resolves a package name as a cell would see it: imported by
// an earlier cell, by code itself, or imported for it on use.
func (in *Interpreter) packagePath(code, name string) (string, bool) {
	in.mu.Lock()
	ipath, ok := in.imports[name]
	_, shadowed := in.globals[name]
	in.mu.Unlock()
	if ok {
		return ipath, true
	}
	if ipath, ok := importsIn(code)[name]; ok {
		return ipath, true
	}
	if shadowed {
		return "", false
	}
	ipath, ok = autoImports()[name]
	return ipath, ok
}

// importsIn finds the import declarations of code, however broken the rest.
func importsIn(code string) map[string]string {
	imports := map[string]string{}
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	var (
		inImport, inGroup bool
		name              string
	)
	for {
		_, t, lit := s.Scan()
		switch {
		case t == token.EOF:
			return imports
		case t == token.IMPORT:
			inImport, inGroup, name = true, false, ""
		case !inImport:
		case t == token.LPAREN:
			inGroup = true
		case t == token.IDENT || t == token.PERIOD:
			name = lit
		case t == token.STRING:
			if ipath, err := strconv.Unquote(lit); err == nil {
				if name == "" {
					name = packageName(ipath)
				}
				imports[name] = ipath
			}
			name = ""
		case t == token.SEMICOLON && !inGroup, t == token.RPAREN:
			inImport = false
		}
	}
}

// packageSymbols are the symbols the interpreter has for the package at
// ipath, the compiled ones: the standard library and gopherlab's.
func packageSymbols(ipath string) map[string]reflect.Value {
	key := ipath + "/" + packageName(ipath)
	if syms, ok := stdlib.Symbols[key]; ok {
		return exported(syms)
	}
	return exported(symbols.Symbols[key])
}

// exported drops yaegi's interface wrappers ("_Stringer") from a table.
func exported(syms map[string]reflect.Value) map[string]reflect.Value {
	out := make(map[string]reflect.Value, len(syms))
	for name, v := range syms {
		if !strings.HasPrefix(name, "_") {
			out[name] = v
		}
	}
	return out
}

// identStart is where the identifier that ends at off starts.
func identStart(code string, off int) int {
	start := off
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) {
			break
		}
		start -= size
	}
	return start
}

// identEnd is where the identifier that contains off ends.
func identEnd(code string, off int) int {
	end := off
	for end < len(code) {
		r, size := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += size
	}
	return end
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// selectorBase returns x when code has "x." just before start.
func selectorBase(code string, start int) (string, bool) {
	if start == 0 || code[start-1] != '.' {
		return "", false
	}
	b := identStart(code, start-1)
	if b == start-1 {
		return "", false
	}
	return code[b : start-1], true
}

// byteOffset converts an offset in code points to one in bytes.
func byteOffset(code string, cursor int) int {
	if cursor <= 0 {
		return 0
	}
	n := 0
	for i := range code {
		if n == cursor {
			return i
		}
		n++
	}
	return len(code)
}

var keywords = []string{
	"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface",
	"map", "package", "range", "return", "select", "struct", "switch", "type", "var",
}

var predeclared = []string{
	"any", "bool", "byte", "comparable", "complex64", "complex128", "error",
	"float32", "float64", "int", "int8", "int16", "int32", "int64", "rune",
	"string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
	"true", "false", "iota", "nil",
	"append", "cap", "clear", "close", "complex", "copy", "delete", "imag",
	"len", "make", "max", "min", "new", "panic", "print", "println", "real", "recover",
}
