//go:build ignore

// loops: three nested counting loops with integer arithmetic in the
// innermost, which is loop control, arithmetic and local variables only.
package main

import (
	"fmt"
	"time"
)

func loops(n int) int {
	sum := 0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			for k := 0; k < n; k++ {
				sum += (i*j + k) % 7
			}
		}
	}
	return sum
}

func main() {
	start := time.Now()
	r := loops(200)
	fmt.Printf("bench loops checksum=%d ns=%d\n", r, time.Since(start).Nanoseconds())
}
