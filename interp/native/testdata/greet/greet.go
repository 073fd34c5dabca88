// Package greet is a module for the tests of gopherlab/interp/native: what
// a cell imports from outside the standard library, served by a GOPROXY
// that the tests make from this directory.
package greet

import "fmt"

// Version is an untyped constant.
const Version = "1.0"

// Count counts the greetings of Hello.
var Count int

// Hello greets name.
func Hello(name string) string {
	Count++
	return "Hello, " + name
}

// A Greeter greets.
type Greeter interface {
	Greet(name string) string
}

// Polite greets with a title.
type Polite struct{ Title string }

// Greet makes Polite a Greeter.
func (p Polite) Greet(name string) string { return fmt.Sprintf("Good day, %s %s", p.Title, name) }

// Welcome is what g says to each of names.
func Welcome(g Greeter, names []string) (lines []string) {
	for _, n := range names {
		lines = append(lines, g.Greet(n))
	}
	return lines
}

// Map is generic: compiled code has its instances, the interpreter none.
func Map[T, U any](s []T, f func(T) U) []U {
	out := make([]U, 0, len(s))
	for _, v := range s {
		out = append(out, f(v))
	}
	return out
}
