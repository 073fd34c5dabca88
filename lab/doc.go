// Package lab is the helper package of gopherlab's concurrency lesson, the
// Go translation of a Python notebook on threads, processes and asyncio.
// Notebook cells import it as "gopherlab/lab" for what is not plain Go, so
// that they stay short: the lesson is about concurrency, not plumbing.
//
//   - Pool, a fixed number of goroutine workers: Submit a function, get a
//     Future; AsCompleted, WaitAny, WaitAll and Map, as Python's
//     concurrent.futures. NewGILPool is the same with one global lock
//     around each task, which reproduces Python's result (no speed-up)
//     beside Go's.
//   - ProcessPool runs registered functions (Register; "pow" and others
//     built in) in worker processes, paying to serialize arguments and
//     results; a worker that dies is an error in one future.
//   - Stopwatch prints " [n]: elapsed" lines as the original cells do.
//   - Timeline records every task and download as a span, and Gantt draws
//     timelines side by side; SpeedupChart plots speed-up against workers,
//     a point the median of repeated runs, with their spread.
//     Both render themselves as SVG, so a cell that ends with one shows it.
//   - Fetcher (Get, Fetch, FetchAll) downloads URLs concurrently, with a
//     limit, timeouts, cancellation and live progress (bars where widgets
//     render, a table elsewhere).
//   - StartServer serves the lesson's five files on the loopback interface
//     with a chosen latency and bandwidth, for classrooms with no network.
//   - Group and Nursery give structured concurrency: goroutines that
//     cannot outlive their group, and the first failure cancels the rest.
//   - GoroutineCost measures, in compiled Go, what a goroutine costs to
//     start and to keep (runtime.MemStats' StackInuse and Sys), and a
//     switch between two goroutines over a channel.
//
// Everything that takes time takes a context.Context. In a notebook, pass
// display.Context(), which the kernel cancels when the cell is interrupted:
// queued tasks then fail, running ones see their context end, and worker
// processes are killed.
//
// The API crosses into the yaegi interpreter, which cannot call generic
// functions: values travel as any, collections as slices and channels, so
// that cells read naturally:
//
//	f := pool.Submit(func() any { return lab.Pow(42, 1_250_000) })
//	for f := range lab.AsCompleted(fs) { … }
package lab
