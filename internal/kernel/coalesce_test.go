package kernel

import (
	"encoding/json"
	"testing"
)

func TestSuperseded(t *testing.T) {
	msg := func(msgType, content string) *Message {
		if !json.Valid([]byte(content)) {
			t.Fatalf("bad content %s", content)
		}
		return &Message{Header: Header{MsgType: msgType}, Content: json.RawMessage(content)}
	}
	update := func(comm, state string) *Message {
		return msg("comm_msg", `{"comm_id":"`+comm+`","data":{"method":"update","state":`+state+`}}`)
	}
	tests := []struct {
		name  string
		msg   *Message
		later []*Message
		want  bool
	}{
		{"a later update of the same key", update("a", `{"value":1}`), []*Message{update("a", `{"value":2}`)}, true},
		{"a later update of more keys", update("a", `{"value":1}`), []*Message{update("a", `{"value":2,"max":9}`)}, true},
		{"past updates of other comms", update("a", `{"value":1}`), []*Message{update("b", `{"value":2}`), update("a", `{"value":3}`)}, true},
		{"nothing later", update("a", `{"value":1}`), nil, false},
		{"another comm", update("a", `{"value":1}`), []*Message{update("b", `{"value":2}`)}, false},
		{"fewer keys later", update("a", `{"value":1,"max":9}`), []*Message{update("a", `{"value":2}`)}, false},
		{"a cell in between", update("a", `{"value":1}`), []*Message{msg("execute_request", `{"code":"x"}`), update("a", `{"value":2}`)}, false},
		{"not an update", msg("comm_msg", `{"comm_id":"a","data":{"method":"custom","content":{"event":"click"}}}`), []*Message{msg("comm_msg", `{"comm_id":"a","data":{"method":"custom","content":{"event":"click"}}}`)}, false},
		{"not a comm_msg", msg("execute_request", `{"code":"x"}`), []*Message{msg("execute_request", `{"code":"x"}`)}, false},
		{"malformed", msg("comm_msg", `{"comm_id":1}`), []*Message{update("a", `{"value":2}`)}, false},
	}
	for _, tt := range tests {
		if got := superseded(tt.msg, tt.later); got != tt.want {
			t.Errorf("%s: superseded = %v, want %v", tt.name, got, tt.want)
		}
	}
}
