package interp

import (
	"encoding"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/traefik/yaegi/stdlib/syscall"
	"github.com/traefik/yaegi/stdlib/unrestricted"

	"gopherlab/interp/stdlib"
)

// The standard library cells see: interp/stdlib's tables, generated for
// the toolchain that built gopherlab, with yaegi's tables of syscall,
// which differ by system, and of the syscall functions its restricted
// tables leave out. A table is built when first asked for (see
// interp/stdlib's doc for why), and kept: the kernel process never builds
// one, and a worker builds those its cells import.
//
// What would end the kernel's process, os.Exit and log.Fatal…,
// Interpreter.overrides replaces (it is loaded after these); the real
// os.Exit is left out here besides, so that no table of ours ever holds it.
var stdSymbols = &stdTables{built: map[string]map[string]reflect.Value{}}

type stdTables struct {
	mu    sync.Mutex
	built map[string]map[string]reflect.Value
}

// yaegiTables are the tables of yaegi's that add to interp/stdlib's.
var yaegiTables = []map[string]map[string]reflect.Value{syscall.Symbols, unrestricted.Symbols}

// stdKeys are the keys of the standard library's tables, sorted, as yaegi
// keys them: "import/path/name".
var stdKeys = sync.OnceValue(func() []string {
	keys := slices.Collect(maps.Keys(stdlib.Tables))
	for _, t := range yaegiTables {
		for key := range t {
			// syscall and unrestricted export their own tables, under
			// github.com/traefik/yaegi/stdlib/…: through them a cell
			// could reach the real os.Exit.
			if !strings.HasPrefix(key, yaegiPrefix) && !slices.Contains(keys, key) {
				keys = append(keys, key)
			}
		}
	}
	slices.Sort(keys)
	return keys
})

// has tells whether the standard library has a table under key, without
// building it.
func (s *stdTables) has(key string) bool {
	_, ok := slices.BinarySearch(stdKeys(), key)
	return ok
}

// table is the table under key, built on first need; callers must not
// change it.
func (s *stdTables) table(key string) (map[string]reflect.Value, bool) {
	if !s.has(key) {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.built[key]; ok {
		return t, true
	}
	t := map[string]reflect.Value{}
	if build, ok := stdlib.Tables[key]; ok {
		maps.Copy(t, build())
	}
	for _, extra := range yaegiTables {
		maps.Copy(t, extra[key]) // yaegi's tables are package variables: copied, not written
	}
	if key == "os/os" {
		delete(t, "Exit")
	}
	s.built[key] = t
	return t, true
}

// exports are the tables of the packages at importPaths, for
// yaegi.Interpreter.Use; a path without a table is left out.
func (s *stdTables) exports(importPaths ...string) map[string]map[string]reflect.Value {
	out := map[string]map[string]reflect.Value{}
	for _, ipath := range importPaths {
		key := ipath + "/" + packageName(ipath)
		if t, ok := s.table(key); ok {
			out[key] = t
		}
	}
	return out
}

// stdMapTypes are the functions of the standard library with an interface{}
// parameter that look for methods on its argument: yaegi wraps an
// interpreted value given to them in a type that has the methods of the
// first of the interfaces listed that the value implements, without which
// fmt would miss a cell type's String and encoding/json its MarshalJSON.
// And, keyed by an interface's wrapper, the wrappers with more methods to
// try first (stdlib.Composed).
func stdMapTypes() map[reflect.Value][]reflect.Type {
	printing := []reflect.Type{reflect.TypeFor[fmt.Formatter](), reflect.TypeFor[fmt.Stringer]()}
	scanning := []reflect.Type{reflect.TypeFor[fmt.Scanner]()}
	marshal := func(m reflect.Type) []reflect.Type {
		return []reflect.Type{m, reflect.TypeFor[encoding.TextMarshaler]()}
	}
	unmarshal := func(m reflect.Type) []reflect.Type {
		return []reflect.Type{m, reflect.TypeFor[encoding.TextUnmarshaler]()}
	}
	mt := map[reflect.Value][]reflect.Type{
		reflect.ValueOf(json.Marshal):   marshal(reflect.TypeFor[json.Marshaler]()),
		reflect.ValueOf(json.Unmarshal): unmarshal(reflect.TypeFor[json.Unmarshaler]()),
		reflect.ValueOf(xml.Marshal):    marshal(reflect.TypeFor[xml.Marshaler]()),
		reflect.ValueOf(xml.Unmarshal):  unmarshal(reflect.TypeFor[xml.Unmarshaler]()),
	}
	for _, f := range []any{
		fmt.Errorf, fmt.Fprint, fmt.Fprintf, fmt.Fprintln, fmt.Print, fmt.Printf, fmt.Println,
		fmt.Sprint, fmt.Sprintf, fmt.Sprintln, fmt.Append, fmt.Appendf, fmt.Appendln,
		log.Fatal, log.Fatalf, log.Fatalln, log.Panic, log.Panicf, log.Panicln, log.Print, log.Printf, log.Println,
	} {
		mt[reflect.ValueOf(f)] = printing
	}
	for _, f := range []any{fmt.Scan, fmt.Scanf, fmt.Scanln, fmt.Fscan, fmt.Fscanf, fmt.Fscanln, fmt.Sscan, fmt.Sscanf, fmt.Sscanln} {
		mt[reflect.ValueOf(f)] = scanning
	}
	// The interface wrappers with more methods, for io.Copy's WriteTo and
	// ReadFrom and net/http's Flush and Hijack.
	maps.Copy(mt, stdlib.Composed())
	return mt
}

// yaegiPrefix starts the import paths of yaegi's own packages.
const yaegiPrefix = "github.com/traefik/yaegi/"

// importPathOf is the import path of a table's key.
func importPathOf(key string) string { return path.Dir(key) }
