package interp

import (
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopherlab/symbols"
)

// goCase is a session of cells whose last cell must print what the same
// code prints as a Go program: its imports and declarations at the top
// level, its statements in main. The cells before it set the stage, for
// the redefinitions a notebook allows and Go does not.
type goCase struct {
	name  string
	cells []string
}

// rewriteCases are checked against the Go toolchain by TestRewriteMatchesGo.
var rewriteCases = []goCase{
	// Range over an integer (Go 1.22).
	{"range int literal", []string{"for i := range 3 { fmt.Println(i) }"}},
	{"range int variable", []string{"n := 2\nfor i := range n { fmt.Println(\"n\", i) }"}},
	{"range without variable", []string{"for range 2 { fmt.Println(\"x\") }"}},
	{"range typed integer", []string{"type ID uint8\nvar k ID = 3\nfor i := range k {\n\tvar j ID = i // compiles if i is an ID\n\tfmt.Println(j)\n}"}},
	{"range int64 and uint", []string{"var u uint = 2\nfor i := range int64(3) { fmt.Printf(\"%T %v\\n\", i, i) }\nfor i := range u { fmt.Printf(\"%T %v\\n\", i, i) }"}},
	{"range rune constant", []string{"for i := range '\\x03' { fmt.Printf(\"%T %v\\n\", i, i) }"}},
	{"range constant and expression", []string{"const N = 3\nxs := []string{\"a\", \"b\"}\nfor i := range N { fmt.Print(i) }\nfor i := range len(xs) * 2 { fmt.Print(i) }\nfor i := range N - 5 { fmt.Print(\"never\", i) }\nfmt.Println()"}},
	{"range evaluates n once", []string{"func count() int { fmt.Println(\"count\"); return 2 }\nfor i := range count() { fmt.Println(i) }\nn := 3\nfor i := range n { n = 0; fmt.Println(i, n) }"}},
	{"range body assigns the variable", []string{"for i := range 3 { i += 10; fmt.Println(i) }"}},
	{"range assigns an existing variable", []string{"var i int8 = 7\nfor i = range 3 { fmt.Print(i) }\nfmt.Printf(\" %T %v\\n\", i, i)"}},
	{"range labels", []string{"outer: for i := range 3 {\n\tfor j := range 3 {\n\t\tif j == 1 { continue outer }\n\t\tif i == 2 { break outer }\n\t\tfmt.Println(i, j)\n\t}\n}"}},
	{"range in a function", []string{"func find(n, t int) int {\n\tfor i := range n {\n\t\tif i*i >= t { return i }\n\t}\n\treturn -1\n}\nfmt.Println(find(10, 20), find(3, 20))"}},
	{"range variable in closures", []string{"var fns []func()\nfor i := range 3 { fns = append(fns, func() { fmt.Println(i) }) }\nfor _, f := range fns { f() }"}},
	{"range variable in goroutines", []string{"var wg sync.WaitGroup\nres := make([]int, 4)\nfor i := range 4 {\n\twg.Add(1)\n\tgo func() { defer wg.Done(); res[i] = i * 10 }()\n}\nwg.Wait()\nfmt.Println(res)"}},

	{"range over a value of unknown type", []string{"func Id[T any](x T) T { return x }\nfunc upto(yield func(int) bool) { for i := 0; i < 3; i++ { if !yield(i) { return } } }\nfor i := range Id(3) { fmt.Print(i) }\nfor v := range Id(upto) { fmt.Print(v) }\nfmt.Println()"}},

	// A variable of its own for each iteration (Go 1.22).
	{"for closures", []string{"var fns []func()\nfor i := 0; i < 3; i++ { fns = append(fns, func() { fmt.Println(i) }) }\nfor _, f := range fns { f() }"}},
	{"for goroutines", []string{"var (\n\tmu  sync.Mutex\n\twg  sync.WaitGroup\n\tgot []int\n)\nfor i := 0; i < 3; i++ {\n\twg.Add(1)\n\tgo func() { defer wg.Done(); mu.Lock(); got = append(got, i); mu.Unlock() }()\n}\nwg.Wait()\nslices.Sort(got)\nfmt.Println(got)"}},
	{"range slice closures", []string{"var fns []func()\nfor _, v := range []string{\"a\", \"b\", \"c\"} { fns = append(fns, func() { fmt.Print(v) }) }\nfor _, f := range fns { f() }\nfmt.Println()"}},
	{"range slice pointers", []string{"var ps []*int\nfor _, v := range []int{1, 2, 3} { ps = append(ps, &v) }\nfor _, p := range ps { fmt.Print(*p) }\nfmt.Println()"}},
	{"range map values in closures", []string{"var fns []func() string\nfor k, v := range map[string]int{\"k\": 1} { fns = append(fns, func() string { return fmt.Sprint(k, v) }) }\nfmt.Println(fns[0]())"}},
	{"for closure writes the variable", []string{"var fns []func() int\nfor i := 0; i < 10; i++ {\n\tskip := func() { i += 2 }\n\tskip()\n\tfns = append(fns, func() int { return i })\n}\nfor _, f := range fns { fmt.Print(f(), \" \") }\nfmt.Println()"}},
	{"for continue writes back", []string{"var fns []func()\nfor i := 0; i < 10; i++ {\n\tbump := func() { i++ }\n\tif i%3 == 0 { bump(); continue }\n\tfns = append(fns, func() { fmt.Print(i, \" \") })\n}\nfor _, f := range fns { f() }\nfmt.Println()"}},
	{"for labelled continue writes back", []string{"var fns []func() int\nouter: for i := 0; i < 6; i++ {\n\tfor j := 0; j < 2; j++ {\n\t\tif j == 1 { func() { i++ }(); continue outer }\n\t}\n\tfns = append(fns, func() int { return i })\n}\nfmt.Println(len(fns))"}},
	{"closures passed to compiled code", []string{"var wg sync.WaitGroup\nvar total atomic.Int32\nstart := make(chan struct{})\nfor i := 1; i <= 4; i++ {\n\twg.Go(func() {\n\t\t<-start\n\t\ttotal.Add(int32(i))\n\t})\n}\nres := make([]int, 3)\nvar wg2 sync.WaitGroup\nfor i, v := range []int{7, 8, 9} {\n\twg2.Add(1)\n\ttime.AfterFunc(time.Millisecond, func() { res[i] = v; wg2.Done() })\n}\nclose(start)\nwg.Wait()\nwg2.Wait()\nfmt.Println(total.Load(), res)"}},
	{"loop variables copied by hand", []string{"var fns []func()\nfor i := 0; i < 2; i++ {\n\ti := i\n\tfns = append(fns, func() { fmt.Print(i) })\n}\nfor i := range 2 {\n\ti := i\n\tfns = append(fns, func() { fmt.Print(i) })\n}\nfor _, s := range []string{\"a\"} {\n\ts := s\n\tfns = append(fns, func() { fmt.Print(s) })\n}\nfunc one(yield func(int) bool) { yield(7) }\nfor v := range one {\n\tv := v\n\tfns = append(fns, func() { fmt.Print(v) })\n}\nfor _, f := range fns { f() }\nfmt.Println()"}},
	{"for two variables", []string{"var fns []func()\nfor i, j := 0, 10; i < j; i, j = i+1, j-3 { fns = append(fns, func() { fmt.Print(i, j, \" \") }) }\nfor _, f := range fns { f() }\nfmt.Println()"}},

	// Comma-ok forms declaring globals at the top level of a cell.
	{"comma-ok at the top level", []string{"m := map[string]int{\"a\": 1}\nv, ok := m[\"a\"]\n_, missing := m[\"b\"]\nvar x any = 2.5\nf, isFloat := x.(float64)\nn, isInt := x.(int)\nch := make(chan string, 1)\nch <- \"hi\"\nclose(ch)\ns, open := <-ch\ns2, open2 := <-ch\nfmt.Println(v, ok, missing, f, isFloat, n, isInt, s, open, s2 == \"\", open2)"}},
	{"comma-ok of a cell type and a std type", []string{"import \"math/big\"\ntype P struct{ X int }\nps := map[string]P{\"a\": {1}}\np, found := ps[\"a\"]\nbs := map[string]*big.Int{\"a\": big.NewInt(7)}\nb, okb := bs[\"a\"]\nfmt.Println(p.X, found, b, okb)"}},

	// min, max and clear (Go 1.21).
	{"min max values", []string{"x := 2.5\nfmt.Println(min(1, x), max(x, 3), min(3, 1, 2), max(\"a\", \"b\", \"ab\"), min(x))"}},
	{"min max constants", []string{"const c = max(1, 2.5)\nconst d = min(3, 2)\nconst s = max(\"x\", \"y\")\nconst r = max('a', 1)\nconst q = min(7/2, 3.9)\nfmt.Printf(\"%T %v %T %v %T %v %T %v %T %v\\n\", c, c, d, d, s, s, r, r, q, q)"}},
	{"min max typed", []string{"var f float32 = 1\ntype Celsius float64\nfmt.Printf(\"%T %v\\n\", max(f, 2), max(f, 2))\nfmt.Println(min(Celsius(3), 2), max(uint8(3), 200))"}},
	{"min max nan", []string{"fmt.Println(min(math.NaN(), 1), max(1, math.NaN()), min(2, math.Inf(-1)), max(math.Inf(1), 0))"}},
	{"min max durations", []string{"d := 3 * time.Second\nfmt.Println(min(d, time.Second), max(d, 5*time.Second))"}},
	{"min max nested and ordered", []string{"func f(s string, v int) int { fmt.Print(s, \" \"); return v }\nx := 4\nfmt.Println(min(max(1, x), 3), min(f(\"a\", 2), f(\"b\", 1), 0), max(0, f(\"c\", 5), -1))"}},
	{"min max constants first", []string{"x, y := 2.5, 0.5\nfmt.Println(min(1, x,), max(2, 3, x), min(1.5, 2, x, 3), max(-1, -2, y), min(\n\t4,\n\tx,\n))"}},
	{"min max typed and computed constants", []string{"const b = min(uint8(3), 200)\nconst n = max(len(\"abc\"), 2)\nconst d = max(time.Second, 2*time.Millisecond)\nfmt.Printf(\"%T %v %T %v %T %v\\n\", b, b, n, n, d, d)"}},
	{"new of a variable named as a type elsewhere", []string{"func f() { type item struct{}; _ = item{} }\nitem := 5\np := new(item)\nfmt.Println(*p)\nfunc g(item int) *int { return new(item) }\nfmt.Println(*g(7))"}},
	{"min shadowed", []string{"func min(a, b int) int { return 42 }\nfmt.Println(min(1, 2))"}},
	{"clear", []string{"m := map[string]int{\"a\": 1, \"b\": 2}\nclear(m)\ns := []int{1, 2, 3}\nclear(s[1:])\nfmt.Println(len(m), s)"}},

	// Range over a function (Go 1.23).
	{"range func break", []string{"func count(n int) func(func(int) bool) {\n\treturn func(yield func(int) bool) {\n\t\tdefer fmt.Println(\"iterator done\")\n\t\tfor i := 0; i < n; i++ {\n\t\t\tif !yield(i) { return }\n\t\t}\n\t}\n}\nfor x := range count(5) {\n\tif x == 1 { continue }\n\tif x == 3 { break }\n\tfmt.Println(\"got\", x)\n}\nfmt.Println(\"after\")"}},
	{"range func return", []string{"func pairs(yield func(string, int) bool) {\n\tfor i, s := range []string{\"a\", \"b\", \"c\"} {\n\t\tif !yield(s, i) { fmt.Println(\"stopped at\", s); return }\n\t}\n}\nfunc find(t int) string {\n\tfor s, i := range pairs {\n\t\tif i == t { return s }\n\t}\n\treturn \"none\"\n}\nfmt.Println(find(1), find(7))"}},
	{"range iter.Seq", []string{"func Count(n int) iter.Seq[int] {\n\treturn func(yield func(int) bool) {\n\t\tfor i := range n {\n\t\t\tif !yield(i) { return }\n\t\t}\n\t}\n}\nfunc Enum(xs []string) iter.Seq2[int, string] {\n\treturn func(yield func(int, string) bool) {\n\t\tfor i, x := range xs {\n\t\t\tif !yield(i, x) { return }\n\t\t}\n\t}\n}\nsum := 0\nfor v := range Count(5) { sum += v }\nfor i, s := range Enum([]string{\"x\", \"y\"}) { fmt.Println(i, s) }\nfor i := range Enum([]string{\"z\"}) { fmt.Println(i) }\nfmt.Println(sum)"}},
	{"range func nested labels", []string{"func upto(n int) func(func(int) bool) {\n\treturn func(yield func(int) bool) {\n\t\tfor i := 0; i < n; i++ {\n\t\t\tif !yield(i) { return }\n\t\t}\n\t}\n}\nouter: for i := range upto(3) {\n\tfor j := range upto(3) {\n\t\tif j > i { continue outer }\n\t\tif i == 2 { break outer }\n\t\tfmt.Println(i, j)\n\t}\n}"}},
	{"range func closures", []string{"func upto(n int) func(func(int) bool) {\n\treturn func(yield func(int) bool) {\n\t\tfor i := 0; i < n; i++ {\n\t\t\tif !yield(i) { return }\n\t\t}\n\t}\n}\nvar fns []func()\nfor i := range upto(3) { fns = append(fns, func() { fmt.Print(i) }) }\nfor _, f := range fns { f() }\nfmt.Println()"}},
	{"range func panic recovered", []string{"func bad(yield func(int) bool) { yield(1); panic(\"iterator broke\") }\nfunc run() (err any) {\n\tdefer func() { err = recover() }()\n\tfor v := range bad { fmt.Println(\"got\", v) }\n\treturn nil\n}\nfmt.Println(run())"}},
	{"range func literal and assignment", []string{"var k string\nvar v int\nfor k, v = range func(yield func(string, int) bool) { yield(\"a\", 1); yield(\"b\", 2) } {\n\tfmt.Println(k, v)\n}\nfmt.Println(\"last\", k, v)"}},
	{"range func of no values", []string{"func thrice(yield func() bool) {\n\tfor i := 0; i < 3; i++ {\n\t\tif !yield() { return }\n\t}\n}\nn := 0\nfor range thrice { n++ }\nfmt.Println(n)"}},
	{"range std iterators", []string{"for i, s := range slices.All([]string{\"p\", \"q\"}) { fmt.Println(i, s) }\nfor i, s := range slices.Backward([]string{\"p\", \"q\"}) { fmt.Println(i, s) }\nfor s := range slices.Values([]string{\"v\"}) { fmt.Println(s) }\nfor k, v := range maps.All(map[string]int{\"one\": 1}) { fmt.Println(k, v) }\nfor k := range maps.Keys(map[string]int{\"key\": 1}) { fmt.Println(k) }\nfmt.Println(slices.Sorted(maps.Keys(map[string]int{\"b\": 1, \"a\": 2, \"c\": 3})))"}},

	// The generic functions of slices, maps and cmp (generics.go).
	{"slices", []string{"x := []int{3, 1, 2}\nslices.Sort(x)\nfmt.Println(x, slices.Contains(x, 2), slices.Index(x, 3), slices.Max(x), slices.Min(x))\nfmt.Println(slices.Insert([]int{1, 2, 3}, 1, 9, 8), slices.Delete([]int{1, 2, 3, 4}, 1, 3), slices.Compact([]int{1, 1, 2, 2, 1}))\nfmt.Println(slices.BinarySearch([]int{1, 3, 5}, 3))\nfmt.Println(slices.Replace([]int{1, 2, 3, 4}, 1, 3, 7), slices.Concat([]int{1}, []int{2, 3}), slices.Repeat([]string{\"r\"}, 2))\nfmt.Println(slices.Equal(x, []int{1, 2, 3}), slices.Compare([]int{1}, []int{2}), slices.IsSorted(x))\ny := []string{\"b\", \"c\", \"a\"}\nslices.Reverse(y)\nfmt.Println(y, slices.Clone(y), slices.Collect(slices.Values(y)))"}},
	{"slices funcs", []string{"type P struct{ N string; A int }\nps := []P{{\"x\", 3}, {\"y\", 1}, {\"z\", 3}}\nslices.SortStableFunc(ps, func(a, b P) int { return cmp.Compare(a.A, b.A) })\nfmt.Println(ps, slices.IndexFunc(ps, func(p P) bool { return p.N == \"z\" }))\nfmt.Println(slices.ContainsFunc(ps, func(p P) bool { return p.A > 2 }), slices.MaxFunc(ps, func(a, b P) int { return cmp.Compare(a.N, b.N) }))\nds := []time.Duration{time.Second, time.Millisecond}\nslices.Sort(ds)\nfmt.Println(ds, slices.DeleteFunc([]int{1, 2, 3, 4}, func(v int) bool { return v%2 == 0 }))"}},
	{"slices more", []string{"s := []int{5, 2, 8}\nbyValue := func(a, b int) int { return a - b }\nslices.SortFunc(s, byValue)\nfmt.Println(s, slices.IsSortedFunc(s, byValue), slices.MinFunc(s, byValue))\nfmt.Println(slices.BinarySearchFunc(s, 5, byValue))\nfmt.Println(len(slices.Grow(s, 10)), cap(slices.Grow(s, 10)) >= 13, cap(slices.Clip(s[:1])))\nfmt.Println(slices.EqualFunc(s, []string{\"2\", \"5\", \"8\"}, func(a int, b string) bool { return fmt.Sprint(a) == b }))\nfmt.Println(slices.CompareFunc(s, s, byValue), slices.CompactFunc([]string{\"a\", \"A\", \"b\"}, strings.EqualFold))\nfmt.Println(slices.AppendSeq([]int{0}, slices.Values(s)), slices.SortedFunc(slices.Values(s), func(a, b int) int { return b - a }))\nfmt.Println(slices.SortedStableFunc(slices.Values([]string{\"bb\", \"a\", \"cc\"}), func(a, b string) int { return len(a) - len(b) }))\nfor c := range slices.Chunk([]int{1, 2, 3, 4, 5}, 2) { fmt.Print(c) }\nfmt.Println()\nm := map[string]int{\"a\": 1}\nmaps.Copy(m, map[string]int{\"b\": 2})\nmaps.Insert(m, maps.All(map[string]int{\"c\": 3}))\nfmt.Println(m, slices.Sorted(maps.Values(m)), maps.EqualFunc(m, map[string]string{}, func(a int, b string) bool { return true }))"}},
	{"maps and cmp", []string{"m := map[string]int{\"a\": 1, \"b\": 2}\nc := maps.Clone(m)\nc[\"c\"] = 3\nfmt.Println(len(m), len(c), maps.Equal(m, c))\nmaps.DeleteFunc(c, func(k string, v int) bool { return v > 1 })\nfmt.Println(c, maps.Collect(maps.All(map[string]int{\"q\": 1})))\nfmt.Println(cmp.Compare(2, 1), cmp.Less(\"a\", \"b\"), cmp.Or(0, 3), cmp.Or(\"\", \"\", \"z\"), cmp.Compare(time.Second, time.Minute))"}},

	// Variables declared at the top level from generic functions' results.
	{"top-level generic results", []string{"m := map[string]int{\"b\": 1, \"a\": 2}\nkeys := slices.Sorted(maps.Keys(m))\nc := maps.Clone(m)\nvar vals = slices.Sorted(maps.Values(m))\nbig := slices.Max(vals)\nseq := slices.Values(keys)\nfmt.Println(keys, len(c), vals, big, slices.Collect(seq))\ntype P struct{ X int }\nps := []P{{2}, {1}}\nqs := slices.Clone(ps)\nds := slices.Clone([]time.Duration{time.Second})\nfmt.Println(qs, ds)"}},

	// Generic code of the cells' own that yaegi runs.
	{"generic functions", []string{"func Filter[T any](xs []T, keep func(T) bool) []T {\n\tvar out []T\n\tfor _, x := range xs {\n\t\tif keep(x) { out = append(out, x) }\n\t}\n\treturn out\n}\nfunc Reduce[T, A any](xs []T, init A, f func(A, T) A) A {\n\tacc := init\n\tfor _, x := range xs { acc = f(acc, x) }\n\treturn acc\n}\ntype Number interface{ ~int | ~float64 }\nfunc Sum[T Number](xs []T) T {\n\tvar s T\n\tfor _, x := range xs { s += x }\n\treturn s\n}\nfunc Double[T any](xs []T, f func(T) T) []T {\n\tvar out []T\n\tfor _, x := range xs { out = append(out, f(x)) }\n\treturn out\n}\nfmt.Println(Filter([]int{1, 2, 3}, func(i int) bool { return i != 2 }))\nfmt.Println(Reduce([]int{1, 2, 3}, \"\", func(a string, x int) string { return a + fmt.Sprint(x) }))\nfmt.Println(Sum([]float64{1.5, 2}), Double([]string{\"a\"}, func(s string) string { return s + s }))"}},
	{"generic types", []string{"type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(x T) { s.items = append(s.items, x) }\nfunc (s *Stack[T]) Pop() T {\n\tx := s.items[len(s.items)-1]\n\ts.items = s.items[:len(s.items)-1]\n\treturn x\n}\nst := &Stack[string]{}\nst.Push(\"a\")\nst.Push(\"b\")\nfmt.Println(st.Pop(), len(st.items))"}},

	// Appending a slice of interfaces to one of the same type: one element.
	{"append a slice as an element", []string{"type I interface{}\nv, w := []any{1}, []any{2, 3}\nv = append(v, w)\nis := append([]I{1}, []I{2, 3})\nfmt.Println(len(v), v, len(is), len(append(v, w...)))"}},

	// Values with methods of the interpreter's, given to an interpreted
	// function's interface parameter (rewrite_ifaceargs.go).
	{"values with methods to interface parameters", []string{"import \"encoding/json\"\ntype bare struct{ A int }\ntype C int\nfunc (c C) String() string { return fmt.Sprint(\"C\", int(c)) }\ntype X struct{ B bare }\n" +
		"func d7(v any) string {\n\t_, isStringer := v.(fmt.Stringer)\n\tkind := \"other\"\n\tswitch v.(type) {\n\tcase bare:\n\t\tkind = \"bare\"\n\tcase C:\n\t\tkind = \"C\"\n\t}\n\treturn fmt.Sprint(v, \" \", isStringer, \" \", kind)\n}\n" +
		"func describe(v any) string { b, _ := json.Marshal(v); return fmt.Sprint(v, \" \", string(b)) }\n" +
		"xs := []bare{{6}}\nm := map[string]bare{\"a\": {7}}\nb := bare{8}\nx := X{bare{9}}\ncs := []C{1}\n" +
		"fmt.Println(d7(bare{3}))\nfmt.Println(d7(*&bare{4}))\nfmt.Println(d7(xs[0]), d7(m[\"a\"]), d7(bare(b)), d7(x.B), d7(cs[0]))\nfmt.Println(describe(bare{5}))\ns := d7(C(2))\nfmt.Println(s)"}},
	{"values kept from interface parameters", []string{"type bare struct{ A int }\nvar kept []any\nkeep := func(v any) { kept = append(kept, v) }\nb := bare{1}\nkeep(b)\nb = bare{2}\nkeep(b)\nkeep(bare{3})\nfor _, v := range kept { fmt.Println(v) }"}},
	{"values with methods to variadic and function value parameters", []string{"type C int\nfunc (c C) String() string { return \"C!\" }\ntype bare struct{ A int }\n" +
		"func vs(n int, xs ...any) string { return fmt.Sprint(n, xs[0], xs[1]) }\nf := func(v any) string { return fmt.Sprint(v) }\nfmt.Println(vs(1, bare{6}, C(1)), f(bare{5}))"}},

	// Redefinitions.
	{"redefine struct", []string{"type P struct{ X int }\nfmt.Println(P{1})", "type P struct{ X, Y int }\nfmt.Println(P{1, 2}, P{X: 3, Y: 4})"}},
	// fmt's functions get a cell's struct values as they are, and the
	// String and Format methods of its other types in yaegi's wrapper,
	// which the rewrite's mark asks for (celltypes.go).
	{"String and Format of named, pointer and generic types", []string{"type C int\nfunc (c C) String() string { return fmt.Sprint(\"C\", int(c)) }\n" +
		"type L []int\nfunc (l *L) String() string { return fmt.Sprint(\"L\", len(*l)) }\n" +
		"type G[T any] struct{ v T }\nfunc (g G[T]) String() string { return fmt.Sprint(\"G\", g.v) }\n" +
		"type F float64\nfunc (f F) Format(s fmt.State, verb rune) { fmt.Fprintf(s, \"F%c\", verb) }\n" +
		"l := L{1, 2}\nvar a any = C(1)\nfmt.Println(C(2), &l, G[int]{3}, a, F(1))\nfmt.Printf(\"%v %d %s\\n\", C(4), F(2), G[string]{\"x\"})"}},
	{"struct values boxed in another frame", []string{"type pt struct{ X int }\nfunc (p pt) String() string { return fmt.Sprint(\"pt\", p.X) }\ntype nm struct{ Y int }\n" +
		"func box(i int) (any, any) { p, n := pt{i}, nm{i}; var a any = n; n = nm{-1}; return p, a }\n" +
		"func boxes() []any { var out []any; for i := range 2 { p, n := box(i); out = append(out, p, n) }; return out }\n" +
		"for _, b := range boxes() { fmt.Println(b) }\np, n := box(7)\nfmt.Println(p, n)\nfmt.Printf(\"%v %+v\\n\", p, n)"}},
	// A literal of a cell's type assigned to an interface variable goes in
	// parentheses, and a type switch that binds, over cells' types, binds
	// in each clause (rewrite_boxedlit.go, rewrite_typeswitch.go).
	{"type switches over cells' types", []string{"type sh struct{ n int }\nfunc (s sh) String() string { return \"sh\" }\ntype nb struct{ A int }\ntype C int\nfunc (c C) M() {}\n" +
		"func kind(u any) string { switch x := u.(type) { case nil: return \"nil\"; case sh: return fmt.Sprint(\"sh \", x.n); case nb, C: return fmt.Sprint(\"nb/C \", x); default: return fmt.Sprint(\"default \", x) } }\n" +
		"var g any = sh{1}\nvar h any\nh = nb{2}\nswitch g.(type) { case sh: fmt.Println(\"g sh\") }\n" +
		"for _, u := range []any{nil, g, h, sh{3}, C(4), 5} { fmt.Println(kind(u)) }\nvar a, b any\na, b = sh{5}, nb{6}\nfmt.Println(a, b)"}},
	{"an Encoder's Encode of cells' values in interfaces", []string{"import (\n\t\"encoding/json\"\n\t\"os\"\n)\ntype it struct{ N int }\nenc := json.NewEncoder(os.Stdout)\nvar v any = it{1}\nenc.Encode([]any{it{2}, v})\nfmt.Println(enc.Encode(map[string]any{\"k\": v}))"}},
	{"redefine with methods", []string{"type P struct{ X int }\nfunc (p P) String() string { return \"old\" }", "type P struct{ X, Y int }\nfunc (p P) String() string { return fmt.Sprint(\"new \", p.X, p.Y) }\nfmt.Println(P{1, 2})"}},
	{"redefine kind", []string{"type Q int", "type Q string\nfmt.Println(Q(\"text\") + \"!\")"}},
	{"redefine dependent", []string{"type P struct{ X int }", "type Q struct{ P P }", "type P struct{ X, Y int }", "type P struct{ X, Y int }\ntype Q struct{ P P }\nfmt.Println(Q{P{1, 2}})"}},
	{"redefine recursive", []string{"type Node struct{ V int; Next *Node }", "type Node struct{ V, W int; Next *Node }\nn := &Node{1, 2, &Node{3, 4, nil}}\nfmt.Println(n.V, n.W, n.Next.V, n.Next.Next == nil)"}},
	{"redefine unchanged keeps values", []string{"type P struct{ X int }\nfunc (p P) Get() int { return p.X }", "ps := []P{{1}}", "type P struct{ X int }\nfunc (p P) Get() int { return p.X }\nps := []P{{1}}\nps = append(ps, P{2})\nfmt.Println(ps, ps[1].Get())"}},
	{"redefine generic type", []string{"type Stack[T any] struct{ items []T }", "type Stack[T any] struct{ items []T; n int }\nfunc (s *Stack[T]) Push(x T) { s.items = append(s.items, x); s.n++ }\ns := &Stack[int]{}\ns.Push(1)\nfmt.Println(s.n, s.items)"}},
	{"redefine methods with the type", []string{"type counter struct{ n int }\nfunc (c *counter) inc() int { c.n++; return c.n }", "type counter struct{ n int }\nfunc (c *counter) inc() int { c.n += 10; return c.n }\nc := &counter{}\nc.inc()\nfmt.Println(c.inc())"}},
	{"redefine func and var", []string{"func f(a int) int { return a }\nx := 1", "func f(a, b string) string { return a + b }\nx := \"a\"\nfmt.Println(f(x, \"b\"))"}},
}

