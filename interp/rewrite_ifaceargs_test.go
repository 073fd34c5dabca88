package interp

import (
	"regexp"
	"strings"
	"testing"
)

// The calls of interpreted functions that pass a value with the
// interpreter's methods for an interface parameter, once per run, take it
// through a global of their own (rewrite_ifaceargs.go); the other calls
// stay as written. want is the cell as rewritten, without the /*line*/
// comments, the globals' declarations (edit.global) first, each on a line
// of its own; the execution in their names is N.
func TestInterfaceArgsRewrite(t *testing.T) {
	h := newHarness(t, "")
	h.exec("type bare struct{ A int }\ntype C int\nfunc (c C) String() string { return \"C\" }\ntype plain int\n" +
		"func d7(v any) string { return fmt.Sprint(v) }\nfunc two(n int, v fmt.Stringer, w any) (int, error) { return n, nil }\n" +
		"func many(n int64, vs ...any) {}\nfunc none(v any) {}\nfunc typed(b bare) bare { return b }\nfunc Id[T any](v T) T { return v }\n" +
		"func (b bare) Keep(v any) {}\nvar fv = func(v any) {}\ntype nom struct{ A int }")
	const literal = "func() string { _glarg3_xN = bare{3}; return d7(_glarg3_xN) }()"
	for _, tt := range []struct{ code, want string }{
		{"d7(bare{3})", "var _glarg3_xN bare\n" + literal},
		{"fmt.Println(d7(bare{3}))", "var _glarg15_xN bare\nfmt.Println(func() string { _glarg15_xN = bare{3}; return d7(_glarg15_xN) }())"},
		{"s := d7(bare{3})", "var _glarg8_xN bare\ns := " + literal[:16] + "_glarg8_xN = bare{3}; return d7(_glarg8_xN) }()"},
		// The other arguments keep their order, as locals of their
		// parameters' types (an untyped constant takes its type there).
		{"two(1, C(2), bare{3})", "var _glarg7_xN C\nvar _glarg13_xN bare\n" +
			"func() (int, error) { var _glargv4 int = 1; _glarg7_xN = C(2); _glarg13_xN = bare{3}; return two(_glargv4, _glarg7_xN, _glarg13_xN) }()"},
		{"many(1, 2, C(3))", "var _glarg11_xN C\nfunc() { var _glargv5 int64 = 1; var _glargv8 any = 2; _glarg11_xN = C(3); many(_glargv5, _glargv8, _glarg11_xN) }()"},
		{"none(bare{1}); fv(bare{2})", "var _glarg5_xN bare\nvar _glarg18_xN bare\n" +
			"func() { _glarg5_xN = bare{1}; none(_glarg5_xN) }()\nfunc() { _glarg18_xN = bare{2}; fv(_glarg18_xN) }()"},
		{"xs := []bare{{6}}\nd7(xs[0])", "var _glarg21_xN bare\nxs := []bare{{6}}\nfunc() string { _glarg21_xN = xs[_gopherlab.Index(int(0), len(xs))]; return d7(_glarg21_xN) }()"},
		{"defer fmt.Println(d7(bare{1}))", "var _glarg21_xN bare\ndefer fmt.Println(func() string { _glarg21_xN = bare{1}; return d7(_glarg21_xN) }()); _gopherlab.Deferred()"},
		// As written: no method declared, a parameter that is no
		// interface, a compiled or generic callee, a method, a call
		// that may run again, a pointer (yaegi passes it as it is).
		{"d7(plain(1))", "d7(plain(1))"},
		// A struct type without methods: no wrapper holds its values.
		{"d7(nom{1})", "d7(nom{1})"},
		{"d7(&bare{1})", "d7(&bare{1})"},
		{"typed(bare{1})", "typed(bare{1})"},
		{"fmt.Sprint(bare{1})", "fmt.Sprint(bare{1})"},
		{"Id[any](bare{1})", "Id[any](bare{1})"},
		{"bare{}.Keep(bare{1})", "bare{}.Keep(bare{1})"},
		{"xs := []any{C(1)}\nmany(1, xs...)", "xs := []any{C(1)}\nmany(1, xs...)"},
		{"for range 2 { none(bare{1}) }", "for _glN0 := 2; ; { for _glI0 := _glN0 ^ _glN0; _glI0 < _glN0; _glI0++ {  none(bare{1}) }; break }"},
		{"func() { none(bare{1}) }()", "func() { none(bare{1}) }()"},
		{"go none(bare{1})", "go none(bare{1})"},
		{"defer none(bare{1})", "defer none(bare{1}); _gopherlab.Deferred()"},
	} {
		got := rewrittenWithGlobals(t, h, tt.code)
		if got != tt.want {
			t.Errorf("%s\n got %s\nwant %s", tt.code, got, tt.want)
		}
	}
}

// rewrittenWithGlobals is code as the rewrites make it (rewrittenCell),
// after the declarations of the globals they run before it.
func rewrittenWithGlobals(t *testing.T, h *harness, code string) string {
	t.Helper()
	h.count++
	c := h.in.newCell(h.count, code)
	var decls, out []string
	for _, r := range runs(split(code)) {
		p, err := h.in.parseWith(c, r, nil)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		edits, err := h.in.rewrite(c, p)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		for _, e := range sortEdits(edits) {
			if e.global {
				decls = append(decls, e.text)
			}
		}
		out = append(out, lineComment.ReplaceAllString(c.edited(r.start, r.end, edits), ""))
	}
	execution := regexp.MustCompile(`(_glarg\d+_x)` + regexp.QuoteMeta(c.execution()) + `\b`)
	return execution.ReplaceAllString(strings.Join(append(decls, out...), "\n"), "${1}N")
}

// Each execution of a cell has globals of its own: a value an earlier
// one kept keeps its own.
func TestInterfaceArgsGlobalsPerExecution(t *testing.T) {
	h := newHarness(t, "")
	h.exec("type bare struct{ A int }\nvar kept []any\nfunc keep(v any) { kept = append(kept, v) }\nn := 0")
	for range 2 {
		h.exec("n++\nkeep(bare{n})")
	}
	h.exec("for _, v := range kept { fmt.Println(v) }")
	if got := h.stdout.take(); got != "{1}\n{2}\n" {
		t.Errorf("the values kept print\n%s\nwant {1} then {2}", got)
	}
	// The globals are the rewrite's, not the user's.
	for _, m := range h.in.Complete("_", 1).Matches {
		if strings.HasPrefix(m, "_gl") {
			t.Errorf("completion offers %q", m)
		}
	}
}
