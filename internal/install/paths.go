package install

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// goos is runtime.GOOS; a variable so tests can compute other platforms' paths.
var goos = runtime.GOOS

// userDataDir is jupyter_core.paths.jupyter_data_dir() for platform goos,
// reading the environment through getenv.
func userDataDir(goos string, getenv func(string) string) (string, error) {
	if d := getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	home, err := homeDir(goos, getenv)
	if err != nil {
		return "", err
	}
	xdgData := func() string {
		if x := getenv("XDG_DATA_HOME"); x != "" {
			return filepath.Join(x, "jupyter")
		}
		return filepath.Join(home, ".local", "share", "jupyter")
	}
	if envSet(getenv("JUPYTER_PLATFORM_DIRS")) {
		// jupyter_core >= 5 with JUPYTER_PLATFORM_DIRS:
		// platformdirs.user_data_dir("jupyter", appauthor=False).
		switch goos {
		case "darwin", "ios":
			return filepath.Join(home, "Library", "Application Support", "jupyter"), nil
		case "windows":
			if d := getenv("LOCALAPPDATA"); d != "" {
				return filepath.Join(d, "jupyter"), nil
			}
			return filepath.Join(home, "AppData", "Local", "jupyter"), nil
		default:
			return xdgData(), nil
		}
	}
	switch goos {
	case "darwin", "ios":
		return filepath.Join(home, "Library", "Jupyter"), nil
	case "windows":
		if d := getenv("APPDATA"); d != "" {
			return filepath.Join(d, "jupyter"), nil
		}
		// jupyter_config_dir()/data
		if c := getenv("JUPYTER_CONFIG_DIR"); c != "" {
			return filepath.Join(c, "data"), nil
		}
		return filepath.Join(home, ".jupyter", "data"), nil
	default: // Linux and other Unix
		return xdgData(), nil
	}
}

// homeDir is jupyter_core's get_home_dir(): ~ with symlinks resolved.
func homeDir(goos string, getenv func(string) string) (string, error) {
	var home string
	if goos == "windows" {
		home = getenv("USERPROFILE")
	} else {
		home = getenv("HOME")
	}
	if home == "" && goos == runtime.GOOS {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", err
		}
	}
	if home == "" {
		return "", errors.New("cannot find the home directory")
	}
	if real, err := filepath.EvalSymlinks(home); err == nil {
		home = real
	}
	return home, nil
}

// envSet is jupyter_core.paths.envset: set unless empty or a "no" word.
func envSet(v string) bool {
	switch strings.ToLower(v) {
	case "", "no", "n", "false", "off", "0", "0.0":
		return false
	}
	return true
}

// sysPrefix returns sys.prefix of the Python that runs Jupyter. It is a
// variable so tests need no Python.
var sysPrefix = pythonSysPrefix

func pythonSysPrefix() (string, error) {
	var tried []string
	for _, py := range pythonCandidates() {
		tried = append(tried, py)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		out, err := exec.CommandContext(ctx, py, "-c", "import sys; print(sys.prefix)").Output()
		cancel()
		if err != nil {
			continue
		}
		p := strings.TrimSpace(string(out))
		if filepath.IsAbs(p) {
			return p, nil
		}
	}
	if len(tried) == 0 {
		return "", errors.New("found neither jupyter nor python3 on PATH; use --prefix or --user")
	}
	return "", fmt.Errorf("could not get sys.prefix from %s; use --prefix or --user", strings.Join(tried, ", "))
}

// pythonCandidates lists the interpreters to ask for sys.prefix, best first:
// the one named by the #! line of the `jupyter` launcher on PATH, then
// python3 and python on PATH. Duplicates and missing commands are dropped.
func pythonCandidates() []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if p == "" || seen[p] {
			return
		}
		seen[p] = true
		out = append(out, p)
	}
	if j, err := exec.LookPath("jupyter"); err == nil {
		if f, err := os.Open(j); err == nil {
			line, _ := bufio.NewReader(f).ReadSlice('\n')
			f.Close()
			add(shebangPython(line))
		}
	}
	for _, name := range []string{"python3", "python"} {
		if p, err := exec.LookPath(name); err == nil {
			add(p)
		}
	}
	return out
}

// shebangPython returns the Python interpreter a script's first line names:
// "#!/venv/bin/python3", "#!/usr/bin/env python3", "#!/usr/bin/python3 -E".
// It returns "" for anything else (a binary launcher, a shell script).
func shebangPython(first []byte) string {
	rest, ok := bytes.CutPrefix(bytes.TrimRight(first, "\r\n"), []byte("#!"))
	if !ok {
		return ""
	}
	fields := strings.Fields(string(rest))
	if len(fields) == 0 {
		return ""
	}
	interp := fields[0]
	if filepath.Base(interp) == "env" {
		var args []string
		for _, f := range fields[1:] {
			if !strings.HasPrefix(f, "-") {
				args = append(args, f)
			}
		}
		if len(args) == 0 {
			return ""
		}
		p, err := exec.LookPath(args[0])
		if err != nil {
			return ""
		}
		interp = p
	}
	if !strings.HasPrefix(filepath.Base(interp), "python") {
		return ""
	}
	return interp
}
