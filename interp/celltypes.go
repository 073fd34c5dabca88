package interp

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// yaegi makes the struct types that cells declare with reflect.StructOf:
// unnamed types whose field names are exported, an unexported x becoming
// Xx, and two types with the same fields are one reflect type. fmt, which
// sees only the reflect type, would print {Xx:1 Xy:2} where Go prints
// {x:1 y:2}, and struct { Xx int; Xy int } where Go prints main.point.
//
// So the rewrite gives the first field of each struct type that a cell
// declares at the top level a struct tag, cellTag, that holds the type's
// name and its fields' names as declared: the tag makes the reflect type
// the type's own (tags are part of a struct type's identity), and fmt's
// functions as cells see them (cellfmt.go) read it to print the value as
// Go does. The tag is the only trace of this a cell can see, through
// reflect's StructField.Tag; encoding/json and the other packages that
// read tags look up keys of their own and skip it. Unexported fields, which
// yaegi exports, get the tag json:"-" besides, that encoding/json skips
// them as Go's does.

// cellTag is the key of the struct tag that names a cell's struct type.
const cellTag = "gopherlab"

// structTags tags the first field of each struct type that file f
// declares (see above), and gives it a method, GopherlabValue, so that
// yaegi keeps a value of it put in an interface with the interpreter's
// type, which type switches compare (a value without methods it keeps as
// reflect has it, an unnamed struct type); the String, Error,
// GoString and Format methods that f declares on such types it registers
// with _gopherlab.CellMethod, for fmt's functions to call (cellmethods.go).
// Generic types are left out: their reflect types are their instances',
// which the tag cannot name.
func (r *rewriter) structTags(f *ast.File) {
	tagged := map[string]bool{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			if !ok || ts.Assign.IsValid() || ts.TypeParams != nil || ts.Name.Name == "_" || st.Fields == nil {
				continue
			}
			name := r.compiledName(ts.Name.Name)
			tagged[ts.Name.Name] = true
			tag := cellTag + ":" + strconv.Quote(strings.Join(append([]string{name}, declaredFields(st)...), " "))
			r.insert(gd.End(), "; func (_gl "+name+") GopherlabValue() any { return _gl }")
			if len(st.Fields.List) == 0 {
				// A field to carry the tag, of size zero, that fmt's
				// functions leave out and encoding/json skips.
				r.insert(st.Fields.Opening+1, hiddenField+" "+strconv.Quote(`json:"-" `+tag))
				continue
			}
			for i, field := range st.Fields.List {
				var add []string
				if i == 0 {
					add = append(add, tag)
				}
				old := ""
				if field.Tag != nil {
					var err error
					if old, err = strconv.Unquote(field.Tag.Value); err != nil {
						continue // the compiler reports it
					}
				}
				if unexportedNames(field) {
					if _, ok := reflect.StructTag(old).Lookup("json"); !ok {
						// yaegi exports it, Go's encoding/json skips it.
						add = append(add, `json:"-"`)
					}
				}
				if len(add) == 0 {
					continue
				}
				text := strings.TrimSpace(old + " " + strings.Join(add, " "))
				if field.Tag == nil {
					r.insert(field.End(), " "+strconv.Quote(text))
				} else {
					r.replace(field.Tag.Pos(), field.Tag.End(), strconv.Quote(text))
				}
			}
		}
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			r.fmtMethod(fd, tagged)
		}
	}
}

// compiledName is the name under which the type name is compiled: its
// latest version's (see redefinitions).
func (r *rewriter) compiledName(name string) string {
	if v := r.in.types.version[name]; v > 0 {
		return name + versionSuffix + strconv.Itoa(v)
	}
	return name
}

