package main

import (
	"slices"
	"testing"
)

func TestSubstitute(t *testing.T) {
	have := map[string]bool{"_main/cell1.go": true, "/m/cells/cell2/_main/zz_symbols.go": true}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"no files", []string{"-V=full"}, []string{"-V=full"}},
		{"relative", []string{"-p", "m/cell1", "./cell1.go", "./zz_access.go"}, []string{"-p", "m/cell1", "_main/cell1.go", "./zz_access.go"}},
		{"absolute", []string{"/m/cells/cell2/zz_symbols.go"}, []string{"/m/cells/cell2/_main/zz_symbols.go"}},
		{"a flag's value", []string{"-embedcfg=./cell1.go"}, []string{"-embedcfg=./cell1.go"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := substitute(tt.args, func(f string) bool { return have[f] }); !slices.Equal(got, tt.want) {
				t.Errorf("substitute(%q) = %q, want %q", tt.args, got, tt.want)
			}
		})
	}
}
