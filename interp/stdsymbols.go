package interp

import (
	"maps"
	"reflect"
	"strings"
	"sync"

	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/syscall"
	"github.com/traefik/yaegi/stdlib/unrestricted"

	newstd "gopherlab/interp/stdlib"
)

// stdSymbols are the compiled standard-library symbols cells see: yaegi's
// stdlib tables (Go 1.22), with syscall's, the unrestricted ones and
// gopherlab's tables of what later Go added (interp/stdlib) added. The
// unrestricted tables give cells os/exec, os.FindProcess of the kernel's
// own process, and log.New's own *log.Logger, which the restricted tables
// replace with a wrapper lacking most of its methods. What would end the
// kernel's process, os.Exit and log.Fatal…, Interpreter.overrides replaces
// (it is loaded after these); the real os.Exit is left out here besides, so
// that no table of ours ever holds it.
//
// yaegi's tables are package variables: the merge copies them rather than
// writing into them.
var stdSymbols = sync.OnceValue(func() map[string]map[string]reflect.Value {
	merged := map[string]map[string]reflect.Value{}
	for key, syms := range stdlib.Symbols {
		merged[key] = maps.Clone(syms)
	}
	for _, extra := range []map[string]map[string]reflect.Value{syscall.Symbols, unrestricted.Symbols, newstd.Symbols} {
		for key, syms := range extra {
			// syscall and unrestricted export their own tables, under
			// github.com/traefik/yaegi/stdlib/…: through them a cell
			// could reach the real os.Exit.
			if strings.HasPrefix(key, yaegiPrefix) {
				continue
			}
			if merged[key] == nil {
				merged[key] = map[string]reflect.Value{}
			}
			for name, v := range syms {
				if key == "os/os" && name == "Exit" {
					continue
				}
				merged[key][name] = v
			}
		}
	}
	return merged
})

// yaegiPrefix starts the import paths of yaegi's own packages.
const yaegiPrefix = "github.com/traefik/yaegi/"
