package interp

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/traefik/yaegi/stdlib/generic"

	"gopherlab/internal/cellio"
)

// Completion is the answer to a complete_request, the type every stage of
// the pipeline shares; its Kinds are the Kind constants.
type Completion = cellio.Completion

// The kinds of completion candidates.
const (
	KindKeyword  = "keyword"
	KindPackage  = "package"
	KindType     = "type"
	KindFunction = "function"
	KindMethod   = "method"
	KindVariable = "variable"
	KindConstant = "constant"
	KindField    = "field"
	KindPath     = "path" // an import path
)

// A candidate is a word that can complete and what it is.
type candidate struct{ name, kind string }

// Complete returns what can complete the identifier before cursor (an
// offset in code points): after "x." the members of x, a package's
// exported symbols or the fields and methods of a value's type; otherwise
// the names cells declared, packages, Go's keywords and predeclared
// identifiers and the identifiers of code itself; in an import's string,
// import paths. Matches that start with what was typed come first, then
// those that do ignoring case, each group in alphabetical order. Inside
// other strings and comments nothing completes.
func (in *Interpreter) Complete(code string, cursor int) Completion {
	off := byteOffset(code, cursor)
	points := func(b int) int { return utf8.RuneCountInString(code[:b]) }
	if lit, ok := literalAt(code, off); ok {
		if !lit.importPath {
			return Completion{Matches: []string{}, Kinds: []string{}, Start: points(off), End: points(off)}
		}
		return completion(rank(in.pkgs.importPaths(), code[lit.start:off]), points(lit.start), points(off))
	}
	start := identStart(code, off)
	var candidates []candidate
	if start > 0 && code[start-1] == '.' {
		candidates = in.memberNames(code, start-1)
	} else {
		candidates = in.names(code, start, off)
	}
	return completion(rank(candidates, code[start:off]), points(start), points(off))
}

// hasName tells whether one of cs is called name.
func hasName(cs []candidate, name string) bool {
	return slices.ContainsFunc(cs, func(c candidate) bool { return c.name == name })
}

// completion is the Completion of ranked candidates.
func completion(cs []candidate, start, end int) Completion {
	c := Completion{Matches: make([]string, len(cs)), Kinds: make([]string, len(cs)), Start: start, End: end}
	for i, x := range cs {
		c.Matches[i], c.Kinds[i] = x.name, x.kind
	}
	return c
}

