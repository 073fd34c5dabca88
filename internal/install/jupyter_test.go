package install

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestJupyterKernelspecList installs into a temporary prefix and checks that
// jupyter_client itself finds the kernelspec there. It needs the jupyter
// command; without it the test is skipped, or fails when CI=true.
func TestJupyterKernelspecList(t *testing.T) {
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		if _, serr := os.Stat("/usr/bin/jupyter"); serr == nil {
			jupyter = "/usr/bin/jupyter"
		} else if os.Getenv("CI") == "true" {
			t.Fatal("jupyter not found, and CI=true: install jupyter-client")
		} else {
			t.Skip("jupyter not found")
		}
	}

	prefix := t.TempDir()
	exe := filepath.Join(prefix, "bin", "gopherlab")
	dir, err := Install(Options{Prefix: prefix, Name: "gopherlab", DisplayName: "Go (gopherlab test)", Executable: exe})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, jupyter, "kernelspec", "list", "--json")
	// Only our prefix and an empty user data dir, so other installs can't interfere.
	cmd.Env = append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
		"JUPYTER_DATA_DIR="+t.TempDir(),
		"PYDEVD_DISABLE_FILE_VALIDATION=1",
	)
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("jupyter kernelspec list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("jupyter kernelspec list: %v", err)
	}
	var list struct {
		Kernelspecs map[string]struct {
			ResourceDir string `json:"resource_dir"`
			Spec        struct {
				Argv          []string `json:"argv"`
				DisplayName   string   `json:"display_name"`
				Language      string   `json:"language"`
				InterruptMode string   `json:"interrupt_mode"`
			} `json:"spec"`
		} `json:"kernelspecs"`
	}
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatalf("jupyter kernelspec list --json: %v\n%s", err, out)
	}
	ks, ok := list.Kernelspecs["gopherlab"]
	if !ok {
		t.Fatalf("jupyter does not list gopherlab:\n%s", out)
	}
	if ks.Spec.DisplayName != "Go (gopherlab test)" || ks.Spec.Language != "go" || ks.Spec.InterruptMode != "message" {
		t.Errorf("jupyter reads the spec as %+v", ks.Spec)
	}
	if len(ks.Spec.Argv) == 0 || ks.Spec.Argv[0] != exe {
		t.Errorf("argv = %q, want it to start with %q", ks.Spec.Argv, exe)
	}
	if got, want := realPath(t, ks.ResourceDir), realPath(t, dir); got != want {
		t.Errorf("resource_dir = %q, want %q", got, want)
	}
}

// TestSysPrefixIsAJupyterDataPath checks that --sys-prefix picks the Python
// that runs Jupyter: PREFIX/share/jupyter must be one of the data paths
// `jupyter --paths` reports (jupyter_core lists sys.prefix's there).
func TestSysPrefixIsAJupyterDataPath(t *testing.T) {
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("jupyter not found, and CI=true: install jupyter-client")
		}
		t.Skip("jupyter not found")
	}
	prefix, err := pythonSysPrefix()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, jupyter, "--paths", "--json")
	cmd.Env = append(os.Environ(), "JUPYTER_PATH=", "JUPYTER_PREFER_ENV_PATH=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("jupyter --paths --json: %v", err)
	}
	var paths struct {
		Data []string `json:"data"`
	}
	if err := json.Unmarshal(out, &paths); err != nil {
		t.Fatalf("jupyter --paths --json: %v\n%s", err, out)
	}
	want := filepath.Join(prefix, "share", "jupyter")
	for _, p := range paths.Data {
		if filepath.Clean(p) == want {
			return
		}
	}
	t.Errorf("sys.prefix data dir %s is not among Jupyter's data paths %q", want, paths.Data)
}
