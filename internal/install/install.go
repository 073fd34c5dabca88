// Package install writes gopherlab's kernelspec into Jupyter's data
// directories, as `python -m ipykernel install` does for ipykernel: a
// directory kernels/NAME holding kernel.json (the command line Jupyter runs
// to start the kernel) and the logos front ends show in their launchers.
//
// Where the directory goes follows jupyter_client's KernelSpecManager:
// PREFIX/share/jupyter/kernels/NAME for a prefix (--prefix, or --sys-prefix
// for the prefix of the Python that runs Jupyter), else the per-user Jupyter
// data directory as jupyter_core computes it (see [Dir]).
package install

//go:generate go run ./internal/logogen -o assets

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

const (
	// DefaultName is the kernelspec directory name, and so the name
	// `jupyter kernelspec list` and `--kernel` use.
	DefaultName = "gopherlab"
	// DefaultDisplayName is the name front ends show.
	DefaultDisplayName = "Go (gopherlab)"
)

// Options says which kernelspec to write and where. At most one of User,
// SysPrefix and Prefix may be set; with none, the install is per-user.
type Options struct {
	Name        string // kernelspec directory name, default "gopherlab"
	DisplayName string // default "Go (gopherlab)"
	User        bool   // per-user data dir (the default when neither Prefix nor SysPrefix)
	// SysPrefix installs into sys.prefix/share/jupyter/kernels/NAME, where
	// sys.prefix is that of the Python that runs Jupyter: ipykernel's
	// --sys-prefix uses the interpreter running the installer, which for it
	// is the one running Jupyter (a virtualenv or conda env). gopherlab is
	// not Python, so it asks that interpreter: the one named by the #! line
	// of the `jupyter` launcher on PATH (pip, conda and Debian all write one),
	// falling back to python3, then python, on PATH. See sysPrefix.
	SysPrefix  bool
	Prefix     string // install into PREFIX/share/jupyter/kernels/NAME
	Executable string // absolute path of the gopherlab binary, required
	// KernelExecutable is the absolute path of gopherlab-kernel, the kernel
	// process without the interpreter, which then starts Executable's
	// worker; empty, Executable is the kernel process too.
	KernelExecutable string
}

//go:embed assets/logo-32x32.png assets/logo-64x64.png assets/logo-svg.svg
var assets embed.FS

// logoFiles are the resource files written next to kernel.json.
var logoFiles = []string{"logo-32x32.png", "logo-64x64.png", "logo-svg.svg"}

// kernelSpec is kernel.json; the field order is the order it is written in.
// See https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs.
type kernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env"`
	Metadata      map[string]any    `json:"metadata"`
}

