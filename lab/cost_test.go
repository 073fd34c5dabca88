package lab

import (
	"strings"
	"testing"
	"time"
)

func TestGoroutineCost(t *testing.T) {
	c := GoroutineCost(10_000)
	// Bounds loose enough for a loaded machine, tight enough to catch a
	// measurement of the wrong thing: a goroutine's stack starts at 2 KB
	// and grows in powers of two; nothing here needs more than 64 KB.
	if c.N != 10_000 {
		t.Errorf("N = %d, want 10,000", c.N)
	}
	if c.Start <= 0 || c.Start > time.Millisecond {
		t.Errorf("start = %s per goroutine, want (0, 1ms]", c.Start)
	}
	if c.Stack < 1024 || c.Stack > 64*1024 {
		t.Errorf("stack = %.0f bytes per goroutine, want 1 to 64 KB", c.Stack)
	}
	if c.Switch <= 0 || c.Switch > time.Millisecond {
		t.Errorf("switch = %s, want (0, 1ms]", c.Switch)
	}
	s := c.String()
	for _, want := range []string{"10,000 goroutines", "StackInuse", "Sys", "switch"} {
		if !strings.Contains(s, want) {
			t.Errorf("String lacks %q:\n%s", want, s)
		}
	}
}

func TestFormatShort(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{180 * time.Nanosecond, "180 ns"},
		{3500 * time.Nanosecond, "3.5 µs"},
		{2 * time.Second, FormatDuration(2 * time.Second)},
	} {
		if got := formatShort(tt.d); got != tt.want {
			t.Errorf("formatShort(%s) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
