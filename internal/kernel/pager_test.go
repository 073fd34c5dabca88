package kernel

import (
	"strings"
	"testing"
)

func TestHelpQuery(t *testing.T) {
	tests := []struct {
		code   string
		name   string
		detail int
		ok     bool
	}{
		{"strings.Split?", "strings.Split", 0, true},
		{"strings.Split??", "strings.Split", 1, true},
		{"  cfg.Name?\n", "cfg.Name", 0, true},
		{"x?", "x", 0, true},
		{"größe?", "größe", 0, true},
		{"x???", "", 0, false},
		{"?", "", 0, false},
		{"x", "", 0, false},
		{"a.?", "", 0, false},
		{".a?", "", 0, false},
		{"a..b?", "", 0, false},
		{"f(x)?", "", 0, false},
		{`fmt.Println("why?")`, "", 0, false},
		{"x := 1 // really?", "", 0, false},
	}
	for _, tt := range tests {
		name, detail, ok := helpQuery(tt.code)
		if name != tt.name || detail != tt.detail || ok != tt.ok {
			t.Errorf("helpQuery(%q) = %q, %d, %v; want %q, %d, %v", tt.code, name, detail, ok, tt.name, tt.detail, tt.ok)
		}
	}
}

// FuzzHelpQuery checks that a help query is exactly a name and its question
// marks, so that no other cell is kept from the interpreter.
func FuzzHelpQuery(f *testing.F) {
	for _, s := range []string{"strings.Split?", "x??", "f(x)?", "a..b?", "?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		name, detail, ok := helpQuery(code)
		if !ok {
			return
		}
		if want := name + strings.Repeat("?", detail+1); strings.TrimSpace(code) != want {
			t.Fatalf("helpQuery(%q) = %q, %d: not the whole cell", code, name, detail)
		}
		if strings.ContainsAny(name, "?() \t\n\"") {
			t.Fatalf("helpQuery(%q) = name %q", code, name)
		}
	})
}
