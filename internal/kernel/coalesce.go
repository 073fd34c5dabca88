package kernel

import "encoding/json"

// A front end sends a comm_msg for every step of a slider being dragged,
// hundreds a second, while the handler of the first may take a second (a
// chart redrawn). Handling each in turn would leave the kernel seconds
// behind the mouse. So the shell worker takes what is queued at once, and
// skips an update that a later one in the same run of comm messages makes
// moot: the same comm, the same keys of its state or more. The latest value
// wins, and nothing else is dropped or reordered.

// drain returns first and the shell requests queued behind it now.
func (k *Kernel) drain(first *Message) []*Message {
	batch := []*Message{first}
	for {
		select {
		case msg := <-k.shellQueue:
			batch = append(batch, msg)
		default:
			return batch
		}
	}
}

// commUpdate is what coalescing reads of a comm_msg: the widget protocol's
// {"method": "update", "state": {...}}.
type commUpdate struct {
	CommID string `json:"comm_id"`
	Data   struct {
		Method string                     `json:"method"`
		State  map[string]json.RawMessage `json:"state"`
	} `json:"data"`
}

// asUpdate reads msg as a state update on a comm, ok false if it is not one.
func asUpdate(msg *Message) (u commUpdate, ok bool) {
	if msg.Header.MsgType != "comm_msg" || json.Unmarshal(msg.Content, &u) != nil {
		return u, false
	}
	return u, u.Data.Method == "update" && u.CommID != "" && len(msg.Buffers) == 0
}

// superseded tells whether the update msg is made moot by one that follows
// it in later, before anything but comm messages.
func superseded(msg *Message, later []*Message) bool {
	u, ok := asUpdate(msg)
	if !ok {
		return false
	}
	for _, next := range later {
		if next.Header.MsgType != "comm_msg" {
			return false
		}
		v, ok := asUpdate(next)
		if !ok || v.CommID != u.CommID {
			continue
		}
		covers := true
		for key := range u.Data.State {
			if _, ok := v.Data.State[key]; !ok {
				covers = false
				break
			}
		}
		if covers {
			return true
		}
	}
	return false
}
