package kernel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/go-zeromq/zmq4"
)

func TestSeenIDsForgetsTheOldestFirst(t *testing.T) {
	s := newSeenIDs(3)
	for _, tc := range []struct {
		id    string
		first bool
	}{
		{"a", true}, {"b", true}, {"a", false}, {"c", true},
		{"d", true},  // the window is full: "a" is forgotten
		{"b", false}, // still in the window
		{"a", true},  // forgotten, so new again; "b" goes
		{"b", true},
		{"d", false},
		{"", true}, {"", true}, // unsigned: never a replay
	} {
		if got := s.firstTime(tc.id); got != tc.first {
			t.Errorf("firstTime(%q) = %v, want %v", tc.id, got, tc.first)
		}
	}
	if len(s.ids) != 3 || len(s.order) != 3 {
		t.Errorf("window holds %d ids in a ring of %d, want 3 and 3", len(s.ids), len(s.order))
	}
}

// syncBuffer is a log destination the kernel's goroutines and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestReplayedRequestIsNotExecutedAgain(t *testing.T) {
	logs := &syncBuffer{}
	_, _, c, _ := startKernelLogging(t, logs)

	captured := &Message{Header: newHeader("execute_request", c.session), Content: json.RawMessage(`{"code":"once"}`)}
	wire, err := captured.encode(c.signer)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := c.shell.SendMulti(zmq4.NewMsgFrom(wire...)); err != nil {
			t.Fatal(err)
		}
	}
	// A fresh request behind the replay: its reply must be the next one,
	// so the replay produced none.
	next := c.request(c.shell, "execute_request", map[string]any{"code": "after"})
	var parents []string
	for range 2 {
		parents = append(parents, parentID(c.receive(c.shell)))
	}
	if want := []string{captured.Header.MsgID, next}; fmt.Sprint(parents) != fmt.Sprint(want) {
		t.Errorf("replies answer %v, want %v (one reply to the captured request)", parents, want)
	}
	if !strings.Contains(logs.String(), "dropped a replayed execute_request") {
		t.Errorf("no log line for the replay; log:\n%s", logs)
	}
}

// A client's and its manager's requests may share a msg_id (jupyter_client
// counts them apart under one session): only a copy is a replay.
func TestSameMsgIDWithAnotherSignatureIsNotAReplay(t *testing.T) {
	logs := &syncBuffer{}
	_, _, c, _ := startKernelLogging(t, logs)
	var ids []string
	for _, code := range []string{"first", "second"} {
		m := &Message{Header: newHeader("execute_request", c.session), Content: json.RawMessage(`{"code":"` + code + `"}`)}
		m.Header.MsgID = "session_1234_0"
		m.Header.Date += code // a different header, as a later request has
		wire, err := m.encode(c.signer)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.shell.SendMulti(zmq4.NewMsgFrom(wire...)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.Header.MsgID)
	}
	for range 2 {
		if m := c.receive(c.shell); m.Header.MsgType != "execute_reply" {
			t.Fatalf("got %s, want execute_reply", m.Header.MsgType)
		}
	}
	if strings.Contains(logs.String(), "replayed") {
		t.Errorf("a new message was taken for a replay:\n%s", logs)
	}
}
