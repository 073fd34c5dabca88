package kernel

import "gopherlab/internal/cellio"

func (k *Kernel) complete(msg *Message) {
	var c struct {
		Code      string `json:"code"`
		CursorPos int    `json:"cursor_pos"`
	}
	if err := msg.content(&c); err != nil {
		k.log.Print(err)
	}
	comp := k.cfg.Interpreter.Complete(c.Code, c.CursorPos)
	matches := comp.Matches
	if matches == nil {
		matches = []string{}
	}
	k.send(k.shell, msg, "complete_reply", map[string]any{
		"status":       "ok",
		"matches":      matches,
		"cursor_start": comp.Start,
		"cursor_end":   comp.End,
		"metadata":     completionMetadata(comp),
	})
}

// completionMetadata carries the kind of each match the way ipykernel does
// and JupyterLab reads it: a list under _jupyter_types_experimental, one
// entry per match, with the span it replaces.
func completionMetadata(c cellio.Completion) map[string]any {
	if len(c.Kinds) != len(c.Matches) || len(c.Matches) == 0 {
		return map[string]any{}
	}
	types := make([]map[string]any, len(c.Matches))
	for i, m := range c.Matches {
		types[i] = map[string]any{"start": c.Start, "end": c.End, "text": m, "type": c.Kinds[i]}
	}
	return map[string]any{"_jupyter_types_experimental": types}
}

func (k *Kernel) inspect(msg *Message) {
	var c struct {
		Code        string `json:"code"`
		CursorPos   int    `json:"cursor_pos"`
		DetailLevel int    `json:"detail_level"`
	}
	if err := msg.content(&c); err != nil {
		k.log.Print(err)
	}
	data, found := k.cfg.Interpreter.Inspect(c.Code, c.CursorPos, c.DetailLevel)
	k.send(k.shell, msg, "inspect_reply", map[string]any{
		"status":   "ok",
		"found":    found,
		"data":     orEmptyMap(data),
		"metadata": map[string]any{},
	})
}

func (k *Kernel) isComplete(msg *Message) {
	var c struct {
		Code string `json:"code"`
	}
	if err := msg.content(&c); err != nil {
		k.log.Print(err)
	}
	status, indent := k.cfg.Interpreter.IsComplete(c.Code)
	reply := map[string]any{"status": status}
	if status == "incomplete" {
		reply["indent"] = indent
	}
	k.send(k.shell, msg, "is_complete_reply", reply)
}
