package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"gopherlab/internal/cellio"
	"gopherlab/internal/notebook"
	"gopherlab/internal/supervisor"
)

// runCommand executes a notebook's code cells in order, in a worker
// process as the kernel would run them, and prints their output as it
// comes: no Jupyter needed.
func runCommand(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("run", flag.ContinueOnError)
	flags.SetOutput(stderr)
	out := flags.String("o", "", "write the executed notebook to `FILE`")
	keepGoing := flags.Bool("continue", false, "run the cells after a failing one too")
	timeout := flags.Duration("timeout", 0, "interrupt a cell that runs longer than this (0: never)")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: gopherlab run [-o OUT.ipynb] [-continue] [-timeout D] NOTEBOOK.ipynb")
		flags.PrintDefaults()
	}
	if err := flags.Parse(reorderFlags(args, "o", "timeout")); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if flags.NArg() != 1 {
		flags.Usage()
		return errUsage
	}
	nb, err := notebook.Read(flags.Arg(0))
	if err != nil {
		return err
	}
	exe, err := executable()
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r := &runner{stdout: stdout, stderr: stderr, stdin: bufio.NewReader(os.Stdin), headers: true}
	interp, err := supervisor.Start(supervisor.Config{Command: []string{exe, "worker"}, Frontend: r})
	if err != nil {
		return err
	}
	defer interp.Close()

	failed, count := 0, 0
	start := time.Now()
	for _, cell := range nb.Cells {
		if cell.Type != "code" {
			continue
		}
		count++
		r.begin(cell, count)
		cellCtx, cancel := ctx, context.CancelFunc(func() {})
		if *timeout > 0 {
			cellCtx, cancel = context.WithTimeout(ctx, *timeout)
		}
		reply := interp.Execute(cellCtx, cellio.ExecuteRequest{Count: count, Code: cell.Source})
		cancel()
		r.end(count, reply)
		if reply.Err != nil {
			failed++
			if ctx.Err() != nil {
				break // Ctrl-C: stop the run, as well as the cell
			}
			if !*keepGoing {
				break
			}
		}
	}
	summary := fmt.Sprintf("ran %d code cells in %s", count, time.Since(start).Round(time.Millisecond))
	if failed > 0 {
		summary += fmt.Sprintf(", %d failed", failed)
	}
	fmt.Fprintln(stderr, summary)
	if *out != "" {
		if err := nb.Write(*out); err != nil {
			return err
		}
		fmt.Fprintln(stderr, "wrote", *out)
	}
	switch {
	case ctx.Err() != nil:
		return errors.New("interrupted")
	case failed > 0:
		return fmt.Errorf("%d cell(s) failed", failed)
	}
	return nil
}

// reorderFlags moves flags after the notebook's name in front of it, so
// that "gopherlab run lesson.ipynb -o out.ipynb" works as people type it.
// valued names the flags that take a value.
func reorderFlags(args []string, valued ...string) []string {
	var flags, rest []string
	takesValue := func(a string) bool {
		name := strings.TrimLeft(a, "-")
		for _, v := range valued {
			if name == v {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = append(rest, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(a, "-") && a != "-":
			flags = append(flags, a)
			if !strings.Contains(a, "=") && takesValue(a) && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			rest = append(rest, a)
		}
	}
	return append(flags, rest...)
}

// runner is the supervisor's front end for gopherlab run: it prints what
// cells produce as it comes and records it in the notebook.
type runner struct {
	stdout, stderr io.Writer
	stdin          *bufio.Reader
	// headers prints an "In [n]:" line before each cell's output; step
	// shows the cell itself instead.
	headers bool

	mu          sync.Mutex
	recorder    notebook.Recorder
	atLineStart bool
}

func (r *runner) begin(c *notebook.Cell, count int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recorder.Start(c)
	r.atLineStart = true
	if !r.headers {
		return
	}
	first, _, more := strings.Cut(strings.TrimSpace(c.Source), "\n")
	if more {
		first += " …"
	}
	fmt.Fprintf(r.stdout, "In [%d]: %s\n", count, first)
}

func (r *runner) end(count int, reply cellio.ExecuteReply) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.atLineStart {
		fmt.Fprintln(r.stdout)
	}
	r.recorder.Reply(count, reply)
	switch {
	case reply.Err != nil:
		fmt.Fprintln(r.stderr, strings.Join(reply.Err.Traceback, "\n"))
	case reply.Data != nil:
		fmt.Fprintf(r.stdout, "Out[%d]: %s", count, notebook.Output{"output_type": "execute_result", "data": reply.Data}.Text())
	}
	fmt.Fprintln(r.stdout)
	r.atLineStart = true
}

func (r *runner) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recorder.Stream(name, text)
	w := r.stdout
	if name == "stderr" {
		w = r.stderr
	}
	io.WriteString(w, text)
	r.atLineStart = strings.HasSuffix(text, "\n")
}

func (r *runner) Display(data, metadata map[string]any, displayID string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recorder.Display(data, metadata, displayID, update)
	if update {
		return // a terminal cannot redraw it in place; the notebook has it
	}
	if !r.atLineStart {
		fmt.Fprintln(r.stdout)
	}
	io.WriteString(r.stdout, notebook.Output{"output_type": "display_data", "data": data}.Text())
	r.atLineStart = true
}

func (r *runner) Clear(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recorder.Clear(wait)
}

// Input reads a line from the terminal, for a cell that reads stdin.
func (r *runner) Input(ctx context.Context, prompt string, password bool) (string, error) {
	line := make(chan string, 1)
	failed := make(chan error, 1)
	go func() {
		s, err := r.stdin.ReadString('\n')
		if err != nil && s == "" {
			failed <- fmt.Errorf("stdin: %w", err)
			return
		}
		line <- strings.TrimRight(s, "\r\n")
	}()
	select {
	case s := <-line:
		return s, nil
	case err := <-failed:
		return "", err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
