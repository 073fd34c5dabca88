package interp

import (
	"fmt"
	"regexp"
	"slices"

	"gopherlab/interp/stdlib"
)

// A standard package's generic functions and types have no symbols (Go has
// no reflect value of a generic), so yaegi, which reaches compiled code
// through reflect, calls one undefined. gopherlab gives some of them as
// source (interp/gensrc: slices, maps, cmp, iter, errors.AsType,
// sync.OnceValue…); for the others, such as atomic.Pointer and unique.Make,
// the error says why the name is missing, and what to do, instead of
// saying that the package lacks it.

// missingSymbol matches yaegi's two messages for a name a package's table
// lacks, at the end of a compiler error: the import path and the name.
var missingSymbol = regexp.MustCompile(`(?:undefined selector ([\w./-]+)\.|package \w+ "([\w./-]+)" has no symbol )([\pL_][\pL\pN_]*)$`)

// explainMissingGeneric rewrites a compiler error of yaegi's that calls a
// standard package's generic function or type undefined; other messages
// come back as they were.
func explainMissingGeneric(msg string) string {
	m := missingSymbol.FindStringSubmatchIndex(msg)
	if m == nil {
		return msg
	}
	var importPath string
	if m[2] >= 0 {
		importPath = msg[m[2]:m[3]]
	} else {
		importPath = msg[m[4]:m[5]]
	}
	name := msg[m[6]:m[7]]
	if !slices.Contains(stdlib.GenericNames[importPath], name) {
		return msg
	}
	return msg[:m[0]] + fmt.Sprintf("%s.%s is generic, and the interpreter reaches the compiled package %s only through reflect, which has no generics: use it in a %%%%compile cell, or write your own",
		packageName(importPath), name, importPath)
}

// genericNotInstantiated says why what, a generic function or type of the
// compiled package at importPath, cannot be instantiated for a cell:
// the interpreter reaches it only as an instance the Go compiler builds
// (instantiate.go).
func genericNotInstantiated(what, importPath, why string) string {
	return fmt.Sprintf("%s is generic, and the interpreter reaches the compiled package %s only through reflect, which has no generics, so gopherlab has the Go compiler instantiate it; it cannot here: %s",
		what, importPath, why)
}
