package interp

import (
	"errors"
	"go/scanner"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopherlab/symbols"
)

// FuzzPipeline puts random Go-like cells, grown from the corpus's, through
// the way a cell takes before it compiles: split into runs, parsed, asked
// about by the type oracle, rewritten, its edits checked and parsed again.
// Whatever the text, that never panics, and a run is either refused with
// an error that says why or comes out as the user's code: unedited, or
// edited by edits that lie inside the run's own pieces, overlap nowhere,
// and give the same result every time (the text that runs is a function
// of the user's). Nothing is compiled: yaegi's own compiler is not ours
// to fuzz.
//
//	go test -run '^$' -fuzz FuzzPipeline ./interp/
func FuzzPipeline(f *testing.F) {
	for _, s := range loadCorpus(f) {
		for _, c := range s.session.cells {
			f.Add(c.code)
		}
	}
	f.Add("for i := range n {}\nn := 3")
	f.Add("x := Pair(strings.Fields(\"a\"))\nfunc Pair[T any](x T) []T { return nil }")
	in, err := New(Options{Packages: symbols.Symbols, Stdout: &buffer{}, Stderr: &buffer{}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		in.exec.Lock()
		defer in.exec.Unlock()
		first := pipeline(t, in, src)
		if again := pipeline(t, in, src); !slices.Equal(first, again) {
			t.Fatalf("the same cell rewritten twice gave different code:\n%q\n%q", first, again)
		}
	})
}

// pipeline parses and rewrites every run of src as a cell, and returns
// the edits of each, checking what FuzzPipeline promises of them.
func pipeline(t *testing.T, in *Interpreter, src string) []string {
	c := in.newCell(1, src)
	var got []string
	for _, r := range runs(split(src)) {
		p, err := in.parseRun(c, r)
		if err != nil {
			var e *Error
			var list scanner.ErrorList
			if !errors.As(err, &e) && !errors.As(err, &list) {
				t.Fatalf("run %q: an error that is neither the interpreter's nor the parser's: %T %v", src[r.start:r.end], err, err)
			}
			got = append(got, "error: "+strings.ReplaceAll(err.Error(), c.file, "cell"))
			continue
		}
		if p.node == nil {
			t.Fatalf("run %q: parsed to nothing, without an error", src[r.start:r.end])
		}
		if len(p.edits) > 0 {
			if p.orig == nil {
				t.Fatalf("run %q: edited, without the user's code kept", src[r.start:r.end])
			}
			if err := c.checkEdits(r.pieces(), p.edits); err != nil {
				t.Fatalf("run %q: edits that checkEdits refuses were made: %v", src[r.start:r.end], err)
			}
		}
		// Each pass through gives the cell a file of its own: its name
		// is not the code's, nor are the names of the globals that hold
		// the execution's arguments (rewrite_ifaceargs.go).
		text := strings.ReplaceAll(c.edited(r.start, r.end, p.edits), c.file, "cell")
		got = append(got, regexp.MustCompile(`(_glarg\d+_x)`+regexp.QuoteMeta(c.execution())+`\b`).ReplaceAllString(text, "${1}N"))
	}
	return got
}