// goVersionOK tells whether the go tool runs.
func goTool(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool: " + err.Error())
	}
	return path
}

// TestRewriteMatchesGo runs each case's cells in an interpreter and its
// last cell as a Go program: both must print the same.
func TestRewriteMatchesGo(t *testing.T) {
	goBin := goTool(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module rewritecases\n\ngo "+goLanguage(t, goBin)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, c := range rewriteCases {
		prog, err := goProgram(c.cells[len(c.cells)-1])
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		pkg := filepath.Join(dir, fmt.Sprintf("case%02d", i))
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(pkg, "main.go"), []byte(prog), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "bin")
	build := exec.Command(goBin, "build", "-o", bin+string(filepath.Separator), "./...")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for i, c := range rewriteCases {
		t.Run(c.name, func(t *testing.T) {
			want, err := exec.Command(filepath.Join(bin, fmt.Sprintf("case%02d", i))).CombinedOutput()
			if err != nil {
				t.Fatalf("go program: %v\n%s", err, want)
			}
			h := newHarness(t, "")
			for j, code := range c.cells {
				if _, err := h.run(code); err != nil {
					t.Fatalf("cell %d: %v\n%s", j+1, err, code)
				}
				if j < len(c.cells)-1 {
					h.stdout.take()
				}
			}
			if got := h.stdout.take(); got != string(want) {
				t.Errorf("the cell printed\n%s\nGo prints\n%s\ncell:\n%s", got, want, c.cells[len(c.cells)-1])
			}
			if s := h.stderr.take(); s != "" {
				t.Errorf("stderr: %q", s)
			}
		})
	}
}

