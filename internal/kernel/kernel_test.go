package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"gopherlab/internal/cellio"
)

// echoInterpreter is a stand-in language for testing the wire: it prints a
// cell's code, fails on "fail", and blocks on "wait" until interrupted.
type echoInterpreter struct{}

func (echoInterpreter) Execute(ctx context.Context, req cellio.ExecuteRequest, pub Publisher) cellio.ExecuteReply {
	switch req.Code {
	case "fail":
		return cellio.ExecuteReply{Err: &cellio.Error{Name: "Boom", Value: "failed", Traceback: []string{"Boom: failed"}}}
	case "wait":
		<-ctx.Done()
		return cellio.ExecuteReply{Err: &cellio.Error{Name: "KeyboardInterrupt", Value: "interrupted"}}
	}
	pub.Stream("stdout", req.Code)
	return cellio.ExecuteReply{Data: map[string]any{"text/plain": fmt.Sprintf("%q", req.Code)}}
}
func (echoInterpreter) Complete(code string, cursor int) cellio.Completion {
	return cellio.Completion{}
}
func (echoInterpreter) Inspect(string, int, int) (map[string]any, bool) { return nil, false }
func (echoInterpreter) IsComplete(string) (string, string)              { return "complete", "" }

// freePorts asks the system for n distinct free TCP ports on loopback.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	var listeners []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range listeners {
		l.Close()
	}
	return ports
}

type testClient struct {
	t       *testing.T
	signer  *signer
	shell   zmq4.Socket
	control zmq4.Socket
	iopub   zmq4.Socket
	session string
}

func startKernel(t *testing.T) (*Kernel, ConnectionInfo, *testClient, chan error) {
	t.Helper()
	return startKernelLogging(t, io.Discard)
}

// startKernelLogging starts a kernel whose log goes to logs.
func startKernelLogging(t *testing.T, logs io.Writer) (*Kernel, ConnectionInfo, *testClient, chan error) {
	t.Helper()
	p := freePorts(t, 5)
	conn := ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0], ControlPort: p[1],
		StdinPort: p[2], IOPubPort: p[3], HBPort: p[4], Key: "test-key", SignatureScheme: "hmac-sha256"}
	k, err := New(Config{Connection: conn, Interpreter: echoInterpreter{}, Log: log.New(logs, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- k.Run(context.Background()) }()

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c := &testClient{t: t, signer: k.signer, session: "client-session",
		shell:   zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("client-session"))),
		control: zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("client-session"))),
		iopub:   zmq4.NewSub(ctx),
	}
	for _, d := range []struct {
		s    zmq4.Socket
		port int
	}{{c.shell, conn.ShellPort}, {c.control, conn.ControlPort}, {c.iopub, conn.IOPubPort}} {
		if err := d.s.Dial(conn.endpoint(d.port)); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.s.Close() })
	}
	c.iopub.SetOption(zmq4.OptionSubscribe, "")
	time.Sleep(100 * time.Millisecond) // let the subscription reach the kernel
	return k, conn, c, done
}

func (c *testClient) request(sock zmq4.Socket, msgType string, content any) string {
	c.t.Helper()
	id, send := c.prepare(sock, msgType, content)
	send()
	return id
}

// prepare makes a request, dated now, to be sent later.
func (c *testClient) prepare(sock zmq4.Socket, msgType string, content any) (id string, send func()) {
	c.t.Helper()
	body, _ := json.Marshal(content)
	m := &Message{Header: newHeader(msgType, c.session), Content: body}
	wire, err := m.encode(c.signer)
	if err != nil {
		c.t.Fatal(err)
	}
	return m.Header.MsgID, func() {
		if err := sock.SendMulti(zmq4.NewMsgFrom(wire...)); err != nil {
			c.t.Error(err)
		}
	}
}

// receive reads the next message on sock, failing the test after a while.
func (c *testClient) receive(sock zmq4.Socket) *Message {
	c.t.Helper()
	got := make(chan zmq4.Msg, 1)
	errs := make(chan error, 1)
	go func() {
		m, err := sock.Recv()
		if err != nil {
			errs <- err
			return
		}
		got <- m
	}()
	select {
	case m := <-got:
		msg, err := decode(m.Frames, c.signer)
		if err != nil {
			c.t.Fatalf("kernel sent an undecodable message: %v", err)
		}
		return msg
	case err := <-errs:
		c.t.Fatalf("receive: %v", err)
	case <-time.After(5 * time.Second):
		c.t.Fatal("no message within 5 s")
	}
	return nil
}

func parentID(m *Message) string {
	var h Header
	json.Unmarshal(m.Parent, &h)
	return h.MsgID
}

