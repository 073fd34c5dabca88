package debugger

import (
	"reflect"
	"strings"
	"testing"
)

type evalPoint struct {
	X, Y int
	name string
}

func TestEvaluate(t *testing.T) {
	p := &evalPoint{X: 1, Y: 2, name: "p"}
	var nilp *evalPoint
	vars := map[string]any{
		"n": 5, "i": 1, "f": 1.5, "s": "héllo", "ok": true, "b": int8(127), "u": uint8(0),
		"xs": []int{10, 20, 30}, "arr": [2]string{"a", "b"}, "m": map[string]int{"a": 1},
		"mi": map[int]string{1: "one"}, "p": p, "v": *p, "np": nilp, "any": any(3),
		"pts": []evalPoint{{X: 7}}, "grid": [][]int{{1, 2}, {3, 4}}, "ch": make(chan int, 4),
	}
	e := Evaluator{Lookup: func(name string) (reflect.Value, bool) {
		v, ok := vars[name]
		if !ok {
			return reflect.Value{}, false
		}
		rv := reflect.New(reflect.TypeOf(v)).Elem() // addressable, as a frame's variables are
		rv.Set(reflect.ValueOf(v))
		return rv, true
	}, FieldNames: func(t reflect.Type) []string {
		if t == reflect.TypeOf(evalPoint{}) {
			return []string{"x", "y", "name"} // as a cell declared them
		}
		return nil
	}}
	for _, tc := range []struct{ expr, want, err string }{
		{expr: "n", want: "5"},
		{expr: "s", want: "héllo"},
		{expr: "p.x", want: "1"},
		{expr: "v.y", want: "2"},
		{expr: "p.name", want: "p"},
		{expr: "(*p).x", want: "1"},
		{expr: "xs[1]", want: "20"},
		{expr: "xs[i+1]", want: "30"},
		{expr: "arr[i]", want: "b"},
		{expr: `m["a"]`, want: "1"},
		{expr: `m["zz"]`, want: "0"},
		{expr: "mi[i]", want: "one"},
		{expr: "pts[0].x", want: "7"},
		{expr: "grid[1][0]", want: "3"},
		{expr: "s[0]", want: "104"},
		{expr: "len(xs)", want: "3"},
		{expr: "cap(ch)", want: "4"},
		{expr: "len(m)", want: "1"},
		{expr: "len(s)", want: "6"},
		{expr: "n * 2 + 1", want: "11"},
		{expr: "n / 2", want: "2"},
		{expr: "f * 2", want: "3"},
		{expr: "7 / 2", want: "3"},
		{expr: "7 / 2.0", want: "3.5"},
		{expr: "1 << 10", want: "1024"},
		{expr: "b + 1", want: "-128"},
		{expr: "u - 1", want: "255"},
		{expr: "-n", want: "-5"},
		{expr: "!ok", want: "false"},
		{expr: `s + "!"`, want: "héllo!"},
		{expr: "n > 3 && ok", want: "true"},
		{expr: "n == 5", want: "true"},
		{expr: "np == nil", want: "true"},
		{expr: "p != nil", want: "true"},
		{expr: "any + 1", want: "4"},
		{expr: "float64(n) / 2", want: "2.5"},
		{expr: "int(f * 3)", want: "4"},
		{expr: "int8(n * 30)", want: "-106"},
		{expr: "uint8(b) + 1", want: "128"},
		{expr: "float64(7) / 2", want: "3.5"},
		{expr: "int(2.5)", err: "truncated"},
		{expr: "string(n)", err: "converts numbers to numbers"},
		{expr: "xs[5]", err: "index out of range [5] with length 3"},
		{expr: "nope", err: "undefined: nope"},
		{expr: "p.z", err: "has no field z"},
		{expr: "np.x", err: "np is nil"},
		{expr: "n / 0", err: "division by zero"},
		{expr: "n + f", err: "mismatched types int and float64"},
		{expr: "n + s", err: "mismatched types"},
		{expr: "n[0]", err: "cannot index n"},
		{expr: "println(n)", err: "calls no function but len and cap"},
		{expr: "func() {}", err: "runs no code"},
		{expr: "n +", err: "cannot parse"},
		{expr: "*n", err: "not a pointer"},
	} {
		v, err := e.Eval(tc.expr)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want one with %q", tc.expr, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if got := strings.Trim(valueLine(v), `"`); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.expr, got, tc.want)
		}
	}
}
