// Package widgets gives notebook cells the interactive controls of Jupyter
// widgets (ipywidgets 8): sliders, progress bars, buttons, checkboxes,
// dropdowns, text, labels, HTML, boxes and an output area, rendered by
// JupyterLab and Notebook 7 themselves and spoken to over Jupyter comms
// (widget protocol 2.1, the "jupyter.widget" comm target).
//
// Cells import it as "gopherlab/widgets":
//
//	workers := widgets.IntSlider("workers", 1, 16, 4)
//	workers.OnChange(func(n int) { fmt.Println("workers:", n) })
//	workers                       // a cell's value: the slider shows
//
// A widget's state lives in the kernel and in the front end at once: a
// change on either side (SetValue here, a drag there) reaches the other,
// and OnChange functions run in the kernel, between cells, for changes the
// user makes.
//
// Where no front end takes comms (gopherlab run, a plain Go program) a
// widget still works as a value and shows as a line of text, so that a
// notebook with widgets runs headless.
package widgets
