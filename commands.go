package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gopherlab/internal/install"
	"gopherlab/internal/kernelrun"
	"gopherlab/internal/worker"
	"gopherlab/symbols"
)

func installCommand(args []string, stdout io.Writer) error {
	opts, uninstall, err := install.ParseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(stdout, err)
		return nil
	}
	if err != nil {
		return err
	}
	if opts.Executable, err = executable(); err != nil {
		return err
	}
	if uninstall {
		dir, err := install.Uninstall(opts)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, "Removed kernelspec", opts.Name, "from", dir)
		return nil
	}
	opts.KernelExecutable = kernelExecutable(opts.Executable)
	dir, err := install.Install(opts)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Installed kernelspec", opts.Name, "in", dir)
	if opts.KernelExecutable == "" {
		fmt.Fprintf(stdout, "The kernel process will be gopherlab itself: gopherlab-kernel, which takes about 23 MiB less memory a kernel, is not beside %s (go build -o %s ./cmd/gopherlab-kernel, or go install . ./cmd/gopherlab-kernel).\n",
			opts.Executable, filepath.Join(filepath.Dir(opts.Executable), "gopherlab-kernel"))
	}
	return nil
}

// kernelExecutable is the gopherlab-kernel binary beside exe, or "" when
// there is none: the kernel process without the interpreter (package
// kernelrun), which install names in the kernelspec when it can.
func kernelExecutable(exe string) string {
	k := filepath.Join(filepath.Dir(exe), "gopherlab-kernel"+filepath.Ext(exe))
	if fi, err := os.Stat(k); err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
		return ""
	}
	return k
}

// executable is the absolute, symlink-free path of this binary, which the
// kernelspec's argv must name for Jupyter to start it from anywhere.
func executable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("locate the gopherlab binary: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	return exe, nil
}

// kernelCommand serves one connection file until a front end shuts the
// kernel down, with this binary's "worker" running the cells (package
// kernelrun). The gopherlab-kernel binary does the same in a smaller
// process; gopherlab install picks it when it lies beside gopherlab.
func kernelCommand(args []string) error {
	path, err := kernelArgs(args)
	if err != nil {
		return err
	}
	exe, err := executable()
	if err != nil {
		return err
	}
	return kernelrun.Run(kernelrun.Config{ConnectionFile: path, Worker: []string{exe, "worker"}})
}

// workerCommand is the interpreter process that kernelCommand supervises;
// people never run it. Its cells can import gopherlab's helper packages:
// here is where they are registered.
func workerCommand() error {
	return worker.Serve(symbols.Symbols)
}
