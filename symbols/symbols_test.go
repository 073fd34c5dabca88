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
// changed without go generate ./symbols.
func TestUpToDate(t *testing.T) {
	pkgs := generateLines(t)
	if len(pkgs) < 4 {
		t.Fatalf("found %d extract lines in symbols.go: %v", len(pkgs), pkgs)
	}
	for _, pkg := range pkgs {
		e := extract.Extractor{Dest: "symbols", Exclude: pkg.exclude}
		var buf bytes.Buffer
		if _, err := e.Extract(pkg.path, "", &buf); err != nil {
			t.Fatalf("extract %s: %v", pkg.path, err)
		}
		file := strings.NewReplacer("/", "-", ".", "_").Replace(pkg.path) + ".go"
		fresh := filepath.Join(t.TempDir(), file)
		if err := os.WriteFile(fresh, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		checkedIn, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// The build constraint names the Go release that generated the
		// file; a newer release alone does not make it stale.
		if withoutBuildTags(buf.String()) != withoutBuildTags(string(checkedIn)) {
			t.Errorf("%s is stale: run go generate ./symbols (fresh copy: %s)", file, fresh)
		}
	}
}

// extractLine is one package that a //go:generate line of symbols.go
// extracts, with its -exclude patterns.
type extractLine struct {
	path    string
	exclude []string
}

// generateLines reads the yaegi extract lines of symbols.go, so that the
// test checks what go generate does, with its settings written once.
func generateLines(t *testing.T) []extractLine {
	t.Helper()
	src, err := os.ReadFile("symbols.go")
	if err != nil {
		t.Fatal(err)
	}
	var lines []extractLine
	for _, l := range strings.Split(string(src), "\n") {
		rest, ok := strings.CutPrefix(l, "//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract ")
		if !ok {
			continue
		}
		var line extractLine
		for _, f := range strings.Fields(rest) {
			if pats, ok := strings.CutPrefix(f, "-exclude="); ok {
				line.exclude = strings.Split(pats, ",")
			} else {
				line.path = f
			}
		}
		lines = append(lines, line)
	}
	return lines
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
