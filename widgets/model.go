package widgets

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"strings"
	"sync"

	"gopherlab/display"
)

// The widget protocol this package speaks, and the modules of the models
// it makes, as ipywidgets 8 names them.
const (
	ProtocolVersion  = "2.1.0"
	commTarget       = "jupyter.widget"
	controlTarget    = "jupyter.widget.control"
	controlsModule   = "@jupyter-widgets/controls"
	baseModule       = "@jupyter-widgets/base"
	outputModule     = "@jupyter-widgets/output"
	moduleVersion    = "2.0.0"
	outputVersion    = "1.0.0"
	viewMIME         = "application/vnd.jupyter.widget-view+json"
	modelRefPrefix   = "IPY_MODEL_"
	viewVersionMajor = 2
	viewVersionMinor = 0
)

// Widget is any widget of this package: it has a model the front ends
// render, and shows as that model's view when displayed.
type Widget interface {
	model() *Model
}

// Model is the state of one widget model, shared with the front ends over
// its comm. Widgets embed it.
type Model struct {
	id   string
	comm *display.Comm // nil where no front end takes comms

	mu        sync.Mutex
	state     map[string]any
	observers []func(changed map[string]any)
	onCustom  []func(content map[string]any)
	// text, when set, is the widget's line of text (a box names its
	// children, a dropdown its option); String uses it.
	text func() string
	// children are the widgets a box holds.
	children []Widget
	// log is the output area its handlers' output goes to (capture.go);
	// shownAs is the model a front end shows for it, a column of itself
	// above shownLog, once it was shown with handlers.
	log      *OutputWidget
	shownAs  *Model
	shownLog *OutputWidget
}

func (m *Model) model() *Model { return m }

// ModelID is the id the front ends know the model by.
func (m *Model) ModelID() string { return m.id }

// open makes a model with the given state and, where a front end takes
// comms, opens its comm with the whole state, as ipywidgets does.
func open(state map[string]any) *Model {
	m := &Model{id: newID(), state: state}
	registry.add(m)
	clean, paths, buffers := splitBuffers(m.snapshot())
	c, err := display.OpenComm(commTarget,
		map[string]any{"state": clean, "buffer_paths": paths},
		map[string]any{"version": ProtocolVersion}, buffers)
	if err != nil {
		return m // headless: a value that shows as text
	}
	// The front end knows the model by its comm's id.
	registry.remove(m)
	m.id = c.ID()
	registry.add(m)
	m.comm = c
	c.OnMsg(m.receive)
	c.OnClose(func(display.CommMessage) { registry.remove(m) })
	return m
}

func newID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("widgets: model id: %v", err))
	}
	return hex.EncodeToString(b)
}

// ref is how one model's state names another (a layout, a box's children).
func ref(w Widget) string { return modelRefPrefix + w.model().id }

// snapshot copies the state, for sending.
func (m *Model) snapshot() map[string]any {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.state)
}

// get returns one key of the state.
func (m *Model) get(key string) any {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state[key]
}

// set changes keys of the state here and in the front ends. Observers are
// not called: they are for what the user changes.
func (m *Model) set(changes map[string]any) {
	m.mu.Lock()
	maps.Copy(m.state, changes)
	m.mu.Unlock()
	m.sendState("update", changes)
}

// sendState sends keys of the state, with an update or echo_update, its
// binary values as buffers.
func (m *Model) sendState(method string, state map[string]any) {
	if m.comm != nil {
		clean, paths, buffers := splitBuffers(state)
		m.comm.Send(map[string]any{"method": method, "state": clean, "buffer_paths": paths}, nil, buffers)
	}
}

// observe adds a function called with the keys a front end changed.
func (m *Model) observe(f func(changed map[string]any)) {
	m.mu.Lock()
	m.observers = append(m.observers, f)
	m.mu.Unlock()
}

