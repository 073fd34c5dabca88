package interp

import (
	"context"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gopherlab/symbols"
)

// completionCells are the cells the completion and inspection tests run
// first: variables of standard and declared types, methods declared in a
// later cell than their type.
var completionCells = []string{
	"counter := 3\nfunc compute(a int) int { return a }\ntype config struct{ Name string; port int }\nvar cfg = config{Name: \"x\"}",
	"// Describe says what c is.\nfunc (c config) Describe() string { return c.Name }\nfunc (c *config) SetPort(p int) { c.port = p }",
	"var b strings.Builder\npc := &cfg\ntype server struct {\n\tcfg config\n\t*strings.Reader\n\tAddr string\n}\nsrv := server{cfg: cfg}\nr := strings.NewReader(\"abc\")\nitems := []config{cfg}\nm := map[string]*config{}\nvar w io.Writer = &b",
	"type temp struct{}\nfunc (temp) Old() {}",
	"type temp struct{ New int }", // a type declared again loses its methods
}

// completionInterpreter is an interpreter that ran completionCells, and
// then the extra cells.
func completionInterpreter(tb testing.TB, extra ...string) *Interpreter {
	tb.Helper()
	in, err := New(Options{Packages: symbols.Symbols, Stdout: io.Discard, Stderr: io.Discard, Stdin: strings.NewReader("")})
	if err != nil {
		tb.Fatal(err)
	}
	for i, c := range slices.Concat(completionCells, extra) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		_, err := in.Execute(ctx, i+1, c)
		cancel()
		if err != nil {
			tb.Fatalf("cell %q: %v", c, err)
		}
	}
	return in
}

// methodNames are the exported methods of t, as reflection lists them.
func methodNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumMethod() {
		names = append(names, t.Method(i).Name)
	}
	return names
}

func withPrefix(names []string, prefix string) []string {
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return out
}

