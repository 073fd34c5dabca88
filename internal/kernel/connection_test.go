package kernel

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseConnectionInfo(t *testing.T) {
	const ports = `"shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5`
	tests := []struct {
		name     string
		json     string
		wantErr  string
		endpoint string // of the shell channel
	}{
		{"tcp", `{"transport":"tcp","ip":"127.0.0.1","key":"k","signature_scheme":"hmac-sha256",` + ports + `}`, "", "tcp://127.0.0.1:1"},
		{"defaults", `{` + ports + `}`, "", "tcp://127.0.0.1:1"},
		{"ipv6", `{"ip":"::1",` + ports + `}`, "", "tcp://[::1]:1"},
		{"ipc", `{"transport":"ipc","ip":"/tmp/kernel-x",` + ports + `}`, "", "ipc:///tmp/kernel-x-1"},
		{"malformed", `{"transport":`, "malformed JSON", ""},
		{"unknown transport", `{"transport":"udp",` + ports + `}`, `unknown transport "udp"`, ""},
		{"unknown scheme", `{"signature_scheme":"hmac-md5",` + ports + `}`, `unsupported signature_scheme "hmac-md5"`, ""},
		{"missing port", `{"shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4}`, "hb_port 0 is not a port number", ""},
		{"port twice", `{"shell_port":1,"control_port":1,"stdin_port":3,"iopub_port":4,"hb_port":5}`, "shell_port and control_port are both 1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := ParseConnectionInfo([]byte(tt.json))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := info.endpoint(info.ShellPort); got != tt.endpoint {
				t.Errorf("endpoint = %q, want %q", got, tt.endpoint)
			}
		})
	}
}

func TestReadConnectionFileNamesTheFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "kernel-missing.json")
	_, err := ReadConnectionFile(missing)
	if err == nil || !strings.Contains(err.Error(), "kernel-missing.json") {
		t.Errorf("error = %v, want it to name the file", err)
	}
	bad := filepath.Join(t.TempDir(), "kernel-bad.json")
	os.WriteFile(bad, []byte("not json"), 0o600)
	if _, err := ReadConnectionFile(bad); err == nil || !strings.Contains(err.Error(), "kernel-bad.json: malformed JSON") {
		t.Errorf("error = %v", err)
	}
}

func TestCheckConnectionFileMode(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		mode    os.FileMode
		exposed bool
	}{
		{0o600, false}, {0o400, false}, {0o640, true}, {0o644, true}, {0o606, true}, {0o660, true},
	} {
		path := filepath.Join(dir, fmt.Sprintf("kernel-%o.json", tc.mode))
		if err := os.WriteFile(path, []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, tc.mode); err != nil { // past the umask
			t.Fatal(err)
		}
		err := CheckConnectionFileMode(path)
		if (err != nil) != tc.exposed {
			t.Errorf("mode %#o: error %v, want exposed=%v", tc.mode, err, tc.exposed)
		}
	}
	if err := CheckConnectionFileMode(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file passed the check")
	}
}