// receive handles a comm_msg from a front end.
func (m *Model) receive(msg display.CommMessage) {
	switch method, _ := msg.Data["method"].(string); method {
	case "update":
		changes, _ := msg.Data["state"].(map[string]any)
		paths, _ := msg.Data["buffer_paths"].([]any)
		if changes == nil {
			changes = map[string]any{}
		}
		if err := putBuffers(changes, paths, msg.Buffers); err != nil {
			fmt.Fprintf(os.Stderr, "widgets: update of %s ignored: %v\n", m, err)
			return
		}
		if len(changes) == 0 {
			return
		}
		m.mu.Lock()
		maps.Copy(m.state, changes)
		observers := append([]func(map[string]any){}, m.observers...)
		m.mu.Unlock()
		// Protocol 2.1: the kernel echoes what it accepted, so that every
		// front end (and the one that sent it, in order) agrees.
		m.sendState("echo_update", changes)
		m.handle(msg.MsgID, func() {
			for _, f := range observers {
				f(changes)
			}
		})
	case "request_state":
		m.sendState("update", m.snapshot())
	case "custom":
		content, _ := msg.Data["content"].(map[string]any)
		m.mu.Lock()
		handlers := append([]func(map[string]any){}, m.onCustom...)
		m.mu.Unlock()
		m.handle(msg.MsgID, func() {
			for _, f := range handlers {
				f(content)
			}
		})
	}
}

// MIMEBundle shows the widget: its view where a front end renders widgets,
// and text elsewhere.
func (m *Model) MIMEBundle() map[string]any {
	data := map[string]any{display.MIMEText: m.String()}
	if m.comm != nil {
		data[viewMIME] = map[string]any{
			"model_id": m.shown().id, "version_major": viewVersionMajor, "version_minor": viewVersionMinor,
		}
	}
	return data
}

// String is the widget as a line of text, what a headless run shows: its
// kind, then its description and value (IntSlider(workers=4)).
func (m *Model) String() string {
	if m.text != nil {
		return m.text()
	}
	s := m.snapshot()
	return describe(s, s["value"])
}

// describe writes a widget's kind, description and value.
func describe(s map[string]any, value any) string {
	name := strings.TrimSuffix(fmt.Sprint(s["_model_name"]), "Model")
	desc, _ := s["description"].(string)
	if str, ok := value.(string); ok {
		value = fmt.Sprintf("%q", str)
	}
	switch {
	case desc != "" && value != nil:
		return fmt.Sprintf("%s(%s=%v)", name, desc, value)
	case desc != "":
		return name + "(" + desc + ")"
	case value != nil:
		return fmt.Sprintf("%s(%v)", name, value)
	}
	return name + "()"
}

// Close closes the widget's model in the front ends, which then show it no
// more.
func (m *Model) Close() {
	registry.remove(m)
	if m.comm != nil {
		m.comm.Close(nil)
	}
}

// registry holds the live models, for the front end's request of all
// their states (jupyter.widget.control), which lets a reloaded page show
// the widgets again.
var registry = &models{byID: map[string]*Model{}}

type models struct {
	mu   sync.Mutex
	byID map[string]*Model
}

func (r *models) add(m *Model) {
	r.mu.Lock()
	r.byID[m.id] = m
	r.mu.Unlock()
}

func (r *models) remove(m *Model) {
	r.mu.Lock()
	delete(r.byID, m.id)
	r.mu.Unlock()
}

func (r *models) states() map[string]any {
	r.mu.Lock()
	list := make([]*Model, 0, len(r.byID))
	for _, m := range r.byID {
		if m.comm != nil {
			list = append(list, m)
		}
	}
	r.mu.Unlock()
	states := make(map[string]any, len(list))
	for _, m := range list {
		s := m.snapshot()
		states[m.id] = map[string]any{
			"model_name":           s["_model_name"],
			"model_module":         s["_model_module"],
			"model_module_version": s["_model_module_version"],
			"state":                s,
		}
	}
	return states
}

func init() {
	// A front end (re)connecting asks for every model's state at once.
	display.RegisterCommTarget(controlTarget, func(c *display.Comm, _ display.CommMessage) {
		c.OnMsg(func(msg display.CommMessage) {
			if method, _ := msg.Data["method"].(string); method == "request_states" {
				states, paths, buffers := splitBuffers(registry.states())
				c.Send(map[string]any{"method": "update_states", "states": states, "buffer_paths": paths}, nil, buffers)
			}
		})
	})
}
