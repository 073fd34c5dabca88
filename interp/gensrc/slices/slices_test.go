package slices

import (
	"cmp"
	"fmt"
	"math"
	std "slices"
	"testing"
)

// What cells get for package slices does what the standard library does,
// compiled: the same results on the same inputs, NaNs and negative zeros
// among them.
func TestLikeTheStandardLibrary(t *testing.T) {
	nan, negZero := math.NaN(), math.Copysign(0, -1)
	inputs := [][]float64{nil, {}, {1}, {3, 1, 2}, {2, nan, 1, negZero, 0, nan}, {5, 5, 1, 1, 1, 2}}
	show := func(v ...any) string { return fmt.Sprintf("%v", v) }
	for _, in := range inputs {
		checks := []struct {
			name      string
			got, want string
		}{
			{"Sort", show(sorted(in, Sort[float64])), show(sorted(in, std.Sort[[]float64]))},
			{"SortFunc", show(sorted(in, func(x []float64) { SortFunc(x, cmp.Compare) })),
				show(sorted(in, func(x []float64) { std.SortFunc(x, cmp.Compare) }))},
			{"IsSorted", show(IsSorted(in)), show(std.IsSorted(in))},
			{"BinarySearch", show(BinarySearch(sorted(in, Sort[float64]), 1)), show(std.BinarySearch(sorted(in, std.Sort[[]float64]), 1))},
			{"Index", show(Index(in, 1)), show(std.Index(in, 1))},
			{"Contains", show(Contains(in, 2)), show(std.Contains(in, 2))},
			{"Compare", show(Compare(in, []float64{3, 1})), show(std.Compare(in, []float64{3, 1}))},
			{"Equal", show(Equal(in, Clone(in))), show(std.Equal(in, std.Clone(in)))},
			{"Compact", show(Compact(Clone(in))), show(std.Compact(std.Clone(in)))},
			{"Reverse", show(sorted(in, Reverse[float64])), show(sorted(in, std.Reverse[[]float64]))},
			{"Insert", show(Insert(Clone(in), len(in), 7, 8)), show(std.Insert(std.Clone(in), len(in), 7, 8))},
			{"Repeat", show(Repeat(in, 2)), show(std.Repeat(in, 2))},
			{"Sorted", show(Sorted(Values(in))), show(std.Sorted(std.Values(in)))},
			{"Backward", show(Collect(func(yield func(float64) bool) {
				for _, v := range Backward(in) {
					if !yield(v) {
						return
					}
				}
			})), show(std.Collect(func(yield func(float64) bool) {
				for _, v := range std.Backward(in) {
					if !yield(v) {
						return
					}
				}
			}))},
		}
		if len(in) > 0 {
			checks = append(checks, []struct{ name, got, want string }{
				{"Min", show(Min(in)), show(std.Min(in))},
				{"Max", show(Max(in)), show(std.Max(in))},
				{"Delete", show(Delete(Clone(in), 0, 1)), show(std.Delete(std.Clone(in), 0, 1))},
				{"Chunk", show(Collect(Chunk(in, 2))), show(std.Collect(std.Chunk(in, 2)))},
			}...)
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s of %v: %s, the standard library %s", c.name, in, c.got, c.want)
			}
		}
	}
}

// sorted applies an in-place function to a copy of x.
func sorted(x []float64, f func([]float64)) []float64 {
	y := std.Clone(x)
	f(y)
	return y
}
