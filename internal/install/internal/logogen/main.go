// Command logogen writes gopherlab's kernelspec logos (logo-svg.svg,
// logo-32x32.png, logo-64x64.png) from the shapes in install/internal/logo.
// Package install runs it through go generate and embeds what it writes.
//
// Usage:
//
//	go run ./internal/logogen -o assets
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"gopherlab/internal/install/internal/logo"
)

func main() {
	out := flag.String("o", ".", "directory to write the logos into")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "logogen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[string][]byte{"logo-svg.svg": logo.SVG()}
	for _, size := range []int{32, 64} {
		b, err := logo.PNG(size)
		if err != nil {
			return err
		}
		files[fmt.Sprintf("logo-%dx%d.png", size, size)] = b
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
