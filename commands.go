package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"gopherlab/internal/install"
	"gopherlab/internal/kernel"
	"gopherlab/internal/supervisor"
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
	dir, err := install.Install(opts)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Installed kernelspec", opts.Name, "in", dir)
	return nil
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
// kernel down. The cells run in a worker process that the kernel supervises
// (see package supervisor): whatever a cell does to its process, the kernel
// keeps its sockets and its front ends.
func kernelCommand(args []string) error {
	path, err := kernelArgs(args)
	if err != nil {
		return err
	}
	conn, err := kernel.ReadConnectionFile(path)
	if err != nil {
		return err
	}
	exe, err := executable()
	if err != nil {
		return err
	}
	logger := log.New(os.Stderr, "gopherlab: ", log.LstdFlags)
	outputLimit, err := kernel.ParseOutputLimit(os.Getenv(kernel.OutputLimitEnv))
	if err != nil {
		return err
	}
	if err := kernel.CheckConnectionFileMode(path); err != nil {
		logger.Printf("warning: %v", err) // not ours to change, and it may be fine
	}

	b := &bridge{}
	b.interp, err = supervisor.Start(supervisor.Config{
		Command:  []string{exe, "worker"},
		Frontend: b,
		Log:      logger,
	})
	if err != nil {
		return err
	}
	defer b.interp.Close()
	k, err := kernel.New(kernel.Config{
		Connection:  conn,
		Interpreter: b,
		Info:        kernelInfo(),
		Log:         logger,
		OutputLimit: outputLimit,
	})
	if err != nil {
		return err
	}

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	go func() {
		for sig := range signals {
			if sig == os.Interrupt {
				k.Interrupt() // as ipykernel does: SIGINT interrupts, it does not kill
				continue
			}
			k.Shutdown(false)
		}
	}()

	if err := k.Run(ctx); err != nil && !errors.Is(err, kernel.ErrRestart) {
		return err
	}
	return nil
}

// workerCommand is the interpreter process that kernelCommand supervises;
// people never run it. Its cells can import gopherlab's helper packages:
// here is where they are registered.
func workerCommand() error {
	return worker.Serve(symbols.Symbols)
}

func kernelInfo() kernel.Info {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	return kernel.Info{
		Implementation:        "gopherlab",
		ImplementationVersion: version,
		Language: kernel.LanguageInfo{
			Name:           "go",
			Version:        goVersion,
			MIMEType:       "text/x-go",
			FileExtension:  ".go",
			PygmentsLexer:  "go",
			CodemirrorMode: "go",
		},
		Banner: fmt.Sprintf("gopherlab %s: Go %s, interpreted by yaegi\n"+
			"Cells hold Go declarations and statements; the value of a trailing expression is shown.", version, goVersion),
		HelpLinks: []kernel.HelpLink{
			{Text: "Go documentation", URL: "https://go.dev/doc/"},
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
			{Text: "Go language specification", URL: "https://go.dev/ref/spec"},
			{Text: "yaegi interpreter", URL: "https://github.com/traefik/yaegi"},
		},
	}
}
