package magic

import (
	"context"
	"strings"
)

// ModuleGetter is a Host that gets Go modules for the packages cells
// import, for %go get.
type ModuleGetter interface {
	// GetModules runs go get with queries (MODULE@VERSION, as go get takes
	// them) and returns what changed, a line per module.
	GetModules(ctx context.Context, queries []string) (changes []string, err error)
}

// checkGo checks %go, which runs go get alone: the go command's other
// work (build, run, mod) is the kernel's, and a shell command is !go.
func checkGo(p Piece, _ bool) error {
	args := strings.Fields(p.Args)
	if len(args) < 2 || args[0] != "get" {
		return usageError(p.Start, "%%go takes get and what to get: %%go get MODULE[@VERSION]...; for the go command itself, !go")
	}
	for _, q := range args[1:] {
		if strings.HasPrefix(q, "-") {
			return usageError(p.Start, "%%go get takes modules, not flags such as %s", q)
		}
	}
	return nil
}

// goGet is %go get: the modules the packages cells import come at the
// versions asked for.
func goGet(x *call) (any, error) {
	g, ok := x.host.(ModuleGetter)
	if !ok {
		return nil, unsupported(x)
	}
	changes, err := g.GetModules(x.ctx, strings.Fields(x.piece.Args)[1:])
	if err != nil {
		return nil, magicError(x.piece.Start, "%v", err)
	}
	if len(changes) == 0 {
		x.printf("go get: nothing changed\n")
	}
	for _, c := range changes {
		x.printf("go get: %s\n", c)
	}
	return nil, nil
}
