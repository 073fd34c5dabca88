package lab

import (
	"math/big"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Pow returns base raised to the power exp, computed with math/big: the
// lesson's CPU-bound work, Python's pow(42, 1_250_000). Negative exponents
// count as 0.
func Pow(base, exp int) *big.Int {
	if exp < 0 {
		exp = 0
	}
	return new(big.Int).Exp(big.NewInt(int64(base)), big.NewInt(int64(exp)), nil)
}

// Spin keeps one core busy with about d of work, touching no memory, and
// returns the rounds it ran: CPU work that scales with cores as purely as
// work can. The amount of work is fixed, not the time: d is converted to
// rounds at the speed measured once per process (on first use), so on a
// busy core Spin takes longer, as real work would. Worker processes get
// the speed their pool's process measured, so all count alike.
func Spin(d time.Duration) int {
	rounds := int(d.Seconds() * spinSpeed())
	spinRounds(rounds)
	return rounds
}

// spinRound is one round of Spin: xorshift steps that the compiler cannot
// skip, since the result is kept.
func spinRounds(n int) uint64 {
	x := uint64(88172645463325252)
	for range n {
		for range 1 << 10 {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
		}
	}
	spinSink.Store(x)
	return x
}

var spinSink atomic.Uint64

// spinEnv passes the measured speed of Spin to worker processes.
const spinEnv = "GOPHERLAB_LAB_SPIN_SPEED"

var spinSpeed = sync.OnceValue(func() float64 {
	if v, err := strconv.ParseFloat(os.Getenv(spinEnv), 64); err == nil && v > 0 {
		return v
	}
	for n := 16; ; n *= 2 {
		start := time.Now()
		spinRounds(n)
		if el := time.Since(start); el >= 20*time.Millisecond {
			return float64(n) / el.Seconds() // rounds per second
		}
	}
})

// The functions every process pool can run, by the name Submit takes.
func init() {
	Register("pow", Pow)     // pow(base, exp int) *big.Int
	Register("spin", Spin)   // spin(d time.Duration) int
	Register("echo", echo)   // echo(b []byte) []byte: the price of moving data
	Register("sleep", sleep) // sleep(d time.Duration)
	Register("pid", os.Getpid)
	Register("panic", panicWith) // panic(msg string): a failing task
	Register("exit", os.Exit)    // exit(code int): a worker that quits
	Register("kill", killSelf)   // kill(): a worker killed by SIGKILL
}

func echo(b []byte) []byte { return b }

func sleep(d time.Duration) { time.Sleep(d) }

func panicWith(msg string) { panic(msg) }

// killSelf ends the process as kill -9 would: no deferred call, no message.
func killSelf() {
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		err = p.Kill()
	}
	if err != nil {
		os.Exit(137)
	}
	select {} // the signal is on its way
}
