package supervisor

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"gopherlab/internal/cellio"
)

func TestMessagesRoundTrip(t *testing.T) {
	tests := []message{
		{Type: typeExecute, ID: 1, Code: "x := 1\nx", Count: 3, UserExpressions: map[string]string{"a": "x"}},
		{Type: typeReply, ID: 1, Synced: true, Data: map[string]any{"text/plain": "1"}},
		{Type: typeReply, ID: 2, Error: &cellio.Error{Name: "panic", Value: "boom", Traceback: []string{"panic: boom"}}},
		{Type: typeDisplay, Synced: true, Data: map[string]any{"application/json": map[string]any{"big": json.Number("9007199254740993")}}, DisplayID: "d1", Update: true},
		{Type: typeInputRequest, ID: 7, Prompt: "name? ", Password: true},
		{Type: typeInterrupt},
	}
	var pipe bytes.Buffer
	enc := &encoder{w: &pipe}
	for _, m := range tests {
		if err := enc.send(m); err != nil {
			t.Fatal(err)
		}
	}
	dec := newDecoder(&pipe)
	for _, want := range tests {
		got, err := dec.next()
		if err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if !bytes.Equal(g, w) {
			t.Errorf("got %s, want %s", g, w)
		}
	}
	if _, err := dec.next(); err != io.EOF {
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
			t.Fatal("decoded a message without a type")
		}
		var buf bytes.Buffer
		if err := (&encoder{w: &buf}).send(m); err != nil {
			t.Fatalf("decoded %q but cannot encode it: %v", line, err)
		}
	})
}
