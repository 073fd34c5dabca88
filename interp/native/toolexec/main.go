// Command toolexec is the go command's -toolexec for the plugins of
// compiled cells (gopherlab/interp/native builds it in its module and
// passes it to go build). It runs each tool as the go command asks, except
// that the compiler gets, in place of each Go file that has one, the file
// of the same name in the _main directory beside it: the package as it is
// to be compiled, named main (interp/native/asmain.go says why). The go
// command sees the files it was given, which name the package as other
// packages import it.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: toolexec tool [arg ...]")
		os.Exit(2)
	}
	tool, args := os.Args[1], os.Args[2:]
	if strings.TrimSuffix(filepath.Base(tool), ".exe") == "compile" {
		args = substitute(args, exists)
	}
	cmd := exec.Command(tool, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.Exited() {
			os.Exit(exit.ExitCode())
		}
		fmt.Fprintln(os.Stderr, "toolexec:", err)
		os.Exit(1)
	}
}

// mainDir is the directory, beside a package's files, of the files the
// compiler gets in their place.
const mainDir = "_main"

// substitute is args with each Go file that has a file of its name in
// mainDir beside it replaced by that file.
func substitute(args []string, exists func(string) bool) []string {
	out := make([]string, len(args))
	for i, arg := range args {
		out[i] = arg
		if strings.HasSuffix(arg, ".go") && !strings.HasPrefix(arg, "-") {
			if alt := filepath.Join(filepath.Dir(arg), mainDir, filepath.Base(arg)); exists(alt) {
				out[i] = alt
			}
		}
	}
	return out
}

func exists(file string) bool {
	info, err := os.Stat(file)
	return err == nil && info.Mode().IsRegular()
}
