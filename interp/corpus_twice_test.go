//go:build !race

// The race detector is left out, as for the interrupt tests: the sessions
// run in this process, and a goroutine a cell leaves running (a send that
// a later cell receives) reads the global frame while yaegi resizes it for
// the next cell, a race inside yaegi that the detector reports every time.
// TestCorpus runs the same sessions in a child process, under -race too.

package interp

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gopherlab/symbols"
)

// TestCorpusTwice runs every cell of the corpus twice in a row in one
// session: the second run must print what the first printed, and end the
// same way, so that nothing a cell leaves behind (a deferred call above
// all) shows in the cells after it. Cells whose second run differs in Go
// too, because they change the state they print, are listed in
// twiceDiffers with the reason. Sessions of goroutines, whose output
// depends on timing, and fatal ones are left out.
func TestCorpusTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the corpus")
	}
	for _, s := range loadCorpus(t) {
		switch s.category {
		case "concurrency", "goroutine-panics", "fatal":
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			var out, errOut corpusBuffer
			in, err := New(Options{Packages: symbols.Symbols, Stdout: &out, Stderr: &errOut, Stdin: &noStdin{}})
			if err != nil {
				t.Fatal(err)
			}
			count := 0
			exec := func(code string) string {
				count++
				// A compiled cell runs the go command, which takes seconds
				// on a loaded machine, more than a cell's run.
				timeout := 5 * time.Second
				if strings.HasPrefix(code, "%%compile") {
					timeout = 2 * time.Minute
				}
				ctx, cancel := context.WithTimeout(context.Background(), timeout)
				defer cancel()
				res, err := in.Execute(ctx, count, code)
				var b strings.Builder
				b.WriteString(out.take() + errOut.take())
				if res != nil {
					fmt.Fprintf(&b, "[result %v]", res.Data["text/plain"])
				}
				if err != nil {
					// The error's kind: its message names the cell.
					e, ok := err.(*Error)
					if ok {
						fmt.Fprintf(&b, "[%s]", e.Name)
					} else {
						fmt.Fprintf(&b, "[%v]", err)
					}
				}
				return b.String()
			}
			for i, c := range s.cells {
				first := exec(c.code)
				second := exec(c.code)
				key := fmt.Sprintf("%s:%d", s.name, i+1)
				_, differs := twiceDiffers[key]
				switch {
				case differs && first == second:
					t.Errorf("%s is listed in twiceDiffers, but its second run printed what the first did: %q", key, first)
				case !differs && first != second:
					t.Errorf("%s: the second run printed %q, the first %q", key, second, first)
				}
			}
		})
	}
}

// twiceDiffers are the corpus cells whose second run in a row differs from
// the first in Go too, by session and cell number.
var twiceDiffers = map[string]string{
	"compiled-vars:2":            "increments the counter it shows",
	"compiled-vars:4":            "increments the counter it shows",
	"compiled-vars:6":            "doubles the counter it shows",
	"compiled-vars:7":            "doubles the counter it shows",
	"compiled-vars:8":            "appends to the slice it shows",
	"compiled-vars:9":            "appends to the slice it shows",
	"compiled-vars:10":           "adds to the field it shows",
	"compiled-vars:14":           "adds to the variable it shows",
	"modern-generics:7":          "pops the stack it shows",
	"modern-std-generics:6":      "adds to the count of calls it shows",
	"redefinition-types:10":      "increments the counter it shows",
	"redefinition-vars-funcs:3":  `appends "!" to the string it shows`,
	"redefinition-vars-funcs:12": "increments the counter it shows",
	"redefinition-vars-funcs:13": "increments the counter it shows",
	"redefinition-vars-funcs:14": "increments the counter it shows",
	"runtime-errors-basic:2":     "appends to the slice it shows",
	"runtime-errors-basic:8":     "increments the divisor it divides by",
}
