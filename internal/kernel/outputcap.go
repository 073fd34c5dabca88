package kernel

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// DefaultOutputLimit is how much stream text (stdout and stderr together)
// one cell may send to the front ends: 4 MiB, some 60,000 lines of 70
// characters, more than a lesson prints and about what a browser shows
// without stalling. Past it the rest of the cell's text is dropped, and the
// notebook says so and how much; Jupyter's server does the like with its
// iopub_data_rate_limit, but silently to the notebook.
const DefaultOutputLimit = 4 << 20

// OutputLimitEnv names the environment variable that sets the limit:
// a size in bytes ("8MiB", "500kB", "1048576"), or "off" for none.
const OutputLimitEnv = "GOPHERLAB_OUTPUT_LIMIT"

// ParseOutputLimit reads a limit as OutputLimitEnv gives it. The empty
// string is the default; "0", "off", "none" and "unlimited" are no limit,
// which ParseOutputLimit returns as -1.
func ParseOutputLimit(s string) (int64, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "":
		return DefaultOutputLimit, nil
	case "0", "off", "none", "unlimited":
		return -1, nil
	}
	units := []struct {
		suffix string
		scale  int64
	}{ // longest first, so "KiB" is not read as "B"
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
		{"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1},
	}
	scale := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, scale = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.scale
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/scale {
		return 0, fmt.Errorf("%s: %q is not a size such as 8MiB, 500kB or off", OutputLimitEnv, s)
	}
	if n == 0 {
		return -1, nil
	}
	return n * scale, nil
}

// cappedPublisher passes a cell's stream text on until the limit, then
// drops the rest, counting it. Displays, clear_output and comms pass
// untouched: they replace output rather than add to it (a progress bar
// updated in place), and widgets need every comm message.
type cappedPublisher struct {
	Publisher
	limit int64

	mu      sync.Mutex
	sent    int64
	dropped int64
	warned  bool
}

func newCappedPublisher(p Publisher, limit int64) *cappedPublisher {
	return &cappedPublisher{Publisher: p, limit: limit}
}

func (c *cappedPublisher) Stream(name, text string) {
	c.mu.Lock()
	room := c.limit - c.sent
	if int64(len(text)) <= room {
		c.sent += int64(len(text))
		c.mu.Unlock()
		c.Publisher.Stream(name, text)
		return
	}
	part := wholeRunes(text[:max(room, 0)])
	c.sent += int64(len(part))
	c.dropped += int64(len(text) - len(part))
	first := !c.warned
	c.warned = true
	c.mu.Unlock()
	if part != "" {
		c.Publisher.Stream(name, part)
	}
	if first {
		c.Publisher.Stream("stderr", fmt.Sprintf(
			"\n[gopherlab: this cell's output passed its limit of %s; the rest is dropped. "+
				"The limit is set by the kernel's environment, %s=SIZE or off.]\n",
			formatSize(c.limit), OutputLimitEnv))
	}
}

// finish tells the notebook how much of the cell's text was dropped. Text
// that comes later (a goroutine printing after its cell) is counted against
// the same limit and dropped without a word.
func (c *cappedPublisher) finish() {
	c.mu.Lock()
	dropped := c.dropped
	c.mu.Unlock()
	if dropped == 0 {
		return
	}
	amount := fmt.Sprintf("%d bytes", dropped)
	if dropped >= 1024 {
		amount = fmt.Sprintf("%s (%d bytes)", formatSize(dropped), dropped)
	}
	c.Publisher.Stream("stderr", fmt.Sprintf(
		"[gopherlab: %s of this cell's output dropped, past the %s limit.]\n", amount, formatSize(c.limit)))
}

// formatSize writes a byte count as people read it: 4 MiB, 1.5 GiB, 812 B.
func formatSize(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	f, i := float64(n), 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	if i == 0 || f == float64(int64(f)) {
		return fmt.Sprintf("%d %s", int64(f), units[i])
	}
	return fmt.Sprintf("%.1f %s", f, units[i])
}

// wholeRunes cuts s before a UTF-8 sequence its end splits.
func wholeRunes(s string) string {
	for back := 1; back <= utf8.UTFMax && back <= len(s); back++ {
		if start := len(s) - back; utf8.RuneStart(s[start]) {
			if !utf8.FullRuneInString(s[start:]) {
				return s[:start]
			}
			return s
		}
	}
	return s
}