// fmtMethod registers fd with _gopherlab.CellMethod if it is a method of a
// cell's struct type (declared in the file, tagged, or by an earlier
// cell) that fmt calls.
func (r *rewriter) fmtMethod(fd *ast.FuncDecl, tagged map[string]bool) {
	if fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Body == nil {
		return
	}
	params, results := fd.Type.Params.NumFields(), fd.Type.Results.NumFields()
	switch fd.Name.Name {
	case "String", "Error", "GoString":
		if params != 0 || results != 1 {
			return
		}
	case "Format":
		if params != 2 || results != 0 {
			return
		}
	default:
		return
	}
	recv := fd.Recv.List[0].Type
	ptr := false
	if star, ok := recv.(*ast.StarExpr); ok {
		recv, ptr = star.X, true
	}
	id, ok := recv.(*ast.Ident)
	if !ok {
		r.markNamedMethod(fd) // a generic type's
		return
	}
	if !tagged[id.Name] {
		r.in.mu.Lock()
		g, ok := r.in.globals[id.Name]
		r.in.mu.Unlock()
		if !ok || g.kind != "type" || !strings.HasPrefix(g.decl, "type "+id.Name+" struct") {
			r.markNamedMethod(fd)
			return
		}
	}
	name := r.compiledName(id.Name)
	typ := name
	if ptr {
		typ = "*" + name
	}
	call := "; var _ = " + cellPkgName + ".CellMethod((*" + name + ")(nil), " + strconv.Quote(fd.Name.Name) + ", " + strconv.FormatBool(ptr) + ", "
	if fd.Name.Name == "Format" {
		state := r.source(fd.Type.Params.List[0].Type)
		call += "nil, func(_gl any, _glS " + state + ", _glVerb rune) { _gl.(" + typ + ").Format(_glS, _glVerb) })"
	} else {
		call += "func(_gl any) string { return _gl.(" + typ + ")." + fd.Name.Name + "() }, nil)"
	}
	r.insert(fd.End(), call)
}

// markNamedMethod gives the receiver type of fd, a String or Format
// method of a type that is not a cell's struct type, the method that
// marks it for fmt's functions as cells see them: GopherlabNamedString or
// GopherlabNamedFormat, which make it a cell.NamedStringer or
// cell.NamedFormatter, the interfaces they ask yaegi to wrap values in
// (logs.go's cellFmtWrappers). The mark is the method's own, so that a
// type has it once however many cells declare its methods.
func (r *rewriter) markNamedMethod(fd *ast.FuncDecl) {
	if fd.Name.Name != "String" && fd.Name.Name != "Format" {
		return
	}
	recv := fd.Recv.List[0].Type
	star := ""
	if s, ok := recv.(*ast.StarExpr); ok {
		recv, star = s.X, "*"
	}
	var typ string
	switch t := recv.(type) {
	case *ast.Ident:
		typ = r.compiledName(t.Name)
	case *ast.IndexExpr, *ast.IndexListExpr:
		// A generic type's: its parameters as the method names them.
		typ = r.source(recv)
	default:
		return
	}
	r.insert(fd.End(), "; func (_gl "+star+typ+") GopherlabNamed"+fd.Name.Name+"() {}")
}

// unexportedNames tells whether a field list names only unexported fields.
func unexportedNames(f *ast.Field) bool {
	for _, id := range f.Names {
		if token.IsExported(id.Name) {
			return false
		}
	}
	return len(f.Names) > 0
}

// hiddenField is the field that carries the tag of a struct type declared
// without fields (yaegi names it X_).
const hiddenField = "_ [0]int"

// declaredFields are the names of a struct type's fields as declared: an
// embedded field's is its type's name.
func declaredFields(st *ast.StructType) []string {
	var names []string
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			names = append(names, embeddedName(f.Type))
			continue
		}
		for _, id := range f.Names {
			names = append(names, id.Name)
		}
	}
	return names
}

// cellStruct is what the tag of a cell's struct type tells.
type cellStruct struct {
	name   string   // main.point
	fields []string // as declared, none for the hidden field's struct
}

var cellStructs sync.Map // reflect.Type → *cellStruct, nil for other types

