package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"

	"gopherlab/internal/cellio"
	"gopherlab/internal/notebook"
	"gopherlab/internal/supervisor"
)

const stepHelp = "Enter: run the cell, or go on · n: next without running · b: back · r: run again · q: quit"

// stepCommand presents a notebook in a terminal, a cell at a time: it shows
// the next markdown or code cell, runs a code cell when asked, shows its
// output as it comes, moves back and forth, and quits on q. Commands are
// read a line at a time, so it works in any terminal, tmux and a pipe.
func stepCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "usage: gopherlab step NOTEBOOK.ipynb\n\n"+stepHelp)
		return errUsage
	}
	nb, err := notebook.Read(args[0])
	if err != nil {
		return err
	}
	exe, err := executable()
	if err != nil {
		return err
	}
	in := bufio.NewReader(stdin)
	r := &runner{stdout: stdout, stderr: stderr, stdin: in}
	interp, err := supervisor.Start(supervisor.Config{Command: []string{exe, "worker"}, Frontend: r})
	if err != nil {
		return err
	}
	defer interp.Close()

	// Ctrl-C interrupts the running cell; between cells it quits.
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)

	s := &stepper{nb: nb, out: stdout, style: styleFor(stdout), ran: map[int]bool{}}
	fmt.Fprintf(stdout, "%s\n%s\n", s.style.bold(args[0]), s.style.dim(stepHelp))
	count, shown := 0, -1
	for i := 0; i >= 0 && i < len(nb.Cells); {
		c := nb.Cells[i]
		if i != shown {
			s.show(i)
			shown = i
		}
		fmt.Fprint(stdout, s.style.dim(s.prompt(i))+" ")
		line, err := in.ReadString('\n')
		if err != nil && line == "" {
			fmt.Fprintln(stdout)
			return nil // end of input: as q
		}
		switch strings.TrimSpace(line) {
		case "q", "quit":
			return nil
		case "b", "back", "p":
			if i > 0 {
				i--
			}
			continue
		case "n", "next":
			i++
			continue
		case "r", "run":
			if c.Type != "code" {
				continue
			}
		case "":
			if c.Type != "code" || s.ran[i] {
				i++
				continue
			}
		default:
			fmt.Fprintln(stdout, s.style.dim(stepHelp))
			continue
		}
		count++
		s.ran[i] = true
		r.begin(c, count)
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			select {
			case <-interrupts:
				cancel()
			case <-ctx.Done():
			}
		}()
		reply := interp.Execute(ctx, cellio.ExecuteRequest{Count: count, Code: c.Source})
		cancel()
		r.end(count, reply)
	}
	fmt.Fprintln(stdout, s.style.dim("End of the notebook."))
	return nil
}

// stepper shows cells.
type stepper struct {
	nb    *notebook.Notebook
	out   io.Writer
	style style
	ran   map[int]bool
}

func (s *stepper) prompt(i int) string {
	c := s.nb.Cells[i]
	where := fmt.Sprintf("[%d/%d]", i+1, len(s.nb.Cells))
	switch {
	case c.Type != "code":
		return where + " Enter: next ›"
	case s.ran[i]:
		return where + " Enter: next, r: run again ›"
	}
	return where + " Enter: run ›"
}

func (s *stepper) show(i int) {
	c := s.nb.Cells[i]
	fmt.Fprintln(s.out)
	switch c.Type {
	case "markdown":
		fmt.Fprint(s.out, s.style.markdown(c.Source))
	case "code":
		for n, line := range strings.Split(strings.TrimRight(c.Source, "\n"), "\n") {
			fmt.Fprintf(s.out, "%s %s\n", s.style.dim(fmt.Sprintf("%3d", n+1)), line)
		}
	default:
		fmt.Fprintln(s.out, c.Source)
	}
}

// style writes ANSI attributes to a terminal, and plain text elsewhere or
// when NO_COLOR is set.
type style struct{ ansi bool }

func styleFor(w io.Writer) style {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return style{}
	}
	info, err := f.Stat()
	return style{ansi: err == nil && info.Mode()&os.ModeCharDevice != 0}
}

func (s style) wrap(code, text string) string {
	if !s.ansi {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s style) bold(t string) string { return s.wrap("1", t) }
func (s style) dim(t string) string  { return s.wrap("2", t) }

var (
	mdBold   = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	mdItalic = regexp.MustCompile(`\*([^*\s][^*]*)\*`)
	mdCode   = regexp.MustCompile("`([^`]+)`")
	mdLink   = regexp.MustCompile(`\[([^\]]+)\]\(([^)]+)\)`)
)

// markdown renders the little of Markdown a terminal can show: headings,
// bold, code, links as "text <url>", fenced code indented.
func (s style) markdown(src string) string {
	var b strings.Builder
	fenced := false
	for _, line := range strings.Split(strings.TrimRight(src, "\n"), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			b.WriteString("    " + line + "\n")
			continue
		}
		if h := strings.TrimLeft(line, "#"); h != line && strings.HasPrefix(h, " ") {
			b.WriteString(s.wrap("1;4", strings.TrimSpace(h)) + "\n")
			continue
		}
		line = mdLink.ReplaceAllString(line, "$1 <$2>")
		line = mdBold.ReplaceAllStringFunc(line, func(m string) string { return s.bold(m[2 : len(m)-2]) })
		if !strings.HasPrefix(strings.TrimSpace(line), "* ") { // not a list item
			line = mdItalic.ReplaceAllStringFunc(line, func(m string) string { return s.wrap("3", m[1:len(m)-1]) })
		}
		line = mdCode.ReplaceAllStringFunc(line, func(m string) string { return s.wrap("36", m[1:len(m)-1]) })
		b.WriteString(line + "\n")
	}
	return b.String()
}
