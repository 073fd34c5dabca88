package magic

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// command is a magic: its line form (%name args), its cell form (%%name
// args on a cell's first line), or both.
type command struct {
	name    string
	usage   string // how it is written, for %help
	summary string // what it does, for %help
	line    func(*call) (any, error)
	cell    func(*call) (any, error)
	// check, when not nil, tells what is wrong with the arguments before
	// the cell runs.
	check func(p Piece, cell bool) error
}

// commands are the magics, by name; filled in init, since %help lists them.
var commands map[string]*command

func init() {
	commands = map[string]*command{}
	for _, c := range []*command{
		{name: "help", usage: "%help", summary: "list the magics", line: help, check: noArgs},
		{name: "time", usage: "%time STATEMENT", summary: "run it once; print the wall and CPU time it took (%%time: of the cell)",
			line: timeLine, cell: timeCell, check: checkTime},
		{name: "timeit", usage: "%timeit [-n N] [-r R] STATEMENT",
			summary: "compile it once, run it R times N loops; print a loop's mean time (%%timeit [opts] [SETUP]: the cell)",
			line:    timeitLine, cell: timeitCell, check: checkTimeit},
		{name: "env", usage: "%env [NAME[=VALUE]]", summary: "list, show or set environment variables of the process", line: env, check: checkEnv},
		{name: "gomaxprocs", usage: "%gomaxprocs [N|default]", summary: "show or set runtime.GOMAXPROCS", line: gomaxprocs, check: checkGOMAXPROCS},
		{name: "who", usage: "%who [KIND...]", summary: "list the names cells declared, with kind and type (KIND: var, const, func, type)",
			line: who, check: checkWho},
		{name: "reset", usage: "%reset [-f]", summary: "forget everything cells defined: start a fresh interpreter (-f, as IPython's: without asking, as always)",
			line: reset, check: checkReset},
		{name: "goroutines", usage: "%goroutines", summary: "list the goroutines cells started that are still running", line: goroutines, check: noArgs},
		{name: "compile", usage: "%%compile, %compile [auto|always|never]",
			summary: "build the cell as compiled Go: native speed, real methods; what it declares stays for later cells (%compile: which cells of declarations compile without it)",
			line:    compileLine, cell: compileCell, check: checkCompile},
		{name: "go", usage: "%go get MODULE[@VERSION]...", summary: "get modules at these versions for the packages cells import, as go get does",
			line: goGet, check: checkGo},
	} {
		commands[c.name] = c
	}
}

func lookup(name string) *command { return commands[name] }

// noArgs checks a magic that takes no argument.
func noArgs(p Piece, _ bool) error {
	if p.Args != "" {
		return usageError(p.Start, "%%%s takes no arguments, got %q", p.Name, p.Args)
	}
	return nil
}

// checkReset checks %reset, which takes IPython's -f: IPython asks before
// it resets unless told -f, and notebooks say %reset -f; gopherlab never
// asks.
func checkReset(p Piece, _ bool) error {
	if p.Args != "" && p.Args != "-f" {
		return usageError(p.Start, "%%reset takes no arguments but -f, got %q", p.Args)
	}
	return nil
}

// help lists the magics.
func help(x *call) (any, error) {
	w := tabwriter.NewWriter(x.host.Stdout(), 0, 8, 2, ' ', 0)
	fmt.Fprintln(w, "A cell is Go: imports, declarations and statements in any order, its last expression its result.")
	fmt.Fprintln(w, "Lines that start with % or ! where a statement could start run in order with the Go around them;")
	fmt.Fprintln(w, "a cell magic, %%name, must be the first line of its cell and applies to the rest.")
	fmt.Fprintln(w)
	for _, name := range slices.Sorted(maps.Keys(commands)) {
		c := commands[name]
		fmt.Fprintf(w, "%s\t%s\n", c.usage, c.summary)
	}
	fmt.Fprintf(w, "!COMMAND\trun COMMAND with sh -c, its output streamed; a failure is an error\n")
	return nil, w.Flush()
}

// closeNames are the magics whose names are close to name: it begins
// one, or is a few edits away.
func closeNames(name string) []string {
	var near []string
	for _, n := range slices.Sorted(maps.Keys(commands)) {
		if name != "" && (strings.HasPrefix(n, name) || strings.HasPrefix(name, n) || editDistance(name, n) <= max(1, len(n)/3)) {
			near = append(near, n)
		}
	}
	return near
}

// editDistance is Levenshtein's distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
