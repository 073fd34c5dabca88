package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

func testSigner(t testing.TB, key string) *signer {
	t.Helper()
	s, err := newSigner("hmac-sha256", key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// frames builds a wire message by hand, as another implementation would.
func frames(s *signer, ids []string, header, parent, metadata, content string, buffers ...string) [][]byte {
	var out [][]byte
	for _, id := range ids {
		out = append(out, []byte(id))
	}
	out = append(out, delimiter, []byte(s.sign([]byte(header), []byte(parent), []byte(metadata), []byte(content))),
		[]byte(header), []byte(parent), []byte(metadata), []byte(content))
	for _, b := range buffers {
		out = append(out, []byte(b))
	}
	return out
}

const execHeader = `{"msg_id":"m1","session":"s1","username":"u","date":"2026-11-25T00:00:00Z","msg_type":"execute_request","version":"5.3"}`

func TestDecode(t *testing.T) {
	s := testSigner(t, "secret")
	tests := []struct {
		name    string
		frames  [][]byte
		wantErr error
		check   func(t *testing.T, m *Message)
	}{
		{
			name:   "routed request with buffers",
			frames: frames(s, []string{"id1", "id2"}, execHeader, `{}`, `{}`, `{"code":"1+1"}`, "buf"),
			check: func(t *testing.T, m *Message) {
				if len(m.Identities) != 2 || string(m.Identities[1]) != "id2" {
					t.Errorf("identities = %q", m.Identities)
				}
				if m.Header.MsgType != "execute_request" || m.Header.MsgID != "m1" {
					t.Errorf("header = %+v", m.Header)
				}
				if len(m.Buffers) != 1 || string(m.Buffers[0]) != "buf" {
					t.Errorf("buffers = %q", m.Buffers)
				}
			},
		},
		{name: "no identities", frames: frames(s, nil, execHeader, `{}`, `{}`, `{}`)},
		{name: "no delimiter", frames: [][]byte{[]byte("id"), []byte("x")}, wantErr: errNoDelimiter},
		{name: "too few frames", frames: frames(s, nil, execHeader, `{}`, `{}`, `{}`)[:4], wantErr: errTooShort},
		{
			name:    "forged signature",
			frames:  func() [][]byte { f := frames(s, nil, execHeader, `{}`, `{}`, `{}`); f[1] = []byte("00ff"); return f }(),
			wantErr: errBadSig,
		},
		{
			name:    "signature not hex",
			frames:  func() [][]byte { f := frames(s, nil, execHeader, `{}`, `{}`, `{}`); f[1] = []byte("zz"); return f }(),
			wantErr: errBadSig,
		},
		{
			name: "tampered content",
			frames: func() [][]byte {
				f := frames(s, nil, execHeader, `{}`, `{}`, `{}`)
				f[5] = []byte(`{"code":"evil"}`)
				return f
			}(),
			wantErr: errBadSig,
		},
		{
			name:    "signed with another key",
			frames:  frames(testSigner(t, "other"), nil, execHeader, `{}`, `{}`, `{}`),
			wantErr: errBadSig,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := decode(tt.frames, s)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("decode error = %v, want %v", err, tt.wantErr)
			}
			if err == nil && tt.check != nil {
				tt.check(t, m)
			}
		})
	}
}

func TestDecodeRejectsBadJSON(t *testing.T) {
	s := testSigner(t, "")
	tests := []struct{ name, header, content string }{
		{"header not JSON", `{`, `{}`},
		{"no msg_type", `{"msg_id":"x"}`, `{}`},
		{"content not an object", execHeader, `[1]`},
		{"content not JSON", execHeader, `{"a":`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decode(frames(s, nil, tt.header, `{}`, `{}`, tt.content), s); err == nil {
				t.Fatal("decode accepted a malformed message")
			}
		})
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	s := testSigner(t, "k")
	parent, err := decode(frames(s, []string{"peer"}, execHeader, `{}`, `{}`, `{}`), s)
	if err != nil {
		t.Fatal(err)
	}
	k := &Kernel{signer: s, session: "kernel-session"}
	reply, err := k.newMessage(parent, "execute_reply", map[string]any{"status": "ok"})
	if err != nil {
		t.Fatal(err)
	}
	reply.Identities = parent.Identities
	reply.Buffers = [][]byte{[]byte("raw")}
	wire, err := reply.encode(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decode(wire, s)
	if err != nil {
		t.Fatalf("decode(encode(m)): %v", err)
	}
	if !bytes.Equal(got.Parent, []byte(execHeader)) {
		t.Errorf("parent = %s, want the request's header verbatim", got.Parent)
	}
	if got.Header.MsgType != "execute_reply" || got.Header.Session != "kernel-session" || got.Header.Version != ProtocolVersion {
		t.Errorf("header = %+v", got.Header)
	}
	var content map[string]string
	if err := json.Unmarshal(got.Content, &content); err != nil || content["status"] != "ok" {
		t.Errorf("content = %s (%v)", got.Content, err)
	}
	if string(got.Identities[0]) != "peer" || string(got.Buffers[0]) != "raw" {
		t.Errorf("identities %q, buffers %q", got.Identities, got.Buffers)
	}
}

func TestEmptyKeyMeansNoSigning(t *testing.T) {
	s := testSigner(t, "")
	f := frames(s, nil, execHeader, `{}`, `{}`, `{}`)
	if len(f[1]) != 0 {
		t.Errorf("signature with an empty key = %q, want empty", f[1])
	}
	f[1] = []byte("anything")
	if _, err := decode(f, s); err != nil {
		t.Errorf("with an empty key any signature is accepted, got %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	s := testSigner(f, "fuzz-key")
	add := func(fr [][]byte) { f.Add(bytes.Join(fr, []byte{0xff, 0xfe})) }
	add(frames(s, []string{"id"}, execHeader, `{}`, `{}`, `{"code":"x"}`))
	add(frames(s, nil, execHeader, `{}`, `{}`, `{}`, "b1", "b2"))
	add([][]byte{delimiter})
	f.Fuzz(func(t *testing.T, data []byte) {
		parts := bytes.Split(data, []byte{0xff, 0xfe})
		m, err := decode(parts, s)
		if err != nil {
			return
		}
		// What decodes must encode to frames that decode the same way.
		wire, err := m.encode(s)
		if err != nil {
			t.Fatalf("encode of a decoded message: %v", err)
		}
		again, err := decode(wire, s)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if again.Header != m.Header || !bytes.Equal(again.Content, m.Content) {
			t.Fatalf("round trip changed the message: %+v vs %+v", again.Header, m.Header)
		}
	})
}

func FuzzVerify(f *testing.F) {
	s := testSigner(f, "fuzz-key")
	good := s.sign([]byte(execHeader), []byte("{}"), []byte("{}"), []byte("{}"))
	f.Add([]byte(good), []byte(execHeader), []byte("{}"))
	f.Add([]byte("00"), []byte("{}"), []byte("{}"))
	f.Fuzz(func(t *testing.T, sig, header, content []byte) {
		_, ok := s.verify(sig, header, []byte("{}"), []byte("{}"), content)
		want := string(sig) == s.sign(header, []byte("{}"), []byte("{}"), content) ||
			bytes.EqualFold(sig, []byte(s.sign(header, []byte("{}"), []byte("{}"), content)))
		if ok != want {
			t.Fatalf("verify(%q) = %v, want %v", sig, ok, want)
		}
	})
}