// goLanguage is the language version of the go tool, which has per
// iteration loop variables from 1.22.
func goLanguage(t *testing.T, goBin string) string {
	out, err := exec.Command(goBin, "env", "GOVERSION").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	m := regexp.MustCompile(`^go(\d+\.\d+)`).FindStringSubmatch(strings.TrimSpace(string(out)))
	if m == nil {
		t.Skipf("go version %q", out)
	}
	return m[1]
}

// goProgram is the Go program that does what cell does: its imports and
// declarations at the top level, its statements in main, and the imports
// of the standard packages it uses without importing them.
func goProgram(cell string) (string, error) {
	var imports, decls, stmts strings.Builder
	for _, s := range split(cell) {
		text := cell[s.start:s.end] + "\n"
		switch s.kind {
		case importKind:
			imports.WriteString(text)
		case declKind:
			decls.WriteString(text)
		default:
			stmts.WriteString(text)
		}
	}
	var b strings.Builder
	b.WriteString("package main\n\n")
	b.WriteString(imports.String())
	for _, pkg := range []string{"atomic", "cmp", "fmt", "iter", "maps", "math", "slices", "strings", "sync", "time"} {
		if regexp.MustCompile(`\b`+pkg+`\.`).MatchString(cell) && !strings.Contains(imports.String(), `"`+pkg+`"`) {
			path := pkg
			if pkg == "atomic" {
				path = "sync/atomic"
			}
			b.WriteString("import \"" + path + "\"\n")
		}
	}
	b.WriteString(decls.String())
	b.WriteString("\nfunc main() {\n" + stmts.String() + "}\n")
	if _, err := parser.ParseFile(token.NewFileSet(), "main.go", b.String(), 0); err != nil {
		return "", fmt.Errorf("%w\n%s", err, b.String())
	}
	return b.String(), nil
}

