package display_test

import (
	"context"
	"fmt"

	"gopherlab/display"
)

// Without a sink (outside the kernel), the package prints the text/plain
// form of what it shows.
func Example() {
	display.Text("hello")
	display.Show("quoted")
	display.Markdown("**bold**")
	// Output:
	// hello
	// "quoted"
	// **bold**
}

type temperature float64

func (t temperature) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
func (t temperature) HTML() string   { return fmt.Sprintf("<b>%.1f&deg;C</b>", float64(t)) }

// A type with an HTML method is shown as HTML by front ends that can.
func ExampleBundle() {
	b := display.Bundle(temperature(21.5))
	fmt.Println(b["text/plain"])
	fmt.Println(b["text/html"])
	// Output:
	// 21.5°C
	// <b>21.5&deg;C</b>
}

// A handle shows its first output, then replaces it.
func ExampleNew() {
	h := display.New()
	for i := 1; i <= 3; i++ {
		h.Text(fmt.Sprintf("step %d of 3", i))
	}
	// Output:
	// step 1 of 3
	// step 2 of 3
	// step 3 of 3
}

func ExampleJSON() {
	display.JSON(map[string]any{"name": "gopher", "legs": 4})
	// Output:
	// {
	//   "legs": 4,
	//   "name": "gopher"
	// }
}

// A goroutine a cell starts stops when the cell is interrupted. Here a
// cancel stands in for the interrupt, and SetContext for what the kernel
// does as each cell starts.
func ExampleContext() {
	interrupt, cancel := context.WithCancel(context.Background())
	display.SetContext(interrupt)
	defer display.SetContext(nil)

	// The cell:
	ctx := display.Context()
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		fmt.Println("worker stopped:", ctx.Err())
	}()

	cancel() // the user interrupts the cell
	<-stopped
	// Output:
	// worker stopped: context canceled
}
