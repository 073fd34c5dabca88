package install_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"gopherlab/internal/install"
)

func Example() {
	// main passes the running binary, symlinks resolved:
	//
	//	exe, _ := os.Executable()
	//	exe, _ = filepath.EvalSymlinks(exe)
	exe := "/usr/local/bin/gopherlab"

	prefix, err := os.MkdirTemp("", "gopherlab-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(prefix)

	opts := install.Options{Prefix: prefix, Executable: exe}
	dir, err := install.Install(opts)
	if err != nil {
		log.Fatal(err)
	}
	rel, _ := filepath.Rel(prefix, dir)
	fmt.Println("installed in PREFIX/" + filepath.ToSlash(rel))
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(" ", e.Name())
	}

	if _, err := install.Uninstall(opts); err != nil {
		log.Fatal(err)
	}
	_, err = install.Uninstall(opts)
	fmt.Println(err != nil)
	// Output:
	// installed in PREFIX/share/jupyter/kernels/gopherlab
	//   kernel.json
	//   logo-32x32.png
	//   logo-64x64.png
	//   logo-svg.svg
	// true
}
