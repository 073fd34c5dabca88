package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"sync"

	"github.com/go-zeromq/zmq4"
	"github.com/google/uuid"
)

// Info describes the kernel in its kernel_info_reply.
type Info struct {
	Implementation        string
	ImplementationVersion string
	Language              LanguageInfo
	Banner                string
	HelpLinks             []HelpLink
}

// LanguageInfo is kernel_info_reply's language_info.
type LanguageInfo struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	MIMEType       string `json:"mimetype"`
	FileExtension  string `json:"file_extension"`
	PygmentsLexer  string `json:"pygments_lexer"`
	CodemirrorMode string `json:"codemirror_mode"`
}

// HelpLink is one entry of the front end's Help menu.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// Config is everything a Kernel needs.
type Config struct {
	Connection  ConnectionInfo
	Interpreter Interpreter
	Info        Info
	// Log receives the kernel's own messages; it must not be the process's
	// standard output, which belongs to the cells.
	Log *log.Logger
	// OutputLimit bounds the stream text of one cell, in bytes
	// (outputcap.go): 0 is DefaultOutputLimit, a negative limit is none.
	OutputLimit int64
}

// ErrRestart is returned by Run when a front end asked to shut down with
// restart set, for a caller that wants to know.
var ErrRestart = errors.New("kernel: shutdown for restart")

// Kernel serves one connection file's channels.
type Kernel struct {
	cfg     Config
	log     *log.Logger
	signer  *signer
	session string

	shell, control, stdin, iopub, heartbeat zmq4.Socket

	iopubMu sync.Mutex // one message at a time, in order

	shellQueue chan *Message

	execMu     sync.Mutex
	cancelExec context.CancelFunc // the running cell's or comm handler's, nil between them
	count      int                // execution count of the last stored cell
	history    history
	aborting   abortWindow // owned by the shell worker

	input inputWaiter
	comms commRegistry
	seen  *seenIDs // replay.go

	stopOnce sync.Once
	stop     context.CancelFunc
	restart  bool
}

// New checks cfg and makes a Kernel; nothing is bound until Run.
func New(cfg Config) (*Kernel, error) {
	if cfg.Interpreter == nil {
		return nil, errors.New("kernel: no interpreter")
	}
	s, err := newSigner(cfg.Connection.SignatureScheme, cfg.Connection.Key)
	if err != nil {
		return nil, fmt.Errorf("kernel: %w", err)
	}
	if cfg.Log == nil {
		cfg.Log = log.New(log.Writer(), "gopherlab: ", log.LstdFlags)
	}
	if cfg.OutputLimit == 0 {
		cfg.OutputLimit = DefaultOutputLimit
	}
	return &Kernel{
		cfg:        cfg,
		log:        cfg.Log,
		signer:     s,
		session:    uuid.NewString(),
		shellQueue: make(chan *Message, 1024),
		seen:       newSeenIDs(ReplayWindow),
	}, nil
}

// Run binds the channels and serves requests until ctx is cancelled or a
// front end sends shutdown_request. The ports are free again when it returns.
func (k *Kernel) Run(ctx context.Context) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	k.stop = stop

	if err := k.bind(ctx); err != nil {
		k.closeSockets()
		return err
	}
	var wg sync.WaitGroup
	serve := func(f func(context.Context)) {
		wg.Add(1)
		go func() { defer wg.Done(); f(ctx) }()
	}
	serve(k.serveHeartbeat)
	serve(k.serveControl)
	serve(k.readShell)
	serve(k.serveShell)
	serve(k.serveStdin)
	serve(k.watchParent)
	k.publish(nil, "status", map[string]any{"execution_state": "starting"})

	<-ctx.Done()
	k.Interrupt()
	k.closeSockets()
	wg.Wait()
	if k.restart {
		return ErrRestart
	}
	return nil
}

func (k *Kernel) bind(ctx context.Context) error {
	opts := []zmq4.Option{zmq4.WithLogger(k.log)}
	c := k.cfg.Connection
	ctx = context.WithValue(ctx, guardLogKey{}, k.log)
	channels := []struct {
		name string
		sock *zmq4.Socket
		make func(context.Context, ...zmq4.Option) zmq4.Socket
		port int
	}{
		// Heartbeat is a ROUTER rather than a REP: it echoes every frame,
		// envelope included, which is what REP would send back, without
		// REP's lockstep state across several front ends.
		{"heartbeat", &k.heartbeat, zmq4.NewRouter, c.HBPort},
		{"iopub", &k.iopub, zmq4.NewPub, c.IOPubPort},
		{"control", &k.control, zmq4.NewRouter, c.ControlPort},
		{"stdin", &k.stdin, zmq4.NewRouter, c.StdinPort},
		{"shell", &k.shell, zmq4.NewRouter, c.ShellPort},
	}
	for _, ch := range channels {
		sock := ch.make(ctx, opts...)
		*ch.sock = sock
		if err := sock.Listen(c.listenEndpoint(ch.port)); err != nil {
			return fmt.Errorf("%s channel: %w", ch.name, err)
		}
	}
	return nil
}

