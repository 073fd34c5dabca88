// Package kernelrun is a kernel process: it reads the connection file,
// starts the worker that runs cells under a supervisor, and serves
// Jupyter's sockets until a front end shuts the kernel down. The gopherlab
// command's "kernel" runs it, and so does the gopherlab-kernel binary,
// which links only this side (no interpreter, no symbol tables), so that a
// kernel process maps a few megabytes of executable instead of the
// interpreter's forty.
package kernelrun

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

	"gopherlab/internal/kernel"
	"gopherlab/internal/release"
	"gopherlab/internal/supervisor"
)

// Config says what a kernel process serves and what runs its cells.
type Config struct {
	ConnectionFile string
	// Worker is the command of the worker process, which the supervisor
	// starts and restarts: gopherlab's "worker".
	Worker []string
}

// Run serves cfg's connection file until a front end shuts the kernel down
// (a restart included: Jupyter starts a new process). The cells run in a
// worker process that the kernel supervises (see package supervisor):
// whatever a cell does to its process, the kernel keeps its sockets and its
// front ends.
func Run(cfg Config) error {
	conn, err := kernel.ReadConnectionFile(cfg.ConnectionFile)
	if err != nil {
		return err
	}
	logger := log.New(os.Stderr, "gopherlab: ", log.LstdFlags)
	outputLimit, err := kernel.ParseOutputLimit(os.Getenv(kernel.OutputLimitEnv))
	if err != nil {
		return err
	}
	if err := kernel.CheckConnectionFileMode(cfg.ConnectionFile); err != nil {
		logger.Printf("warning: %v", err) // not ours to change, and it may be fine
	}

	b := &bridge{}
	b.interp, err = supervisor.Start(supervisor.Config{
		Command:  cfg.Worker,
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
		Info:        Info(),
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

// Info is what the kernel_info reply says of gopherlab.
func Info() kernel.Info {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	return kernel.Info{
		Implementation:        "gopherlab",
		ImplementationVersion: release.Version,
		Language: kernel.LanguageInfo{
			Name:           "go",
			Version:        goVersion,
			MIMEType:       "text/x-go",
			FileExtension:  ".go",
			PygmentsLexer:  "go",
			CodemirrorMode: "go",
		},
		Banner: fmt.Sprintf("gopherlab %s: Go %s, interpreted by yaegi\n"+
			"Cells hold Go declarations and statements; the value of a trailing expression is shown.", release.Version, goVersion),
		HelpLinks: []kernel.HelpLink{
			{Text: "Go documentation", URL: "https://go.dev/doc/"},
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
			{Text: "Go language specification", URL: "https://go.dev/ref/spec"},
			{Text: "yaegi interpreter", URL: "https://github.com/traefik/yaegi"},
		},
	}
}
