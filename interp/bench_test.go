package interp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopherlab/symbols"
)

// programsDir holds the programs of the interpreter benchmark, shared with
// bench/interp.py, which runs them in the kernel, in ipykernel and compiled.
const programsDir = "../bench/programs"

// BenchmarkPrograms runs each program of bench/programs as a cell in a fresh
// Interpreter: go test -run '^$' -bench Programs ./interp/. ns/op includes
// compiling the cell; work-ns/op is the time the program measured itself,
// the figure bench/interp.py compares with ipykernel and compiled Go.
func BenchmarkPrograms(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(programsDir, "*.go"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no programs in %s (%v)", programsDir, err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".go")
		src, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		cell, err := programCell(string(src))
		if err != nil {
			b.Fatalf("%s: %v", file, err)
		}
		b.Run(name, func(b *testing.B) {
			var work int64
			for b.Loop() {
				b.StopTimer()
				out := &buffer{}
				in, err := New(Options{Packages: symbols.Symbols, Stdout: out, Stderr: out})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := in.Execute(context.Background(), 1, cell); err != nil {
					b.Fatalf("%s: %v\n%s", name, err, out.take())
				}
				ns, err := programReport(out.take(), name)
				if err != nil {
					b.Fatal(err)
				}
				work += ns
			}
			b.ReportMetric(float64(work)/float64(b.N), "work-ns/op")
		})
	}
}

// programCell turns a program of bench/programs, a compilable package main,
// into the cell a person would type: the declarations without the build
// constraint and the package clause, then the body of main at the top level.
// bench/interp.py does the same.
func programCell(src string) (string, error) {
	_, rest, ok := strings.Cut(src, "\npackage main\n")
	if !ok {
		return "", fmt.Errorf("no package main clause")
	}
	decls, body, ok := strings.Cut(rest, "\nfunc main() {\n")
	if !ok {
		return "", fmt.Errorf("no func main")
	}
	body, ok = strings.CutSuffix(body, "\n}\n")
	if !ok {
		return "", fmt.Errorf("func main is not the last declaration")
	}
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "\t")
	}
	return strings.TrimSpace(decls) + "\n\n" + strings.Join(lines, "\n") + "\n", nil
}

// reportLine is what every program prints when done.
var reportLine = regexp.MustCompile(`(?m)^bench (\w+) checksum=(\S+) ns=(\d+)$`)

// programReport returns the nanoseconds that the program named name
// reported in its output.
func programReport(out, name string) (int64, error) {
	m := reportLine.FindStringSubmatch(out)
	if m == nil || m[1] != name {
		return 0, fmt.Errorf("%s: no line %q in its output %q", name, "bench "+name+" checksum=… ns=…", out)
	}
	return strconv.ParseInt(m[3], 10, 64)
}

