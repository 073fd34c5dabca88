package kernel

import (
	"reflect"
	"testing"
)

func TestHistoryLookup(t *testing.T) {
	var h history
	for i, code := range []string{"x := 1", "fmt.Println(x)", "x := 1", "y := 2", "print(12)"} {
		h.add(i+1, code)
	}
	lines := func(entries []historyEntry) []int {
		out := []int{}
		for _, e := range entries {
			out = append(out, e.line)
		}
		return out
	}
	tests := []struct {
		name string
		q    historyQuery
		want []int
	}{
		{"tail", historyQuery{HistAccessType: "tail", N: 2}, []int{4, 5}},
		{"tail more than there is", historyQuery{HistAccessType: "tail", N: 10}, []int{1, 2, 3, 4, 5}},
		{"range", historyQuery{HistAccessType: "range", Session: 0, Start: 2, Stop: 4}, []int{2, 3}},
		{"range to the end", historyQuery{HistAccessType: "range", Start: 4}, []int{4, 5}},
		{"range of another session", historyQuery{HistAccessType: "range", Session: -1, Start: 1}, []int{}},
		{"search glob", historyQuery{HistAccessType: "search", Pattern: "x*"}, []int{1, 3}},
		{"search unique", historyQuery{HistAccessType: "search", Pattern: "x*", Unique: true}, []int{3}},
		{"search ?", historyQuery{HistAccessType: "search", Pattern: "print(1?)"}, []int{5}},
		{"search class", historyQuery{HistAccessType: "search", Pattern: "[xy] := *"}, []int{1, 3, 4}},
		{"search last n", historyQuery{HistAccessType: "search", Pattern: "*", N: 1}, []int{5}},
		{"search no match", historyQuery{HistAccessType: "search", Pattern: "zzz"}, []int{}},
		{"unknown type", historyQuery{HistAccessType: "everything"}, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lines(h.lookup(tt.q)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("lines = %v, want %v", got, tt.want)
			}
		})
	}
}
