//go:build ignore

// wordcount: counts the words of a text in a map[string]int, which is
// string hashing and map updates. The text, 200,000 words drawn from a
// vocabulary of 5,000 by a linear congruential generator, is made before the
// clock starts; it is then split and counted 20 times over, as if it were 20
// documents.
package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

func makeText(n int) string {
	vocab := make([]string, 5000)
	for i := range vocab {
		vocab[i] = "w" + strconv.Itoa(i)
	}
	words := make([]string, n)
	x := 1
	for i := range words {
		x = (x*1103515245 + 12345) % 2147483648
		words[i] = vocab[(x>>16)%5000]
	}
	return strings.Join(words, " ")
}

func wordcount(text string, passes int) string {
	counts := map[string]int{}
	for p := 0; p < passes; p++ {
		for _, w := range strings.Fields(text) {
			counts[w]++
		}
	}
	// Independent of the order of the map: distinct words and the sum of
	// the squares of their counts.
	squares := 0
	for _, c := range counts {
		squares += c * c
	}
	return fmt.Sprintf("%d/%d", len(counts), squares)
}

func main() {
	text := makeText(200000)
	start := time.Now()
	r := wordcount(text, 20)
	fmt.Printf("bench wordcount checksum=%s ns=%d\n", r, time.Since(start).Nanoseconds())
}