// TestRewriteErrors checks the constructs the rewrites report, and that
// the errors of rewritten code point at the user's own text.
func TestRewriteErrors(t *testing.T) {
	tests := []struct {
		code, name, value string
		traceback         []string
	}{
		// A type error inside a rewritten loop: the position is the user's.
		{code: "for i := range 3 {\n\tvar s string = i\n\t_ = s\n}", name: "CompileError", value: "cell[1]:2:17: cannot use i (variable of type int) as string value in variable declaration",
			traceback: []string{"    \tvar s string = i", "    \t               ^"}},
		{code: "x := 1\nfor i := range x { fmt.Println(i, undefinedName) }", name: "CompileError", value: "cell[1]:2:35: undefined: undefinedName"},
		{code: "m := min(1, 2) + max(3, 4) + nope", name: "CompileError", value: "cell[1]:1:30: undefined: nope"},
		{code: "const k = min()", name: "CompileError", value: "cell[1]:1:11: not enough arguments for min() (expected 1 or more): min takes the values themselves, not a slice with ..."},
		{code: "func Id[T any](x T) T { return x }\nfor v := range Id(2.5) { _ = v }", name: "CompileError",
			value: "cell[1]:2:16: cannot range over Id(2.5) (value of type float64)"},
		{code: "var done bool\nfor range done {}", name: "CompileError", value: "cell[1]:2:11: cannot range over done (value of type bool)"},
		{code: "type counter struct{ n int }\nfunc (c *counter) inc() int { c.n++; return c.n }\n----\nfunc (c *counter) inc() int { c.n += 10; return c.n }", name: "CompileError",
			value: "cell[2]:1:1: cannot redefine method counter.inc: yaegi keeps the first method of a name a type was given, and calls would still run it; declare the type again in this cell with its methods (values made before keep the old type and its methods)"},
		{code: "var lim = 3\nfunc f() { const c = min(lim, 2); _ = c }", name: "CompileError",
			value: "cell[1]:2:22: min(lim, 2) (value of type int) is not constant"},
		{code: "func stubborn(yield func(int) bool) { yield(1); yield(2) }\nfor v := range stubborn { _ = v; break }", name: "panic",
			value: "runtime error: range function continued iteration after function for loop body returned false"},
		{code: "var a [2]int\nfor a[0] = range func(yield func(int) bool) {} {}", name: "CompileError",
			value: "cell[1]:2:5: range over function (Go 1.23 iterators): assigning to anything but variables is not supported; range into variables and assign from them"},
		// A panic three calls deep in rewritten code names the cell's frames
		// (yaegi places a frame inside a loop at the loop).
		{code: "func a(n int) int { return 10 / n }\nfunc b(n int) int {\n\tfor i := range n + 1 {\n\t\tif i == n { return a(i) }\n\t}\n\treturn 0\n}\nfunc c(n int) int { return b(n) }\nc(0)", name: "panic", value: "runtime error: integer divide by zero",
			traceback: []string{"main.a", "\tcell[1]:1:28", "main.b", "\tcell[1]:3:17", "main.c", "\tcell[1]:8:28", "(cell)", "\tcell[1]:9:1"}},
		{code: "func bad(yield func(int) bool) { yield(1); panic(\"in the iterator\") }\nfor v := range bad { _ = v }", name: "panic", value: "in the iterator",
			traceback: []string{"main.bad", "\tcell[1]:1:34", "(cell)", "\tcell[1]:2:5"}},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			h := newHarness(t, "")
			cells := strings.Split(tt.code, "\n----\n")
			for _, c := range cells[:len(cells)-1] {
				h.exec(c)
			}
			_, err := h.run(cells[len(cells)-1])
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if e.Name != tt.name || e.Value != tt.value {
				t.Errorf("got %s: %s\nwant %s: %s", e.Name, e.Value, tt.name, tt.value)
			}
			if tt.traceback != nil && !containsInOrder(e.Traceback, tt.traceback) {
				t.Errorf("traceback %q does not contain %q", e.Traceback, tt.traceback)
			}
			for _, l := range e.Traceback {
				if strings.Contains(l, "_gl") || strings.Contains(l, internalFile+":") || strings.Contains(l, versionSuffix) {
					t.Errorf("traceback names what the rewrites made: %q", l)
				}
			}
		})
	}
}

