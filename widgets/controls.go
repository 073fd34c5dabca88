package widgets

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// An IntSliderWidget is a slider of integers.
type IntSliderWidget struct{ *Model }

// IntSlider makes a slider of integers from min to max.
func IntSlider(description string, min, max, value int) *IntSliderWidget {
	return &IntSliderWidget{control("IntSliderModel", "IntSliderView", "SliderStyleModel", described(description, map[string]any{
		"behavior": "drag-tap", "continuous_update": true, "disabled": false, "max": max, "min": min,
		"orientation": "horizontal", "readout": true, "readout_format": "d", "step": 1, "value": value,
	}))}
}

// Value is the slider's value.
func (s *IntSliderWidget) Value() int { return toInt(s.get("value")) }

// SetValue moves the slider.
func (s *IntSliderWidget) SetValue(v int) { s.set(map[string]any{"value": v}) }

// OnChange calls f with the value the user moves the slider to.
func (s *IntSliderWidget) OnChange(f func(int)) { onValue(s.Model, func(v any) { f(toInt(v)) }) }

// A FloatSliderWidget is a slider of numbers.
type FloatSliderWidget struct{ *Model }

// FloatSlider makes a slider of numbers from min to max in steps of step.
func FloatSlider(description string, min, max, step, value float64) *FloatSliderWidget {
	return &FloatSliderWidget{control("FloatSliderModel", "FloatSliderView", "SliderStyleModel", described(description, map[string]any{
		"behavior": "drag-tap", "continuous_update": true, "disabled": false, "max": max, "min": min,
		"orientation": "horizontal", "readout": true, "readout_format": ".2f", "step": step, "value": value,
	}))}
}

// Value is the slider's value.
func (s *FloatSliderWidget) Value() float64 { return toFloat(s.get("value")) }

// SetValue moves the slider.
func (s *FloatSliderWidget) SetValue(v float64) { s.set(map[string]any{"value": v}) }

// OnChange calls f with the value the user moves the slider to.
func (s *FloatSliderWidget) OnChange(f func(float64)) {
	onValue(s.Model, func(v any) { f(toFloat(v)) })
}

// A ProgressWidget is a progress bar (IntProgress or FloatProgress); its
// value is a float64 either way.
type ProgressWidget struct{ *Model }

// IntProgress makes a progress bar of whole steps from min to max.
func IntProgress(description string, min, max int) *ProgressWidget {
	return &ProgressWidget{control("IntProgressModel", "ProgressView", "ProgressStyleModel", described(description, map[string]any{
		"bar_style": "", "max": max, "min": min, "orientation": "horizontal", "value": min,
	}))}
}

// FloatProgress makes a progress bar from min to max.
func FloatProgress(description string, min, max float64) *ProgressWidget {
	return &ProgressWidget{control("FloatProgressModel", "ProgressView", "ProgressStyleModel", described(description, map[string]any{
		"bar_style": "", "max": max, "min": min, "orientation": "horizontal", "value": min,
	}))}
}

// Value is how far the bar is.
func (p *ProgressWidget) Value() float64 { return toFloat(p.get("value")) }

// SetValue moves the bar; an IntProgress rounds v.
func (p *ProgressWidget) SetValue(v float64) {
	if p.get("_model_name") == "IntProgressModel" {
		p.set(map[string]any{"value": int(math.Round(v))})
		return
	}
	p.set(map[string]any{"value": v})
}

// BarStyle is the bar's colour style (see SetBarStyle).
func (p *ProgressWidget) BarStyle() string { s, _ := p.get("bar_style").(string); return s }

// SetBarStyle colours the bar: "success", "info", "warning", "danger" or ""
// (the default).
func (p *ProgressWidget) SetBarStyle(s string) { p.set(map[string]any{"bar_style": s}) }

// A ButtonWidget is a button.
type ButtonWidget struct{ *Model }

// Button makes a button labelled description.
func Button(description string) *ButtonWidget {
	return &ButtonWidget{control("ButtonModel", "ButtonView", "ButtonStyleModel", map[string]any{
		"button_style": "", "description": description, "disabled": false, "icon": "",
	})}
}

// OnClick calls f each time the user clicks the button.
func (b *ButtonWidget) OnClick(f func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.onCustom = append(b.onCustom, func(content map[string]any) {
		if content["event"] == "click" {
			f()
		}
	})
}

// A CheckboxWidget is a checkbox.
type CheckboxWidget struct{ *Model }

// Checkbox makes a checkbox.
func Checkbox(description string, value bool) *CheckboxWidget {
	return &CheckboxWidget{control("CheckboxModel", "CheckboxView", "CheckboxStyleModel", described(description, map[string]any{
		"disabled": false, "indent": true, "value": value,
	}))}
}

// Value tells whether the box is checked.
func (c *CheckboxWidget) Value() bool { v, _ := c.get("value").(bool); return v }

// SetValue checks or clears the box.
func (c *CheckboxWidget) SetValue(v bool) { c.set(map[string]any{"value": v}) }

// OnChange calls f with the value the user sets.
func (c *CheckboxWidget) OnChange(f func(bool)) {
	onValue(c.Model, func(v any) { b, _ := v.(bool); f(b) })
}