// rank keeps the candidates that complete prefix, without duplicates or
// hidden names: those that start with it first, then those that start with
// it ignoring case (fmt.print finds Println), each in alphabetical order.
// Of two candidates with the same name the first listed is kept.
func rank(candidates []candidate, prefix string) []candidate {
	lower := strings.ToLower(prefix)
	type match struct {
		candidate
		exact bool
	}
	seen := map[string]bool{}
	var ms []match
	for _, c := range candidates {
		name := c.name
		if seen[name] || name == "" || strings.HasPrefix(name, "_") {
			continue
		}
		seen[name] = true
		switch {
		case strings.HasPrefix(name, prefix):
			ms = append(ms, match{c, true})
		case strings.HasPrefix(strings.ToLower(name), lower):
			ms = append(ms, match{c, false})
		}
	}
	slices.SortFunc(ms, func(a, b match) int {
		if a.exact != b.exact {
			if a.exact {
				return -1
			}
			return 1
		}
		if c := strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	out := make([]candidate, len(ms))
	for i, m := range ms {
		out[i] = m.candidate
	}
	return out
}

// names are the candidates for an identifier on its own. What is in
// scope at the cursor, as the type oracle tells it, comes first, then
// what cells declared, before the predeclared names they shadow.
func (in *Interpreter) names(code string, start, end int) []candidate {
	names := in.scopeNames(code, start)
	checked := names != nil
	in.mu.Lock()
	for name, g := range in.globals {
		names = append(names, candidate{name, globalKinds[g.kind]})
	}
	for name := range in.imports {
		names = append(names, candidate{name, KindPackage})
	}
	in.mu.Unlock()
	for _, k := range keywords {
		names = append(names, candidate{k, KindKeyword})
	}
	for _, p := range predeclared {
		names = append(names, p)
	}
	for name := range in.pkgs.autoImports() {
		names = append(names, candidate{name, KindPackage})
	}
	// The identifiers of the code being written, all but the one
	// completed, where the oracle cannot check it: what they are is known
	// only once the code runs.
	if checked {
		return names
	}
	for _, t := range tokens(code) {
		if t.t == token.IDENT && !(t.off >= start && t.off <= end) {
			names = append(names, candidate{t.lit, KindVariable})
		}
	}
	return names
}

// globalKinds maps global.kind to a candidate's kind.
var globalKinds = map[string]string{
	"var": KindVariable, "const": KindConstant, "func": KindFunction, "type": KindType,
}

// memberNames are the candidates after the dot at byte offset dot: as
// the type oracle tells them (complete_members.go), or where it cannot
// check the code before the cursor, as the env guesses them.
func (in *Interpreter) memberNames(code string, dot int) []candidate {
	if start, ok := operandAt(code, dot); ok {
		c := in.oracleOperand(code, start, dot)
		if named, isPkg := c.ObjectAt(start).(*types.PkgName); isPkg && operandIsName(code, start, dot) {
			return in.pkgs.members(named.Imported().Path())
		}
		if tv, ok := c.TypeAndValue(start, dot); ok {
			return typeMembers(tv)
		}
	}
	return nil
}

// operandIsName tells whether code[start:end] is a name alone.
func operandIsName(code string, start, end int) bool {
	return identEnd(code, start) == end
}

// operandAt is the byte offset where the operand that ends at byte offset
// end of code starts (x in "x.", pkg.F(a).b in "pkg.F(a).b.").
func operandAt(code string, end int) (int, bool) {
	toks := tokens(code[:end])
	if n := len(toks); n > 0 && toks[n-1].t == token.SEMICOLON && toks[n-1].lit == "\n" {
		toks = toks[:n-1] // inserted at the end of the text
	}
	i := operandStart(toks, len(toks)-1)
	if i < 0 {
		return 0, false
	}
	return toks[i].off, true
}

// operandStart is the index of the first token of the operand that ends
// with toks[i]: a name and the selectors, calls, indexes and type
// assertions that follow it (x, pkg.F(a).b, xs[i].c), a parenthesized
// expression or a composite literal; -1 where toks[i] ends none.
func operandStart(toks []tok, i int) int {
	for i >= 0 {
		switch toks[i].t {
		case token.IDENT:
			if i >= 2 && toks[i-1].t == token.PERIOD {
				i -= 2
				continue
			}
			return i
		case token.RPAREN, token.RBRACK, token.RBRACE:
			j := opener(toks, i)
			if j <= 0 {
				return j
			}
			switch toks[j-1].t {
			case token.IDENT, token.RBRACK:
				i = j - 1
				continue
			case token.RPAREN, token.RBRACE:
				if toks[i].t != token.RBRACE {
					i = j - 1
					continue
				}
			case token.PERIOD: // x.(T)
				if toks[i].t == token.RPAREN && j >= 2 {
					i = j - 2
					continue
				}
			}
			if toks[i].t == token.RBRACE {
				return -1 // a block, not a literal
			}
			return j
		default:
			return -1
		}
	}
	return -1
}

// opener is the index of the bracket that the closing one at i matches,
// -1 if none.
func opener(toks []tok, i int) int {
	depth := 0
	for j := i; j >= 0; j-- {
		switch toks[j].t {
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth++
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return -1
}

// literal is a string or comment the cursor is in.
type literal struct {
	start int // byte offset just past the opening quote
	// importPath marks the string of an import declaration.
	importPath bool
}

// literalAt tells whether byte offset off of code is inside a string, a
// rune literal or a comment, and which.
func literalAt(code string, off int) (literal, bool) {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, scanner.ScanComments)
	var (
		inImport, inGroup bool
	)
	for {
		pos, t, lit := s.Scan()
		start := file.Offset(pos)
		if t == token.EOF || start >= off {
			return literal{}, false
		}
		switch t {
		case token.IMPORT:
			inImport, inGroup = true, false
		case token.LPAREN:
			inGroup = inImport
		case token.RPAREN:
			inImport = false
		case token.SEMICOLON:
			if !inGroup {
				inImport = false
			}
		case token.STRING, token.CHAR, token.COMMENT:
			end := tokenEnd(code, start, t, lit)
			if t == token.COMMENT && strings.HasPrefix(lit, "//") {
				end = start + len(lit) // to the end of the line, the newline not included
			}
			if off < end || off == end && !closed(t, lit) {
				return literal{start: start + 1, importPath: inImport && t == token.STRING}, true
			}
		}
	}
}

// closed tells whether a literal's text has its closing delimiter.
func closed(t token.Token, lit string) bool {
	switch {
	case t == token.COMMENT:
		return strings.HasPrefix(lit, "/*") && len(lit) >= 4 && strings.HasSuffix(lit, "*/")
	case len(lit) < 2:
		return false
	case lit[0] == '`':
		return lit[len(lit)-1] == '`'
	}
	q := lit[0]
	if lit[len(lit)-1] != q {
		return false
	}
	// A quote preceded by an odd number of backslashes is escaped.
	n := 0
	for i := len(lit) - 2; i > 0 && lit[i] == '\\'; i-- {
		n++
	}
	return n%2 == 0
}

// importsIn finds the import declarations of code, however broken the rest.
func importsIn(code string) map[string]string {
	imports := map[string]string{}
	var (
		inImport, inGroup bool
		name              string
	)
	for _, t := range tokens(code) {
		switch {
		case t.t == token.IMPORT:
			inImport, inGroup, name = true, false, ""
		case !inImport:
		case t.t == token.LPAREN:
			inGroup = true
		case t.t == token.IDENT || t.t == token.PERIOD:
			name = t.lit
		case t.t == token.STRING:
			if ipath, err := strconv.Unquote(t.lit); err == nil {
				if name == "" {
					name = packageName(ipath)
				}
				imports[name] = ipath
			}
			name = ""
		case t.t == token.SEMICOLON && !inGroup, t.t == token.RPAREN:
			inImport = false
		}
	}
	return imports
}

// packageMembers are the names cells can use from the package at ipath:
// the compiled symbols and the generic functions yaegi compiles from
// source.
func (p *packages) members(ipath string) []candidate {
	var names []candidate
	for name, v := range p.symbols(ipath) {
		names = append(names, candidate{name, symbolKind(v)})
	}
	return append(names, sourceSymbols()[ipath]...)
}

// symbolKind tells what a compiled symbol is. In yaegi's tables a type is a
// nil pointer to it, a variable a pointer to it, a function its value, and
// a constant its value (untyped ones as constant.Value).
func symbolKind(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Func:
		return KindFunction
	case reflect.Pointer:
		if v.IsNil() {
			return KindType
		}
		return KindVariable
	}
	return KindConstant
}

// sourceSymbols are the exported names of the packages that yaegi
// compiles from source when it loads the standard library (the generic
// functions of slices, maps and cmp, which compiled symbol tables cannot
// hold), by import path.
var sourceSymbols = sync.OnceValue(func() map[string][]candidate {
	out := map[string][]candidate{}
	fset := token.NewFileSet()
	for _, src := range generic.Sources {
		f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		// These are standard packages whose path is their name.
		ipath := f.Name.Name
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() {
					out[ipath] = append(out[ipath], candidate{d.Name.Name, KindFunction})
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							out[ipath] = append(out[ipath], candidate{s.Name.Name, KindType})
						}
					case *ast.ValueSpec:
						for _, id := range s.Names {
							if id.IsExported() {
								kind := KindVariable
								if d.Tok == token.CONST {
									kind = KindConstant
								}
								out[ipath] = append(out[ipath], candidate{id.Name, kind})
							}
						}
					}
				}
			}
		}
	}
	return out
})

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

// byteOffset converts an offset in code points to one in bytes, clamped
// to code.
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

var predeclared = func() []candidate {
	var cs []candidate
	for kind, names := range map[string][]string{
		KindType: {"any", "bool", "byte", "comparable", "complex64", "complex128", "error",
			"float32", "float64", "int", "int8", "int16", "int32", "int64", "rune",
			"string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr"},
		KindConstant: {"true", "false", "iota"},
		KindVariable: {"nil"}, // Go calls it a value; it is no constant
		KindFunction: {"append", "cap", "clear", "close", "complex", "copy", "delete", "imag",
			"len", "make", "max", "min", "new", "panic", "print", "println", "real", "recover"},
	} {
		for _, n := range names {
			cs = append(cs, candidate{n, kind})
		}
	}
	return cs
}()
