//go:build ignore

// strbuild: builds a long string of comma-separated numbers in a
// strings.Builder, which is calls into compiled packages (strconv, the
// Builder's methods) from a loop.
package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

func build(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strconv.Itoa(i * 7))
		b.WriteByte(',')
	}
	return b.String()
}

func main() {
	start := time.Now()
	s := build(500000)
	r := fmt.Sprintf("%d/%d", len(s), strings.Count(s, "7"))
	fmt.Printf("bench strbuild checksum=%s ns=%d\n", r, time.Since(start).Nanoseconds())
}
