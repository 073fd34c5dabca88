package lab

import (
	"errors"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestRegisterRejects(t *testing.T) {
	tests := []struct {
		name string
		fn   any
		want string
	}{
		{"", func() {}, "empty name"},
		{"notfunc", 42, "is not a function"},
		{"nilfunc", (func())(nil), "is not a function"},
		{"variadic", func(...int) {}, "variadic"},
		{"chan", func(chan int) {}, "cannot be serialized"},
		{"iface", func() any { return nil }, "cannot be serialized"},
		{"two", func() (int, int) { return 0, 0 }, "more than one result"},
		{"pow", func() {}, "already registered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, tt.want) {
					t.Errorf("Register(%q) panicked with %v, want %q", tt.name, r, tt.want)
				}
			}()
			Register(tt.name, tt.fn)
		})
	}
}

func TestRegistered(t *testing.T) {
	names := Registered()
	if !sort.StringsAreSorted(names) {
		t.Errorf("Registered() = %v, not sorted", names)
	}
	for _, builtin := range []string{"echo", "exit", "kill", "panic", "pid", "pow", "sleep", "spin"} {
		if i := sort.SearchStrings(names, builtin); i == len(names) || names[i] != builtin {
			t.Errorf("Registered() = %v, lacks %s", names, builtin)
		}
	}
}

// A call round-trips through the wire form, as in a worker.
func TestRegisteredCall(t *testing.T) {
	type point struct{ X, Y int }
	r, err := inspectFunc("test", func(p point, scale float64, tags map[string]bool) (*point, error) {
		if scale < 0 {
			return nil, errors.New("negative scale")
		}
		return &point{int(float64(p.X) * scale), len(tags)}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	call := func(args ...any) (any, error) {
		in, err := r.args(args)
		if err != nil {
			return nil, err
		}
		wire := make([]wireValue, len(in))
		for i, v := range in {
			if wire[i], err = encodeValue(v); err != nil {
				return nil, err
			}
		}
		rep := r.call(wire)
		if rep.Err != "" {
			return nil, errors.New(rep.Err)
		}
		return r.result(rep.Result)
	}
	got, err := call(point{3, 4}, 2, map[string]bool{"a": true})
	if err != nil || !reflect.DeepEqual(got, &point{6, 1}) {
		t.Errorf("call = %v, %v", got, err)
	}
	if _, err := call(point{}, -1, nil); err == nil || err.Error() != "negative scale" {
		t.Errorf("an error result: %v", err)
	}
	if _, err := call(point{}, "x", nil); err == nil || !strings.Contains(err.Error(), "argument 2 is string, want float64") {
		t.Errorf("a wrong argument: %v", err)
	}
}

func TestArgsConvertNumbers(t *testing.T) {
	r, _ := lookup("sleep")
	in, err := r.args([]any{1500})
	if err != nil || in[0].Interface() != time.Duration(1500) {
		t.Errorf("1500 as a Duration: %v, %v", in, err)
	}
	p, _ := lookup("pow")
	if _, err := p.args([]any{int64(2), uint8(3)}); err != nil {
		t.Errorf("other integer types: %v", err)
	}
	if _, err := p.args([]any{2.5, big.NewInt(3)}); err == nil {
		t.Error("a *big.Int for an int was accepted")
	}
}

func TestPowAndSpin(t *testing.T) {
	if got := Pow(42, 3); got.Int64() != 74088 {
		t.Errorf("Pow(42, 3) = %v", got)
	}
	if got := Pow(7, -1); got.Int64() != 1 {
		t.Errorf("Pow(7, -1) = %v, want 1", got)
	}
	// 42^e has floor(e·log2 42)+1 bits.
	if bits, want := Pow(42, 1_250_000).BitLen(), int(1_250_000*math.Log2(42))+1; bits != want {
		t.Errorf("Pow(42, 1250000) has %d bits, want %d", bits, want)
	}
	if a, b := Spin(time.Millisecond), Spin(10*time.Millisecond); a < 1 || b < 5*a {
		t.Errorf("Spin rounds: %d for 1ms, %d for 10ms", a, b)
	}
}
