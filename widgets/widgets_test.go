package widgets

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"gopherlab/display"
)

// frontEnd is a display.CommSink that records what widgets send, as the
// kernel would publish it.
type frontEnd struct {
	mu    sync.Mutex
	comms []display.CommMessage
	shown []map[string]any
}

func (f *frontEnd) Publish(data, _ map[string]any, _ string, _ bool) {
	f.mu.Lock()
	f.shown = append(f.shown, data)
	f.mu.Unlock()
}
func (f *frontEnd) Clear(bool) {}
func (f *frontEnd) Comm(m display.CommMessage) {
	f.mu.Lock()
	f.comms = append(f.comms, m)
	f.mu.Unlock()
}

func (f *frontEnd) last() display.CommMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.comms[len(f.comms)-1]
}

// opened returns the state of the comm_open of the model with id.
func (f *frontEnd) opened(t *testing.T, id string) map[string]any {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.comms {
		if c.Type == "comm_open" && c.ID == id {
			if c.Target != "jupyter.widget" || c.Metadata["version"] != "2.1.0" {
				t.Errorf("comm_open %+v: want target jupyter.widget, version 2.1.0", c)
			}
			return c.Data["state"].(map[string]any)
		}
	}
	t.Fatalf("no comm_open for model %s", id)
	return nil
}

func withFrontEnd(t *testing.T) *frontEnd {
	f := &frontEnd{}
	display.SetSink(f)
	t.Cleanup(func() { display.SetSink(nil) })
	return f
}

// update delivers a front end's change of a model's state, with numbers
// as the kernel's pipe decodes them (json.Number).
func update(t *testing.T, id, state string) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(state))
	dec.UseNumber()
	var s map[string]any
	if err := dec.Decode(&s); err != nil {
		t.Fatal(err)
	}
	if err := display.Deliver(display.CommMessage{Type: "comm_msg", ID: id,
		Data: map[string]any{"method": "update", "state": s, "buffer_paths": []any{}}}); err != nil {
		t.Fatal(err)
	}
}

func TestModelsOpenWithTheirState(t *testing.T) {
	f := withFrontEnd(t)
	tests := []struct {
		w     Widget
		model string
		keys  map[string]any
	}{
		{IntSlider("workers", 1, 16, 4), "IntSliderModel", map[string]any{"min": 1, "max": 16, "value": 4, "description": "workers"}},
		{FloatSlider("rate", 0, 1, 0.1, 0.5), "FloatSliderModel", map[string]any{"step": 0.1, "value": 0.5}},
		{IntProgress("files", 0, 5), "IntProgressModel", map[string]any{"value": 0, "max": 5}},
		{Button("go"), "ButtonModel", map[string]any{"description": "go"}},
		{Checkbox("fast", true), "CheckboxModel", map[string]any{"value": true}},
		{Dropdown("pool", []string{"goroutines", "GIL", "processes"}, "GIL"), "DropdownModel", map[string]any{"index": 1}},
		{Text("name", "gopher"), "TextModel", map[string]any{"value": "gopher"}},
		{Label("hi"), "LabelModel", map[string]any{"value": "hi"}},
		{HTML("<b>hi</b>"), "HTMLModel", map[string]any{"value": "<b>hi</b>"}},
		{Output(), "OutputModel", map[string]any{"msg_id": ""}},
	}
	for _, tt := range tests {
		state := f.opened(t, tt.w.model().ModelID())
		if state["_model_name"] != tt.model {
			t.Errorf("%s: _model_name %v", tt.model, state["_model_name"])
		}
		for k, want := range tt.keys {
			if state[k] != want {
				t.Errorf("%s: %s = %#v, want %#v", tt.model, k, state[k], want)
			}
		}
		// The layout the state names was opened before it.
		layout := strings.TrimPrefix(state["layout"].(string), "IPY_MODEL_")
		if f.opened(t, layout)["_model_name"] != "LayoutModel" {
			t.Errorf("%s: layout %s is no LayoutModel", tt.model, layout)
		}
	}
}

