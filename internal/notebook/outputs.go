package notebook

import (
	"sort"
	"strings"

	"gopherlab/internal/cellio"
)

// Recorder turns what a kernel sends while cells run into the outputs
// nbformat stores, as Jupyter's front ends do: consecutive stream text of
// one name joins into one output, clear_output empties the cell (at its
// next output, when asked to wait), and update_display_data replaces the
// outputs that share its display_id, in whichever cell they are. It is a
// cellio.Output; Reply records how each cell ended.
type Recorder struct {
	cell      *Cell
	clearNext bool
	// displays finds the outputs shown under a display_id.
	displays map[string][]displayed
}

type displayed struct {
	cell  *Cell
	index int
}

// Start makes c the cell whose outputs are recorded, and empties them.
func (r *Recorder) Start(c *Cell) {
	r.cell = c
	r.clearNext = false
	c.Outputs = nil
	for id, list := range r.displays {
		kept := list[:0]
		for _, d := range list {
			if d.cell != c {
				kept = append(kept, d)
			}
		}
		r.displays[id] = kept
	}
}

func (r *Recorder) add(o Output) int {
	if r.cell == nil {
		return -1
	}
	if r.clearNext {
		r.clear()
	}
	r.cell.Outputs = append(r.cell.Outputs, o)
	return len(r.cell.Outputs) - 1
}

func (r *Recorder) clear() {
	r.clearNext = false
	if r.cell == nil {
		return
	}
	r.cell.Outputs = nil
	for id, list := range r.displays {
		kept := list[:0]
		for _, d := range list {
			if d.cell != r.cell {
				kept = append(kept, d)
			}
		}
		r.displays[id] = kept
	}
}

// Stream records printed text.
func (r *Recorder) Stream(name, text string) {
	if r.cell == nil {
		return
	}
	if r.clearNext {
		r.clear()
	}
	if n := len(r.cell.Outputs); n > 0 {
		last := r.cell.Outputs[n-1]
		if last["output_type"] == "stream" && last["name"] == name {
			prev, _ := multiline(last["text"])
			last["text"] = Lines(prev + text)
			return
		}
	}
	r.add(Output{"output_type": "stream", "name": name, "text": Lines(text)})
}

// Display records display_data, or an update of earlier outputs.
func (r *Recorder) Display(data, metadata map[string]any, displayID string, update bool) {
	if update {
		for _, d := range r.displays[displayID] {
			if d.index < len(d.cell.Outputs) {
				o := d.cell.Outputs[d.index]
				o["data"], o["metadata"] = mimeBundle(data), orEmpty(metadata)
			}
		}
		return
	}
	i := r.add(Output{"output_type": "display_data", "data": mimeBundle(data), "metadata": orEmpty(metadata)})
	if displayID != "" && i >= 0 {
		if r.displays == nil {
			r.displays = map[string][]displayed{}
		}
		r.displays[displayID] = append(r.displays[displayID], displayed{r.cell, i})
	}
}

// Clear records clear_output.
func (r *Recorder) Clear(wait bool) {
	if wait {
		r.clearNext = true
		return
	}
	r.clear()
}

// Reply records how the cell ended, its execution count and its
// execute_result or error.
func (r *Recorder) Reply(count int, reply cellio.ExecuteReply) {
	r.cell.ExecutionCount = &count
	switch e := reply.Err; {
	case e != nil:
		traceback := e.Traceback
		if traceback == nil {
			traceback = []string{}
		}
		r.add(Output{"output_type": "error", "ename": e.Name, "evalue": e.Value, "traceback": traceback})
	case reply.Data != nil:
		r.add(Output{"output_type": "execute_result", "execution_count": count, "data": mimeBundle(reply.Data), "metadata": orEmpty(reply.Metadata)})
	}
}

// mimeBundle stores text types as lists of lines, as nbformat does; JSON
// types stay objects.
func mimeBundle(data map[string]any) map[string]any {
	out := make(map[string]any, len(data))
	for mime, v := range data {
		if s, ok := v.(string); ok && !strings.HasSuffix(mime, "json") && (strings.HasPrefix(mime, "text/") || mime == "image/svg+xml") {
			out[mime] = Lines(s)
			continue
		}
		out[mime] = v
	}
	return out
}

// Text is the text of an output as a terminal shows it: stream text, the
// text/plain of a result or display, or an error's traceback. Rich data
// without text (an SVG chart) is named instead.
func (o Output) Text() string {
	switch o["output_type"] {
	case "stream":
		s, _ := multiline(o["text"])
		return s
	case "error":
		var lines []string
		switch tb := o["traceback"].(type) {
		case []string:
			lines = tb
		case []any: // as decoded
			for _, l := range tb {
				s, _ := l.(string)
				lines = append(lines, s)
			}
		}
		return strings.Join(lines, "\n") + "\n"
	}
	data, _ := o["data"].(map[string]any)
	var rich []string
	for mime := range data {
		if mime != "text/plain" {
			rich = append(rich, mime)
		}
	}
	sort.Strings(rich)
	plain, _ := multiline(data["text/plain"])
	if len(rich) > 0 {
		note := "[" + strings.Join(rich, ", ") + "]"
		if plain == "" || strings.HasPrefix(plain, "<") {
			return note + "\n"
		}
		return plain + "  " + note + "\n"
	}
	return plain + "\n"
}
