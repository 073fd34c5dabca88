package symbols

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/traefik/yaegi/extract"
)

// TestUpToDate regenerates the symbol tables as go generate does and fails
// when the checked-in ones differ: an exported declaration of the package
// changed without go generate ./interp/symbols.
func TestUpToDate(t *testing.T) {
	for _, pkg := range []struct {
		path, file string
		exclude    []string
	}{
		// The same settings as the //go:generate lines in symbols.go.
		{"gopherlab/display", "gopherlab-display.go", []string{"^SetSink$", "^SetContext$"}},
		{"gopherlab/lab", "gopherlab-lab.go", []string{"^ServeWorker$", "^IsWorker$", "^SetWorkerCommand$", "^Register$"}},
		{"golang.org/x/sync/errgroup", "golang_org-x-sync-errgroup.go", nil},
	} {
		e := extract.Extractor{Dest: "symbols", Exclude: pkg.exclude}
		var buf bytes.Buffer
		if _, err := e.Extract(pkg.path, "", &buf); err != nil {
			t.Fatalf("extract %s: %v", pkg.path, err)
		}
		fresh := filepath.Join(t.TempDir(), pkg.file)
		if err := os.WriteFile(fresh, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		checkedIn, err := os.ReadFile(pkg.file)
		if err != nil {
			t.Fatal(err)
		}
		// The build constraint names the Go release that generated the
		// file; a newer release alone does not make it stale.
		if withoutBuildTags(buf.String()) != withoutBuildTags(string(checkedIn)) {
			t.Errorf("%s is stale: run go generate ./interp/symbols (fresh copy: %s)", pkg.file, fresh)
		}
	}
}

func withoutBuildTags(src string) string {
	var lines []string
	for _, l := range strings.Split(src, "\n") {
		if !strings.HasPrefix(l, "//go:build ") && !strings.HasPrefix(l, "// +build ") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// TestSymbols checks that the tables hold the package under the key
// yaegi's Use expects, without the sink setter cells must not call.
func TestSymbols(t *testing.T) {
	syms, ok := Symbols["gopherlab/display/display"]
	if !ok {
		t.Fatal("no symbols for gopherlab/display")
	}
	for _, name := range []string{"HTML", "Show", "Bundle", "New", "Handle", "_HTMLer"} {
		if _, ok := syms[name]; !ok {
			t.Errorf("symbol %s missing", name)
		}
	}
	if _, ok := syms["SetSink"]; ok {
		t.Error("SetSink is exported to cells")
	}
}
