package install

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// realPath is path with symlinks resolved, as homeDir resolves them.
func realPath(t *testing.T, path string) string {
	t.Helper()
	p, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDir(t *testing.T) {
	home := t.TempDir()
	realHome := realPath(t, home)
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	unixLike := runtime.GOOS != "darwin" && runtime.GOOS != "ios" && runtime.GOOS != "windows"

	tests := []struct {
		name     string
		env      map[string]string
		opts     Options
		want     string
		unixOnly bool // the case's expected path holds on Linux and other Unix only
	}{
		{
			name: "JUPYTER_DATA_DIR wins",
			env:  map[string]string{"JUPYTER_DATA_DIR": "/data/jup", "XDG_DATA_HOME": "/xdg"},
			want: filepath.Join("/data/jup", "kernels", "gopherlab"),
		},
		{
			name: "explicit User is the same place",
			env:  map[string]string{"JUPYTER_DATA_DIR": "/data/jup"},
			opts: Options{User: true},
			want: filepath.Join("/data/jup", "kernels", "gopherlab"),
		},
		{
			name:     "XDG_DATA_HOME",
			env:      map[string]string{"XDG_DATA_HOME": "/xdg"},
			want:     filepath.Join("/xdg", "jupyter", "kernels", "gopherlab"),
			unixOnly: true,
		},
		{
			name:     "home fallback",
			want:     filepath.Join(realHome, ".local", "share", "jupyter", "kernels", "gopherlab"),
			unixOnly: true,
		},
		{
			name: "custom name",
			env:  map[string]string{"JUPYTER_DATA_DIR": "/data/jup"},
			opts: Options{Name: "go-1.26_x"},
			want: filepath.Join("/data/jup", "kernels", "go-1.26_x"),
		},
		{
			name: "name lower-cased like jupyter_client",
			env:  map[string]string{"JUPYTER_DATA_DIR": "/data/jup"},
			opts: Options{Name: "GopherLab"},
			want: filepath.Join("/data/jup", "kernels", "gopherlab"),
		},
		{
			name: "prefix ignores the data dir",
			env:  map[string]string{"JUPYTER_DATA_DIR": "/data/jup"},
			opts: Options{Prefix: "/opt/conda"},
			want: filepath.Join("/opt/conda", "share", "jupyter", "kernels", "gopherlab"),
		},
		{
			name: "relative prefix made absolute",
			opts: Options{Prefix: "env"},
			want: filepath.Join(cwd, "env", "share", "jupyter", "kernels", "gopherlab"),
		},
		{
			name: "sys-prefix",
			opts: Options{SysPrefix: true, Name: "golab"},
			want: filepath.Join("/py/prefix", "share", "jupyter", "kernels", "golab"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.unixOnly && !unixLike {
				t.Skipf("expected path is for Linux and other Unix, not %s", runtime.GOOS)
			}
			for _, k := range []string{"JUPYTER_DATA_DIR", "XDG_DATA_HOME", "JUPYTER_PLATFORM_DIRS"} {
				t.Setenv(k, "")
			}
			t.Setenv("HOME", home)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			stubSysPrefix(t, "/py/prefix", nil)
			got, err := Dir(tt.opts)
			if err != nil {
				t.Fatalf("Dir(%+v): %v", tt.opts, err)
			}
			if got != tt.want {
				t.Errorf("Dir(%+v) = %q, want %q", tt.opts, got, tt.want)
			}
		})
	}
}

func stubSysPrefix(t *testing.T, prefix string, err error) {
	t.Helper()
	old := sysPrefix
	sysPrefix = func() (string, error) { return prefix, err }
	t.Cleanup(func() { sysPrefix = old })
}

func TestUserDataDirPlatforms(t *testing.T) {
	tests := []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", map[string]string{"HOME": "/nonexistent/ann"}, filepath.Join("/nonexistent/ann", ".local", "share", "jupyter")},
		{"linux", map[string]string{"HOME": "/nonexistent/ann", "XDG_DATA_HOME": "/x"}, filepath.Join("/x", "jupyter")},
		{"linux", map[string]string{"HOME": "/nonexistent/ann", "JUPYTER_DATA_DIR": "/j"}, "/j"},
		{"freebsd", map[string]string{"HOME": "/nonexistent/ann"}, filepath.Join("/nonexistent/ann", ".local", "share", "jupyter")},
		{"darwin", map[string]string{"HOME": "/nonexistent/ann", "XDG_DATA_HOME": "/x"}, filepath.Join("/nonexistent/ann", "Library", "Jupyter")},
		{"darwin", map[string]string{"HOME": "/nonexistent/ann", "JUPYTER_DATA_DIR": "/j"}, "/j"},
		{"darwin", map[string]string{"HOME": "/nonexistent/ann", "JUPYTER_PLATFORM_DIRS": "1"}, filepath.Join("/nonexistent/ann", "Library", "Application Support", "jupyter")},
		{"darwin", map[string]string{"HOME": "/nonexistent/ann", "JUPYTER_PLATFORM_DIRS": "off"}, filepath.Join("/nonexistent/ann", "Library", "Jupyter")},
		{"windows", map[string]string{"USERPROFILE": `/nonexistent/ann`, "APPDATA": "/roaming"}, filepath.Join("/roaming", "jupyter")},
		{"windows", map[string]string{"USERPROFILE": `/nonexistent/ann`}, filepath.Join("/nonexistent/ann", ".jupyter", "data")},
		{"windows", map[string]string{"USERPROFILE": `/nonexistent/ann`, "JUPYTER_CONFIG_DIR": "/cfg"}, filepath.Join("/cfg", "data")},
		{"windows", map[string]string{"USERPROFILE": `/nonexistent/ann`, "JUPYTER_PLATFORM_DIRS": "yes", "LOCALAPPDATA": "/local"}, filepath.Join("/local", "jupyter")},
		{"linux", map[string]string{"HOME": "/nonexistent/ann", "JUPYTER_PLATFORM_DIRS": "1"}, filepath.Join("/nonexistent/ann", ".local", "share", "jupyter")},
	}
	for _, tt := range tests {
		getenv := func(k string) string { return tt.env[k] }
		got, err := userDataDir(tt.goos, getenv)
		if err != nil {
			t.Errorf("%s %v: %v", tt.goos, tt.env, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s %v: got %q, want %q", tt.goos, tt.env, got, tt.want)
		}
	}
}

func TestDirErrors(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	tests := []struct {
		name    string
		opts    Options
		sysErr  error
		wantErr string
	}{
		{"space in name", Options{Name: "go lab"}, nil, `invalid kernelspec name "go lab"`},
		{"slash in name", Options{Name: "go/lab"}, nil, `invalid kernelspec name "go/lab"`},
		{"non-ASCII name", Options{Name: "gö"}, nil, `invalid kernelspec name`},
		{"dot-dot name", Options{Name: ".."}, nil, `invalid kernelspec name ".."`},
		{"user and prefix", Options{User: true, Prefix: "/p"}, nil, "mutually exclusive"},
		{"sys-prefix and prefix", Options{SysPrefix: true, Prefix: "/p"}, nil, "mutually exclusive"},
		{"user and sys-prefix", Options{User: true, SysPrefix: true}, nil, "mutually exclusive"},
		{"no python", Options{SysPrefix: true}, errors.New("no python here"), "--sys-prefix: no python here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stubSysPrefix(t, "/py", tt.sysErr)
			for _, f := range []func(Options) (string, error){Dir, Install, Uninstall} {
				opts := tt.opts
				opts.Executable = "/usr/local/bin/gopherlab"
				_, err := f(opts)
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error %q is not one line", err)
				}
			}
		})
	}
}

