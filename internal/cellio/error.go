package cellio

import (
	"errors"
	"strings"
)

// Error is a cell's failure as a front end shows it: Name and Value are
// Jupyter's ename and evalue, Traceback the lines shown under them, which
// must say everything, for front ends show the traceback alone.
type Error struct {
	Name      string   `json:"ename"`
	Value     string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

func (e *Error) Error() string { return e.Name + ": " + e.Value }

// Text is the error as a stream shows it: its traceback, a line each.
func (e *Error) Text() string {
	var b strings.Builder
	for _, line := range e.Traceback {
		b.WriteString(line + "\n")
	}
	return b.String()
}

// ErrNoStdin is what Stdin.Input returns when the request does not accept
// input requests (allow_stdin is false).
var ErrNoStdin = errors.New("stdin is not available: the front end does not accept input requests (allow_stdin is false)")
