package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/google/uuid"
)

// ProtocolVersion is the version of the messaging spec this kernel speaks.
const ProtocolVersion = "5.5"

// delimiter separates routing identities from the message proper.
var delimiter = []byte("<IDS|MSG>")

// Header is a message header. Unknown fields a front end sends (subshell ids,
// for example) survive in a Message's raw header, which replies echo verbatim
// as their parent.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one decoded Jupyter message.
type Message struct {
	Identities [][]byte // ZeroMQ routing prefix, kept for the reply
	Header     Header
	rawHeader  json.RawMessage
	Parent     json.RawMessage // the parent header as received, "{}" when none
	Metadata   json.RawMessage
	Content    json.RawMessage
	Buffers    [][]byte
	// mac is the verified signature, decoded; empty when the kernel has
	// no key. It tells a replayed copy from a new message (replay.go).
	mac string
}

var (
	errNoDelimiter = errors.New("no <IDS|MSG> delimiter")
	errTooShort    = errors.New("fewer than the five frames after the delimiter")
	errBadSig      = errors.New("signature does not verify")
)

// decode parses the frames of a message received on a ROUTER socket and
// checks its signature. Nothing of an unverified message is trusted.
func decode(frames [][]byte, s *signer) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, errNoDelimiter
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, errTooShort
	}
	sig, header, parent, metadata, content := rest[0], rest[1], rest[2], rest[3], rest[4]
	mac, ok := s.verify(sig, header, parent, metadata, content)
	if !ok {
		return nil, errBadSig
	}
	m := &Message{
		mac:        string(mac),
		Identities: frames[:i],
		rawHeader:  header,
		Parent:     parent,
		Metadata:   metadata,
		Content:    content,
		Buffers:    rest[5:],
	}
	if err := json.Unmarshal(header, &m.Header); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if m.Header.MsgType == "" {
		return nil, errors.New("header has no msg_type")
	}
	if !isJSONObject(content) {
		return nil, errors.New("content is not a JSON object")
	}
	if !isJSONObject(metadata) {
		m.Metadata = json.RawMessage("{}")
	}
	if !isJSONObject(parent) {
		m.Parent = json.RawMessage("{}")
	}
	return m, nil
}

func isJSONObject(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{' && json.Valid(raw)
}

// encode signs a message and lays it out in frames, identities first.
func (m *Message) encode(s *signer) ([][]byte, error) {
	header := m.rawHeader
	if header == nil {
		var err error
		if header, err = json.Marshal(m.Header); err != nil {
			return nil, fmt.Errorf("header: %w", err)
		}
	}
	parent, metadata, content := orEmpty(m.Parent), orEmpty(m.Metadata), orEmpty(m.Content)
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, delimiter, []byte(s.sign(header, parent, metadata, content)),
		header, parent, metadata, content)
	return append(frames, m.Buffers...), nil
}

func orEmpty(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("{}")
	}
	return raw
}

// newHeader makes the header of a message this kernel sends.
func newHeader(msgType, session string) Header {
	return Header{
		MsgID:    uuid.NewString(),
		Session:  session,
		Username: username,
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// username goes in every header; the environment is read once.
var username = func() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "gopherlab"
}()

// content decodes a request's content into v.
func (m *Message) content(v any) error {
	if err := json.Unmarshal(m.Content, v); err != nil {
		return fmt.Errorf("%s content: %w", m.Header.MsgType, err)
	}
	return nil
}
