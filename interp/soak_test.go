//go:build !race

// The race detector is left out: the cycle's goroutine cell races with
// yaegi resizing its frame for the next cell, inside yaegi, every time.

package interp

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"gopherlab/symbols"
)

// soakCycle is bench/soak.py's CYCLE, the kinds of cell a lesson has;
// {i} is the cell's number.
var soakCycle = []struct{ name, src string }{
	{"value", "1"},
	{"redeclare", "n := {i}"},
	{"print", `fmt.Println("cell", {i})`},
	{"strings", "words := strings.Fields(\"a b c {i}\")\nlen(words)"},
	{"funclit", "sq := func(x int) int { return x * x }\nsq({i})"},
	{"goroutines", "var wg sync.WaitGroup\nfor g := 0; g < 4; g++ {\n\twg.Add(1)\n\tgo func() { defer wg.Done() }()\n}\nwg.Wait()"},
	{"map", "m := map[int]string{{i}: \"x\"}\nlen(m)"},
	{"funcdecl", "func helper() int { return {i} }\nhelper()"},
}

// heapInUse is the heap in use after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// soakGrowth runs n cells of soakCycle (or of one kind) in one Interpreter
// and returns the heap it keeps per cell, measured from cell 100 on.
func soakGrowth(t *testing.T, kind string, n int) int64 {
	t.Helper()
	out := &buffer{}
	in, err := New(Options{Packages: symbols.Symbols, Stdout: out, Stderr: out})
	if err != nil {
		t.Fatal(err)
	}
	var before uint64
	for i := range n {
		if i == 100 {
			before = heapInUse()
		}
		k := soakCycle[i%len(soakCycle)]
		for _, c := range soakCycle {
			if c.name == kind {
				k = c
			}
		}
		src := strings.ReplaceAll(k.src, "{i}", strconv.Itoa(i))
		if _, err := in.Execute(context.Background(), i+1, src); err != nil {
			t.Fatalf("cell %d (%s): %v\n%s", i, k.name, err, out.take())
		}
		out.take()
	}
	after := heapInUse()
	runtime.KeepAlive(in) // measured with the Interpreter alive
	return (int64(after) - int64(before)) / int64(n-100)
}

// TestSoakHeapPerCell bounds the heap one kernel keeps per cell of
// bench/soak.py's cycle. yaegi keeps every compiled program, and a
// function literal created at the top level copies the whole global frame,
// so some growth is inherent and grows with the number of cells before;
// the bounds are for 1,000 cells, between the figures measured (50 KB a
// cell for the cycle, 14 KB for "1") and those of a trial compile that
// creates a function literal (result.go's compiles before: 100 KB and
// 69 KB), which fails them.
func TestSoakHeapPerCell(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 400 // growth per cell rises with n: bounds are for 1,000
	}
	for _, tc := range []struct {
		kind  string
		bound int64
	}{
		{"", 75_000},
		{"value", 40_000},
	} {
		t.Run("kind="+tc.kind, func(t *testing.T) {
			got := soakGrowth(t, tc.kind, n)
			t.Logf("%d cells: %d B of heap kept per cell", n, got)
			if got > tc.bound {
				t.Errorf("heap kept per cell = %d B over %d cells, want <= %d B", got, n, tc.bound)
			}
		})
	}
}