// cellStructOf tells whether t is a struct type that a cell declared, and
// its name and fields.
func cellStructOf(t reflect.Type) (*cellStruct, bool) {
	if t == nil || t.Kind() != reflect.Struct || t.NumField() == 0 {
		return nil, false
	}
	if cs, ok := cellStructs.Load(t); ok {
		cs := cs.(*cellStruct)
		return cs, cs != nil
	}
	var cs *cellStruct
	if tag, ok := t.Field(0).Tag.Lookup(cellTag); ok {
		words := strings.Fields(tag)
		if len(words) == t.NumField()+1 || len(words) == 1 && t.NumField() == 1 && t.Field(0).Name == "X_" {
			name, _, _ := strings.Cut(words[0], versionSuffix)
			cs = &cellStruct{name: "main." + name, fields: words[1:]}
		}
	}
	cellStructs.Store(t, cs)
	return cs, cs != nil
}

var cellTypes sync.Map // reflect.Type → bool: whether it holds a cell's struct type

// holdsCellStruct tells whether t is, or is made of, a cell's struct type:
// whether fmt would print one of its values, or its name, otherwise than
// Go. Interfaces are not looked into: what they hold is known only from a
// value.
func holdsCellStruct(t reflect.Type) bool {
	return holds(t, map[reflect.Type]bool{})
}

func holds(t reflect.Type, seen map[reflect.Type]bool) bool {
	if v, ok := cellTypes.Load(t); ok {
		return v.(bool)
	}
	if seen[t] {
		return false // a recursive type: the answer comes from elsewhere
	}
	seen[t] = true
	var found bool
	switch t.Kind() {
	case reflect.Struct:
		if _, ok := cellStructOf(t); ok {
			found = true
			break
		}
		for i := range t.NumField() {
			if holds(t.Field(i).Type, seen) {
				found = true
				break
			}
		}
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		found = holds(t.Elem(), seen)
	case reflect.Map:
		found = holds(t.Key(), seen) || holds(t.Elem(), seen)
	case reflect.Func:
		for i := range t.NumIn() {
			found = found || holds(t.In(i), seen)
		}
		for i := range t.NumOut() {
			found = found || holds(t.Out(i), seen)
		}
	}
	cellTypes.Store(t, found)
	return found
}

// typeString is t's name as Go writes it, main.point for a cell's struct
// type and main.Stack[main.Celsius] for a compiled instance of a cell's
// generic (compiled_typenames.go), as fmt's %T and %#v show it.
func typeString(t reflect.Type) string {
	if !holdsCellStruct(t) {
		return mainTypeName(t.String())
	}
	if cs, ok := cellStructOf(t); ok {
		return cs.name
	}
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + typeString(t.Elem())
	case reflect.Slice:
		return "[]" + typeString(t.Elem())
	case reflect.Array:
		return "[" + strconv.Itoa(t.Len()) + "]" + typeString(t.Elem())
	case reflect.Map:
		return "map[" + typeString(t.Key()) + "]" + typeString(t.Elem())
	case reflect.Chan:
		switch t.ChanDir() {
		case reflect.RecvDir:
			return "<-chan " + typeString(t.Elem())
		case reflect.SendDir:
			return "chan<- " + typeString(t.Elem())
		}
		return "chan " + typeString(t.Elem())
	case reflect.Func:
		var b strings.Builder
		b.WriteString("func(")
		for i := range t.NumIn() {
			if i > 0 {
				b.WriteString(", ")
			}
			if t.IsVariadic() && i == t.NumIn()-1 {
				b.WriteString("..." + typeString(t.In(i).Elem()))
			} else {
				b.WriteString(typeString(t.In(i)))
			}
		}
		b.WriteString(")")
		switch t.NumOut() {
		case 0:
		case 1:
			b.WriteString(" " + typeString(t.Out(0)))
		default:
			b.WriteString(" (")
			for i := range t.NumOut() {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(typeString(t.Out(i)))
			}
			b.WriteString(")")
		}
		return b.String()
	case reflect.Struct:
		// An unnamed struct of cells' types: its own fields keep
		// yaegi's names (the tag is only on declared types).
		var b strings.Builder
		b.WriteString("struct {")
		for i := range t.NumField() {
			if i > 0 {
				b.WriteString(";")
			}
			f := t.Field(i)
			b.WriteString(" ")
			if !f.Anonymous {
				b.WriteString(f.Name + " ")
			}
			b.WriteString(typeString(f.Type))
		}
		b.WriteString(" }")
		return b.String()
	}
	return mainTypeName(t.String())
}
