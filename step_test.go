package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestStep(t *testing.T) {
	path := writeNotebook(t, "# Counting", "n := 1\nfmt.Println(\"n is\", n)", "n++\nn")
	tests := []struct {
		name, keys string
		want       []string // in order in the output
		absent     []string
	}{
		{"walk through", "\n\n\n\n\n", []string{"Counting", "[1/3] Enter: next", "1 n := 1", "[2/3] Enter: run", "n is 1", "[2/3] Enter: next", "[3/3] Enter: run", "Out[2]: 2", "End of the notebook."}, nil},
		{"skip without running", "\nn\n\n", []string{"[2/3] Enter: run", "[3/3] Enter: run"}, []string{"n is 1"}},
		{"back and run again", "\n\nb\nn\nr\nq\n", []string{"n is 1", "[1/3] Enter: next", "[2/3] Enter: next, r: run again", "n is 1"}, []string{"End of the notebook."}},
		{"quit at once", "q\n", []string{"[1/3]"}, []string{"n is 1"}},
		{"end of input quits", "\n", []string{"[2/3] Enter: run"}, []string{"n is 1"}},
		{"unknown key shows the help", "x\nq\n", []string{"n: next without running"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			if err := stepCommand([]string{path}, strings.NewReader(tt.keys), &out, &errs); err != nil {
				t.Fatalf("step: %v\n%s", err, errs.String())
			}
			rest := out.String()
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("output lacks %q after what came before:\n%s", w, out.String())
				}
				rest = rest[i+len(w):]
			}
			for _, a := range tt.absent {
				if strings.Contains(out.String(), a) {
					t.Errorf("output has %q:\n%s", a, out.String())
				}
			}
		})
	}
}

func TestMarkdownInATerminal(t *testing.T) {
	plain := style{}.markdown("# Title\nSome **bold**, *all* and `code`, a [link](https://go.dev).\n* item\n```go\nx := 1\n```")
	want := "Title\nSome bold, all and code, a link <https://go.dev>.\n* item\n    x := 1\n"
	if plain != want {
		t.Errorf("plain markdown = %q, want %q", plain, want)
	}
	if ansi := (style{ansi: true}).markdown("# T"); ansi != "\x1b[1;4mT\x1b[0m\n" {
		t.Errorf("ansi heading = %q", ansi)
	}
}
