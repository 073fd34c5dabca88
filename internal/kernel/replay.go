package kernel

import "sync"

// ReplayWindow is how many signatures the kernel remembers to refuse a
// replayed request. A captured, validly signed execute_request sent again
// (by someone on the same host who could read the traffic but not the key)
// would otherwise run its code a second time.
//
// The window holds signatures rather than msg_ids: a copy has the same
// signature, while two genuine messages never do (their headers differ in
// msg_id or date). msg_ids alone are not unique in practice: jupyter_client
// names them session_pid_counter, and a KernelManager and the client it
// made share a session but count apart, so their interrupt and shutdown
// requests reuse the client's ids. 65,536 signatures is hours of a busy
// notebook and costs about 6 MB at most.
const ReplayWindow = 1 << 16

// seenIDs remembers the last ReplayWindow signatures received on shell,
// control and stdin, oldest forgotten first. One window serves the three
// channels: a message signed for one is just as valid on another.
type seenIDs struct {
	mu    sync.Mutex
	size  int
	ids   map[string]struct{}
	order []string // a ring of the ids in ids, next points at the oldest
	next  int
}

func newSeenIDs(size int) *seenIDs {
	return &seenIDs{size: size, ids: make(map[string]struct{})}
}

// firstTime records id and reports whether it was not already in the
// window. The empty id (an unsigned message: the kernel has no key, so
// anyone may send anything) is always new.
func (s *seenIDs) firstTime(id string) bool {
	if id == "" {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, seen := s.ids[id]; seen {
		return false
	}
	if len(s.order) < s.size {
		s.order = append(s.order, id)
	} else {
		delete(s.ids, s.order[s.next])
		s.order[s.next] = id
		s.next = (s.next + 1) % s.size
	}
	s.ids[id] = struct{}{}
	return true
}
