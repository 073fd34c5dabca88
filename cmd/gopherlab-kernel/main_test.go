package main

import (
	"strings"
	"testing"
)

// TestRunRefuses checks that a command line the kernelspec would not write
// gets an error that says what is wanted, before anything starts.
func TestRunRefuses(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "want -f CONNECTION_FILE"},
		{[]string{"-f", "conn.json"}, "want -worker"},
		{[]string{"-f", "conn.json", "-worker", "gopherlab"}, `-worker "gopherlab" is not an absolute path`},
		{[]string{"-f", "conn.json", "-worker", "/bin/gopherlab", "extra"}, `unexpected arguments ["extra"]`},
		{[]string{"-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"-worker", "/bin/gopherlab", "-f", "/no/such/connection.json"}, "/no/such/connection.json"},
	}
	for _, tt := range tests {
		err := run(tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error saying %q", tt.args, err, tt.want)
		}
	}
}
