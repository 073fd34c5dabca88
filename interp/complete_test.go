package interp

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestComplete(t *testing.T) {
	h := newHarness(t, "")
	h.exec("counter := 3\nfunc compute(a int) int { return a }\ntype config struct{ Name string }\nvar cfg = config{\"x\"}")
	tests := []struct {
		code       string
		cursor     int // -1: the end
		want       []string
		start, end int
	}{
		{code: "fmt.Prin", cursor: -1, want: []string{"Print", "Printf", "Println"}, start: 4, end: 8},
		{code: "coun", cursor: -1, want: []string{"counter"}, start: 0, end: 4},
		{code: "comp", cursor: -1, want: []string{"comparable", "complex", "complex128", "complex64", "compute"}, start: 0, end: 4},
		{code: "con", cursor: -1, want: []string{"config", "const", "constant", "constraint", "context", "continue"}, start: 0, end: 3},
		{code: "cfg.Na", cursor: -1, want: []string{"Name"}, start: 4, end: 6},
		{code: "strings.HasP", cursor: -1, want: []string{"HasPrefix"}, start: 8, end: 12},
		// Offsets count code points: é is two bytes.
		{code: "é := 1; fmt.Sprin", cursor: -1, want: []string{"Sprint", "Sprintf", "Sprintln"}, start: 12, end: 17},
		// The cursor in the middle of a line.
		{code: "fmt.Pri(x)", cursor: 7, want: []string{"Print", "Printf", "Println"}, start: 4, end: 7},
		{code: "myVariable := 1\nmyV", cursor: -1, want: []string{"myVariable"}, start: 16, end: 19},
		{code: "nosuchpkg.X", cursor: -1, want: []string{}, start: 10, end: 11},
	}
	for _, tt := range tests {
		cursor := tt.cursor
		if cursor < 0 {
			cursor = utf8.RuneCountInString(tt.code)
		}
		got := h.in.Complete(tt.code, cursor)
		if !reflect.DeepEqual(got.Matches, tt.want) || got.Start != tt.start || got.End != tt.end {
			t.Errorf("Complete(%q, %d) = %v [%d, %d); want %v [%d, %d)", tt.code, cursor, got.Matches, got.Start, got.End, tt.want, tt.start, tt.end)
		}
	}
	// No wrappers or hidden names leak into completions.
	for _, m := range h.in.Complete("_", 1).Matches {
		if strings.HasPrefix(m, "_") {
			t.Errorf("hidden name %q offered", m)
		}
	}
}

func TestInspect(t *testing.T) {
	h := newHarness(t, "")
	h.exec("counter := 3\nfunc compute(a int) int { return a }\ntype config struct{ Name string }\nconst limit = 10")
	tests := []struct {
		code string
		want string // "" when nothing is found
	}{
		{"fmt.Println", "func fmt.Println(...interface {}) (int, error)"},
		{"math.Pi", "const math.Pi = 3.141592653589793"},
		{"time.Second", "const time.Second time.Duration = 1s"},
		{"fmt.Stringer", "type fmt.Stringer interface {\n\tString() string\n}"},
		{"os.Args", "var os.Args []string"},
		{"counter", "var counter int = 3"},
		{"compute", "func compute(a int) int"},
		{"config", "type config struct{ Name string }"},
		{"limit", "const limit = 10"},
		{"strings", `package strings // import "strings"`},
		{"nosuch", ""},
		{"fmt.Nosuch", ""},
		{"", ""},
	}
	for _, tt := range tests {
		data, found := h.in.Inspect(tt.code, utf8.RuneCountInString(tt.code), 0)
		if found != (tt.want != "") {
			t.Errorf("Inspect(%q): found = %v", tt.code, found)
			continue
		}
		if found && data["text/plain"] != tt.want {
			t.Errorf("Inspect(%q) = %q, want %q", tt.code, data["text/plain"], tt.want)
		}
	}
	// The cursor anywhere in the name, or in the selector's member.
	if data, ok := h.in.Inspect("x := fmt.Println(1)", 10, 0); !ok || !strings.HasPrefix(data["text/plain"].(string), "func fmt.Println") {
		t.Errorf("Inspect mid-name = %v, %v", data, ok)
	}
}
