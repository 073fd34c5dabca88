package lab

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// GoroutineCosts is what goroutines cost in compiled Go, as GoroutineCost
// measures it. Notebook cells are interpreted, and an interpreted goroutine
// carries the interpreter's frames; this package is compiled, so its figures
// are Go's own.
type GoroutineCosts struct {
	// N goroutines were started, each blocked on a channel until all were.
	N int
	// Start is the time to start one: all N started, divided by N.
	Start time.Duration
	// Stack is runtime.MemStats.StackInuse grown while the N goroutines
	// waited, divided by N: the bytes of goroutine stack each one holds.
	Stack float64
	// Sys is runtime.MemStats.Sys grown over the same time, divided by N:
	// the memory taken from the operating system for each, stack and the
	// runtime's own records (the g structure) together. It is 0 when the
	// process already had the memory from an earlier run.
	Sys float64
	// Switch is the time for one goroutine to hand a value to another over
	// an unbuffered channel and be answered, divided by two: one switch.
	Switch time.Duration
}

// GoroutineCost starts n goroutines that wait on a channel, measures the
// time and memory they take, releases them and waits until all have ended;
// then it measures a switch between two goroutines over a channel.
func GoroutineCost(n int) GoroutineCosts {
	n = max(n, 1)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	gate := make(chan struct{})
	var started, ended sync.WaitGroup
	started.Add(n)
	ended.Add(n)
	begin := time.Now()
	for range n {
		go func() {
			started.Done()
			<-gate
			ended.Done()
		}()
	}
	started.Wait()
	took := time.Since(begin)
	runtime.ReadMemStats(&after)
	close(gate)
	ended.Wait()
	return GoroutineCosts{
		N:      n,
		Start:  took / time.Duration(n),
		Stack:  perGoroutine(before.StackInuse, after.StackInuse, n),
		Sys:    perGoroutine(before.Sys, after.Sys, n),
		Switch: switchCost(n),
	}
}

func perGoroutine(before, after uint64, n int) float64 {
	if after < before {
		return 0
	}
	return float64(after-before) / float64(n)
}

// switchCost is the time of one switch between two goroutines that play
// ping-pong over unbuffered channels, over rounds round trips.
func switchCost(rounds int) time.Duration {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
		close(pong)
	}()
	begin := time.Now()
	for i := range rounds {
		ping <- i
		<-pong
	}
	took := time.Since(begin)
	close(ping)
	<-pong
	return took / time.Duration(2*rounds)
}

// String is the costs as a cell prints them, one figure a line, each with
// the MemStats field it comes from.
func (c GoroutineCosts) String() string {
	return fmt.Sprintf("%s goroutines, in compiled Go, each:\n"+
		"  start:       %s\n"+
		"  stack:       %.1f KB (MemStats.StackInuse)\n"+
		"  from the OS: %.1f KB (MemStats.Sys)\n"+
		"a switch between two goroutines over a channel: %s",
		Commas(c.N), formatShort(c.Start), c.Stack/1024, c.Sys/1024, formatShort(c.Switch))
}

// formatShort writes durations under a millisecond in ns or µs, where
// FormatDuration would round them away.
func formatShort(d time.Duration) string {
	switch {
	case d < time.Microsecond:
		return fmt.Sprintf("%d ns", d.Nanoseconds())
	case d < time.Millisecond:
		return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond))
	}
	return FormatDuration(d)
}
