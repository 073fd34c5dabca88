package widgets

// What a handler prints (OnChange, OnClick), and the panic it may end
// with, has no cell to go to: the cell that showed the widget is over, and
// a front end shows in a cell only the output of that cell's own request.
// ipywidgets leaves such output in JupyterLab's log console, where nobody
// looks. Here a widget shown with handlers is shown above an output area
// of its own, and while a handler runs the area captures the output of
// the message it runs for: the Output model's msg_id asks the front end to
// put there whatever has that message as its parent, as ipywidgets'
// Output.capture does.

// shown returns the model a front end shows for m: m itself, or, when m or
// a widget inside it has handlers and nowhere for their output, a column
// of m above an output area that takes it. Handlers added after the first
// showing join the same area.
func (m *Model) shown() *Model {
	var orphans []*Model
	m.walk(func(w *Model) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.log == nil && (len(w.observers) > 0 || len(w.onCustom) > 0) {
			orphans = append(orphans, w)
		}
	})
	m.mu.Lock()
	shownAs, log := m.shownAs, m.shownLog
	m.mu.Unlock()
	if len(orphans) == 0 {
		if shownAs != nil {
			return shownAs
		}
		return m
	}
	if shownAs == nil {
		log = Output()
		shownAs = VBox(m, log).Model
		m.mu.Lock()
		m.shownAs, m.shownLog = shownAs, log
		m.mu.Unlock()
	}
	for _, w := range orphans {
		w.mu.Lock()
		w.log = log
		w.mu.Unlock()
	}
	return shownAs
}

// walk calls f for m and each widget inside it.
func (m *Model) walk(f func(*Model)) {
	f(m)
	m.mu.Lock()
	children := append([]Widget(nil), m.children...)
	m.mu.Unlock()
	for _, c := range children {
		c.model().walk(f)
	}
}

// handle runs f, handlers of m, for the front end's message msgID, with
// their output going to m's output area, if it has one.
func (m *Model) handle(msgID string, f func()) {
	m.mu.Lock()
	log := m.log
	m.mu.Unlock()
	if log == nil || log.comm == nil || msgID == "" {
		f()
		return
	}
	log.capture(msgID, f)
}

// capture runs f with the output of the front end's message msgID going
// into the area: text f prints, and the area's own Print, Display and
// Clear while f runs, all as output of that message, so that they land in
// the order they happened. If f panics the area goes on capturing that
// message, so that the kernel's report of the panic lands there too; the
// next capture moves it on.
func (o *OutputWidget) capture(msgID string, f func()) {
	o.set(map[string]any{"msg_id": msgID})
	o.capturing.Store(true)
	returned := false
	defer func() {
		o.capturing.Store(false)
		if returned {
			o.set(map[string]any{"msg_id": ""})
		}
	}()
	f()
	returned = true
}
