package magic

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

var kinds = []string{"var", "const", "func", "type"}

func checkWho(p Piece, _ bool) error {
	for _, k := range strings.Fields(p.Args) {
		if !slices.Contains(kinds, k) {
			return usageError(p.Start, "%%who lists kinds of names: var, const, func, type; not %q", k)
		}
	}
	return nil
}

// who is %who: the names cells declared, sorted, with their kind and type,
// of the kinds asked for or all.
func who(x *call) (any, error) {
	namer, ok := x.host.(Namer)
	if !ok {
		return nil, unsupported(x)
	}
	want := strings.Fields(x.piece.Args)
	var names []Name
	for _, n := range namer.Names() {
		if len(want) == 0 || slices.Contains(want, n.Kind) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		if len(want) == 0 {
			x.printf("No names declared by cells.\n")
		} else {
			x.printf("No %s declared by cells.\n", strings.Join(want, ", "))
		}
		return nil, nil
	}
	slices.SortFunc(names, func(a, b Name) int { return cmp.Compare(a.Name, b.Name) })
	w := tabwriter.NewWriter(x.host.Stdout(), 0, 8, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tKIND\tTYPE")
	for _, n := range names {
		fmt.Fprintf(w, "%s\t%s\t%s\n", n.Name, n.Kind, n.Type)
	}
	return nil, w.Flush()
}

// reset is %reset.
func reset(x *call) (any, error) {
	r, ok := x.host.(Resetter)
	if !ok {
		return nil, unsupported(x)
	}
	if err := r.Reset(); err != nil {
		return nil, magicError(x.piece.Start, "%%reset: %v", err)
	}
	x.printf("Reset: a fresh interpreter; the names, types and imports of earlier cells are forgotten.\n")
	return nil, nil
}

// goroutines is %goroutines: the goroutines cells started that still run,
// oldest first.
func goroutines(x *call) (any, error) {
	l, ok := x.host.(GoroutineLister)
	if !ok {
		return nil, unsupported(x)
	}
	gs := l.Goroutines()
	if len(gs) == 0 {
		x.printf("No goroutine started by a cell is running.\n")
		return nil, nil
	}
	slices.SortStableFunc(gs, func(a, b Goroutine) int { return a.Started.Compare(b.Started) })
	if len(gs) == 1 {
		x.printf("1 goroutine started by a cell is running:\n")
	} else {
		x.printf("%d goroutines started by cells are running:\n", len(gs))
	}
	w := tabwriter.NewWriter(x.host.Stdout(), 0, 8, 2, ' ', 0)
	now := time.Now()
	for _, g := range gs {
		pos := g.Pos
		if !strings.HasPrefix(pos, "cell[") {
			pos = fmt.Sprintf("cell[%d]", g.Cell) + prefixed(":", pos)
		}
		line := fmt.Sprintf("  %s\tstarted %s ago", pos, formatTime(now.Sub(g.Started).Seconds()))
		if g.Source != "" {
			line += "\t" + g.Source
		}
		fmt.Fprintln(w, line)
	}
	return nil, w.Flush()
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

func unsupported(x *call) error {
	return magicError(x.piece.Start, "%%%s is not available in this interpreter", x.piece.Name)
}