func TestUpdatesFromTheFrontEnd(t *testing.T) {
	f := withFrontEnd(t)
	s := IntSlider("workers", 1, 16, 4)
	var got []int
	s.OnChange(func(n int) { got = append(got, n) })
	update(t, s.ModelID(), `{"value": 9}`)
	if s.Value() != 9 || len(got) != 1 || got[0] != 9 {
		t.Errorf("after an update to 9: Value %d, OnChange got %v", s.Value(), got)
	}
	// Protocol 2.1: what the kernel accepted is echoed.
	if echo := f.last(); echo.Data["method"] != "echo_update" || echo.ID != s.ModelID() {
		t.Errorf("after an update: sent %+v, want an echo_update", echo)
	}
	// Changes made here go out, and call no OnChange.
	s.SetValue(3)
	if sent := f.last(); sent.Data["method"] != "update" || sent.Data["state"].(map[string]any)["value"] != 3 {
		t.Errorf("SetValue(3) sent %+v", sent)
	}
	if len(got) != 1 {
		t.Errorf("SetValue called OnChange: %v", got)
	}

	d := Dropdown("pool", []string{"goroutines", "GIL", "processes"}, "goroutines")
	var chosen string
	d.OnChange(func(v string) { chosen = v })
	update(t, d.ModelID(), `{"index": 2}`)
	if chosen != "processes" || d.Value() != "processes" {
		t.Errorf("dropdown: OnChange got %q, Value %q", chosen, d.Value())
	}
	if err := d.SetValue("threads"); err == nil {
		t.Error("SetValue of an option not in the list: no error")
	}

	b := Button("go")
	clicks := 0
	b.OnClick(func() { clicks++ })
	if err := display.Deliver(display.CommMessage{Type: "comm_msg", ID: b.ModelID(),
		Data: map[string]any{"method": "custom", "content": map[string]any{"event": "click"}}}); err != nil {
		t.Fatal(err)
	}
	if clicks != 1 {
		t.Errorf("a click called OnClick %d times", clicks)
	}
}

func TestStatesForAReloadedPage(t *testing.T) {
	f := withFrontEnd(t)
	s := IntSlider("workers", 1, 16, 4)
	s.SetValue(6)
	// A front end opens the control comm and asks for every state.
	if err := display.Deliver(display.CommMessage{Type: "comm_open", ID: "control-1", Target: "jupyter.widget.control"}); err != nil {
		t.Fatal(err)
	}
	if err := display.Deliver(display.CommMessage{Type: "comm_msg", ID: "control-1",
		Data: map[string]any{"method": "request_states"}}); err != nil {
		t.Fatal(err)
	}
	reply := f.last()
	states, _ := reply.Data["states"].(map[string]any)
	st, _ := states[s.ModelID()].(map[string]any)
	if reply.Data["method"] != "update_states" || st == nil || st["state"].(map[string]any)["value"] != 6 {
		t.Errorf("request_states answered %+v", reply.Data)
	}
}

func TestHeadless(t *testing.T) {
	display.SetSink(nil) // no front end: gopherlab run, a Go program
	s := IntSlider("workers", 1, 16, 4)
	s.SetValue(5)
	if s.Value() != 5 {
		t.Errorf("Value %d after SetValue(5)", s.Value())
	}
	if _, ok := display.Bundle(s)["application/vnd.jupyter.widget-view+json"]; ok {
		t.Error("a headless widget offers a widget view")
	}
	tests := []struct {
		w    Widget
		want string
	}{
		{s, "IntSlider(workers=5)"},
		{Button("go"), "Button(go)"},
		{Label("hi"), `Label("hi")`},
		{Dropdown("pool", []string{"goroutines", "GIL"}, "GIL"), `Dropdown(pool="GIL")`},
		{VBox(HBox(s, Checkbox("fast", true)), Output()), "VBox(HBox(IntSlider(workers=5), Checkbox(fast=true)), Output())"},
	}
	for _, tt := range tests {
		if text := display.Bundle(tt.w)["text/plain"]; text != tt.want {
			t.Errorf("text/plain %q, want %q", text, tt.want)
		}
	}
}