func TestComplete(t *testing.T) {
	in := completionInterpreter(t)
	builder := methodNames(reflect.TypeFor[*strings.Builder]())
	reader := append(methodNames(reflect.TypeFor[*strings.Reader]()), "Reader")
	tests := []struct {
		code       string
		cursor     int // -1: the end
		want       []string
		start, end int // -1: the cursor
	}{
		{code: "fmt.Prin", want: []string{"Print", "Printf", "Println"}, start: 4},
		{code: "coun", want: []string{"counter"}, start: 0},
		{code: "comp", want: []string{"comparable", "complex", "complex128", "complex64", "compute"}, start: 0},
		{code: "con", want: []string{"config", "const", "constant", "constraint", "context", "continue"}, start: 0},
		{code: "strings.HasP", want: []string{"HasPrefix"}, start: 8},
		// Offsets count code points: é is two bytes.
		{code: "é := 1; fmt.Sprin", want: []string{"Sprint", "Sprintf", "Sprintln"}, start: 12},
		// The cursor in the middle of a line replaces what is before it.
		{code: "fmt.Pri(x)", cursor: 7, want: []string{"Print", "Printf", "Println"}, start: 4},
		{code: "myVariable := 1\nmyV", want: []string{"myVariable"}, start: 16},
		{code: "nosuchpkg.X", want: nil, start: 10},
		{code: "slices.Cont", want: []string{"Contains", "ContainsFunc"}, start: 7}, // generic, from yaegi's sources
		{code: "display.HT", want: []string{"HTML", "HTMLer"}, start: 8},
		// Case is ignored after the matches that keep it.
		{code: "fmt.print", want: []string{"Print", "Printf", "Println"}, start: 4},
		// Variables of standard types: their methods and exported fields.
		{code: "b.", want: withPrefix(builder, ""), start: 2},
		{code: "b.Wri", want: withPrefix(builder, "Wri"), start: 2},
		{code: "r.Len", want: []string{"Len"}, start: 2},
		{code: "w.", want: []string{"Write"}, start: 2}, // its declared interface's
		// Types cells declared: fields from the declaration, methods from the
		// cells that declared them, through pointers, indexes and fields.
		{code: "cfg.", want: []string{"Describe", "Name", "port", "SetPort"}, start: 4},
		{code: "pc.Se", want: []string{"SetPort"}, start: 3},
		{code: "srv.cfg.Na", want: []string{"Name"}, start: 8},
		{code: "srv.Rea", want: withPrefix(reader, "Rea"), start: 4},
		{code: "items[0].Desc", want: []string{"Describe"}, start: 9},
		{code: `m["k"].S`, want: []string{"SetPort"}, start: 7},
		{code: "var tv temp\ntv.", want: []string{"New"}, start: 15},
		// Package members, values of package variables and calls.
		{code: "time.UTC.Str", want: []string{"String"}, start: 9},
		{code: "time.Second.Roun", want: []string{"Round"}, start: 12},
		{code: "time.Duration.Roun", want: []string{"Round"}, start: 14},
		{code: `strings.NewReader("x").Le`, want: []string{"Len"}, start: 23},
		{code: "compute(1).", want: nil, start: 11},
		// Variables the code declares before the cursor, in scope there.
		{code: "var sb strings.Builder; sb.Wri", want: withPrefix(builder, "Wri"), start: 27},
		{code: "sc := bufio.NewScanner(os.Stdin)\nsc.Sc", want: []string{"Scan"}, start: 36},
		{code: "func handler(w http.ResponseWriter, req *http.Request) {\n\treq.Meth", want: []string{"Method"}, start: 62},
		{code: "http.HandleFunc(\"/\", func(rw http.ResponseWriter, _ *http.Request) {\n\trw.Head", want: []string{"Header"}, start: 73},
		{code: "for i, it := range items {\n\tit.Na", want: []string{"Name"}, start: 31},
		{code: "if n, err := strconv.Atoi(\"1\"); err != nil {\n\terr.Er", want: []string{"Error"}, start: 50},
		{code: "func f(q *strings.Builder) {}\nq.", want: nil, start: 32}, // q's scope ended
		{code: "type point struct{ X, Y int }\nfunc (p point) Norm() float64 { return 0 }\nvar p point\np.", want: []string{"Norm", "X", "Y"}, start: 87},
		// Nothing in strings and comments, but import paths in imports.
		{code: `fmt.Println("fmt.Pri`, want: nil, start: -1},
		{code: "// fmt.Pri", want: nil, start: -1},
		{code: "import \"encoding/js", want: []string{"encoding/json"}, start: 8},
		{code: "import (\n\t\"fmt\"\n\t\"net/htt", want: []string{"net/http", "net/http/cgi", "net/http/cookiejar", "net/http/fcgi", "net/http/httptest", "net/http/httptrace", "net/http/httputil", "net/http/pprof"}, start: 18},
		// A name used in the code is offered once.
		{code: "counter = 2\ncou", want: []string{"counter"}, start: 12},
	}
	for _, tt := range tests {
		cursor := tt.cursor
		if cursor == 0 && !strings.Contains(tt.code, "(x)") {
			cursor = utf8.RuneCountInString(tt.code)
		}
		start := tt.start
		if start < 0 {
			start = cursor
		}
		want := tt.want
		if want == nil {
			want = []string{}
		}
		got := in.Complete(tt.code, cursor)
		if !reflect.DeepEqual(got.Matches, want) || got.Start != start || got.End != cursor {
			t.Errorf("Complete(%q, %d) = %v [%d, %d); want %v [%d, %d)", tt.code, cursor, got.Matches, got.Start, got.End, want, start, cursor)
		}
	}
	// No wrappers or hidden names leak into completions.
	for _, m := range in.Complete("_", 1).Matches {
		if strings.HasPrefix(m, "_") {
			t.Errorf("hidden name %q offered", m)
		}
	}
}

func TestRank(t *testing.T) {
	tests := []struct {
		candidates []string
		prefix     string
		want       []string
	}{
		{[]string{"b", "ab", "Ab", "a", "ab", "_a"}, "a", []string{"a", "ab", "Ab"}},
		{[]string{"Println", "Print", "printer", "sprint"}, "Print", []string{"Print", "Println", "printer"}},
		{[]string{"Zeta", "alpha", "Beta"}, "", []string{"alpha", "Beta", "Zeta"}},
		{nil, "x", []string{}},
	}
	for _, tt := range tests {
		var cs []candidate
		for _, name := range tt.candidates {
			cs = append(cs, candidate{name, KindVariable})
		}
		got := []string{}
		for _, c := range rank(cs, tt.prefix) {
			got = append(got, c.name)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("rank(%q, %q) = %q, want %q", tt.candidates, tt.prefix, got, tt.want)
		}
	}
}