// iopubFor collects iopub messages whose parent is id until idle.
func (c *testClient) iopubFor(id string) []string {
	c.t.Helper()
	var types []string
	for {
		m := c.receive(c.iopub)
		if parentID(m) != id {
			continue
		}
		kind := m.Header.MsgType
		if kind == "status" {
			var s struct {
				State string `json:"execution_state"`
			}
			json.Unmarshal(m.Content, &s)
			kind += ":" + s.State
		}
		types = append(types, kind)
		if kind == "status:idle" {
			return types
		}
	}
}

func TestKernelServesRequests(t *testing.T) {
	k, conn, c, done := startKernel(t)

	id := c.request(c.shell, "kernel_info_request", map[string]any{})
	reply := c.receive(c.shell)
	if reply.Header.MsgType != "kernel_info_reply" || parentID(reply) != id {
		t.Fatalf("got %s to %s", reply.Header.MsgType, parentID(reply))
	}
	if got := strings.Join(c.iopubFor(id), " "); got != "status:busy status:idle" {
		t.Errorf("iopub for kernel_info = %s", got)
	}

	// A forged message must be dropped: nothing executes and nothing answers.
	forged := &Message{Header: newHeader("execute_request", c.session), Content: json.RawMessage(`{"code":"forged"}`)}
	wire, _ := forged.encode(c.signer)
	wire[1] = []byte(strings.Repeat("0", 64))
	c.shell.SendMulti(zmq4.NewMsgFrom(wire...))

	id = c.request(c.shell, "execute_request", map[string]any{"code": "hello"})
	reply = c.receive(c.shell)
	if parentID(reply) != id {
		t.Fatalf("the reply after a forged request answers %s, want %s", parentID(reply), id)
	}
	var r struct {
		Status string `json:"status"`
		Count  int    `json:"execution_count"`
	}
	json.Unmarshal(reply.Content, &r)
	if r.Status != "ok" || r.Count != 1 {
		t.Errorf("execute_reply = %s, want ok with count 1 (the forged cell must not count)", reply.Content)
	}
	if got := strings.Join(c.iopubFor(id), " "); got != "status:busy execute_input stream execute_result status:idle" {
		t.Errorf("iopub for execute = %s", got)
	}

	// stop_on_error: the cells sent together with a failing one, as "Run
	// All" sends them, are aborted.
	failID, sendFail := c.prepare(c.shell, "execute_request", map[string]any{"code": "fail"})
	nextID, sendNext := c.prepare(c.shell, "execute_request", map[string]any{"code": "never"})
	sendFail()
	sendNext()
	statuses := map[string]string{}
	for range 2 {
		m := c.receive(c.shell)
		json.Unmarshal(m.Content, &r)
		statuses[parentID(m)] = r.Status
	}
	if statuses[failID] != "error" || statuses[nextID] != "aborted" {
		t.Errorf("statuses = %v, want error then aborted", statuses)
	}

	// An interrupt on control ends a cell that waits.
	waitID := c.request(c.shell, "execute_request", map[string]any{"code": "wait"})
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	c.request(c.control, "interrupt_request", map[string]any{})
	if m := c.receive(c.control); m.Header.MsgType != "interrupt_reply" {
		t.Errorf("got %s, want interrupt_reply", m.Header.MsgType)
	}
	for {
		m := c.receive(c.shell)
		if parentID(m) == waitID {
			json.Unmarshal(m.Content, &r)
			if r.Status != "error" {
				t.Errorf("interrupted cell status = %q", r.Status)
			}
			break
		}
	}
	t.Logf("interrupt took %v", time.Since(start))
	_ = k

	// Shutdown answers on control, ends Run and frees every port.
	c.request(c.control, "shutdown_request", map[string]any{"restart": false})
	if m := c.receive(c.control); m.Header.MsgType != "shutdown_reply" {
		t.Errorf("got %s, want shutdown_reply", m.Header.MsgType)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after shutdown_request")
	}
	for _, port := range []int{conn.ShellPort, conn.ControlPort, conn.StdinPort, conn.IOPubPort, conn.HBPort} {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			t.Errorf("port %d still taken after shutdown: %v", port, err)
			continue
		}
		l.Close()
	}
}

func TestRunFailsOnATakenPort(t *testing.T) {
	p := freePorts(t, 5)
	taken, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	conn := ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0], ControlPort: p[1],
		StdinPort: p[2], IOPubPort: p[3], HBPort: p[4], SignatureScheme: "hmac-sha256"}
	k, err := New(Config{Connection: conn, Interpreter: echoInterpreter{}, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	err = k.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "shell channel") || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("Run error = %v, want the shell channel's bind error", err)
	}
	// The channels bound before the failure are free again.
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p[1]))
	if err != nil {
		t.Fatalf("control port still taken after a failed Run: %v", err)
	}
	l.Close()
}
