package interp

import (
	"slices"
	"strings"
	"testing"
)

// A caller that no longer compiles against the new definition keeps the
// old one, and the cell says so.
func TestRebindSignatureChange(t *testing.T) {
	h := newHarness(t, "")
	h.exec("func base() int { return 1 }\nfunc caller() int { return base() * 10 }")
	h.exec("func base() string { return \"s\" }")
	if got := h.stderr.take(); !strings.HasPrefix(got, "gopherlab: caller still calls the old base: compiling it again failed: CompileError: cell[1]:2:") {
		t.Errorf("stderr %q", got)
	}
	if got := h.exec("caller()"); got != "10" {
		t.Errorf("caller() = %s, want the old 10", got)
	}
}

// A function compiled again keeps the positions of the cell it came from.
func TestRebindPositions(t *testing.T) {
	h := newHarness(t, "")
	h.exec("func boom() { panic(\"x\") }\n\nfunc callsBoom() {\n\tboom()\n}")
	h.exec("func boom() { panic(\"y\") }")
	e := h.fail("callsBoom()")
	if e.Value != "y" {
		t.Errorf("panic %q, want the new boom's y", e.Value)
	}
	i := slices.Index(e.Traceback, "main.callsBoom")
	if i < 0 || i+1 >= len(e.Traceback) || e.Traceback[i+1] != "\tcell[1]:4:2" {
		t.Errorf("traceback %q, want main.callsBoom at cell[1]:4:2", e.Traceback)
	}
	if got := h.stderr.take(); got != "" {
		t.Errorf("stderr %q", got)
	}
}