// readSpec reads dir/kernel.json.
func readSpec(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec map[string]any
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatalf("kernel.json is not valid JSON: %v\n%s", err, b)
	}
	return spec
}

func TestInstall(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "bin", "gopherlab")
	kernelExe := filepath.Join(filepath.Dir(exe), "gopherlab-kernel")
	tests := []struct {
		name        string
		opts        Options
		wantDisplay string
		wantDir     string // relative to the prefix
		wantArgv    []any
	}{
		{"defaults", Options{}, "Go (gopherlab)", "share/jupyter/kernels/gopherlab", []any{exe, "kernel", "-f", "{connection_file}"}},
		{"custom", Options{Name: "go-dev", DisplayName: "Go (dev)"}, "Go (dev)", "share/jupyter/kernels/go-dev", []any{exe, "kernel", "-f", "{connection_file}"}},
		{"small kernel", Options{KernelExecutable: kernelExe}, "Go (gopherlab)", "share/jupyter/kernels/gopherlab", []any{kernelExe, "-worker", exe, "-f", "{connection_file}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := t.TempDir()
			opts := tt.opts
			opts.Prefix, opts.Executable = prefix, exe
			dir, err := Install(opts)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(prefix, filepath.FromSlash(tt.wantDir)); dir != want {
				t.Errorf("Install returned %q, want %q", dir, want)
			}
			want := map[string]any{
				"argv":           tt.wantArgv,
				"display_name":   tt.wantDisplay,
				"language":       "go",
				"interrupt_mode": "message",
				"env":            map[string]any{},
				"metadata":       map[string]any{"debugger": true},
			}
			if got := readSpec(t, dir); !reflect.DeepEqual(got, want) {
				t.Errorf("kernel.json = %#v\nwant %#v", got, want)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if want := []string{"kernel.json", "logo-32x32.png", "logo-64x64.png", "logo-svg.svg"}; !reflect.DeepEqual(names, want) {
				t.Errorf("kernelspec holds %v, want %v", names, want)
			}
			for _, name := range logoFiles {
				got, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				want, _ := assets.ReadFile("assets/" + name)
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from the embedded logo", name)
				}
			}
			if runtime.GOOS != "windows" {
				if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o755 {
					t.Errorf("kernelspec directory mode = %v, %v; want 0755", fi.Mode(), err)
				}
			}
		})
	}
}

