package kernel

// iopubPublisher publishes output as the output of one request.
type iopubPublisher struct {
	k      *Kernel
	parent *Message
}

func (p *iopubPublisher) Stream(name, text string) {
	p.k.publish(p.parent, "stream", map[string]any{"name": name, "text": text})
}

func (p *iopubPublisher) Display(data, metadata map[string]any, displayID string, update bool) {
	content := map[string]any{
		"data":      orEmptyMap(data),
		"metadata":  orEmptyMap(metadata),
		"transient": map[string]any{},
	}
	if displayID != "" {
		content["transient"] = map[string]any{"display_id": displayID}
	}
	msgType := "display_data"
	if update {
		msgType = "update_display_data"
	}
	p.k.publish(p.parent, msgType, content)
}

func (p *iopubPublisher) ClearOutput(wait bool) {
	p.k.publish(p.parent, "clear_output", map[string]any{"wait": wait})
}

func (p *iopubPublisher) Comm(c Comm) { p.k.publishComm(p.parent, c) }

// silent is the publisher of a silent request, which the spec says must
// broadcast no output. Comms still go out: they are state shared with the
// front ends (a widget made by a silent cell), not the cell's output, as in
// ipykernel.
type silent struct{ comms *iopubPublisher }

func (silent) Stream(string, string)                                {}
func (silent) Display(map[string]any, map[string]any, string, bool) {}
func (silent) ClearOutput(bool)                                     {}
func (s silent) Comm(c Comm)                                        { s.comms.Comm(c) }
