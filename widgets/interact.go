package widgets

import (
	"fmt"
	"reflect"
)

// A Control is a widget with a value a function can take: the sliders, the
// checkbox, the dropdown and the text box.
type Control interface {
	Widget
	value() any
}

func (s *IntSliderWidget) value() any   { return s.Value() }
func (s *FloatSliderWidget) value() any { return s.Value() }
func (c *CheckboxWidget) value() any    { return c.Value() }
func (d *DropdownWidget) value() any    { return d.Value() }
func (t *TextWidget) value() any        { return t.Value() }

// Interact lays out controls above an output area, and calls f with their
// values, in order, now and whenever the user changes one (ipywidgets'
// interact, with the controls made by hand): f's parameters take the
// controls' values (int for IntSlider, float64, bool, string), and what f
// returns is shown in the area, as a cell's value is. A panic in f is shown
// there too, and the kernel goes on.
//
//	widgets.Interact(func(n int, pool string) any { return run(pool, n) },
//		widgets.IntSlider("workers", 1, 8, 2),
//		widgets.Dropdown("pool", []string{"goroutines", "GIL"}, "GIL"))
func Interact(f any, controls ...Control) (*Box, error) {
	fv := reflect.ValueOf(f)
	if fv.Kind() != reflect.Func {
		return nil, fmt.Errorf("widgets.Interact: %T is not a function", f)
	}
	ft := fv.Type()
	if ft.NumIn() != len(controls) || ft.IsVariadic() {
		return nil, fmt.Errorf("widgets.Interact: the function takes %d arguments, and %d controls were given", ft.NumIn(), len(controls))
	}
	for i, c := range controls {
		if v := reflect.ValueOf(c.value()); !fits(v.Type(), ft.In(i)) {
			return nil, fmt.Errorf("widgets.Interact: argument %d is a %s, and its control gives a %s", i+1, ft.In(i), v.Type())
		}
	}
	out := Output()
	for _, c := range controls {
		// What f prints when a control changes goes to the area too.
		m := c.model()
		m.mu.Lock()
		m.log = out
		m.mu.Unlock()
	}
	run := func() {
		args := make([]reflect.Value, len(controls))
		for i, c := range controls {
			args[i] = reflect.ValueOf(c.value()).Convert(ft.In(i))
		}
		out.Clear()
		defer func() {
			if r := recover(); r != nil {
				out.add(map[string]any{"output_type": "stream", "name": "stderr", "text": fmt.Sprintf("panic: %v\n", r)})
			}
		}()
		for _, res := range fv.Call(args) {
			if res.Kind() == reflect.Interface && res.IsNil() {
				continue
			}
			out.Display(res.Interface())
		}
	}
	children := make([]Widget, 0, len(controls)+1)
	for _, c := range controls {
		c.model().observe(func(map[string]any) { run() })
		children = append(children, c)
	}
	run()
	return VBox(VBox(children...), out), nil
}

// fits tells whether a control's value can be passed as a parameter of
// type to: a number as any number type, a bool as a bool, a string as a
// string (reflect would also turn an int into a one-rune string).
func fits(from, to reflect.Type) bool {
	if !from.ConvertibleTo(to) {
		return false
	}
	switch from.Kind() {
	case reflect.Int, reflect.Float64:
		return isNumber(to.Kind())
	}
	return from.Kind() == to.Kind()
}

func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}
