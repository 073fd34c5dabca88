//go:build ignore

// fib: naive recursive Fibonacci, which is almost nothing but function calls.
package main

import (
	"fmt"
	"time"
)

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	start := time.Now()
	r := fib(29)
	fmt.Printf("bench fib checksum=%d ns=%d\n", r, time.Since(start).Nanoseconds())
}