func (k *Kernel) closeSockets() {
	for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.iopub, k.heartbeat} {
		if s != nil {
			s.Close()
		}
	}
}

// Interrupt cancels the running cell, or comm message handler, if any. It
// is what interrupt_request and SIGINT do.
func (k *Kernel) Interrupt() {
	k.execMu.Lock()
	defer k.execMu.Unlock()
	if k.cancelExec != nil {
		k.cancelExec()
	}
}

// Shutdown stops Run as shutdown_request does.
func (k *Kernel) Shutdown(restart bool) {
	k.stopOnce.Do(func() {
		k.restart = restart
		if k.stop != nil {
			k.stop()
		}
	})
}

// receive reads messages from a socket until ctx ends, handing each verified
// message to handle. Malformed, forged and replayed messages are logged and
// dropped.
func (k *Kernel) receive(ctx context.Context, name string, sock zmq4.Socket, handle func(*Message)) {
	for {
		raw, err := sock.Recv()
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			k.log.Printf("%s: receive: %v", name, err)
			continue
		}
		msg, err := decode(raw.Frames, k.signer)
		if err != nil {
			k.log.Printf("%s: dropped a message: %v", name, err)
			continue
		}
		if !k.seen.firstTime(msg.mac) {
			k.log.Printf("%s: dropped a replayed %s (msg_id %q): its signature was already received", name, msg.Header.MsgType, msg.Header.MsgID)
			continue
		}
		handle(msg)
	}
}

// send replies on a ROUTER channel. A peer that has gone is not an error
// worth more than a log line: Jupyter's server routinely closes the
// connection it nudged the kernel with before the reply is out.
func (k *Kernel) send(sock zmq4.Socket, parent *Message, msgType string, content any) {
	msg, err := k.newMessage(parent, msgType, content)
	if err != nil {
		k.log.Printf("%s: %v", msgType, err)
		return
	}
	msg.Identities = parent.Identities
	frames, err := msg.encode(k.signer)
	if err != nil {
		k.log.Printf("%s: %v", msgType, err)
		return
	}
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		k.log.Printf("%s: send: %v", msgType, err)
	}
}

// publish sends a message on iopub to every subscriber.
func (k *Kernel) publish(parent *Message, msgType string, content any) {
	k.publishWith(parent, msgType, content, nil, nil)
}

// publishWith publishes a message with metadata and binary buffers.
func (k *Kernel) publishWith(parent *Message, msgType string, content any, metadata map[string]any, buffers [][]byte) {
	msg, err := k.newMessage(parent, msgType, content)
	if err != nil {
		k.log.Printf("%s: %v", msgType, err)
		return
	}
	if len(metadata) > 0 {
		if msg.Metadata, err = json.Marshal(metadata); err != nil {
			k.log.Printf("%s metadata: %v", msgType, err)
			return
		}
	}
	msg.Buffers = buffers
	msg.Identities = [][]byte{[]byte("kernel." + k.session + "." + msgType)}
	frames, err := msg.encode(k.signer)
	if err != nil {
		k.log.Printf("%s: %v", msgType, err)
		return
	}
	k.iopubMu.Lock()
	defer k.iopubMu.Unlock()
	if err := k.iopub.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		k.log.Printf("iopub %s: %v", msgType, err)
	}
}

func (k *Kernel) newMessage(parent *Message, msgType string, content any) (*Message, error) {
	body, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("encode content: %w", err)
	}
	msg := &Message{
		Header:   newHeader(msgType, k.session),
		Parent:   json.RawMessage("{}"),
		Metadata: json.RawMessage("{}"),
		Content:  body,
	}
	if parent != nil {
		msg.Parent = parent.rawHeader
	}
	return msg, nil
}

// busy frames the handling of a request with status messages on iopub, as
// front ends expect of every request on shell and control.
func (k *Kernel) busy(req *Message, handle func()) {
	k.publish(req, "status", map[string]any{"execution_state": "busy"})
	defer k.publish(req, "status", map[string]any{"execution_state": "idle"})
	handle()
}