func TestInstallTwiceReplaces(t *testing.T) {
	prefix := t.TempDir()
	opts := Options{Prefix: prefix, Executable: "/old/gopherlab"}
	dir, err := Install(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "stale.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts.Executable, opts.DisplayName = "/new/gopherlab", "Go (new)"
	dir2, err := Install(opts)
	if err != nil {
		t.Fatalf("second Install: %v", err)
	}
	if dir2 != dir {
		t.Errorf("second Install wrote %q, first %q", dir2, dir)
	}
	spec := readSpec(t, dir)
	if argv := spec["argv"].([]any); argv[0] != "/new/gopherlab" || spec["display_name"] != "Go (new)" {
		t.Errorf("kernel.json not replaced: %v", spec)
	}
	if _, err := os.Stat(filepath.Join(dir, "stale.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file from the previous install survived: %v", err)
	}
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "gopherlab" {
		t.Errorf("kernels directory holds %v, want only gopherlab (no temporary leftovers)", entries)
	}
}

func TestInstallNeedsAbsoluteExecutable(t *testing.T) {
	for _, exe := range []string{"", "gopherlab", "./bin/gopherlab"} {
		prefix := t.TempDir()
		_, err := Install(Options{Prefix: prefix, Executable: exe})
		if err == nil || !strings.Contains(err.Error(), "executable") {
			t.Errorf("Install with Executable %q: err = %v, want an error about the executable", exe, err)
		}
		if _, err := os.Stat(filepath.Join(prefix, "share")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Install with Executable %q wrote files", exe)
		}
	}
}

func TestUninstall(t *testing.T) {
	prefix := t.TempDir()
	opts := Options{Prefix: prefix, Name: "golab", Executable: "/bin/gopherlab"}
	dir, err := Install(opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Uninstall(opts)
	if err != nil {
		t.Fatal(err)
	}
	if got != dir {
		t.Errorf("Uninstall returned %q, want %q", got, dir)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("kernelspec still there after Uninstall: %v", err)
	}

	_, err = Uninstall(opts)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), `kernelspec "golab" is not installed in`) {
		t.Errorf("second Uninstall: err = %v, want a not-installed error", err)
	}

	// A directory that is not a kernelspec is left alone.
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Uninstall(opts); err == nil || !strings.Contains(err.Error(), "no kernel.json") {
		t.Errorf("Uninstall of a non-kernelspec: err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "sub")); err != nil {
		t.Errorf("Uninstall removed a non-kernelspec directory: %v", err)
	}
}

func TestShebangPython(t *testing.T) {
	tests := []struct{ line, want string }{
		{"#!/usr/bin/python3\n", "/usr/bin/python3"},
		{"#!/opt/venv/bin/python3.12 -E\r\n", "/opt/venv/bin/python3.12"},
		{"#! /usr/bin/python\n", "/usr/bin/python"},
		{"#!/bin/sh\n", ""},
		{"#!/usr/bin/env\n", ""},
		{"#!/usr/bin/env -S no-such-interpreter-xyz\n", ""},
		{"\x7fELF\x02\x01", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := shebangPython([]byte(tt.line)); got != tt.want {
			t.Errorf("shebangPython(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestEnvSet(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "No": false, "OFF": false, "false": false, "0.0": false, "1": true, "yes": true, "true": true} {
		if got := envSet(v); got != want {
			t.Errorf("envSet(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestInstallRefuses checks that install says why it writes no kernelspec
// for executables it could not start from anywhere.
func TestInstallRefuses(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"no executable", Options{}, "the path of the gopherlab executable is required"},
		{"relative executable", Options{Executable: "bin/gopherlab"}, `executable path "bin/gopherlab" is not absolute`},
		{"relative kernel", Options{Executable: "/bin/gopherlab", KernelExecutable: "gopherlab-kernel"}, `kernel executable path "gopherlab-kernel" is not absolute`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Prefix = t.TempDir()
			if _, err := Install(opts); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Install: %v, want an error saying %q", err, tt.want)
			}
		})
	}
}