// A redefined type's errors name it as the user does.
func TestRedefinedTypeErrors(t *testing.T) {
	h := newHarness(t, "")
	h.exec("type T struct{ A int }")
	h.exec("type T struct{ A, B int }")
	_, err := h.run("var t T = 3")
	var e *Error
	if !errors.As(err, &e) || e.Value != "cell[3]:1:11: cannot use 3 (untyped int constant) as T value in variable declaration" {
		t.Errorf("err = %v", err)
	}
	// Completion and inspection see the declaration as written.
	h.in.mu.Lock()
	defer h.in.mu.Unlock()
	if g := h.in.globals["T"]; g.decl != "type T struct{ A, B int }" {
		t.Errorf("T recorded as %q", g.decl)
	}
	for name := range h.in.globals {
		if strings.Contains(name, versionSuffix) || strings.HasPrefix(name, "_gl") {
			t.Errorf("global %q is the rewrites'", name)
		}
	}
}

// TestEdited checks how edits make a run's text: positions restored after
// each edit, overlapping edits left out, insertions in their order.
func TestEdited(t *testing.T) {
	c := &cell{src: "ab\ncdef", file: "cell[1]"}
	tests := []struct {
		edits []edit
		want  string
	}{
		{nil, "ab\ncdef"},
		{[]edit{{1, 1, "X", false}}, "aX/*line cell[1]:1:2*/b\ncdef"},
		{[]edit{{4, 6, "Y", false}, {0, 1, "Z", false}}, "Z/*line cell[1]:1:2*/b\ncY/*line cell[1]:2:4*/f"},
		{[]edit{{3, 5, "P", false}, {4, 6, "Q", false}}, "ab\nP/*line cell[1]:2:3*/ef"},
		{[]edit{{7, 7, "1", false}, {7, 7, "2", false}}, "ab\ncdef1/*line cell[1]:2:5*/2/*line cell[1]:2:5*/"},
		{[]edit{{2, 4, "R", false}, {2, 2, "I", false}}, "abI/*line cell[1]:1:3*/R/*line cell[1]:2:2*/def"},
		// A global's declaration runs before the run, not in it.
		{[]edit{{1, 1, "var _glg T", true}, {1, 1, "X", false}}, "aX/*line cell[1]:1:2*/b\ncdef"},
	}
	for _, tt := range tests {
		if got := c.edited(0, len(c.src), tt.edits); got != tt.want {
			t.Errorf("edited(%v) = %q, want %q", tt.edits, got, tt.want)
		}
	}
}

