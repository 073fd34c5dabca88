// Package cellio holds what goes into a cell and comes out of it, in the
// one shape every stage of the pipeline shares: the request to run it, its
// reply and error, a completion, and the sinks its output and its reads of
// standard input go through. The kernel (which knows the Jupyter wire), the
// supervisor and its worker (which carry requests between processes) and
// the interpreter (which knows Go) all speak these types, so that nothing
// between them converts.
//
// It imports nothing of gopherlab's, so that any stage may import it.
package cellio
