package display

import (
	"encoding/base64"
	"reflect"
	"sync"
	"testing"
)

// recorder is a Sink that keeps what it receives.
type recorder struct {
	mu     sync.Mutex
	calls  []call
	clears []bool
}

type call struct {
	data, metadata map[string]any
	id             string
	update         bool
}

func (r *recorder) Publish(data, metadata map[string]any, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, call{data, metadata, id, update})
}

func (r *recorder) Clear(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears = append(r.clears, wait)
}

// record installs a recorder for the length of the test.
func record(t *testing.T) *recorder {
	t.Helper()
	r := &recorder{}
	SetSink(r)
	t.Cleanup(func() { SetSink(nil) })
	return r
}

type page struct{ title string }

func (p page) HTML() string { return "<h1>" + p.title + "</h1>" }

type chart struct{}

func (chart) SVG() string      { return "<svg/>" }
func (chart) Markdown() string { return "*chart*" }
func (chart) PNG() []byte      { return []byte{0x89, 'P', 'N', 'G'} }
func (chart) String() string   { return "chart" }

func TestBundle(t *testing.T) {
	png := base64.StdEncoding.EncodeToString([]byte{0x89, 'P', 'N', 'G'})
	tests := []struct {
		name string
		v    any
		want map[string]any
	}{
		{"int", 42, map[string]any{MIMEText: "42"}},
		{"string is quoted", "gopher", map[string]any{MIMEText: `"gopher"`}},
		{"string escapes", "a\nb", map[string]any{MIMEText: `"a\nb"`}},
		{"nil", nil, map[string]any{MIMEText: "<nil>"}},
		{"map keys sorted", map[string]int{"b": 2, "a": 1}, map[string]any{MIMEText: "map[a:1 b:2]"}},
		{"slice", []string{"x", "y"}, map[string]any{MIMEText: "[x y]"}},
		{"html", page{"T"}, map[string]any{MIMEText: "{T}", MIMEHTML: "<h1>T</h1>"}},
		{"pointer keeps methods", &page{"P"}, map[string]any{MIMEText: "&{P}", MIMEHTML: "<h1>P</h1>"}},
		{"all kinds", chart{}, map[string]any{
			MIMEText: "chart", MIMESVG: "<svg/>", MIMEMarkdown: "*chart*", MIMEPNG: png,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Bundle(tt.v); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Bundle(%#v) = %#v, want %#v", tt.v, got, tt.want)
			}
		})
	}
}

func TestHelpers(t *testing.T) {
	tests := []struct {
		name string
		show func()
		want map[string]any
	}{
		{"HTML", func() { HTML("<b>x</b>") }, map[string]any{MIMEHTML: "<b>x</b>", MIMEText: "<HTML>"}},
		{"SVG", func() { SVG("<svg/>") }, map[string]any{MIMESVG: "<svg/>", MIMEText: "<SVG image>"}},
		{"Markdown", func() { Markdown("# T") }, map[string]any{MIMEMarkdown: "# T", MIMEText: "# T"}},
		{"PNG", func() { PNG([]byte("abc")) }, map[string]any{MIMEPNG: "YWJj", MIMEText: "<PNG image, 3 bytes>"}},
		{"Text", func() { Text("plain") }, map[string]any{MIMEText: "plain"}},
		{"Show", func() { Show("s") }, map[string]any{MIMEText: `"s"`}},
		{"JSON", func() { JSON(map[string]any{"a": []int{1, 2}}) }, map[string]any{
			MIMEJSON: map[string]any{"a": []any{1.0, 2.0}},
			MIMEText: "{\n  \"a\": [\n    1,\n    2\n  ]\n}",
		}},
		{"JSON struct uses tags", func() {
			JSON(struct {
				N int `json:"n"`
			}{3})
		}, map[string]any{MIMEJSON: map[string]any{"n": 3.0}, MIMEText: "{\n  \"n\": 3\n}"}},
		{"JSON error", func() { JSON(make(chan int)) }, map[string]any{
			MIMEText: "display.JSON: json: unsupported type: chan int",
		}},
		{"Publish", func() { Publish(map[string]any{"text/latex": "$x$"}, nil) }, map[string]any{"text/latex": "$x$"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := record(t)
			tt.show()
			if len(r.calls) != 1 {
				t.Fatalf("got %d publishes, want 1", len(r.calls))
			}
			c := r.calls[0]
			if !reflect.DeepEqual(c.data, tt.want) {
				t.Errorf("data = %#v, want %#v", c.data, tt.want)
			}
			if c.id != "" || c.update {
				t.Errorf("id, update = %q, %v; want no display id", c.id, c.update)
			}
		})
	}
}

func TestClear(t *testing.T) {
	r := record(t)
	Clear()
	ClearWait()
	if want := []bool{false, true}; !reflect.DeepEqual(r.clears, want) {
		t.Errorf("clears = %v, want %v", r.clears, want)
	}
}

func TestHandle(t *testing.T) {
	r := record(t)
	h := New()
	if len(h.ID()) != 32 {
		t.Fatalf("ID() = %q, want 32 hex digits", h.ID())
	}
	if other := New(); other.ID() == h.ID() {
		t.Fatalf("two handles share the id %q", h.ID())
	}
	h.Text("1")
	h.HTML("<i>2</i>")
	h.Show(3)
	want := []call{
		{map[string]any{MIMEText: "1"}, nil, h.ID(), false},
		{map[string]any{MIMEHTML: "<i>2</i>", MIMEText: "<HTML>"}, nil, h.ID(), true},
		{map[string]any{MIMEText: "3"}, nil, h.ID(), true},
	}
	if !reflect.DeepEqual(r.calls, want) {
		t.Errorf("calls = %#v\nwant %#v", r.calls, want)
	}
}

// TestHandleConcurrent checks that exactly one publish of a handle shared by
// goroutines is the first display, and run with -race, that the package is
// safe for concurrent use, SetSink included.
func TestHandleConcurrent(t *testing.T) {
	r := record(t)
	h := New()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.Show(i)
			SetSink(r)
		}()
	}
	wg.Wait()
	first := 0
	for _, c := range r.calls {
		if !c.update {
			first++
		}
	}
	if len(r.calls) != 8 || first != 1 || r.calls[0].update {
		t.Errorf("got %d calls, %d first displays, first is update=%v; want 8, 1, false",
			len(r.calls), first, r.calls[0].update)
	}
}
