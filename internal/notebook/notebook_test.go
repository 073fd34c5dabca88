package notebook

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"gopherlab/internal/cellio"
)

// jupyterSaved is a notebook as Jupyter writes one: sorted keys, one-space
// indents, lines of source, an unknown cell field and non-ASCII text.
const jupyterSaved = `{
 "cells": [
  {
   "cell_type": "markdown",
   "id": "md",
   "metadata": {
    "slideshow": {
     "slide_type": "slide"
    }
   },
   "source": [
    "# Goroutines <are> cheap\n",
    "Ünïcode & more"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "id": "code",
   "metadata": {},
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "a\n",
      "b\n"
     ]
    }
   ],
   "source": [
    "fmt.Println(\"a\")\n",
    "fmt.Println(\"b\")"
   ]
  },
  {
   "attachments": {},
   "cell_type": "raw",
   "id": "raw",
   "metadata": {},
   "source": []
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Go (gopherlab)",
   "language": "go",
   "name": "gopherlab"
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
`

func TestRoundTripIsByteForByte(t *testing.T) {
	nb, err := Decode([]byte(jupyterSaved))
	if err != nil {
		t.Fatal(err)
	}
	if got := nb.Cells[1].Source; got != "fmt.Println(\"a\")\nfmt.Println(\"b\")" {
		t.Errorf("source = %q", got)
	}
	if n := nb.Cells[1].ExecutionCount; n == nil || *n != 3 {
		t.Errorf("execution_count = %v", n)
	}
	out, err := nb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, []byte(jupyterSaved)) {
		t.Errorf("re-encoded notebook differs:\n%s", out)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct{ doc, want string }{
		{`not json`, "not a notebook"},
		{`{"cells": []}`, "no nbformat"},
		{`{"nbformat": 3, "cells": []}`, "only nbformat 4"},
		{`{"nbformat": 4, "cells": [{"source": "x"}]}`, "cell 1: no cell_type"},
		{`{"nbformat": 4, "cells": [{"cell_type": "code", "source": 7}]}`, "cell 1: source"},
		{`{"nbformat": 4, "cells": [{"cell_type": "code", "outputs": [1]}]}`, "cell 1: an output"},
	}
	for _, tt := range tests {
		_, err := Decode([]byte(tt.doc))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Decode(%s) = %v, want an error with %q", tt.doc, err, tt.want)
		}
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"", []string{}},
		{"a", []string{"a"}},
		{"a\n", []string{"a\n"}},
		{"a\nb", []string{"a\n", "b"}},
		{"\n\n", []string{"\n", "\n"}},
	}
	for _, tt := range tests {
		if got := Lines(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Lines(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestRecorder(t *testing.T) {
	a, b := &Cell{Type: "code"}, &Cell{Type: "code"}
	var r Recorder
	r.Start(a)
	r.Stream("stdout", "one ")
	r.Stream("stdout", "line\n")
	r.Stream("stderr", "oops\n")
	r.Display(map[string]any{"text/plain": "progress 0%"}, nil, "bar", false)
	r.Reply(1, cellio.ExecuteReply{Data: map[string]any{"text/plain": "42", "text/html": "<b>42</b>"}})

	r.Start(b)
	r.Display(map[string]any{"text/plain": "progress 100%"}, nil, "bar", true) // updates cell a
	r.Stream("stdout", "gone\n")
	r.Clear(true)
	r.Stream("stdout", "still there\n") // the waiting clear empties first
	r.Reply(2, cellio.ExecuteReply{Err: &cellio.Error{Name: "panic", Value: "boom", Traceback: []string{"panic: boom"}}})

	var got []string
	for _, c := range []*Cell{a, b} {
		for _, o := range c.Outputs {
			got = append(got, o.Text())
		}
	}
	want := []string{"one line\n", "oops\n", "progress 100%\n", "42  [text/html]\n", "still there\n", "panic: boom\n"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outputs:\n got %q\nwant %q", got, want)
	}
	// Text types are stored as lines, as nbformat does.
	if lines, ok := a.Outputs[0]["text"].([]string); !ok || len(lines) != 1 {
		t.Errorf("stream text stored as %#v", a.Outputs[0]["text"])
	}
}

// FuzzDecode: any input decodes or is rejected without a panic, and what
// decodes encodes and decodes again to the same cells.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(jupyterSaved))
	f.Add([]byte(`{"nbformat": 4, "cells": [{"cell_type": "code", "execution_count": 1e3}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		nb, err := Decode(data)
		if err != nil {
			return
		}
		out, err := nb.Encode()
		if err != nil {
			t.Fatalf("decoded but cannot encode: %v", err)
		}
		again, err := Decode(out)
		if err != nil {
			t.Fatalf("cannot decode what was encoded: %v\n%s", err, out)
		}
		if len(again.Cells) != len(nb.Cells) {
			t.Fatalf("%d cells became %d", len(nb.Cells), len(again.Cells))
		}
		for i := range nb.Cells {
			if again.Cells[i].Source != nb.Cells[i].Source || again.Cells[i].Type != nb.Cells[i].Type {
				t.Fatalf("cell %d changed", i)
			}
		}
		_ = json.Valid(out)
	})
}
