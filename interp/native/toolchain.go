package native

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
)

// Toolchain is a go command that builds plugins this process can open.
type Toolchain struct {
	goCmd string   // the go command's path
	flags []string // go build flags that make packages as this binary's were made
	env   []string // added to the go command's environment
}

// ErrUnavailable is what every error of Find wraps: compiled cells cannot
// work in this process, for the reason the error gives.
var ErrUnavailable = errors.New("compiled cells are unavailable")

// Find looks for the go command on PATH and checks that the plugins it
// builds can be opened here. Its error says why not, in one line.
func Find(ctx context.Context) (*Toolchain, error) {
	unavailable := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrUnavailable, fmt.Sprintf(format, args...))
	}
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd":
	default:
		return nil, unavailable("Go has no plugins on %s", runtime.GOOS)
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return nil, unavailable("this binary carries no build information to match")
	}
	flags, env, err := pluginFlags(info.Settings)
	if err != nil {
		return nil, unavailable("%v", err)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return nil, unavailable("no go command on PATH")
	}
	// The go on PATH, not a toolchain it would switch to or download.
	env = append(env, "GOTOOLCHAIN=local", "GOWORK=off")
	goEnv, err := readGoEnv(ctx, goCmd, env)
	if err != nil {
		return nil, unavailable("%v", err)
	}
	if err := sameRelease(goEnv.GOVERSION, runtime.Version()); err != nil {
		return nil, unavailable("%v", err)
	}
	if goEnv.CGO_ENABLED != "1" {
		return nil, unavailable("cgo is off (CGO_ENABLED=%q), and Go builds plugins only with cgo", goEnv.CGO_ENABLED)
	}
	cc := strings.Fields(goEnv.CC)
	if len(cc) == 0 {
		return nil, unavailable("the go command names no C compiler (CC), which plugins need")
	}
	if _, err := exec.LookPath(cc[0]); err != nil {
		return nil, unavailable("no C compiler: %s is not on PATH, and Go builds plugins only with cgo", cc[0])
	}
	return &Toolchain{goCmd: goCmd, flags: flags, env: env}, nil
}

// goEnv is what Find reads of `go env`.
type goEnv struct {
	GOVERSION, CGO_ENABLED, CC string
}

func readGoEnv(ctx context.Context, goCmd string, env []string) (goEnv, error) {
	cmd := exec.CommandContext(ctx, goCmd, "env", "-json", "GOVERSION", "CGO_ENABLED", "CC")
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return goEnv{}, fmt.Errorf("go env: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var e goEnv
	if err := json.Unmarshal(out, &e); err != nil {
		return goEnv{}, fmt.Errorf("go env: %w", err)
	}
	return e, nil
}

// sameRelease says why a plugin built by the go command of release onPath
// cannot be opened by a binary of release built: the runtime refuses a
// plugin of any other release.
func sameRelease(onPath, built string) error {
	if onPath != built {
		return fmt.Errorf("the go command on PATH is %s, and gopherlab was built with %s", onPath, built)
	}
	return nil
}

// pluginFlags are the go build flags and environment that build packages
// as the binary of these build settings was built: the runtime refuses a
// plugin whose copy of a shared package differs from the binary's. It says
// why when no build of a plugin can match.
func pluginFlags(settings []debug.BuildSetting) (flags, env []string, err error) {
	for _, s := range settings {
		switch s.Key {
		case "CGO_ENABLED":
			if s.Value != "1" {
				return nil, nil, errors.New("gopherlab was built without cgo, so it cannot open plugins")
			}
		case "-buildmode":
			if s.Value != "exe" && s.Value != "pie" {
				return nil, nil, fmt.Errorf("gopherlab was built with -buildmode=%s, not an executable that opens plugins", s.Value)
			}
		case "-race", "-msan", "-asan", "-trimpath":
			if s.Value == "true" {
				flags = append(flags, s.Key)
			}
		case "-tags", "-gcflags", "-asmflags":
			flags = append(flags, s.Key+"="+s.Value)
		case "-compiler":
			if s.Value != "gc" {
				return nil, nil, fmt.Errorf("gopherlab was built by %s, and plugins are built by gc", s.Value)
			}
		case "GOEXPERIMENT", "GOARCH", "GOOS", "GOAMD64", "GOARM", "GOARM64", "GO386", "GORISCV64", "GOPPC64", "GOMIPS", "GOMIPS64", "GOWASM":
			env = append(env, s.Key+"="+s.Value)
		case "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS":
			// Recorded empty when unset; set empty, cgo would drop its
			// default flags (-O2 -g) and build runtime/cgo differently.
			if s.Value != "" {
				env = append(env, s.Key+"="+s.Value)
			}
		}
	}
	return flags, env, nil
}
