//go:build unix && !linux

package interp

import "syscall"

func dup(fd int) (int, error) { return syscall.Dup(fd) }

func dup2(oldfd, newfd int) error { return syscall.Dup2(oldfd, newfd) }
