package widgets

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestSplitAndPutBuffers(t *testing.T) {
	png, jpeg := []byte("\x89PNG"), []byte("\xff\xd8")
	tests := []struct {
		name      string
		state     map[string]any
		clean     string // JSON of the state without its binary values
		paths     string // JSON of the paths
		nBuffers  int
		roundTrip bool // putBuffers gives the state back
	}{
		{"no binary", map[string]any{"value": 3}, `{"value":3}`, `[]`, 0, true},
		{"a key", map[string]any{"value": png, "format": "png"}, `{"format":"png"}`, `[["value"]]`, 1, false},
		{"keys in order", map[string]any{"b": jpeg, "a": png}, `{}`, `[["a"],["b"]]`, 2, false},
		{"nested", map[string]any{"m": map[string]any{"state": map[string]any{"value": png}}},
			`{"m":{"state":{}}}`, `[["m","state","value"]]`, 1, true},
		{"in a list", map[string]any{"frames": []any{png, "x", jpeg}}, `{"frames":[null,"x",null]}`, `[["frames",0],["frames",2]]`, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := json.Marshal(tt.state) // []byte as base64: the original, unchanged
			clean, paths, buffers := splitBuffers(tt.state)
			if got, _ := json.Marshal(clean); string(got) != tt.clean {
				t.Errorf("state %s, want %s", got, tt.clean)
			}
			if got, _ := json.Marshal(paths); string(got) != tt.paths {
				t.Errorf("paths %s, want %s", got, tt.paths)
			}
			if len(buffers) != tt.nBuffers {
				t.Errorf("%d buffers, want %d", len(buffers), tt.nBuffers)
			}
			if after, _ := json.Marshal(tt.state); string(after) != string(before) {
				t.Errorf("splitBuffers changed its argument: %s", after)
			}
			// Back in, as a front end's message comes: JSON, then buffers.
			var wire map[string]any
			b, _ := json.Marshal(clean)
			json.Unmarshal(b, &wire)
			var wirePaths []any
			b, _ = json.Marshal(paths)
			json.Unmarshal(b, &wirePaths)
			if err := putBuffers(wire, wirePaths, buffers); err != nil {
				t.Fatal(err)
			}
			_, paths2, buffers2 := splitBuffers(wire)
			p1, _ := json.Marshal(paths2)
			p2, _ := json.Marshal(wirePaths)
			if string(p1) != string(p2) || !reflect.DeepEqual(buffers2, buffers) {
				t.Errorf("after putBuffers: paths %v buffers %q, want %v %q", paths2, buffers2, wirePaths, buffers)
			}
		})
	}
}

func TestPutBuffersRejectsBadPaths(t *testing.T) {
	tests := []struct {
		paths string
		n     int
		want  string
	}{
		{`[["value"]]`, 2, "1 buffer paths for 2 buffers"},
		{`["value"]`, 1, "not a list of keys"},
		{`[[]]`, 1, "not a list of keys"},
		{`[["list", 5]]`, 1, "no index of a list of 1"},
		{`[["list", "x"]]`, 1, "no index"},
		{`[["n", "x"]]`, 1, "leads nowhere"},
		{`[[3]]`, 1, "no key of an object"},
	}
	for _, tt := range tests {
		var paths []any
		if err := json.Unmarshal([]byte(tt.paths), &paths); err != nil {
			t.Fatal(err)
		}
		state := map[string]any{"list": []any{nil}, "n": 1.0}
		err := putBuffers(state, paths, make([][]byte, tt.n))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("paths %s: error %v, want %q", tt.paths, err, tt.want)
		}
	}
}

// FuzzPutBuffers: whatever paths a front end sends, putBuffers puts or
// says why not, and never panics.
func FuzzPutBuffers(f *testing.F) {
	f.Add(`{"value":null,"list":[1,{"a":2}]}`, `[["value"],["list",1,"a"]]`)
	f.Add(`{}`, `[["x","y"]]`)
	f.Add(`{"l":[]}`, `[["l",-1]]`)
	f.Fuzz(func(t *testing.T, state, paths string) {
		var s map[string]any
		var p []any
		if json.Unmarshal([]byte(state), &s) != nil || json.Unmarshal([]byte(paths), &p) != nil || s == nil {
			return
		}
		if err := putBuffers(s, p, make([][]byte, len(p))); err == nil {
			// Every buffer is in place: splitting finds as many.
			if _, _, buffers := splitBuffers(s); len(buffers) < min(len(p), 1) {
				t.Errorf("put %d buffers, found %d", len(p), len(buffers))
			}
		}
	})
}
