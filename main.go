// Command gopherlab is a Jupyter kernel for Go, built on the yaegi
// interpreter, with a helper package and lessons that teach concurrency.
//
//	gopherlab install [--user | --sys-prefix | --prefix DIR] [--name N] [--display-name D] [--uninstall]
//	gopherlab kernel -f CONNECTION_FILE
//	gopherlab run [-o OUT.ipynb] [-continue] NOTEBOOK.ipynb
//	gopherlab step NOTEBOOK.ipynb
//	gopherlab version
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopherlab/internal/release"
	"gopherlab/lab"
)

const usage = `gopherlab: a Jupyter kernel for Go

Usage:
  gopherlab install [--user | --sys-prefix | --prefix DIR] [--name NAME]
                    [--display-name NAME] [--uninstall]
                                   write (or remove) the Jupyter kernelspec
  gopherlab kernel -f FILE         serve the connection file FILE (Jupyter runs this)
  gopherlab run [-o OUT.ipynb] [-continue] NOTEBOOK.ipynb
                                   run a notebook's cells here, no Jupyter needed
  gopherlab step NOTEBOOK.ipynb     present a notebook in the terminal, a cell at a time
  gopherlab worker                 the interpreter process a kernel supervises (internal)
  gopherlab version                print the version
  gopherlab help                   print this help
`

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "gopherlab:", err)
		}
		os.Exit(exitCode(err))
	}
}

var errUsage = errors.New("usage")

func exitCode(err error) int {
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "install":
		return installCommand(rest, stdout)
	case "kernel":
		return kernelCommand(rest)
	case "run":
		return runCommand(rest, stdout, stderr)
	case "step":
		return stepCommand(rest, os.Stdin, stdout, stderr)
	case "worker":
		return workerCommand()
	case "lab-worker": // a process pool's worker (gopherlab/lab), not in the usage
		return lab.ServeWorker()
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "gopherlab", release.Version)
		return nil
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "gopherlab: unknown command %q\n\n%s", cmd, usage)
		return errUsage
	}
}

// kernelArgs accepts "-f FILE", "--f=FILE", "-f=FILE" and a lone FILE, the
// forms front ends and people use.
func kernelArgs(args []string) (string, error) {
	switch {
	case len(args) == 1 && !strings.HasPrefix(args[0], "-"):
		return args[0], nil
	case len(args) == 2 && (args[0] == "-f" || args[0] == "--f"):
		return args[1], nil
	case len(args) == 1 && (strings.HasPrefix(args[0], "-f=") || strings.HasPrefix(args[0], "--f=")):
		return args[0][strings.IndexByte(args[0], '=')+1:], nil
	}
	return "", fmt.Errorf("kernel: want -f CONNECTION_FILE, got %q", strings.Join(args, " "))
}
