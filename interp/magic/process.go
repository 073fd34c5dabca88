package magic

import (
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// envName returns the variable and value of %env's arguments: NAME,
// NAME=VALUE or NAME VALUE; set tells whether a value was given.
func envName(args string) (name, value string, set bool) {
	i := strings.IndexAny(args, "= \t")
	if i < 0 {
		return args, "", false
	}
	value = args[i+1:]
	if args[i] != '=' {
		value = strings.TrimLeft(value, " \t")
	}
	return args[:i], value, true
}

func checkEnv(p Piece, _ bool) error {
	if p.Args == "" {
		return nil
	}
	if name, _, _ := envName(p.Args); name == "" {
		return usageError(p.Start, "%%env needs a variable's name: %%env NAME, %%env NAME=VALUE")
	}
	return nil
}

// secret tells the variables whose values a list of the environment hides:
// notebooks get shared, with their outputs.
func secret(name string) bool {
	up := strings.ToUpper(name)
	for _, w := range []string{"KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL"} {
		if strings.Contains(up, w) {
			return true
		}
	}
	return false
}

// env is %env: with no argument it lists the environment, values that look
// secret hidden; %env NAME shows a variable; %env NAME=VALUE sets it for
// the process, which cells and ! commands see.
func env(x *call) (any, error) {
	if x.piece.Args == "" {
		vars := os.Environ()
		slices.Sort(vars)
		for _, kv := range vars {
			name, value, _ := strings.Cut(kv, "=")
			if secret(name) {
				value = "<hidden>"
			}
			x.printf("%s=%s\n", name, value)
		}
		return nil, nil
	}
	name, value, set := envName(x.piece.Args)
	if !set {
		v, ok := os.LookupEnv(name)
		if !ok {
			return nil, magicError(x.piece.Start, "environment variable %s is not set", name)
		}
		x.printf("%s\n", v)
		return nil, nil
	}
	if err := os.Setenv(name, value); err != nil {
		return nil, magicError(x.piece.Start, "%%env: set %s: %v", name, err)
	}
	x.printf("env: %s=%s\n", name, value)
	return nil, nil
}

func checkGOMAXPROCS(p Piece, _ bool) error {
	if p.Args == "" || p.Args == "default" {
		return nil
	}
	if n, err := strconv.Atoi(p.Args); err != nil || n < 1 {
		return usageError(p.Start, "%%gomaxprocs takes a whole number ≥ 1 or \"default\", got %q", p.Args)
	}
	return nil
}

// gomaxprocs is %gomaxprocs: show, set, or give back to the runtime's
// choice (which follows the CPU limit of a container) the number of
// threads that run Go at once.
func gomaxprocs(x *call) (any, error) {
	prev := runtime.GOMAXPROCS(0)
	switch x.piece.Args {
	case "":
		x.printf("GOMAXPROCS is %d (NumCPU %d)\n", prev, runtime.NumCPU())
		return nil, nil
	case "default":
		runtime.SetDefaultGOMAXPROCS()
	default:
		n, _ := strconv.Atoi(x.piece.Args)
		runtime.GOMAXPROCS(n)
	}
	x.printf("GOMAXPROCS set to %d (was %d; NumCPU %d)\n", runtime.GOMAXPROCS(0), prev, runtime.NumCPU())
	return nil, nil
}
