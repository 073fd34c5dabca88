package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"gopherlab/internal/notebook"
)

// The limits of a slide on a classroom projector: what fits without
// scrolling at the font size the back row can read.
const (
	maxCellLines   = 20
	maxOutputWidth = 100
)

// noisy matches what changes from run to run and means nothing to a
// class: the lesson server's random port, a worker's process id.
var noisy = regexp.MustCompile(`127\.0\.0\.1:\d+|localhost:\d+|\bpid \d+`)

// slideRule is one rule a cell of the lesson must keep to be presented;
// check returns the ways the cell breaks it.
type slideRule struct {
	name  string
	check func(c *notebook.Cell) []string
}

var slideRules = []slideRule{
	{"code fits a slide", func(c *notebook.Cell) []string {
		if c.Type != "code" {
			return nil
		}
		if n := len(notebook.Lines(strings.TrimRight(c.Source, "\n"))); n > maxCellLines {
			return []string{fmt.Sprintf("%d lines of code, at most %d fit", n, maxCellLines)}
		}
		return nil
	}},
	{"output fits a slide", func(c *notebook.Cell) []string {
		var bad []string
		for _, line := range outputLines(c) {
			if n := utf8.RuneCountInString(line); n > maxOutputWidth {
				bad = append(bad, fmt.Sprintf("%d characters, at most %d fit: %q", n, maxOutputWidth, line))
			}
		}
		return bad
	}},
	{"no ports or pids", func(c *notebook.Cell) []string {
		var bad []string
		for _, line := range outputLines(c) {
			if m := noisy.FindString(line); m != "" {
				bad = append(bad, fmt.Sprintf("%q changes on every run: %q", m, line))
			}
		}
		return bad
	}},
}

// outputLines is every line a code cell shows as text.
func outputLines(c *notebook.Cell) []string {
	var lines []string
	for _, o := range c.Outputs {
		lines = append(lines, strings.Split(strings.TrimRight(o.Text(), "\n"), "\n")...)
	}
	return lines
}

// checkSlides applies the slide rules to every cell of a notebook.
func checkSlides(t *testing.T, name string, nb *notebook.Notebook) {
	t.Helper()
	for i, c := range nb.Cells {
		for _, r := range slideRules {
			for _, msg := range r.check(c) {
				t.Errorf("%s cell %d: %s: %s", name, i, r.name, msg)
			}
		}
	}
}

// TestLessonSlides checks the committed lesson against the rules of a
// slide, outputs included: they are what a class sees before anything runs.
// TestLessonRuns checks the outputs of a fresh run the same way.
func TestLessonSlides(t *testing.T) {
	path := filepath.Join("notebooks", "concurrency.ipynb")
	nb, err := notebook.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	checkSlides(t, path, nb)
}

// TestLessonServerClosedLast checks that the lesson server is closed in a
// cell of its own, the last code cell: a teacher who jumps back to any
// download cell still finds it serving.
func TestLessonServerClosedLast(t *testing.T) {
	nb, err := notebook.Read(filepath.Join("notebooks", "concurrency.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var code []int
	closing := -1
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		code = append(code, i)
		if strings.Contains(c.Source, "srv.Close()") {
			if closing >= 0 {
				t.Errorf("cells %d and %d both close the server", closing, i)
			}
			closing = i
		}
	}
	if closing < 0 {
		t.Fatal("no cell closes the lesson server (srv.Close())")
	}
	if last := code[len(code)-1]; closing != last {
		t.Errorf("cell %d closes the server; want the last code cell, %d", closing, last)
	}
	// The cell is one statement, the one that closes the server.
	body, err := parser.ParseFile(token.NewFileSet(), "cell.go",
		"package p\nfunc _() {\n"+nb.Cells[closing].Source+"\n}", 0)
	if err != nil {
		t.Fatalf("the closing cell is not Go statements: %v", err)
	}
	if stmts := body.Decls[0].(*ast.FuncDecl).Body.List; len(stmts) != 1 {
		t.Errorf("the closing cell has %d statements; want only the one closing the server", len(stmts))
	}
}

// TestLessonSavedFacts checks the facts of the lesson in its committed
// outputs, what a class reads before running anything; TestLessonRuns
// checks them on a fresh run.
func TestLessonSavedFacts(t *testing.T) {
	nb, err := notebook.Read(filepath.Join("notebooks", "concurrency.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	checkLessonFacts(t, nb)
}
