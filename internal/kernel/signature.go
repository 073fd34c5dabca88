package kernel

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
)

// signer computes and checks the HMAC that authenticates every message.
// An empty key means the front end asked for no signing: the signature
// frame is empty and anything is accepted.
type signer struct {
	key []byte
	new func() hash.Hash
}

func newSigner(scheme, key string) (*signer, error) {
	switch scheme {
	case "hmac-sha256":
		return &signer{key: []byte(key), new: sha256.New}, nil
	default:
		return nil, fmt.Errorf("unsupported signature_scheme %q (want hmac-sha256)", scheme)
	}
}

// sign returns the hex digest of the four signed frames.
func (s *signer) sign(header, parent, metadata, content []byte) string {
	if len(s.key) == 0 {
		return ""
	}
	return hex.EncodeToString(s.digest(header, parent, metadata, content))
}

func (s *signer) digest(frames ...[]byte) []byte {
	mac := hmac.New(s.new, s.key)
	for _, f := range frames {
		mac.Write(f)
	}
	return mac.Sum(nil)
}

// verify reports whether signature authenticates the frames, and returns
// the digest it checked (nil without a key). The comparison is constant-time
// so that a forger learns nothing from how long it takes.
func (s *signer) verify(signature []byte, header, parent, metadata, content []byte) ([]byte, bool) {
	if len(s.key) == 0 {
		return nil, true
	}
	got := make([]byte, hex.DecodedLen(len(signature)))
	if _, err := hex.Decode(got, signature); err != nil {
		return nil, false
	}
	return got, hmac.Equal(got, s.digest(header, parent, metadata, content))
}
