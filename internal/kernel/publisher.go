package kernel

import (
	"context"

	"gopherlab/internal/cellio"
)

// iopubPublisher publishes output as the output of one request.
type iopubPublisher struct {
	k      *Kernel
	parent *Message
	stdin  bool // the request allows input requests
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

func (p *iopubPublisher) Clear(wait bool) {
	p.k.publish(p.parent, "clear_output", map[string]any{"wait": wait})
}

func (p *iopubPublisher) Comm(c cellio.Comm) { p.k.publishComm(p.parent, c) }

func (p *iopubPublisher) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if !p.stdin {
		return "", cellio.ErrNoStdin
	}
	return p.k.requestInput(ctx, p.parent, prompt, password)
}

// silent is the publisher of a silent request, which the spec says must
// broadcast no output. Comms still go out: they are state shared with the
// front ends (a widget made by a silent cell), not the cell's output, as in
// ipykernel; so do its reads of stdin, which the request may allow.
type silent struct{ *iopubPublisher }

func (silent) Stream(string, string)                                {}
func (silent) Display(map[string]any, map[string]any, string, bool) {}
func (silent) Clear(bool)                                           {}
