package kernel

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// zmtpGreeting is a ZMTP 3.0 NULL greeting as a client sends it.
func zmtpGreeting() []byte {
	g := make([]byte, greetingSize)
	g[0], g[9], g[10] = 0xff, 0x7f, 3
	copy(g[12:], "NULL")
	return g
}

// zmtpFrame lays out one frame, short or long as its size asks.
func zmtpFrame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		h := make([]byte, 9)
		h[0] = flags | flagLong
		binary.BigEndian.PutUint64(h[1:], uint64(len(body)))
		return append(h, body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

func zmtpReady() []byte {
	body := []byte("\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER")
	return zmtpFrame(flagCommand, body)
}

func longHeader(size uint64) []byte {
	h := []byte{flagLong, 0, 0, 0, 0, 0, 0, 0, 0}
	binary.BigEndian.PutUint64(h[1:], size)
	return h
}

func TestZMTPReader(t *testing.T) {
	const max = 1000
	start := append(zmtpGreeting(), zmtpReady()...)
	for _, tc := range []struct {
		name      string
		stream    []byte
		wantErr   string
		handshake bool
	}{
		{"greeting only", zmtpGreeting(), "", false},
		{"handshake", start, "", true},
		{"a message", cat(start, zmtpFrame(flagMore, []byte("<IDS|MSG>")), zmtpFrame(0, make([]byte, 300))), "", true},
		{"empty frames", cat(start, zmtpFrame(flagMore, nil), zmtpFrame(0, nil)), "", true},
		{"messages each under the limit", cat(start, zmtpFrame(0, make([]byte, 600)), zmtpFrame(0, make([]byte, 600))), "", true},
		{"HTTP", []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "not a ZMTP 3 greeting", false},
		{"ZMTP 2", cat(zmtpGreeting()[:10], []byte{1}), "not a ZMTP 3 greeting", false},
		{"reserved flags", cat(start, []byte{0x80, 1, 0}), "flags", true},
		{"a frame claiming a terabyte", cat(start, longHeader(1<<40)), "passes the 1000-byte limit", true},
		{"a frame claiming 2^63", cat(start, longHeader(1<<63)), "passes the 1000-byte limit", true},
		{"a message of many frames over the limit", cat(start,
			zmtpFrame(flagMore, make([]byte, 400)), zmtpFrame(flagMore, make([]byte, 400)), zmtpFrame(0, make([]byte, 400))),
			"message of more than 1000 bytes", true},
	} {
		// Fed whole and a byte at a time: the framing may be cut anywhere.
		for _, step := range []int{len(tc.stream), 1, 7} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, step), func(t *testing.T) {
				var z zmtpReader
				var err error
				for i := 0; i < len(tc.stream) && err == nil; i += step {
					err = z.feed(tc.stream[i:min(i+step, len(tc.stream))], max)
				}
				if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
					t.Errorf("error %v, want %q", err, tc.wantErr)
				}
				if z.handshakeDone != tc.handshake {
					t.Errorf("handshake done %v, want %v", z.handshakeDone, tc.handshake)
				}
			})
		}
	}
}

// TestGuardKeepsTheKernelServing attacks a live kernel's shell the ways that
// broke zmq4 v0.17 unguarded, then checks that a client still gets answers.
func TestGuardKeepsTheKernelServing(t *testing.T) {
	logs := &syncBuffer{}
	_, conn, c, _ := startKernelLogging(t, logs)
	addr := fmt.Sprintf("127.0.0.1:%d", conn.ShellPort)
	dial := func() net.Conn {
		t.Helper()
		s, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	// A connection that never speaks.
	dial()
	// A peer that claims a terabyte-long frame.
	huge := dial()
	huge.Write(cat(zmtpGreeting(), zmtpReady(), longHeader(1<<40)))
	// Not ZMTP at all.
	http := dial()
	http.Write([]byte("GET / HTTP/1.1\r\n\r\n"))

	for _, s := range []net.Conn{huge, http} {
		s.SetReadDeadline(time.Now().Add(5 * time.Second))
		buf := make([]byte, 256)
		var err error
		for err == nil {
			_, err = s.Read(buf)
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Errorf("the kernel kept a bad connection open: %v", s.LocalAddr())
		}
	}
	// A client that connects now is served, the silent peer notwithstanding.
	late := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("late")))
	defer late.Close()
	if err := late.Dial(conn.endpoint(conn.ShellPort)); err != nil {
		t.Fatal(err)
	}
	id := c.request(late, "kernel_info_request", map[string]any{})
	if m := c.receive(late); parentID(m) != id {
		t.Errorf("reply to %s, want %s", parentID(m), id)
	}
	for _, want := range []string{"passes the 134217728-byte limit", "not a ZMTP 3 greeting"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log does not say %q:\n%s", want, logs)
		}
	}
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// FuzzZMTPReader: the guard never panics, and where a stream is cut does
// not change its verdict.
func FuzzZMTPReader(f *testing.F) {
	start := cat(zmtpGreeting(), zmtpReady())
	f.Add(start, uint8(1))
	f.Add(cat(start, zmtpFrame(flagMore, []byte("<IDS|MSG>")), zmtpFrame(0, make([]byte, 300))), uint8(7))
	f.Add(cat(start, longHeader(1<<40)), uint8(3))
	f.Add([]byte("GET / HTTP/1.1\r\n"), uint8(2))
	f.Fuzz(func(t *testing.T, stream []byte, step uint8) {
		const max = 4096
		var whole zmtpReader
		wholeErr := whole.feed(stream, max)
		var cut zmtpReader
		var cutErr error
		n := int(step%16) + 1
		for i := 0; i < len(stream) && cutErr == nil; i += n {
			cutErr = cut.feed(stream[i:min(i+n, len(stream))], max)
		}
		if (wholeErr == nil) != (cutErr == nil) {
			t.Fatalf("whole: %v; in pieces of %d: %v", wholeErr, n, cutErr)
		}
		if wholeErr == nil && whole != cut {
			t.Fatalf("states differ: whole %+v, in pieces of %d %+v", whole, n, cut)
		}
	})
}

// The guard serves ipc as it serves tcp.
func TestGuardServesIPC(t *testing.T) {
	conn := ConnectionInfo{Transport: "ipc", IP: t.TempDir() + "/kernel", ShellPort: 1, ControlPort: 2,
		StdinPort: 3, IOPubPort: 4, HBPort: 5, Key: "k", SignatureScheme: "hmac-sha256"}
	k, err := New(Config{Connection: conn, Interpreter: echoInterpreter{}, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	defer func() { cancel(); <-done }()

	if got, want := conn.listenEndpoint(1), "gopherlab+ipc://"+conn.IP+"-1"; got != want {
		t.Errorf("listen endpoint %q, want %q", got, want)
	}
	shell := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("ipc-client")))
	defer shell.Close()
	if err := shell.Dial(conn.endpoint(conn.ShellPort)); err != nil {
		t.Fatal(err)
	}
	c := &testClient{t: t, signer: k.signer, session: "ipc"}
	id := c.request(shell, "kernel_info_request", map[string]any{})
	if m := c.receive(shell); parentID(m) != id || m.Header.MsgType != "kernel_info_reply" {
		t.Errorf("got %s to %s, want kernel_info_reply to %s", m.Header.MsgType, parentID(m), id)
	}
}
