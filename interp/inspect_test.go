package interp

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// inspectCells add, to completionCells, what inspection shows of cells.
var inspectCells = []string{
	"// double returns twice a.\n//\n// It never fails.\nfunc double(a int) int {\n\treturn 2 * a\n}\n\n// limit bounds everything.\nconst limit = 10\nlong := strings.Repeat(\"x\", 2000)",
}

// needGoSources skips a test that reads the standard library's sources
// when they are not installed.
func needGoSources(t *testing.T) {
	t.Helper()
	root := goroot()
	if root == "" {
		t.Skip("no GOROOT with sources")
	}
	if _, err := os.Stat(filepath.Join(root, "src", "fmt", "print.go")); err != nil {
		t.Skipf("GOROOT/src is missing: %v", err)
	}
}

func TestInspect(t *testing.T) {
	in := completionInterpreter(t, inspectCells...)
	tests := []struct {
		code   string
		cursor int // 0: the end
		detail int
		// first is the text's first line, "" when nothing is found; want
		// are in the text, and wrong are not.
		first       string
		want, wrong []string
	}{
		{code: "counter", first: "var counter int = 3"},
		{code: "compute", first: "func compute(a int) int"},
		{code: "double", first: "func double(a int) int", want: []string{"\n    double returns twice a.\n\n    It never fails."}, wrong: []string{"return 2 * a"}},
		{code: "double", detail: 1, first: "func double(a int) int", want: []string{"double returns twice a.", "func double(a int) int {\n\treturn 2 * a\n}"}},
		{code: "config", first: "type config struct {", want: []string{"Name string", "port int", "\n\nfunc (c config) Describe() string\nfunc (c *config) SetPort(p int)"}},
		{code: "config", detail: 1, first: "type config struct {", want: []string{"func (c config) Describe() string { return c.Name }"}},
		{code: "cfg", first: "var cfg config = {x 0}"},
		{code: "limit", first: "const limit = 10"},
		{code: "long", first: "var long string = \"xxxx", want: []string{"… (1502 more bytes)"}},
		{code: "cfg.Describe", first: "func (c config) Describe() string", want: []string{"Describe says what c is."}},
		{code: "pc.SetPort", first: "func (c *config) SetPort(p int)"},
		{code: "cfg.Name", first: "field Name string // in config"},
		{code: "srv.cfg", first: "field cfg config // in server"},
		{code: "tv := temp{}; tv.New", first: "field New int // in temp"},
		// The cursor anywhere in the name, or in the call's parentheses.
		{code: "x := compute(1)", cursor: 7, first: "func compute(a int) int"},
		{code: "x := compute(1, ", first: "func compute(a int) int"},
		{code: "compute(double(", first: "func double(a int) int"},
		{code: "compute(double(1), ", first: "func compute(a int) int"},
		{code: `fmt.Sprint("len`, first: "func Sprint("},
		{code: "// double", first: ""},
		// What the code declares, before it runs.
		{code: "// triple is thrice.\nfunc triple(x int) int { return 3 * x }\ntriple", first: "func triple(x int) int", want: []string{"triple is thrice."}},
		{code: "sb := new(strings.Builder)\nsb", first: "var sb *strings.Builder"},
		{code: "func f() {\n\tcounter := \"s\"\n\tcounter", first: "var counter string"},
		{code: "func g(limit float64) {\n\tlimit", first: "var limit float64"},
		{code: "func h() {\n\tn := 2.5\n\tx := )\n\tn", first: "var n float64"},
		{code: "func k() { counter := \"s\"; _ = counter }\ncounter", first: "var counter int = 3"},
		{code: "nosuch", first: ""},
		{code: "fmt.Nosuch", first: ""},
		{code: "cfg.nosuch", first: ""},
		{code: "for", first: ""},
		{code: "", first: ""},
		{code: "x := 1 + ", first: ""},
	}
	for _, tt := range tests {
		cursor := tt.cursor
		if cursor == 0 {
			cursor = utf8.RuneCountInString(tt.code)
		}
		data, found := in.Inspect(tt.code, cursor, tt.detail)
		if found != (tt.first != "") {
			t.Errorf("Inspect(%q, %d): found = %v, %v", tt.code, cursor, found, data)
			continue
		}
		if !found {
			continue
		}
		text, _ := data["text/plain"].(string)
		if first, _, _ := strings.Cut(text, "\n"); !strings.HasPrefix(first, tt.first) {
			t.Errorf("Inspect(%q, %d) starts %q, want %q", tt.code, cursor, first, tt.first)
		}
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("Inspect(%q, %d) = %q, want it to contain %q", tt.code, cursor, text, w)
			}
		}
		for _, w := range tt.wrong {
			if strings.Contains(text, w) {
				t.Errorf("Inspect(%q, %d) = %q, want it without %q", tt.code, cursor, text, w)
			}
		}
		md, _ := data["text/markdown"].(string)
		if !strings.HasPrefix(md, "```go\n"+tt.first) {
			t.Errorf("Inspect(%q, %d): markdown %q", tt.code, cursor, md)
		}
	}
}

