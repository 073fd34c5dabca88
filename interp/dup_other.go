//go:build !unix

package interp

import "errors"

var errNoRedirect = errors.New("redirecting standard output is not supported on this system")

func dup(int) (int, error) { return 0, errNoRedirect }

func dup2(int, int) error { return errNoRedirect }
