// Command gopherlab-kernel is gopherlab's kernel process on its own: it
// serves a Jupyter connection file and supervises the worker that runs the
// cells, the gopherlab binary's "worker". It links no interpreter, so each
// kernel maps a few megabytes of executable where "gopherlab kernel" maps
// all of gopherlab's (docs/BENCHMARKS.md gives the figures).
//
//	gopherlab-kernel -worker /path/to/gopherlab -f CONNECTION_FILE
//
// People do not run it: gopherlab install writes that command into the
// kernelspec when gopherlab-kernel lies beside the gopherlab binary, as
// `go install . ./cmd/gopherlab-kernel` puts them.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"gopherlab/internal/kernelrun"
	"gopherlab/internal/release"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gopherlab-kernel:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gopherlab-kernel", flag.ContinueOnError)
	conn := fs.String("f", "", "the Jupyter connection `file` to serve")
	worker := fs.String("worker", "", "the gopherlab `binary` whose worker runs the cells")
	version := fs.Bool("version", false, "print the version")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *version:
		fmt.Println("gopherlab-kernel", release.Version)
		return nil
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	case *conn == "":
		return errors.New("want -f CONNECTION_FILE")
	case *worker == "":
		return errors.New("want -worker, the gopherlab binary that runs the cells (gopherlab install writes it into the kernelspec)")
	case !filepath.IsAbs(*worker):
		return fmt.Errorf("-worker %q is not an absolute path", *worker)
	}
	return kernelrun.Run(kernelrun.Config{ConnectionFile: *conn, Worker: []string{*worker, "worker"}})
}
