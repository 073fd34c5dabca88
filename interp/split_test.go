package interp

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		src  string
		want []string // "kind:text" of each segment, block statements marked "+"
	}{
		{"", nil},
		{"x := 1", []string{"stmt:x := 1"}},
		{"import \"fmt\"\nfmt.Println(1)", []string{`import:import "fmt"`, "stmt:fmt.Println(1)"}},
		{"func f() {}\ntype T int\nconst c = 1\nvar v = 2", []string{"decl:func f() {}", "decl:type T int", "decl:const c = 1", "stmt:var v = 2"}},
		{"func (t T) M() int {\n\treturn 1\n}", []string{"decl:func (t T) M() int {\n\treturn 1\n}"}},
		{"func() { println() }()", []string{"stmt:func() { println() }()"}},
		{"func() int { return 1 }()", []string{"stmt:func() int { return 1 }()"}},
		{"go func() {}()", []string{"stmt:go func() {}()"}},
		{"a := 1; b := 2", []string{"stmt:a := 1", "stmt:b := 2"}},
		{"for i := 0; i < 3; i++ {\n}\nx", []string{"stmt+:for i := 0; i < 3; i++ {\n}", "stmt:x"}},
		{"if x := f(); x > 0 {\n} else {\n}", []string{"stmt+:if x := f(); x > 0 {\n} else {\n}"}},
		{"switch x := 1; x {\ncase 1:\n}", []string{"stmt+:switch x := 1; x {\ncase 1:\n}"}},
		{"loop: for {}", []string{"stmt+:loop: for {}"}},
		{"import (\n\t\"fmt\"\n\t\"os\"\n)", []string{"import:import (\n\t\"fmt\"\n\t\"os\"\n)"}},
		{"x := `raw\r\nstring`", []string{"stmt:x := `raw\r\nstring`"}},
		{"// comment\nx // trailing", []string{"stmt:x"}},
		{")))", []string{"stmt:)))"}},
		{"f(\n1,\n2)", []string{"stmt:f(\n1,\n2)"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range split(tt.src) {
			k := s.kind.String()
			if s.block {
				k += "+"
			}
			got = append(got, k+":"+tt.src[s.start:s.end])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("split(%q) =\n%q\nwant\n%q", tt.src, got, tt.want)
		}
	}
}

func TestRuns(t *testing.T) {
	src := "import \"fmt\"\nfunc f() {}\nfunc g() {}\nx := 1\ny := 2\nfmt.Println(x)"
	var got []string
	for _, r := range runs(split(src)) {
		s := r.kind.String() + ":" + strings.ReplaceAll(src[r.start:r.end], "\n", "|")
		if r.result {
			s += " (result)"
		}
		got = append(got, s)
	}
	want := []string{
		`import:import "fmt"`,
		"decl:func f() {}|func g() {}",
		"stmt:x := 1|y := 2",
		"stmt:fmt.Println(x) (result)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("runs =\n%q\nwant\n%q", got, want)
	}
}

// FuzzSplit checks that the splitter never panics and always returns
// ordered segments inside the source, whatever it is given.
func FuzzSplit(f *testing.F) {
	for _, seed := range []string{
		"x := 1", "func f() {}\nf()", "for i := 0; i < 3; i++ {}", ")))", "func (", "`unterminated",
		"import \"fmt\"; fmt.Println()", "func (t T) M() {}", "\"\\", "a: b: for {}",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		prev := 0
		for _, s := range split(src) {
			if s.start < prev || s.end < s.start || s.end > len(src) {
				t.Fatalf("segment [%d, %d) out of order or out of %d bytes (previous end %d)", s.start, s.end, len(src), prev)
			}
			prev = s.end
		}
		for _, r := range runs(split(src)) {
			if len(r.segs) == 0 || r.start != r.segs[0].start || r.end != r.segs[len(r.segs)-1].end {
				t.Fatalf("run %+v does not span its segments", r)
			}
		}
	})
}
