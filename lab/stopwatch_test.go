package lab

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0ns"},
		{512 * time.Nanosecond, "512ns"},
		{45200 * time.Nanosecond, "45.2µs"},
		{999_970 * time.Nanosecond, "1.0ms"},
		{812_400 * time.Microsecond, "812.4ms"},
		{999_990 * time.Microsecond, "1.000s"},
		{1629 * time.Millisecond, "1.629s"},
		{59_999_900 * time.Microsecond, "1m00.0s"},
		{125_300 * time.Millisecond, "2m05.3s"},
		{-1500 * time.Millisecond, "-1.500s"},
	}
	for _, tt := range tests {
		if got := FormatDuration(tt.d); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestStopwatch(t *testing.T) {
	var out bytes.Buffer
	sw := NewStopwatch()
	sw.Output = &out
	time.Sleep(20 * time.Millisecond)
	first := sw.Lap()
	second := sw.Lap(Response{URL: "http://x/p785.pdf", Size: 19111})
	if first < 20*time.Millisecond || second < first {
		t.Errorf("laps %v then %v, want at least 20ms and growing", first, second)
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("printed %q, want two lines", out.String())
	}
	patterns := []string{
		`^ \[0\]: +\d+\.\dms$|^ \[0\]: +\d\.\d{3}s$`,
		`^ \[1\]:    p785\.pdf \[    19,111\] +[\d.]+(ms|s)$`,
	}
	for i, p := range patterns {
		if !regexp.MustCompile(p).MatchString(lines[i]) {
			t.Errorf("line %d = %q, want it to match %s", i, lines[i], p)
		}
	}
	spans := sw.Timeline().Spans()
	if len(spans) != 2 || spans[0].Name != "[0]" || spans[1].Name != "p785.pdf [    19,111]" ||
		!spans[1].Start.Equal(spans[0].End) || spans[0].Worker != "main" {
		t.Errorf("stopwatch spans = %+v", spans)
	}
	if sw.Elapsed() < second {
		t.Error("Elapsed went back in time")
	}
}

func TestTime(t *testing.T) {
	if d := Time(func() { time.Sleep(10 * time.Millisecond) }); d < 10*time.Millisecond {
		t.Errorf("Time of a 10ms sleep = %v", d)
	}
}
