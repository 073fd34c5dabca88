package kernel

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// The kernel's sockets listen through a guard between the network and
// zmq4, which trusts its peers more than a kernel may: anyone on the host
// can connect to a kernel's ports before any signature is checked.
// Measured against zmq4 v0.17 without the guard:
//   - a frame header that claims 2^40 bytes makes zmq4 allocate them at
//     once, and the kernel dies of "out of memory";
//   - a connection that says nothing holds zmq4's accept loop in its
//     handshake, so no front end can connect to that channel again;
//   - a connection that fails the handshake is never closed, so each
//     leaks a file descriptor.
//
// The guard reads the ZMTP 3 framing as it passes (it changes no byte):
// it closes a connection whose greeting is not ZMTP, whose frame or message
// would pass MaxMessageSize, or whose handshake is not done within
// HandshakeTimeout (which also closes those zmq4 gave up on).

// MaxMessageSize bounds one incoming message, all its frames together:
// 128 MiB, well above what Jupyter's server relays from a browser (its
// websocket messages are 10 MiB by default) and a widget's binary buffers.
const MaxMessageSize = 128 << 20

// HandshakeTimeout is how long a new connection has to complete its ZMTP
// greeting and handshake.
const HandshakeTimeout = 10 * time.Second

// guardedScheme maps the transports of connection files to guarded ones.
var guardedScheme = map[string]string{"tcp": "gopherlab+tcp", "ipc": "gopherlab+ipc"}

func init() {
	for network, name := range map[string]string{"tcp": guardedScheme["tcp"], "unix": guardedScheme["ipc"]} {
		if err := zmq4.RegisterTransport(name, guardedTransport{transport.New(network)}); err != nil {
			panic(fmt.Sprintf("kernel: %v", err))
		}
	}
}

// guardLogKey carries a kernel's logger in the context its sockets are made
// with, which zmq4 hands to the transport's Listen.
type guardLogKey struct{}

type guardedTransport struct{ transport.Transport }

func (t guardedTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	inner, err := t.Transport.Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	logger, _ := ctx.Value(guardLogKey{}).(*log.Logger)
	l := &guardedListener{
		Listener: inner,
		log:      logger,
		ready:    make(chan net.Conn),
		closed:   make(chan struct{}),
		greeting: make(chan struct{}, maxGreeting),
	}
	go l.serve()
	return l, nil
}

// maxGreeting bounds the connections waiting for their first bytes: past
// it, a new connection is closed at once rather than hold a descriptor.
const maxGreeting = 64

// guardedListener hands zmq4 only connections whose peer has begun a ZMTP
// greeting. zmq4 accepts and handshakes one connection at a time, so one
// that says nothing would keep every other front end out; here each waits
// apart, at most HandshakeTimeout. Every ZMTP 3 peer sends the first ten
// bytes of its greeting (the signature) before it reads anything.
type guardedListener struct {
	net.Listener
	log      *log.Logger   // nil: say nothing
	ready    chan net.Conn // greeted connections, for Accept
	closed   chan struct{}
	once     sync.Once
	greeting chan struct{} // a token per connection waiting for its signature
}

func (l *guardedListener) serve() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			select {
			case <-l.closed:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(10 * time.Millisecond) // out of descriptors: let some go
			continue
		}
		select {
		case l.greeting <- struct{}{}:
			go l.greet(c)
		default:
			l.logf("closed a connection from %v: %d others are still to greet", c.RemoteAddr(), maxGreeting)
			c.Close()
		}
	}
}

const signatureSize = 10

// greet waits for the signature that opens c's greeting, then hands c on.
func (l *guardedListener) greet(c net.Conn) {
	defer func() { <-l.greeting }()
	g := &guardedConn{Conn: c, log: l.log, max: MaxMessageSize, timed: true}
	g.timer = time.AfterFunc(HandshakeTimeout, func() { g.refuse(errHandshakeTimeout) })
	g.early = make([]byte, signatureSize)
	if _, err := io.ReadFull(c, g.early); err != nil {
		g.refuse(fmt.Errorf("no ZMTP greeting: %w", err))
		return
	}
	if err := g.zmtp.feed(g.early, g.max); err != nil {
		g.refuse(err)
		return
	}
	select {
	case l.ready <- g:
	case <-l.closed:
		g.Close()
	}
}

func (l *guardedListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ready:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *guardedListener) Close() error {
	err := net.ErrClosed
	l.once.Do(func() {
		close(l.closed)
		err = l.Listener.Close()
	})
	return err
}

