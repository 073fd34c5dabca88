package lab

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// settled returns futures completed in the given order, with the given
// values.
func settled(names ...string) []*Future {
	fs := make([]*Future, len(names))
	for i, n := range names {
		fs[i] = newFuture(n)
	}
	return fs
}

func TestAsCompletedOrder(t *testing.T) {
	noLeak(t)
	fs := settled("a", "b", "c", "d")
	out := AsCompleted(fs)
	// Complete in an order unlike the submission order, one at a time,
	// checking each arrives before the next completes.
	for _, i := range []int{2, 0, 3, 1} {
		fs[i].complete(i, nil, Span{})
		select {
		case f := <-out:
			if f != fs[i] {
				t.Fatalf("got %s, want %s", f.Name(), fs[i].Name())
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s completed but was not delivered", fs[i].Name())
		}
	}
	if f, ok := <-out; ok {
		t.Errorf("channel delivered %v after the last future, want closed", f)
	}
}

func TestAsCompletedEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		fs   func() []*Future
		want int
	}{
		{"none", func() []*Future { return nil }, 0},
		{"all nil", func() []*Future { return []*Future{nil, nil} }, 0},
		{"already done", func() []*Future {
			fs := settled("x", "y")
			fs[0].complete(1, nil, Span{})
			fs[1].complete(2, nil, Span{})
			return fs
		}, 2},
		{"nil among done", func() []*Future {
			fs := settled("x")
			fs[0].complete(1, nil, Span{})
			return []*Future{nil, fs[0], nil}
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			within(t, 5*time.Second, "AsCompleted", func() {
				for range AsCompleted(tt.fs()) {
					n++
				}
			})
			if n != tt.want {
				t.Errorf("delivered %d futures, want %d", n, tt.want)
			}
		})
	}
}

func TestWaitAnyAndAll(t *testing.T) {
	fs := settled("a", "b", "c")
	go func() {
		time.Sleep(10 * time.Millisecond)
		fs[1].complete("B", nil, Span{})
		time.Sleep(10 * time.Millisecond)
		fs[0].complete(nil, errors.New("boom"), Span{})
		fs[2].complete("C", nil, Span{})
	}()
	if got := WaitAny(fs); got != fs[1] {
		t.Errorf("WaitAny = %s, want b", got.Name())
	}
	values, err := WaitAll(fs)
	if want := []any{nil, "B", "C"}; !reflect.DeepEqual(values, want) {
		t.Errorf("WaitAll values = %v, want %v", values, want)
	}
	if err == nil || err.Error() != "a: boom" {
		t.Errorf("WaitAll error = %v, want a: boom", err)
	}
	if WaitAny(nil) != nil {
		t.Error("WaitAny(nil) is not nil")
	}
}

func TestFutureString(t *testing.T) {
	f := newFuture("task 1")
	if got := f.String(); got != "task 1: running" {
		t.Errorf("pending: %q", got)
	}
	long := make([]byte, 500)
	for i := range long {
		long[i] = '7'
	}
	f.complete(string(long), nil, Span{})
	if got := f.String(); len([]rune(got)) > 80 || !contains(got, "task 1: 777", "…") {
		t.Errorf("done with a long value: %q", got)
	}
	g := newFuture("task 2")
	g.complete(nil, errors.New("no"), Span{})
	if got := g.String(); got != "task 2: error: no" {
		t.Errorf("failed: %q", got)
	}
}