// FuzzRewrite checks that rewriting never panics, and that a cell that
// parses still parses once rewritten.
func FuzzRewrite(f *testing.F) {
	for _, c := range rewriteCases {
		f.Add(strings.Join(c.cells, "\n"))
	}
	for _, s := range []string{
		"for i := range n {}", "outer: for x := range seq { continue outer }", "min(1, max(2, x), 3)",
		"type P struct{ p *P }", "for i := 0; i < 3; i++ { go func() { i++ }(); continue }",
		"var s iter.Seq2[int, string]", "const c = max(1<<3, 'a', 2.5)", "clear(m); min(x,)",
	} {
		f.Add(s)
	}
	in, err := New(Options{Packages: symbols.Symbols, Stdout: &buffer{}, Stderr: &buffer{}})
	if err != nil {
		f.Fatal(err)
	}
	// A type the cells declared, for the redefinitions.
	if _, err := in.Execute(context.Background(), 1, "type P struct{ X int }"); err != nil {
		f.Fatal(err)
	}
	count := 1
	f.Fuzz(func(t *testing.T, src string) {
		count++
		c := in.newCell(count, src)
		for _, r := range runs(split(src)) {
			p, err := in.parseWith(c, r, nil)
			if err != nil || r.kind == importKind {
				continue
			}
			edits, err := in.rewrite(c, p)
			var e *Error
			if err != nil && !errors.As(err, &e) {
				t.Fatalf("rewrite error %T %v", err, err)
			}
			if _, err := in.parseWith(c, r, edits); err != nil {
				t.Fatalf("the rewritten run does not parse: %v\n%s", err, c.edited(r.start, r.end, edits))
			}
		}
	})
}

// BenchmarkRewrite measures the rewriting of a cell of many functions with
// loops, min and range over an integer, parsing included.
func BenchmarkRewrite(b *testing.B) {
	var src strings.Builder
	for i := range 200 {
		fmt.Fprintf(&src, "func f%d(n int) int { s := 0; for i := range n { s += i }; for _, v := range []int{1, 2} { s += v }; return min(s, 100) }\n", i)
	}
	in, err := New(Options{Packages: symbols.Symbols, Stdout: &buffer{}, Stderr: &buffer{}})
	if err != nil {
		b.Fatal(err)
	}
	code := src.String()
	b.ResetTimer()
	for i := range b.N {
		c := in.newCell(i+1, code)
		for _, r := range runs(split(code)) {
			if _, err := in.parseRun(c, r); err != nil {
				b.Fatal(err)
			}
		}
	}
}
