package interp

import (
	"testing"

	yaegi "github.com/traefik/yaegi/interp"
)

// runState reaches fields of yaegi's that it does not export: a yaegi that
// has them no more, or whose stop does not work on them as v0.16.1's
// does, must fail here, loudly, and not let interrupts misbehave; what
// stop does to them TestRunStateStop checks.
func TestRunState(t *testing.T) {
	yi := yaegi.New(yaegi.Options{})
	if _, err := yaegiRunState(yi); err != nil {
		t.Fatalf("yaegi's layout changed: %v", err)
	}
}
