package interp

import "syscall"

func dup(fd int) (int, error) { return syscall.Dup(fd) }

// dup2 uses dup3, which every Linux architecture has (arm64 lacks dup2).
func dup2(oldfd, newfd int) error { return syscall.Dup3(oldfd, newfd, 0) }
