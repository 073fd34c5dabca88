package widgets

import (
	"fmt"
	"os"
	"sync/atomic"

	"gopherlab/display"
)

// An OutputWidget is an output area the kernel writes into: text and
// anything display shows (a chart, a table), replaced or added to while
// the widget is on screen. It is how an OnChange function shows its
// result.
type OutputWidget struct {
	*Model
	capturing atomic.Bool // while a handler's output goes here (capture.go)
}

// Output makes an empty output area.
func Output() *OutputWidget {
	return &OutputWidget{Model: open(map[string]any{
		"_dom_classes": []any{}, "_model_module": outputModule, "_model_module_version": outputVersion,
		"_model_name": "OutputModel", "_view_count": nil, "_view_module": outputModule,
		"_view_module_version": outputVersion, "_view_name": "OutputView",
		"layout": modelRefPrefix + layout().id, "msg_id": "", "outputs": []any{},
		"tabbable": nil, "tooltip": nil,
	})}
}

// Clear empties the area.
func (o *OutputWidget) Clear() { o.set(map[string]any{"outputs": []any{}}) }

// Print adds text, as fmt.Print would write it.
func (o *OutputWidget) Print(a ...any) {
	o.add(map[string]any{"output_type": "stream", "name": "stdout", "text": fmt.Sprint(a...)})
}

// Println adds a line of text.
func (o *OutputWidget) Println(a ...any) {
	o.add(map[string]any{"output_type": "stream", "name": "stdout", "text": fmt.Sprintln(a...)})
}

// Display adds v, shown as display.Show would show it in a cell.
func (o *OutputWidget) Display(v any) {
	o.add(map[string]any{"output_type": "display_data", "data": display.Bundle(v), "metadata": map[string]any{}})
}

// add appends one output (in nbformat's shape) to the area. Where no
// front end renders widgets, the output is printed instead, so a headless
// run still shows it.
func (o *OutputWidget) add(out map[string]any) {
	if o.capturing.Load() {
		// The front end puts output of the message being handled here.
		if text, ok := out["text"].(string); ok {
			w := os.Stdout
			if out["name"] == "stderr" {
				w = os.Stderr
			}
			fmt.Fprint(w, text)
		} else if data, ok := out["data"].(map[string]any); ok {
			display.Publish(data, nil)
		}
		return
	}
	if o.comm == nil {
		if text, ok := out["text"].(string); ok {
			fmt.Print(text)
		} else if data, ok := out["data"].(map[string]any); ok {
			fmt.Println(data[display.MIMEText])
		}
		return
	}
	o.mu.Lock()
	outputs, _ := o.state["outputs"].([]any)
	outputs = append(append([]any{}, outputs...), out)
	o.state["outputs"] = outputs
	o.mu.Unlock()
	o.sendState("update", map[string]any{"outputs": outputs})
}