// Install writes the kernelspec (kernel.json and the three logos) and returns
// the directory it wrote. An existing kernelspec of the same name in the same
// place is replaced as a whole, as jupyter_client does: the new one is
// written beside it and renamed into place.
func Install(opts Options) (dir string, err error) {
	dir, err = Dir(opts)
	if err != nil {
		return "", err
	}
	if opts.Executable == "" {
		return "", errors.New("install: the path of the gopherlab executable is required")
	}
	if !filepath.IsAbs(opts.Executable) {
		return "", fmt.Errorf("install: executable path %q is not absolute", opts.Executable)
	}
	argv := []string{opts.Executable, "kernel", "-f", "{connection_file}"}
	if k := opts.KernelExecutable; k != "" {
		if !filepath.IsAbs(k) {
			return "", fmt.Errorf("install: kernel executable path %q is not absolute", k)
		}
		argv = []string{k, "-worker", opts.Executable, "-f", "{connection_file}"}
	}
	display := opts.DisplayName
	if display == "" {
		display = DefaultDisplayName
	}
	spec, err := json.MarshalIndent(kernelSpec{
		Argv:          argv,
		DisplayName:   display,
		Language:      "go",
		InterruptMode: "message",
		Env:           map[string]string{},
		// The kernel speaks the debug protocol (package debugger): JupyterLab
		// offers its debugger from the spec, before a kernel has started.
		Metadata: map[string]any{"debugger": true},
	}, "", "  ")
	if err != nil {
		return "", fmt.Errorf("install: encode kernel.json: %w", err)
	}
	spec = append(spec, '\n')

	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("install: create kernels directory: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes it 0700
		return "", fmt.Errorf("install: %w", err)
	}
	files := map[string][]byte{"kernel.json": spec}
	for _, name := range logoFiles {
		b, err := assets.ReadFile("assets/" + name)
		if err != nil {
			return "", fmt.Errorf("install: embedded %s: %w", name, err)
		}
		files[name] = b
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
			return "", fmt.Errorf("install: write %s: %w", name, err)
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("install: remove previous kernelspec: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	return dir, nil
}

// Uninstall removes the kernelspec directory [Dir] names and returns it. It
// fails, with an error wrapping [fs.ErrNotExist], when nothing is installed
// there, and refuses to remove a directory without a kernel.json.
func Uninstall(opts Options) (dir string, err error) {
	dir, err = Dir(opts)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("install: kernelspec %q is not installed in %s: %w",
			filepath.Base(dir), filepath.Dir(dir), fs.ErrNotExist)
	} else if err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
		return "", fmt.Errorf("install: %s has no kernel.json, not removing it: %w", dir, err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("install: remove kernelspec: %w", err)
	}
	return dir, nil
}

// kernelNamePattern is jupyter_client's rule for kernelspec names.
var kernelNamePattern = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// Dir returns the kernelspec directory opts names, without touching it:
//
//   - Prefix: PREFIX/share/jupyter/kernels/NAME (PREFIX made absolute);
//   - SysPrefix: the same under sys.prefix of the Python that runs Jupyter;
//   - otherwise (User, or nothing set): USERDATA/kernels/NAME, where USERDATA
//     is jupyter_core's jupyter_data_dir(): $JUPYTER_DATA_DIR if set, else
//     $XDG_DATA_HOME/jupyter or ~/.local/share/jupyter on Linux and other
//     Unix, ~/Library/Jupyter on macOS, %APPDATA%\jupyter on Windows
//     (with JUPYTER_PLATFORM_DIRS set, the platformdirs locations that
//     jupyter_core 5 then uses).
//
// NAME is lower-cased, as jupyter_client does when it installs and lists
// kernelspecs, and must be letters, digits, '.', '_' and '-'.
func Dir(opts Options) (string, error) {
	name := opts.Name
	if name == "" {
		name = DefaultName
	}
	if !kernelNamePattern.MatchString(name) {
		return "", fmt.Errorf("install: invalid kernelspec name %q: use only ASCII letters, digits, '.', '_' and '-'", name)
	}
	name = strings.ToLower(name)
	if name == "." || name == ".." {
		return "", fmt.Errorf("install: invalid kernelspec name %q", name)
	}

	if err := checkWhere(opts); err != nil {
		return "", err
	}

	var base string
	switch {
	case opts.Prefix != "":
		p, err := filepath.Abs(opts.Prefix)
		if err != nil {
			return "", fmt.Errorf("install: prefix %q: %w", opts.Prefix, err)
		}
		base = filepath.Join(p, "share", "jupyter")
	case opts.SysPrefix:
		p, err := sysPrefix()
		if err != nil {
			return "", fmt.Errorf("install: --sys-prefix: %w", err)
		}
		base = filepath.Join(p, "share", "jupyter")
	default:
		d, err := userDataDir(goos, os.Getenv)
		if err != nil {
			return "", fmt.Errorf("install: Jupyter data directory: %w", err)
		}
		base = d
	}
	return filepath.Join(base, "kernels", name), nil
}

// checkWhere rejects Options that name more than one place to install.
func checkWhere(opts Options) error {
	n := 0
	for _, b := range []bool{opts.User, opts.SysPrefix, opts.Prefix != ""} {
		if b {
			n++
		}
	}
	if n > 1 {
		return errors.New("install: --user, --sys-prefix and --prefix are mutually exclusive; choose one")
	}
	return nil
}