// TestInspectGoDoc checks the documentation read from GOROOT's sources.
func TestInspectGoDoc(t *testing.T) {
	needGoSources(t)
	in := completionInterpreter(t)
	tests := []struct {
		code  string
		first string
		want  []string
	}{
		{"fmt.Println", "func Println(a ...any) (n int, err error)", []string{"\n    Println formats using the default formats for its operands and writes to\n    standard output."}},
		{"fmt.Println(", "func Println(a ...any) (n int, err error)", nil},
		{"strings.Builder", "type Builder struct {", []string{"A Builder is used to efficiently build a string", "\nfunc (b *Builder) Grow(n int)\n"}},
		{"time.Duration.Round", "func (d Duration) Round(m Duration) Duration", []string{"Round returns the result of rounding d"}},
		{"sync.WaitGroup", "type WaitGroup struct {", []string{"A WaitGroup", "func (wg *WaitGroup) Wait()"}},
		{"strings.NewReader", "func NewReader(s string) *Reader", []string{"NewReader returns a new Reader reading from s"}},
		{"math.Pi", "const math.Pi = 3.141592653589793", []string{"Pi  = 3.14159265358979323846"}},
		{"time.Second", "const time.Second time.Duration = 1s", []string{"Second               = 1000 * Millisecond"}},
		{"os.Args", "var Args []string", []string{"Args hold the command-line arguments"}},
		{"fmt.Stringer", "type Stringer interface {", []string{"String() string"}},
		// Members of values, found through their types.
		{"b.Grow", "func (b *Builder) Grow(n int)", []string{"Grow grows b's capacity"}},
		{"w.Write", "func (Writer) Write(p []byte) (n int, err error)", []string{"Write writes len(p) bytes"}},
		{"r.Len", "func (r *Reader) Len() int", nil},
		{"srv.Read", "func (r *Reader) Read(b []byte) (n int, err error)", nil}, // promoted
		{"func h(req *http.Request) {\n\treq.Method", "field Method string // in http.Request", []string{"Method specifies the HTTP method"}},
		{"time.UTC.String", "func (l *Location) String() string", nil},
		// Packages, the predeclared and what cells cannot call.
		{"strings", `package strings // import "strings"`, []string{"Package strings implements simple functions"}},
		{"len", "func len(v Type) int", []string{"The len built-in function returns the length of v"}},
		{"sync.OnceValue", "func OnceValue[T any](f func() T) func() T", nil}, // rewritten to gopherlab's source
		{"unique.Make", "func Make[T comparable](value T) Handle[T]", []string{"It is generic", "an instance that the Go compiler builds", "types that interpreted cells declare"}},
		{"slices.Contains", "func Contains[S ~[]E, E comparable](s S, v E) bool", nil}, // compiled by yaegi from source
		{"display.HTML", "func HTML(", nil},
	}
	for _, tt := range tests {
		data, found := in.Inspect(tt.code, utf8.RuneCountInString(tt.code), 0)
		if !found {
			t.Errorf("Inspect(%q): not found", tt.code)
			continue
		}
		text := data["text/plain"].(string)
		if first, _, _ := strings.Cut(text, "\n"); !strings.HasPrefix(first, tt.first) {
			t.Errorf("Inspect(%q) starts %q, want %q", tt.code, first, tt.first)
		}
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("Inspect(%q) = %q, want it to contain %q", tt.code, text, w)
			}
		}
		if strings.Contains(text, "Cells cannot use it") != slices.Contains(tt.want, "Cells cannot use it") {
			t.Errorf("Inspect(%q) = %q: wrong about its use", tt.code, text)
		}
		if strings.Contains(text, "No documentation") {
			t.Errorf("Inspect(%q) = %q: documentation not found", tt.code, text)
		}
	}
}

// TestInspectWithoutSources checks what inspection shows when the Go
// sources are missing: what reflection knows, and that no docs were found.
func TestInspectWithoutSources(t *testing.T) {
	saved := docs
	docs = newDocIndex(func(string) string { return "" })
	t.Cleanup(func() { docs = saved })
	in := completionInterpreter(t)
	tests := []struct{ code, want string }{
		{"fmt.Println", "func fmt.Println(...interface {}) (int, error)\n\nNo documentation found for package fmt: the Go sources (GOROOT/src) are not installed."},
		{"math.Pi", "const math.Pi = 3.141592653589793\n\nNo documentation found"},
		{"time.Second", "const time.Second time.Duration = 1s\n\nNo documentation found"},
		{"fmt.Stringer", "type fmt.Stringer interface {\n\tString() string\n}\n\nNo documentation found"},
		{"os.Args", "var os.Args []string\n\nNo documentation found"},
		{"b.Grow", "func (*strings.Builder) Grow(int)\n\nNo documentation found for package strings"},
		{"r.ReadAt", "func (*strings.Reader) ReadAt([]uint8, int64) (int, error)\n\nNo documentation found"},
		{"w.Write", "func (io.Writer) Write([]uint8) (int, error)\n\nNo documentation found"},
		{"strings", "package strings // import \"strings\"\n\nNo documentation found"},
		{"compute", "func compute(a int) int"},
	}
	for _, tt := range tests {
		data, found := in.Inspect(tt.code, utf8.RuneCountInString(tt.code), 0)
		if !found {
			t.Errorf("Inspect(%q): not found", tt.code)
			continue
		}
		if text := data["text/plain"].(string); !strings.HasPrefix(text, tt.want) {
			t.Errorf("Inspect(%q) = %q, want %q…", tt.code, text, tt.want)
		}
	}
}

// BenchmarkInspectDoc measures inspection once the package's sources are
// read (the first call reads them).
func BenchmarkInspectDoc(b *testing.B) {
	in := completionInterpreter(b)
	for b.Loop() {
		in.Inspect("fmt.Println", 11, 0)
	}
}
