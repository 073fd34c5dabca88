package magic

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// checkTime checks %time STATEMENT and %%time.
func checkTime(p Piece, cell bool) error {
	switch {
	case cell && p.Args != "":
		return usageError(p.Start, "%%%%time takes no arguments: it times the lines after it")
	case !cell && p.Args == "":
		return usageError(p.Start, "%%time needs a statement: %%time f(x); %%%%time as a cell's first line times the cell")
	}
	return nil
}

// timeLine is %time STATEMENT: it runs as any statement of a cell would,
// its declarations kept and its value the cell's result, and is timed.
func timeLine(x *call) (any, error) {
	return timed(x, func() (any, error) { return x.host.Run(x.ctx, x.args()) })
}

// timeCell is %%time: the rest of the cell, magics included, timed.
func timeCell(x *call) (any, error) {
	return timed(x, func() (any, error) { return run(x.ctx, x.host, x.src, x.piece.Body) })
}

// timed runs f and prints the time it took, as IPython's %time does; also
// when f fails, since the time an interrupted cell ran is worth knowing.
// The CPU time is the process's, from getrusage: it counts every goroutine,
// those of cells running in the background and the interpreter's own.
func timed(x *call, f func() (any, error)) (any, error) {
	user0, sys0, cpuOK := cpuTime()
	start := time.Now()
	res, err := f()
	wall := time.Since(start)
	user1, sys1, _ := cpuTime()
	if cpuOK {
		user, sys := user1-user0, sys1-sys0
		x.printf("CPU times: user %s, sys: %s, total: %s\n", formatTime(user.Seconds()), formatTime(sys.Seconds()), formatTime((user + sys).Seconds()))
	}
	x.printf("Wall time: %s\n", formatTime(wall.Seconds()))
	return res, err
}

// timeitOptions are the options of %timeit and %%timeit.
type timeitOptions struct {
	loops int // per run; 0 to choose
	runs  int
	// code is the offset in the arguments of what follows the options:
	// the statement, or for %%timeit the setup.
	code int
}

// targetRun is how long a run of %timeit takes at least when it chooses
// the number of loops, as IPython's does.
const targetRun = 200 * time.Millisecond

// parseTimeit reads -n N and -r R (or -nN, -rR) from the start of args;
// "--" ends the options, for a statement that starts with -.
func parseTimeit(args string) (timeitOptions, error) {
	o := timeitOptions{runs: 7}
	i := 0
	skip := func() {
		for i < len(args) && isBlank(args[i]) {
			i++
		}
	}
	word := func() string {
		j := i
		for j < len(args) && !isBlank(args[j]) {
			j++
		}
		w := args[i:j]
		i = j
		return w
	}
	for skip(); i < len(args) && args[i] == '-'; skip() {
		w := word()
		if w == "--" {
			skip()
			break
		}
		if len(w) < 2 || (w[1] != 'n' && w[1] != 'r') {
			return o, fmt.Errorf("unknown option %s (-n N and -r R are; put -- before a statement that starts with -)", w)
		}
		v := w[2:]
		if v == "" {
			skip()
			v = word()
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return o, fmt.Errorf("%s needs a whole number ≥ 1, got %q", w[:2], v)
		}
		if w[1] == 'n' {
			o.loops = n
		} else {
			o.runs = n
		}
	}
	o.code = i
	return o, nil
}

func checkTimeit(p Piece, cell bool) error {
	o, err := parseTimeit(p.Args)
	switch {
	case err != nil:
		return usageError(p.Start, "%%timeit: %v", err)
	case !cell && o.code == len(p.Args):
		return usageError(p.Start, "%%timeit needs a statement: %%timeit f(x); %%%%timeit as a cell's first line times the cell")
	case cell && len(p.Body) == 0:
		return usageError(p.Start, "%%%%timeit needs code on the lines after it")
	}
	if cell {
		for _, b := range p.Body {
			if b.Kind != Go {
				return usageError(b.Start, "%%%%timeit times Go only: its body cannot hold magics or ! commands")
			}
		}
	}
	return nil
}

// timeitLine is %timeit STATEMENT.
func timeitLine(x *call) (any, error) {
	o, _ := parseTimeit(x.piece.Args)
	args := x.args()
	stmt := Code{x.src, args.Start + o.code, args.End}
	return nil, timeit(x, o, Code{x.src, stmt.Start, stmt.Start}, stmt)
}

// timeitCell is %%timeit: the rest of the first line is setup, run before
// each run's loops, and the lines after it are timed.
func timeitCell(x *call) (any, error) {
	o, _ := parseTimeit(x.piece.Args)
	args := x.args()
	return nil, timeit(x, o, Code{x.src, args.Start + o.code, args.End}, x.body())
}

// timeit compiles the code once, chooses the number of loops of a run
// unless told, as IPython does (the first power of ten whose run takes
// targetRun), and prints the mean and standard deviation of the time of a
// loop over the runs.
func timeit(x *call, o timeitOptions, setup, body Code) error {
	loop, err := x.host.Compile(x.ctx, setup, body)
	if err != nil {
		return err
	}
	n := o.loops
	if n == 0 {
		for n = 1; ; n *= 10 {
			d, err := loop.Run(x.ctx, n)
			if err != nil {
				return err
			}
			if d >= targetRun || n >= 1e9 {
				break
			}
		}
	}
	perLoop := make([]float64, o.runs) // seconds
	for i := range perLoop {
		d, err := loop.Run(x.ctx, n)
		if err != nil {
			return err
		}
		perLoop[i] = d.Seconds() / float64(n)
	}
	mean, std := meanStd(perLoop)
	best, worst := slices.Min(perLoop), slices.Max(perLoop)
	if worst > 4*best && best > 0 && worst > 1e-6 {
		x.printf("The slowest run took %.2f times longer than the fastest. This could mean that an intermediate result is being cached.\n", worst/best)
	}
	x.printf("%s ± %s per loop (mean ± std. dev. of %d run%s, %d loop%s each)\n",
		formatTime(mean), formatTime(std), o.runs, plural(o.runs), n, plural(n))
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// meanStd is the mean and the population standard deviation of xs.
func meanStd(xs []float64) (mean, std float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		std += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(std / float64(len(xs)))
}

// formatTime writes a time in seconds as IPython does: three significant
// digits in the unit that puts one to three digits before the point (s,
// ms, µs or ns), or from a minute on in days, hours, minutes and seconds.
func formatTime(s float64) string {
	if s >= 60 {
		var parts []string
		left := s
		for _, u := range []struct {
			name string
			secs float64
		}{{"d", 86400}, {"h", 3600}, {"min", 60}, {"s", 1}} {
			if v := math.Floor(left / u.secs); v > 0 {
				parts = append(parts, fmt.Sprintf("%.0f%s", v, u.name))
				left -= v * u.secs
			}
			if left < 1 {
				break
			}
		}
		return strings.Join(parts, " ")
	}
	units := []string{"s", "ms", "µs", "ns"}
	order := 3
	if s > 0 {
		// 0 for [1, 1000) s, 1 for [1, 1000) ms…
		order = min(max(int(-math.Floor(math.Floor(math.Log10(s))/3)), 0), 3)
	}
	v := s * math.Pow(1000, float64(order))
	text := strconv.FormatFloat(v, 'g', 3, 64)
	// 999.6 µs rounds to 1e+03 µs: the next unit up says it better.
	if r, _ := strconv.ParseFloat(text, 64); r >= 1000 && order > 0 {
		order--
		text = strconv.FormatFloat(v/1000, 'g', 3, 64)
	}
	return text + " " + units[order]
}