// BenchmarkCellAfterSession runs one cell after a session of 200 cells,
// each declaring a function, a type with a method and a variable: a
// statement-only cell, and one with a range statement, which asks the type
// oracle and so checks the session's declarations (typecheck.go). The two
// side by side say what the oracle costs a cell late in a long notebook:
//
//	go test -run '^$' -bench CellAfterSession ./interp/
func BenchmarkCellAfterSession(b *testing.B) {
	out := &buffer{}
	in, err := New(Options{Packages: symbols.Symbols, Stdout: out, Stderr: out})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := range 200 {
		cell := fmt.Sprintf("type t%[1]d struct{ n int }\nfunc (v t%[1]d) get() int { return v.n }\n"+
			"func f%[1]d(x int) int { return x + %[1]d }\nv%[1]d := t%[1]d{f%[1]d(1)}", i)
		if _, err := in.Execute(ctx, i+1, cell); err != nil {
			b.Fatalf("cell %d: %v", i+1, err)
		}
	}
	for _, cell := range []struct{ name, code string }{
		{"statements", "total := 0\ntotal += v199.get()"},
		{"range", "total := 0\nfor i := range v199.get() {\n\ttotal += i\n}"},
	} {
		b.Run(cell.name, func(b *testing.B) {
			n := 1000
			for b.Loop() {
				n++
				if _, err := in.Execute(ctx, n, cell.code); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCompileCell is the latency a %%compile cell adds, warm (the go
// command's build cache holds everything but the cell's own package): a
// small cell, and the n-body program of bench/programs. Each round builds
// the cell again, as a new plugin:
//
//	go test -run '^$' -bench CompileCell -benchtime 5x ./interp/
func BenchmarkCompileCell(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(programsDir, "nbody.go"))
	if err != nil {
		b.Fatal(err)
	}
	nbody, err := programCell(string(src))
	if err != nil {
		b.Fatal(err)
	}
	for _, cell := range []struct{ name, setup, code string }{
		{"small", "", "func add(a, b int) int { return a + b }\nadd(1, 2)"},
		{"nbody", "", nbody},
		// A cell that uses an earlier compiled cell's type and function:
		// its plugin contains that cell's package again (from the build
		// cache), which the process shares with the earlier plugin.
		{"earlier", "import \"fmt\"\n\ntype Celsius float64\n\nfunc (c Celsius) String() string { return fmt.Sprintf(\"%.1f°C\", float64(c)) }\n\nfunc warmer(c Celsius) Celsius { return c + 1 }",
			"func hot(c Celsius) Celsius { return warmer(c) * 2 }\nhot(20)"},
	} {
		b.Run(cell.name, func(b *testing.B) {
			out := &buffer{}
			in, err := New(Options{Packages: symbols.Symbols, Stdout: out, Stderr: out})
			if err != nil {
				b.Fatal(err)
			}
			if cell.setup != "" {
				if _, err := in.Execute(context.Background(), 1, "%%compile\n"+cell.setup); err != nil {
					b.Fatalf("%s: %v\n%s", cell.name, err, out.take())
				}
			}
			// Plugins never unload: what each keeps of the process's memory
			// is what the process grew by, a round.
			before, measured := residentKiB()
			for n := 2; b.Loop(); n++ {
				if _, err := in.Execute(context.Background(), n, "%%compile\n"+cell.code); err != nil {
					b.Fatalf("%s: %v\n%s", cell.name, err, out.take())
				}
			}
			if after, ok := residentKiB(); measured && ok {
				b.ReportMetric(float64(after.rss-before.rss)/float64(b.N), "RSS-KiB/op")
				b.ReportMetric(float64(after.anon-before.anon)/float64(b.N), "anon-KiB/op")
			}
		})
	}
}

// resident is a process's resident memory in KiB: all of it, and its
// anonymous part (the rest is pages of files: executables, plugins).
type resident struct{ rss, anon int }

// residentKiB is this process's resident memory, from
// /proc/self/smaps_rollup; ok is false where there is none (not Linux).
func residentKiB() (r resident, ok bool) {
	b, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		return r, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "Rss:":
			r.rss = n
		case "Anonymous:":
			r.anon = n
		}
	}
	return r, r.rss > 0
}

// BenchmarkCompilePolicy is what %compile adds to a cell of declarations
// that its policy picks but that cannot compile (it uses an interpreted
// cell's variable), as the lesson's one such cell: the policy's check
// (parse and type-check) before the interpreter runs the cell, against the
// cell interpreted alone; and, once per kernel, making the builder (the go
// command found and checked, the module's go.mod followed).
func BenchmarkCompilePolicy(b *testing.B) {
	for _, policy := range []string{"never", "auto", "always"} {
		b.Run(policy, func(b *testing.B) {
			out := &buffer{}
			in, err := New(Options{Packages: symbols.Symbols, Stdout: out, Stderr: out})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			for _, setup := range []string{"%compile " + policy, "tasks := 2"} {
				if _, err := in.Execute(ctx, 1, setup); err != nil {
					b.Fatal(err)
				}
			}
			// The builder is made once, by the first picked cell.
			if _, err := in.Execute(ctx, 2, "const exp = 4_000_000\nn := exp * tasks"); err != nil {
				b.Fatal(err)
			}
			for n := 3; b.Loop(); n++ {
				if _, err := in.Execute(ctx, n, "const exp = 4_000_000\nn := exp * tasks"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("builder", func(b *testing.B) {
		for b.Loop() {
			if _, err := newBuilder(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
