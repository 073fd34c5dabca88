package supervisor

import (
	"os"
	"strings"
	"testing"
)

func TestCrashReport(t *testing.T) {
	tests := []struct {
		dump    string // file in testdata
		summary string
		frames  []string // lines the report's stack must hold, in order
	}{
		{"concurrent-map-writes.txt", "fatal error: concurrent map writes",
			[]string{"goroutine 9 [running]:", "  internal/runtime/maps.fatal", "  … 9 frames of the interpreter (yaegi)"}},
		{"stack-overflow.txt", "fatal error: stack overflow",
			[]string{"goroutine 1 gp=", "  … "}},
		{"goroutine-panic.txt", "panic: boom [recovered, repanicked]",
			[]string{"goroutine 21 [running]:", "  panic"}},
	}
	for _, tt := range tests {
		t.Run(tt.dump, func(t *testing.T) {
			dump, err := os.ReadFile("testdata/" + tt.dump)
			if err != nil {
				t.Fatal(err)
			}
			r := &crashReport{text: string(dump)}
			if got := r.summary(); got != tt.summary {
				t.Errorf("summary = %q, want %q", got, tt.summary)
			}
			e := r.error()
			if e.Name != "FatalError" || !strings.HasPrefix(e.Value, tt.summary) {
				t.Errorf("error = %s: %s", e.Name, e.Value)
			}
			if len(e.Traceback) > maxReportFrames+12 {
				t.Errorf("traceback has %d lines, too many for a notebook:\n%s", len(e.Traceback), strings.Join(e.Traceback, "\n"))
			}
			tb := strings.Join(e.Traceback, "\n")
			rest := tb
			for _, want := range tt.frames {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("traceback lacks %q after what came before:\n%s", want, tb)
				}
				rest = rest[i+len(want):]
			}
			if strings.Contains(tb, "/usr/local/go") || strings.Contains(tb, "0x") && !strings.Contains(tt.dump, "overflow") {
				t.Errorf("traceback shows file paths or addresses:\n%s", tb)
			}
		})
	}
}

func TestCrashStart(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"fatal error: concurrent map writes\n", 0},
		{"panic: boom\n", 0},
		{"runtime: goroutine stack exceeds 268435456-byte limit\n", 0},
		{"SIGSEGV: segmentation violation\n", 0},
		{"==================\nWARNING: DATA RACE\n…\nfatal error: concurrent map writes\n", 42},
		{"hello from println\n", -1},
		{"", -1},
		{"  panic: indented is not the runtime\n", -1},
		{"no line end, then panic: x", -1},
	}
	for _, tt := range tests {
		if got := crashStart([]byte(tt.text)); got != tt.want {
			t.Errorf("crashStart(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
