package kernel

import (
	"strings"
	"testing"
)

func TestParseOutputLimit(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"", DefaultOutputLimit, false},
		{"off", -1, false}, {"None", -1, false}, {"0", -1, false}, {"0MiB", -1, false},
		{"1048576", 1 << 20, false},
		{"8MiB", 8 << 20, false}, {"8 MiB", 8 << 20, false}, {"2KiB", 2048, false},
		{"500kB", 500_000, false}, {"1GB", 1e9, false}, {"1GiB", 1 << 30, false}, {"12B", 12, false},
		{"-1", 0, true}, {"lots", 0, true}, {"1.5MiB", 0, true}, {"8 TB", 0, true},
		{"99999999999GiB", 0, true},
	} {
		got, err := ParseOutputLimit(tc.in)
		if (err != nil) != tc.wantErr || (!tc.wantErr && got != tc.want) {
			t.Errorf("ParseOutputLimit(%q) = %d, %v; want %d (error %v)", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 812: "812 B", 1024: "1 KiB", 1536: "1.5 KiB", 4 << 20: "4 MiB",
		1<<30 - 4<<20: "1020 MiB", 3 << 29: "1.5 GiB",
	} {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// recorder is a Publisher that keeps the streams it is given.
type recorder struct {
	silent
	streams []string // "name:text"
}

func (r *recorder) Stream(name, text string) { r.streams = append(r.streams, name+":"+text) }

func TestCappedPublisher(t *testing.T) {
	for _, tc := range []struct {
		name    string
		limit   int64
		writes  []string
		want    []string // what passes, before the notices
		dropped string   // in the closing notice; "" for none
	}{
		{"under", 10, []string{"abc", "def"}, []string{"stdout:abc", "stdout:def"}, ""},
		{"exactly", 6, []string{"abc", "def"}, []string{"stdout:abc", "stdout:def"}, ""},
		{"cut", 5, []string{"abc", "def", "ghi"}, []string{"stdout:abc", "stdout:de"}, " 4 bytes of"},
		{"cut before a split character", 4, []string{"ab", "cé"}, []string{"stdout:ab", "stdout:c"}, " 2 bytes of"},
		{"full", 2, []string{"ab", "cd", "e"}, []string{"stdout:ab"}, " 3 bytes of"},
		{"big", 1 << 10, []string{strings.Repeat("x", 3<<10)}, []string{"stdout:" + strings.Repeat("x", 1<<10)}, "2 KiB (2048 bytes)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{}
			c := newCappedPublisher(r, tc.limit)
			for _, w := range tc.writes {
				c.Stream("stdout", w)
			}
			c.finish()
			var passed, notices []string
			for _, s := range r.streams {
				if strings.HasPrefix(s, "stderr:") {
					notices = append(notices, s)
				} else {
					passed = append(passed, s)
				}
			}
			if strings.Join(passed, "|") != strings.Join(tc.want, "|") {
				t.Errorf("passed %q, want %q", passed, tc.want)
			}
			if tc.dropped == "" {
				if len(notices) != 0 {
					t.Errorf("notices %q for a cell under its limit", notices)
				}
				return
			}
			if len(notices) != 2 || !strings.Contains(notices[0], OutputLimitEnv) || !strings.Contains(notices[1], tc.dropped) {
				t.Errorf("notices %q, want the limit's and one saying %s dropped", notices, tc.dropped)
			}
		})
	}
}
