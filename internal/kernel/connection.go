package kernel

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// ConnectionInfo is the content of the connection file a front end writes before
// it starts a kernel.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates a connection file.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return ConnectionInfo{}, fmt.Errorf("connection file: %w", err)
	}
	info, err := ParseConnectionInfo(raw)
	if err != nil {
		return ConnectionInfo{}, fmt.Errorf("connection file %s: %w", path, err)
	}
	return info, nil
}

// ParseConnectionInfo decodes a connection file's JSON, fills the defaults
// jupyter_client assumes (tcp on 127.0.0.1, hmac-sha256) and rejects what the
// kernel could not serve.
func ParseConnectionInfo(raw []byte) (ConnectionInfo, error) {
	var info ConnectionInfo
	if err := json.Unmarshal(raw, &info); err != nil {
		return ConnectionInfo{}, fmt.Errorf("malformed JSON: %w", err)
	}
	if info.Transport == "" {
		info.Transport = "tcp"
	}
	if info.IP == "" {
		info.IP = "127.0.0.1"
	}
	if info.SignatureScheme == "" {
		info.SignatureScheme = "hmac-sha256"
	}
	if info.Transport != "tcp" && info.Transport != "ipc" {
		return ConnectionInfo{}, fmt.Errorf("unknown transport %q (want tcp or ipc)", info.Transport)
	}
	if _, err := newSigner(info.SignatureScheme, info.Key); err != nil {
		return ConnectionInfo{}, err
	}
	ports := []struct {
		name string
		port int
	}{
		{"shell_port", info.ShellPort}, {"control_port", info.ControlPort},
		{"stdin_port", info.StdinPort}, {"iopub_port", info.IOPubPort}, {"hb_port", info.HBPort},
	}
	seen := map[int]string{}
	for _, p := range ports {
		if p.port <= 0 || p.port > 65535 {
			return ConnectionInfo{}, fmt.Errorf("%s %d is not a port number", p.name, p.port)
		}
		if other, dup := seen[p.port]; dup {
			return ConnectionInfo{}, fmt.Errorf("%s and %s are both %d", other, p.name, p.port)
		}
		seen[p.port] = p.name
	}
	return info, nil
}

// endpoint is the ZeroMQ address of one channel. For ipc, Jupyter names the
// socket file "IP-PORT", where IP is a path.
func (c ConnectionInfo) endpoint(port int) string {
	return c.endpointVia(c.Transport, port)
}

// listenEndpoint is where the kernel listens: endpoint, through the guard
// (guard.go).
func (c ConnectionInfo) listenEndpoint(port int) string {
	return c.endpointVia(guardedScheme[c.Transport], port)
}

func (c ConnectionInfo) endpointVia(scheme string, port int) string {
	if c.Transport == "ipc" {
		return fmt.Sprintf("%s://%s-%d", scheme, c.IP, port)
	}
	host := c.IP
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		host = "[" + host + "]"
	}
	if host == "*" {
		host = "0.0.0.0"
	}
	return fmt.Sprintf("%s://%s:%d", scheme, host, port)
}

// CheckConnectionFileMode returns an error when the connection file at path
// can be read or written by users other than its owner. Its key is all it
// takes to run code as the kernel's user; Jupyter writes it 0600, so a file
// open to others was made by hand or by a tool that forgot, and the admin
// should know.
func CheckConnectionFileMode(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("connection file: %w", err)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("connection file %s has mode %#o: users other than its owner can read its key and run code in this kernel (want 0600)", path, perm)
	}
	return nil
}