func TestInteract(t *testing.T) {
	f := withFrontEnd(t)
	n := IntSlider("n", 1, 8, 2)
	pool := Dropdown("pool", []string{"goroutines", "GIL"}, "GIL")
	var calls []string
	box, err := Interact(func(n int, pool string) any {
		calls = append(calls, fmt.Sprintf("%d %s", n, pool))
		if n == 5 {
			panic("five")
		}
		return fmt.Sprint(n, " on ", pool)
	}, n, pool)
	if err != nil {
		t.Fatal(err)
	}
	out := box.children[1].(*OutputWidget)
	outputs := func() string { return fmt.Sprint(out.get("outputs")) }
	if !strings.Contains(outputs(), `2 on GIL`) {
		t.Errorf("at first the output holds %s", outputs())
	}
	update(t, n.ModelID(), `{"value": 3}`)
	update(t, pool.ModelID(), `{"index": 0}`)
	if want := []string{"2 GIL", "3 GIL", "3 goroutines"}; fmt.Sprint(calls) != fmt.Sprint(want) {
		t.Errorf("calls %v, want %v", calls, want)
	}
	update(t, n.ModelID(), `{"value": 5}`)
	if !strings.Contains(outputs(), "panic: five") {
		t.Errorf("after a panic the output holds %s", outputs())
	}
	_ = f

	for _, bad := range []struct {
		f    any
		want string
	}{
		{42, "not a function"},
		{func(int) {}, "takes 1 arguments, and 2 controls"},
		{func(string, string) {}, "argument 1 is a string"},
	} {
		if _, err := Interact(bad.f, n, pool); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Interact(%T): error %v, want %q", bad.f, err, bad.want)
		}
	}
}

func TestImageBytesTravelAsBuffers(t *testing.T) {
	f := withFrontEnd(t)
	png := []byte("\x89PNG\r\n\x1a\nframe 1")
	img := Image("png", png)
	var open display.CommMessage
	for _, c := range f.comms {
		if c.Type == "comm_open" && c.ID == img.ModelID() {
			open = c
		}
	}
	state := open.Data["state"].(map[string]any)
	if _, inJSON := state["value"]; inJSON || fmt.Sprint(open.Data["buffer_paths"]) != "[[value]]" ||
		len(open.Buffers) != 1 || string(open.Buffers[0]) != string(png) {
		t.Errorf("comm_open: state value %v, buffer_paths %v, %d buffers; want the bytes as the one buffer",
			state["value"], open.Data["buffer_paths"], len(open.Buffers))
	}
	img.SetValue([]byte("frame 2"))
	if sent := f.last(); fmt.Sprint(sent.Data["buffer_paths"]) != "[[value]]" || string(sent.Buffers[0]) != "frame 2" {
		t.Errorf("SetValue sent %+v", sent)
	}
	// From a front end: the buffer goes back into the state at its path.
	if err := display.Deliver(display.CommMessage{Type: "comm_msg", ID: img.ModelID(), Buffers: [][]byte{[]byte("frame 3")},
		Data: map[string]any{"method": "update", "state": map[string]any{}, "buffer_paths": []any{[]any{"value"}}}}); err != nil {
		t.Fatal(err)
	}
	if string(img.Value()) != "frame 3" {
		t.Errorf("after an update with a buffer: Value %q", img.Value())
	}
	// A reloaded page gets the bytes as a buffer of update_states.
	display.Deliver(display.CommMessage{Type: "comm_open", ID: "control-img", Target: "jupyter.widget.control"})
	display.Deliver(display.CommMessage{Type: "comm_msg", ID: "control-img", Data: map[string]any{"method": "request_states"}})
	reply := f.last()
	if !strings.Contains(fmt.Sprint(reply.Data["buffer_paths"]), "["+img.ModelID()+" state value]") {
		t.Errorf("update_states buffer_paths %v, want the image's value", reply.Data["buffer_paths"])
	}
	if got := display.Plain(img); got != "Image(png, 7 bytes)" {
		t.Errorf("text %q", got)
	}
}

