package worker

import (
	"context"
	"testing"
)

// An interrupt reaches the cell that runs, whatever order the worker's
// goroutines finish in: a cell's reply brings the next request, so the
// next cell may begin before the previous one has ended.
func TestInterruptFindsTheRunningCell(t *testing.T) {
	tests := []struct {
		name  string
		steps func(w *worker, first, second *runningCell)
		want  [2]bool // first, second cancelled
	}{
		{"one cell", func(w *worker, first, _ *runningCell) {
			w.begin(first)
		}, [2]bool{true, false}},
		{"after the first ended", func(w *worker, first, second *runningCell) {
			w.begin(first)
			w.end(first)
			w.begin(second)
		}, [2]bool{false, true}},
		{"the first ends after the second began", func(w *worker, first, second *runningCell) {
			w.begin(first)
			w.begin(second)
			w.end(first)
		}, [2]bool{false, true}},
		{"both ended", func(w *worker, first, second *runningCell) {
			w.begin(first)
			w.begin(second)
			w.end(first)
			w.end(second)
		}, [2]bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w worker
			ctx1, cancel1 := context.WithCancel(context.Background())
			ctx2, cancel2 := context.WithCancel(context.Background())
			defer cancel1()
			defer cancel2()
			first, second := &runningCell{cancel1}, &runningCell{cancel2}
			tt.steps(&w, first, second)
			w.mu.Lock()
			w.interruptCell()
			w.mu.Unlock()
			got := [2]bool{ctx1.Err() != nil, ctx2.Err() != nil}
			if got != tt.want {
				t.Errorf("cancelled (first, second) = %v, want %v", got, tt.want)
			}
		})
	}
}
