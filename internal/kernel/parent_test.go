package kernel

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

func TestJPYParent(t *testing.T) {
	// A process that has ended, for a pid that is surely not alive.
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("no true(1):", err)
	}
	self, parent := os.Getpid(), os.Getppid()
	for _, tc := range []struct {
		name, value string
		want        int
	}{
		{"unset", "", 0},
		{"not a number", "abc", 0},
		{"init", "1", 0},
		{"the parent itself", strconv.Itoa(parent), 0},
		{"the kernel itself", strconv.Itoa(self), 0},
		{"already gone", strconv.Itoa(gone.Process.Pid), 0},
	} {
		if got := jpyParent(tc.value, parent); got != tc.want {
			t.Errorf("%s: jpyParent(%q) = %d, want %d", tc.name, tc.value, got, tc.want)
		}
	}
	// A live process that is not the parent is watched.
	if got := jpyParent(strconv.Itoa(parent), 0); got != parent {
		t.Errorf("jpyParent(parent, no parent) = %d, want %d", got, parent)
	}
}

func TestAlive(t *testing.T) {
	if !alive(os.Getpid()) {
		t.Error("this process is not alive")
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true(1):", err)
	}
	if alive(cmd.Process.Pid) {
		t.Errorf("a reaped process %d is alive", cmd.Process.Pid)
	}
}