func TestHandlerOutputGoesUnderTheWidget(t *testing.T) {
	f := withFrontEnd(t)
	s := IntSlider("n", 0, 9, 1)
	plain := Label("no handler")
	if id := display.Bundle(plain)[viewMIME].(map[string]any)["model_id"]; id != plain.ModelID() {
		t.Errorf("a widget without handlers shows as %v, not itself", id)
	}
	s.OnChange(func(n int) {
		if n == 5 {
			panic("five")
		}
	})
	view := display.Bundle(s)[viewMIME].(map[string]any)["model_id"].(string)
	if view == s.ModelID() {
		t.Fatal("a widget with a handler shows without an area for its output")
	}
	column := f.opened(t, view)
	children := column["children"].([]any)
	if column["_model_name"] != "VBoxModel" || len(children) != 2 || children[0] != "IPY_MODEL_"+s.ModelID() {
		t.Fatalf("shown as %v %v, want a VBox of the slider and an output area", column["_model_name"], children)
	}
	logID := strings.TrimPrefix(children[1].(string), "IPY_MODEL_")
	if again := display.Bundle(s)[viewMIME].(map[string]any)["model_id"]; again != view {
		t.Errorf("shown again as %v, want the same column %v", again, view)
	}
	msgIDs := func(from int) []any {
		var ids []any
		for _, c := range f.comms[from:] {
			if st, ok := c.Data["state"].(map[string]any); ok && c.ID == logID {
				ids = append(ids, st["msg_id"])
			}
		}
		return ids
	}
	// The area captures the output of the message the handler runs for,
	// then lets go.
	n := len(f.comms)
	deliver := func(v int, msgID string) {
		display.Deliver(display.CommMessage{Type: "comm_msg", ID: s.ModelID(), MsgID: msgID,
			Data: map[string]any{"method": "update", "state": map[string]any{"value": v}, "buffer_paths": []any{}}})
	}
	deliver(3, "msg-3")
	if got := fmt.Sprint(msgIDs(n)); got != "[msg-3 ]" {
		t.Errorf("the area's msg_id went %s, want [msg-3 ]", got)
	}
	// A handler that panics leaves it capturing, for the report.
	n = len(f.comms)
	func() {
		defer func() { recover() }()
		deliver(5, "msg-5")
	}()
	if got := fmt.Sprint(msgIDs(n)); got != "[msg-5]" {
		t.Errorf("after a panic the area's msg_id went %s, want [msg-5]", got)
	}
}

func TestAnAreaShowsThroughTheFrontEndWhileCapturing(t *testing.T) {
	f := withFrontEnd(t)
	out := Output()
	// While a handler's output goes to the area, what Go code adds to it
	// goes the same way (display_data of the message handled), so that it
	// lands in order with what the handler prints.
	out.capture("msg-1", func() { out.Display(42) })
	if len(f.shown) != 1 || f.shown[0][display.MIMEText] != "42" {
		t.Errorf("while capturing, Display published %v", f.shown)
	}
	if outputs := out.get("outputs").([]any); len(outputs) != 0 {
		t.Errorf("while capturing, Display changed the state's outputs: %v", outputs)
	}
	out.Display(43)
	if outputs := out.get("outputs").([]any); len(outputs) != 1 || len(f.shown) != 1 {
		t.Errorf("after capturing, Display published %v and left outputs %v", f.shown, outputs)
	}
}
