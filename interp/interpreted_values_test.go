package interp

import (
	"strconv"
	"testing"
)

// A value of a cell's type that the interpreter keeps in its own interface
// value, as an element, a field or a map's value, reaches fmt and
// json.Marshal as Go's would: the values the table gives are what go run
// prints for the same statements.
func TestInterpretedValues(t *testing.T) {
	h := newHarness(t, "")
	h.exec("type T struct{ A int }\ntype box struct{ V any }")
	tests := []struct {
		src, want string
	}{
		{"v := []any{nil, 2}\nv[0] = T{1}", `[{1} 2] [{"A":1},2]`},
		{"v := map[string]any{}\nv[\"t\"] = T{2}", `map[t:{2}] {"t":{"A":2}}`},
		{"v := box{}\nv.V = T{3}", `{{3}} {"V":{"A":3}}`},
		{"v := &box{}\nv.V = T{4}", `&{{4}} {"V":{"A":4}}`},
		{"v := []any(nil)\nv = append(v, T{5})\nv = append(v, map[string]any{\"t\": v[0]})", `[{5} map[t:{5}]] [{"A":5},{"t":{"A":5}}]`},
		{"v := []any{1, \"s\", nil}", `[1 s <nil>] [1,"s",null]`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			h.exec(tt.src)
			if got := h.exec("b, _ := json.Marshal(v)\nfmt.Sprint(v, \" \", string(b))"); got != strconv.Quote(tt.want) {
				t.Errorf("fmt and json of v = %s, want %q", got, tt.want)
			}
		})
	}
}
