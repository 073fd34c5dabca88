package kernel

import (
	"strings"
	"testing"
)

// The cost of the wire per message, the floor under every round trip.
func BenchmarkDecode(b *testing.B) {
	s := testSigner(b, "bench-key")
	f := frames(s, []string{"client"}, execHeader, `{}`, `{}`, `{"code":"x := 1","silent":false}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(f, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPublishEncode(b *testing.B) {
	s := testSigner(b, "bench-key")
	k := &Kernel{signer: s, session: "bench"}
	parent, _ := decode(frames(s, nil, execHeader, `{}`, `{}`, `{}`), s)
	text := strings.Repeat("0123456789\n", 100)
	b.ReportAllocs()
	for b.Loop() {
		m, err := k.newMessage(parent, "stream", map[string]any{"name": "stdout", "text": text})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := m.encode(s); err != nil {
			b.Fatal(err)
		}
	}
}
