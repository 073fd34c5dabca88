package interp

import (
	"strings"
	"testing"
)

// A select's case that receives two values from what is no name receives
// from a variable that the switch around the select evaluates: yaegi
// would wait on a nil channel. The output is what go run prints.
func TestSelectTwoValues(t *testing.T) {
	h := newHarness(t, "")
	h.exec("type box struct{ c chan int }\nb := box{make(chan int, 1)}\ncs := []chan int{make(chan int, 1)}\nvar v int\nvar ok bool")
	for _, tt := range []struct{ code, rewritten, out, err string }{
		{code: "b.c <- 1\nselect {\ncase v, ok := <-b.c:\n\tfmt.Println(v, ok)\ndefault:\n\tfmt.Println(\"default\")\n}",
			rewritten: "switch _glC34 := b.c; { default: select {\ncase v, ok := <-_glC34:", out: "1 true\n"},
		{code: "cs[0] <- 2\nclose(cs[0])\nselect {\ncase v, ok = <-(cs[0]):\n\tv++\n}\nfmt.Println(v, ok)",
			rewritten: "switch _glC48 := (cs[0]); { default: select {\ncase v, ok = <-_glC48:", out: "3 true\n"},
		{code: "L:\n\tselect {\n\tcase v, ok = <-cs[0]:\n\t\tbreak L\n\t}\nfmt.Println(v, ok)",
			rewritten: "L:\n\tswitch _glC29 := cs[0]; { default: select {", out: "0 false\n"},
		// A name, and a case of one value, yaegi receives from itself.
		{code: "c := b.c\nc <- 3\nselect {\ncase v, ok := <-c:\n\tfmt.Println(v, ok)\n}",
			rewritten: "select {\ncase v, ok := <-c:", out: "3 true\n"},
		{code: "b.c <- 4\nselect {\ncase v := <-b.c:\n\tfmt.Println(v)\n}",
			rewritten: "select {\ncase v := <-b.c:", out: "4\n"},
		// A case of two values with no statement, which yaegi's select
		// takes for no case at all ("reflect.Select: invalid Dir").
		{code: "c := b.c\nc <- 5\nselect {\ncase v, ok = <-c:\n}\nfmt.Println(v, ok)",
			rewritten: "case v, ok = <-c: {}\n}", out: "5 true\n"},
		// Another case's channel that calls: the order would show.
		{code: "select {\ncase v, ok = <-b.c:\ncase <-func() chan int { return nil }():\ndefault:\n}",
			err: ":3:8: gopherlab cannot run this select"},
	} {
		got, err := rewrittenCell(h, tt.code)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err = %v, want %q", tt.code, err, tt.err)
			}
			continue
		}
		if err != nil || !strings.Contains(got, tt.rewritten) {
			t.Errorf("%q rewritten is %q, %v; want it to hold %q", tt.code, got, err, tt.rewritten)
			continue
		}
		h.exec(tt.code)
		if out := h.stdout.take(); out != tt.out {
			t.Errorf("%q printed %q, want %q", tt.code, out, tt.out)
		}
	}
}