func (l *guardedListener) logf(format string, args ...any) {
	if l.log != nil {
		l.log.Printf(format, args...)
	}
}

var errHandshakeTimeout = fmt.Errorf("no ZMTP handshake within %v", HandshakeTimeout)

// guardedConn is one accepted connection, read through a zmtpReader.
type guardedConn struct {
	net.Conn
	log   *log.Logger
	max   int64
	timer *time.Timer // set before the conn is shared; stopped once the handshake is done
	early []byte      // what greet read, for zmq4's first reads
	zmtp  zmtpReader  // owned by Read
	timed bool        // whether the timer still runs, owned by Read

	closeOnce sync.Once
}

func (c *guardedConn) Read(p []byte) (int, error) {
	if len(c.early) > 0 { // already followed by greet
		n := copy(p, c.early)
		c.early = c.early[n:]
		return n, nil
	}
	n, err := c.Conn.Read(p)
	if ferr := c.zmtp.feed(p[:n], c.max); ferr != nil {
		c.refuse(ferr)
		return 0, ferr
	}
	if c.zmtp.handshakeDone && c.timed {
		c.timer.Stop()
		c.timed = false
	}
	return n, err
}

// refuse closes the connection, once, and says why.
func (c *guardedConn) refuse(why error) {
	c.closeOnce.Do(func() {
		if c.log != nil {
			c.log.Printf("closed a connection from %v: %v", c.RemoteAddr(), why)
		}
		c.Conn.Close()
	})
}

func (c *guardedConn) Close() error {
	c.timer.Stop()
	err := net.ErrClosed
	c.closeOnce.Do(func() { err = c.Conn.Close() })
	return err
}

// zmtpReader follows the ZMTP 3 stream a peer sends: a 64-byte greeting,
// then frames, each a flags byte, a size (one byte, or eight when the LONG
// flag is set) and the body.
type zmtpReader struct {
	greeting      int // bytes of the greeting seen, up to greetingSize
	header        [9]byte
	headerLen     int   // bytes of the current frame's header seen
	body          int64 // bytes of the current frame's body still to come
	message       int64 // bytes of the current message so far
	handshakeDone bool  // the peer's first command (READY) has passed
	inCommand     bool
}

const (
	greetingSize = 64
	flagMore     = 0x01
	flagLong     = 0x02
	flagCommand  = 0x04
)

var errNotZMTP = errors.New("not a ZMTP 3 greeting")

// feed follows p, returning an error once the stream breaks the framing
// or a message would pass max bytes.
func (z *zmtpReader) feed(p []byte, max int64) error {
	for len(p) > 0 {
		switch {
		case z.greeting < greetingSize:
			n := min(len(p), greetingSize-z.greeting)
			for i, b := range p[:n] {
				switch at := z.greeting + i; {
				case at == 0 && b != 0xff, at == 9 && b&1 != 1, at == 10 && b < 3:
					return errNotZMTP // signature, or a version before 3
				}
			}
			z.greeting += n
			p = p[n:]
		case z.body > 0:
			n := min(int64(len(p)), z.body)
			z.body -= n
			p = p[n:]
			if z.body == 0 {
				z.endFrame()
			}
		default:
			z.header[z.headerLen] = p[0]
			z.headerLen++
			p = p[1:]
			flags := z.header[0]
			if flags&^(flagMore|flagLong|flagCommand) != 0 {
				return fmt.Errorf("frame flags %#x are not ZMTP's", flags)
			}
			need := 2
			if flags&flagLong != 0 {
				need = 9
			}
			if z.headerLen < need {
				continue
			}
			size := int64(z.header[1])
			if need == 9 {
				u := binary.BigEndian.Uint64(z.header[1:9])
				if u > uint64(max) {
					return fmt.Errorf("a frame of %d bytes passes the %d-byte limit of a message", u, max)
				}
				size = int64(u)
			}
			z.message += size
			if z.message > max {
				return fmt.Errorf("a message of more than %d bytes passes its limit", max)
			}
			z.inCommand = flags&flagCommand != 0
			z.body = size
			if size == 0 {
				z.endFrame()
			}
		}
	}
	return nil
}

func (z *zmtpReader) endFrame() {
	more := z.header[0]&flagMore != 0
	if z.inCommand {
		z.handshakeDone = true
		more = false
	}
	z.headerLen = 0
	if !more {
		z.message = 0
	}
}
