package workerproto

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"gopherlab/internal/cellio"
)

func TestMessagesRoundTrip(t *testing.T) {
	tests := []Message{
		{Type: TypeExecute, ID: 1, Request: &cellio.ExecuteRequest{Code: "x := 1\nx", Count: 3, UserExpressions: map[string]string{"a": "x"}}},
		{Type: TypeReply, ID: 1, Synced: true, Reply: &cellio.ExecuteReply{Data: map[string]any{"text/plain": "1"}}},
		{Type: TypeReply, ID: 3, Completion: &cellio.Completion{Matches: []string{"x"}, Start: 0, End: 1}},
		{Type: TypeComm, Comm: &cellio.Comm{Type: "comm_msg", ID: "c1", Buffers: [][]byte{{0, 1}}}},
		{Type: TypeReply, ID: 2, Error: &cellio.Error{Name: "panic", Value: "boom", Traceback: []string{"panic: boom"}}},
		{Type: TypeDisplay, Synced: true, Data: map[string]any{"application/json": map[string]any{"big": json.Number("9007199254740993")}}, DisplayID: "d1", Update: true},
		{Type: TypeInputRequest, ID: 7, Prompt: "name? ", Password: true},
		{Type: TypeInterrupt},
	}
	var pipe bytes.Buffer
	enc := NewEncoder(&pipe)
	for _, m := range tests {
		if err := enc.Send(m); err != nil {
			t.Fatal(err)
		}
	}
	dec := NewDecoder(&pipe)
	for _, want := range tests {
		got, err := dec.Next()
		if err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if !bytes.Equal(g, w) {
			t.Errorf("got %s, want %s", g, w)
		}
	}
	if _, err := dec.Next(); err != io.EOF {
		t.Errorf("at the end: %v, want EOF", err)
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, line := range []string{"", "{}", "not json", `{"type": 3}`, `{"type":"reply"} trailing`} {
		if _, err := decodeMessage([]byte(line)); err == nil && line != `{"type":"reply"} trailing` {
			t.Errorf("decodeMessage(%q) succeeded", line)
		}
	}
}

// FuzzDecodeMessage: a line from a worker, whatever it holds, decodes or is
// rejected, never panics; what decodes encodes again.
func FuzzDecodeMessage(f *testing.F) {
	f.Add([]byte(`{"type":"reply","id":1,"data":{"text/plain":"2"}}`))
	f.Add([]byte(`{"type":"display","synced":true,"data":{"application/json":{"n":1e400}}}`))
	f.Add([]byte(`{"type":"input_request","id":-1,"prompt":"\u0000"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		m, err := decodeMessage(line)
		if err != nil {
			return
		}
		if m.Type == "" {
			t.Fatal("decoded a Message without a type")
		}
		var buf bytes.Buffer
		if err := NewEncoder(&buf).Send(m); err != nil {
			t.Fatalf("decoded %q but cannot encode it: %v", line, err)
		}
	})
}
