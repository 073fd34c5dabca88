package debugger

import "testing"

// The hashes ipykernel 7.4 computes (ipykernel.compiler.murmur2_x86), which
// JupyterLab's own Murmur2 agrees with: the oracle for cell paths.
func TestMurmur2MatchesIPykernel(t *testing.T) {
	tests := []struct {
		s          string
		seed, want uint32
	}{
		{"", 0xc70f6907, 3990065800},
		{"a", 0xc70f6907, 2167009006},
		{"ab", 0xc70f6907, 2805137849},
		{"abc", 0xc70f6907, 3350977461},
		{"abcd", 0xc70f6907, 804720481},
		{"x := 20\nx + 22", 0xc70f6907, 1889565591},
		{"héllo, 世界", 0xc70f6907, 3039637217},
		{"for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}", 0xc70f6907, 1655113145},
		{"", 1, 1540447798},
		{"abcd", 1, 3376380438},
		{"héllo, 世界", 1, 1184898769},
	}
	for _, tt := range tests {
		if got := murmur2(tt.s, tt.seed); got != tt.want {
			t.Errorf("murmur2(%q, %#x) = %d, want %d", tt.s, tt.seed, got, tt.want)
		}
	}
}