// A DropdownWidget chooses one of a list of options.
type DropdownWidget struct {
	*Model
	options []string
}

// Dropdown makes a dropdown of options with value chosen (the first
// option when value is not one of them).
func Dropdown(description string, options []string, value string) *DropdownWidget {
	index := 0
	for i, o := range options {
		if o == value {
			index = i
		}
	}
	labels := make([]any, len(options))
	for i, o := range options {
		labels[i] = o
	}
	var idx any = index
	if len(options) == 0 {
		idx = nil
	}
	d := &DropdownWidget{Model: control("DropdownModel", "DropdownView", "DescriptionStyleModel", described(description, map[string]any{
		"_options_labels": labels, "disabled": false, "index": idx,
	})), options: append([]string(nil), options...)}
	// Its line of text names the option chosen: Dropdown(pool="GIL").
	d.text = func() string { return describe(d.snapshot(), d.Value()) }
	return d
}

// Value is the chosen option.
func (d *DropdownWidget) Value() string { return d.option(d.get("index")) }

func (d *DropdownWidget) option(index any) string {
	if index == nil {
		return ""
	}
	i := toInt(index)
	if i < 0 || i >= len(d.options) {
		return ""
	}
	return d.options[i]
}

// SetValue chooses an option; one not in the list is an error.
func (d *DropdownWidget) SetValue(v string) error {
	for i, o := range d.options {
		if o == v {
			d.set(map[string]any{"index": i})
			return nil
		}
	}
	return fmt.Errorf("widgets: %q is not an option of the dropdown", v)
}

// OnChange calls f with the option the user chooses.
func (d *DropdownWidget) OnChange(f func(string)) {
	d.observe(func(changed map[string]any) {
		if index, ok := changed["index"]; ok {
			f(d.option(index))
		}
	})
}

// A TextWidget is a line of text the user can edit.
type TextWidget struct{ *Model }

// Text makes a text box.
func Text(description, value string) *TextWidget {
	return &TextWidget{control("TextModel", "TextView", "TextStyleModel", described(description, map[string]any{
		"continuous_update": true, "disabled": false, "placeholder": "\u200b", "value": value,
	}))}
}

// Value is the text.
func (t *TextWidget) Value() string { s, _ := t.get("value").(string); return s }

// SetValue replaces the text.
func (t *TextWidget) SetValue(v string) { t.set(map[string]any{"value": v}) }

// OnChange calls f with the text as the user edits it.
func (t *TextWidget) OnChange(f func(string)) {
	onValue(t.Model, func(v any) { s, _ := v.(string); f(s) })
}

// A TextDisplay is a Label (plain text) or an HTML widget, which the user
// reads and the kernel updates.
type TextDisplay struct{ *Model }

// Label makes a line of plain text.
func Label(value string) *TextDisplay {
	return &TextDisplay{control("LabelModel", "LabelView", "LabelStyleModel", described("", map[string]any{
		"placeholder": "\u200b", "value": value,
	}))}
}

// HTML makes a widget that shows HTML.
func HTML(value string) *TextDisplay {
	return &TextDisplay{control("HTMLModel", "HTMLView", "HTMLStyleModel", described("", map[string]any{
		"placeholder": "\u200b", "value": value,
	}))}
}

// Value is the text shown.
func (t *TextDisplay) Value() string { s, _ := t.get("value").(string); return s }

// SetValue replaces the text shown.
func (t *TextDisplay) SetValue(v string) { t.set(map[string]any{"value": v}) }

// A Box lays widgets out in a row (HBox) or a column (VBox).
type Box struct{ *Model }

// HBox puts children side by side.
func HBox(children ...Widget) *Box { return box("HBoxModel", "HBoxView", children) }

// VBox puts children one above the other.
func VBox(children ...Widget) *Box { return box("VBoxModel", "VBoxView", children) }

func box(name, view string, children []Widget) *Box {
	refs := make([]any, len(children))
	for i, c := range children {
		refs[i] = ref(c)
	}
	b := &Box{control(name, view, "", map[string]any{"box_style": "", "children": refs})}
	b.children = append([]Widget(nil), children...)
	// Its line of text names what it holds: VBox(IntSlider(n=2), Output()).
	b.text = func() string {
		parts := make([]string, len(b.children))
		for i, c := range b.children {
			parts[i] = fmt.Sprint(c)
		}
		return strings.TrimSuffix(name, "Model") + "(" + strings.Join(parts, ", ") + ")"
	}
	return b
}

// onValue calls f with each value a front end sets.
func onValue(m *Model, f func(any)) {
	m.observe(func(changed map[string]any) {
		if v, ok := changed["value"]; ok {
			f(v)
		}
	})
}

// toInt and toFloat read a number of the state: an int or float64 set
// here, a float64 or json.Number that came from a front end.
func toInt(v any) int { return int(math.Round(toFloat(v))) }

func toFloat(v any) float64 {
	switch n := v.(type) {
	case int:
		return float64(n)
	case float64:
		return n
	case json.Number:
		f, _ := n.Float64()
		return f
	}
	return 0
}
