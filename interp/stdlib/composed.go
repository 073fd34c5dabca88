package stdlib

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"reflect"
)

// A function of the standard library may do more with an interface value
// when its dynamic type has more methods: io.Copy calls a Reader's WriteTo
// and a Writer's ReadFrom, net/http's server a ResponseWriter's Flush and
// Hijack. yaegi hands an interpreted value to compiled code in the wrapper
// of the interface it is passed as, which has that interface's methods
// only; Composed gives it, for a wrapper of the tables, the wrappers with
// more methods to try first, so that a cell's type that has them is seen
// with them, as Go sees it.
//
// yaegi looks the alternatives up by the wrapper's value in the tables
// (reflect.ValueOf((*_io_Reader)(nil))), and tries them in order, taking
// the first whose methods the interpreted type has: the larger first.
func Composed() map[reflect.Value][]reflect.Type {
	return map[reflect.Value][]reflect.Type{
		reflect.ValueOf((*_io_Reader)(nil)): {reflect.TypeFor[_readerWriterTo]()},
		reflect.ValueOf((*_io_Writer)(nil)): {reflect.TypeFor[_writerReaderFrom]()},
		reflect.ValueOf((*_net_http_ResponseWriter)(nil)): {
			reflect.TypeFor[_responseWriterFlusherHijacker](),
			reflect.TypeFor[_responseWriterFlusher](),
			reflect.TypeFor[_responseWriterHijacker](),
		},
	}
}

// The wrappers are laid out as extract lays out its own: the value first,
// then a function field W<Method> for each method, which yaegi fills.

type _readerWriterTo struct {
	IValue   any
	WRead    func(p []byte) (int, error)
	WWriteTo func(w io.Writer) (int64, error)
}

func (w _readerWriterTo) Read(p []byte) (int, error)           { return w.WRead(p) }
func (w _readerWriterTo) WriteTo(dst io.Writer) (int64, error) { return w.WWriteTo(dst) }

type _writerReaderFrom struct {
	IValue    any
	WWrite    func(p []byte) (int, error)
	WReadFrom func(r io.Reader) (int64, error)
}

func (w _writerReaderFrom) Write(p []byte) (int, error)           { return w.WWrite(p) }
func (w _writerReaderFrom) ReadFrom(src io.Reader) (int64, error) { return w.WReadFrom(src) }

type _responseWriterFlusherHijacker struct {
	IValue       any
	WHeader      func() http.Header
	WWrite       func(p []byte) (int, error)
	WWriteHeader func(statusCode int)
	WFlush       func()
	WHijack      func() (net.Conn, *bufio.ReadWriter, error)
}

func (w _responseWriterFlusherHijacker) Header() http.Header         { return w.WHeader() }
func (w _responseWriterFlusherHijacker) Write(p []byte) (int, error) { return w.WWrite(p) }
func (w _responseWriterFlusherHijacker) WriteHeader(statusCode int)  { w.WWriteHeader(statusCode) }
func (w _responseWriterFlusherHijacker) Flush()                      { w.WFlush() }
func (w _responseWriterFlusherHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return w.WHijack()
}

type _responseWriterFlusher struct {
	IValue       any
	WHeader      func() http.Header
	WWrite       func(p []byte) (int, error)
	WWriteHeader func(statusCode int)
	WFlush       func()
}

func (w _responseWriterFlusher) Header() http.Header         { return w.WHeader() }
func (w _responseWriterFlusher) Write(p []byte) (int, error) { return w.WWrite(p) }
func (w _responseWriterFlusher) WriteHeader(statusCode int)  { w.WWriteHeader(statusCode) }
func (w _responseWriterFlusher) Flush()                      { w.WFlush() }

type _responseWriterHijacker struct {
	IValue       any
	WHeader      func() http.Header
	WWrite       func(p []byte) (int, error)
	WWriteHeader func(statusCode int)
	WHijack      func() (net.Conn, *bufio.ReadWriter, error)
}

func (w _responseWriterHijacker) Header() http.Header         { return w.WHeader() }
func (w _responseWriterHijacker) Write(p []byte) (int, error) { return w.WWrite(p) }
func (w _responseWriterHijacker) WriteHeader(statusCode int)  { w.WWriteHeader(statusCode) }
func (w _responseWriterHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return w.WHijack()
}

// Compile-time checks that the wrappers have the methods they stand for.
var (
	_ io.WriterTo   = _readerWriterTo{}
	_ io.ReaderFrom = _writerReaderFrom{}
	_ http.Flusher  = _responseWriterFlusherHijacker{}
	_ http.Hijacker = _responseWriterFlusherHijacker{}
	_ http.Flusher  = _responseWriterFlusher{}
	_ http.Hijacker = _responseWriterHijacker{}
)
