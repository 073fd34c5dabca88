package interp

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopherlab/interp/native/nativetest"
)

// genericModule serves example.com/lo, a module of generics, from a
// GOPROXY on the file system, with a module cache of the test's own for
// the plugins.
func genericModule(t *testing.T) {
	nativetest.FileProxy(t, "example.com/lo", map[string]string{"v1.1.0": filepath.Join("testdata", "generic-lo")})
	userCacheOfTest(t) // modules_test.go
}

// A module's generic functions and types reach interpreted cells as
// instances the Go compiler builds, their type arguments inferred or
// written; one the worker built already is not built again; a type
// argument that the interpreter declares is a CompileError at the use
// that says why.
func TestModuleGenerics(t *testing.T) {
	genericModule(t)
	h := newHarness(t, "")
	h.exec("import \"example.com/lo\"")
	built := func() int {
		inst := h.in.pkgs.modules.inst
		inst.mu.Lock()
		defer inst.mu.Unlock()
		return len(inst.built)
	}
	for _, tt := range []struct {
		code, want string
		builds     int // instances built by the cell
	}{
		{`fmt.Sprint(lo.Map([]int{1, 2, 3}, func(x int) string { return strconv.Itoa(x * x) }))`, `"[1 4 9]"`, 1},
		// The same instance, its type arguments written.
		{`fmt.Sprint(lo.Map[int, string]([]int{4}, strconv.Itoa), lo.Version)`, `"[4]1.1"`, 0},
		{"type meters float64\n\nfmt.Sprint(lo.Sum(1.5, 2), lo.Sum[int](1, 2, 3))", `"3.5 6"`, 2},
		{"var s lo.Stack[string]\ns.Push(\"a\")\ns.Push(\"b\")\ntop, ok := s.Pop()\nfmt.Sprint(top, ok, s.Len())", `"btrue 1"`, 1},
		{`p := lo.Pair[string, []int]{Key: "k", Value: []int{1}}
fmt.Sprintf("%+v %T", p, p)`, `"{Key:k Value:[1]} lo.Pair[string,[]int]"`, 1},
		// A later cell goes on with the instance's values.
		{`s.Len()`, `1`, 0},
		{"func size() int { return 0 }\nfunc depth(s *lo.Stack[string]) int { return s.Len() + size() }\n\ndepth(&s)", `1`, 0},
		// depth, compiled again for the new size, keeps its instance.
		{"func size() int { return 10 }\n\ndepth(&s)", `11`, 0},
	} {
		before := built()
		if got := h.exec(tt.code); got != tt.want {
			t.Errorf("%s\n= %s, want %s", tt.code, got, tt.want)
		}
		if n := built() - before; n != tt.builds {
			t.Errorf("%s\nbuilt %d instances, want %d", tt.code, n, tt.builds)
		}
	}
	for _, tt := range []struct{ code, want string }{
		{"type celsius float64\n\nlo.Sum(celsius(1), 2)",
			`cell[10]:3:1: lo.Sum is generic, and the interpreter reaches the compiled package example.com/lo only through reflect, which has no generics, so gopherlab has the Go compiler instantiate it; it cannot here: its type argument celsius is declared by an interpreted cell`},
		{"type point struct{ X int }\n\nvar ps lo.Stack[[]point]",
			`cell[11]:3:8: lo.Stack is generic, `},
		{"func top[T any](s *lo.Stack[T]) T { v, _ := s.Pop(); return v }",
			`cell[12]:1:20: lo.Stack is generic, and the interpreter reaches the compiled package example.com/lo only through reflect, which has no generics, so gopherlab has the Go compiler instantiate it; it cannot here: its type argument T is a type parameter of the cell's generic code, whose instances the interpreter makes, not the Go compiler: write the generic in a %%compile cell`},
	} {
		e := h.fail(tt.code)
		if e.Name != "CompileError" || !strings.HasPrefix(e.Value, tt.want) || strings.Contains(e.Value, "\n") {
			t.Errorf("%s\n: %s: %q, want a one-line CompileError starting %q", tt.code, e.Name, e.Value, tt.want)
		}
	}
	// Timed code takes the same way.
	h.exec("%timeit -n 2 -r 1 var st lo.Stack[int]; st.Push(lo.Sum(1, 2))")
	if out := h.stdout.take(); !strings.Contains(out, "2 loops each") {
		t.Errorf("%%timeit of an instance printed %q", out)
	}
	// The instances' packages are the rewrite's, not the user's.
	for _, m := range h.in.Complete("_", 1).Matches {
		if strings.HasPrefix(m, "_gl") {
			t.Errorf("completion offers %q", m)
		}
	}
	// A compiled cell's type is the compiler's: it can be one.
	h.exec("%%compile\n\ntype Meters float64")
	if got := h.exec("fmt.Sprintf(\"%v %T\", lo.Sum(Meters(1.5), 2), lo.Sum[Meters]())"); got != `"3.5 main.Meters"` {
		t.Errorf("lo.Sum of a compiled cell's type = %s", got)
	}
}

// What an instantiating cell costs: the first use of an instance builds
// a plugin; the next use, in this worker, builds nothing. The figures go
// to docs/BENCHMARKS.md (go test -run TestInstanceLatency -v).
func TestInstanceLatency(t *testing.T) {
	genericModule(t)
	h := newHarness(t, "")
	h.exec("import \"example.com/lo\"")
	for _, tt := range []struct{ what, cell, want string }{
		{"lo.Map", `fmt.Sprint(lo.Map([]int{1}, func(x int) float64 { return float64(x) / 2 }))`, `"[0.5]"`},
		{"atomic.Pointer", "var q atomic.Pointer[float32]\nq.Load() == nil", "true"},
	} {
		var took [2]time.Duration
		for i := range took {
			start := time.Now()
			if got := h.exec(tt.cell); got != tt.want {
				t.Fatalf("%s, run %d: %s", tt.what, i, got)
			}
			took[i] = time.Since(start)
		}
		t.Logf("a cell that instantiates %s: first %v, cached %v", tt.what, took[0], took[1])
		if took[1] > took[0] {
			t.Errorf("%s: the cached instance's cell took %v, more than the first's %v", tt.what, took[1], took[0])
		}
	}
	start := time.Now()
	h.exec(`fmt.Sprint([]float64{0.5})`)
	t.Logf("a cell without one: %v", time.Since(start))
	// Another worker of the directory opens the plugin built: its source,
	// and so its file, is the same.
	other := newHarness(t, "")
	other.exec("import \"example.com/lo\"")
	start = time.Now()
	if got := other.exec(`fmt.Sprint(lo.Map([]int{1}, func(x int) float64 { return float64(x) / 2 }))`); got != `"[0.5]"` {
		t.Fatalf("another worker: %s", got)
	}
	t.Logf("the same cell in another worker: %v", time.Since(start))
}

// Without the go command no instance can be built, and the error says so,
// at the use.
func TestInstanceWithoutGo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	h := newHarness(t, "")
	e := h.fail("import \"sync/atomic\"\n\nvar p atomic.Pointer[int]")
	want := "cell[1]:3:7: atomic.Pointer is generic, and the interpreter reaches the compiled package sync/atomic only through reflect, which has no generics, so gopherlab has the Go compiler instantiate it; it cannot here: instantiating it needs the go command, and compiled cells are unavailable: no go command on PATH"
	if e.Name != "CompileError" || e.Value != want {
		t.Errorf("%s: %q\nwant CompileError: %q", e.Name, e.Value, want)
	}
}
