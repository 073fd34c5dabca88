//go:build ignore

// sieve: the sieve of Eratosthenes over a []bool, which is slice indexing
// in tight loops.
package main

import (
	"fmt"
	"time"
)

func sieve(n int) int {
	composite := make([]bool, n+1)
	count := 0
	for i := 2; i <= n; i++ {
		if composite[i] {
			continue
		}
		count++
		for j := i * i; j <= n; j += i {
			composite[j] = true
		}
	}
	return count
}

func main() {
	start := time.Now()
	r := sieve(4000000)
	fmt.Printf("bench sieve checksum=%d ns=%d\n", r, time.Since(start).Nanoseconds())
}