// TestCompleteKinds checks that each match says what it is, as JupyterLab
// labels it in the completer.
func TestCompleteKinds(t *testing.T) {
	in := completionInterpreter(t)
	tests := []struct {
		code  string
		match string
		kind  string
	}{
		{"strings.ToUp", "ToUpper", KindFunction},
		{"strings.Build", "Builder", KindType},
		{"os.Std", "Stdout", KindVariable},
		{"math.Ma", "MaxInt", KindConstant},
		{"time.Seco", "Second", KindConstant},
		{"slices.Cont", "Contains", KindFunction}, // compiled from source by yaegi
		{"strin", "strings", KindPackage},
		{"retu", "return", KindKeyword},
		{"le", "len", KindFunction},
		{"floa", "float64", KindType},
		{"tru", "true", KindConstant},
		{"coun", "counter", KindVariable},
		{"comp", "compute", KindFunction},
		{"conf", "config", KindType},
		{"cfg.Na", "Name", KindField},
		{"cfg.Desc", "Describe", KindMethod},
		{"b.WriteS", "WriteString", KindMethod},
		{"srv.Add", "Addr", KindField},
		{"w.Wri", "Write", KindMethod},
		{"x := 1\nfoo := x\nfo", "foo", KindVariable},
		{`import "net/ht`, "net/http", KindPath},
	}
	for _, tt := range tests {
		code := strings.ReplaceAll(tt.code, `\n`, "\n")
		got := in.Complete(code, utf8.RuneCountInString(code))
		if len(got.Kinds) != len(got.Matches) {
			t.Errorf("Complete(%q): %d kinds for %d matches", code, len(got.Kinds), len(got.Matches))
			continue
		}
		i := slices.Index(got.Matches, tt.match)
		if i < 0 {
			t.Errorf("Complete(%q) = %q, want %q among them", code, got.Matches, tt.match)
			continue
		}
		if got.Kinds[i] != tt.kind {
			t.Errorf("Complete(%q): %q is a %q, want %q", code, tt.match, got.Kinds[i], tt.kind)
		}
	}
}

func TestCommentAbove(t *testing.T) {
	tests := []struct {
		src, decl, want string
	}{
		{"// F does.\nfunc F() {}", "func", "F does.\n"},
		{"// One.\n// Two.\nfunc F() {}", "func", "One.\nTwo.\n"},
		{"// Apart.\n\nfunc F() {}", "func", ""},
		{"x := 1 // of x\nfunc F() {}", "func", ""},
		{"/* Block. */\ntype T int", "type", " Block.\n"},
		{"x := 1\nfunc F() {}", "func", ""},
		{"func F() {}", "func", ""},
	}
	for _, tt := range tests {
		if got := commentAbove(tt.src, strings.Index(tt.src, tt.decl)); got != tt.want {
			t.Errorf("commentAbove(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func FuzzComplete(f *testing.F) {
	for _, seed := range []string{
		"fmt.Prin", "cfg.", "b.Wri", "x := strings.NewReader(\"\")\nx.", "import \"enc", "// c",
		"func f(a int) {\n\ta.", "for _, v := range items {\n\tv.", "é.ü", ")).", "(x).(T).", "`raw", "f(xs...",
	} {
		f.Add(seed, len(seed))
	}
	in := completionInterpreter(f)
	f.Fuzz(func(t *testing.T, code string, cursor int) {
		c := in.Complete(code, cursor)
		n := utf8.RuneCountInString(code)
		if c.Start < 0 || c.Start > c.End || c.End > n {
			t.Fatalf("Complete(%q, %d): [%d, %d) outside [0, %d]", code, cursor, c.Start, c.End, n)
		}
		seen := map[string]bool{}
		for _, m := range c.Matches {
			if seen[m] {
				t.Fatalf("Complete(%q, %d): %q twice", code, cursor, m)
			}
			seen[m] = true
		}
		in.Inspect(code, cursor, 1)
	})
}

func BenchmarkComplete(b *testing.B) {
	in := completionInterpreter(b)
	for _, code := range []string{"fmt.Prin", "cfg.", "func handler(w http.ResponseWriter, req *http.Request) {\n\treq.Meth"} {
		b.Run(strings.SplitN(code, ".", 2)[0], func(b *testing.B) {
			for b.Loop() {
				in.Complete(code, utf8.RuneCountInString(code))
			}
		})
	}
}
