package native

// The -toolexec program of Build's plugins (asmain.go): its source is
// toolexec/main.go, a command of this module that the go command builds
// once in each Builder module, with the toolchain that builds the plugins.

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

//go:embed toolexec/main.go
var toolexecSource []byte

// toolexec is the -toolexec flag of Build's go build: the program, built
// when the module has none of this source yet. The caller holds the
// module's lock.
func (b *Builder) toolexec(ctx context.Context) (string, error) {
	sum := sha256.Sum256(toolexecSource)
	bin := filepath.Join(b.dir, "bin", "toolexec-"+hex.EncodeToString(sum[:6]))
	if _, err := os.Stat(bin); err != nil {
		dir := filepath.Join(b.dir, "toolexec")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", fmt.Errorf("native: %w", err)
		}
		if err := writeIfChanged(filepath.Join(dir, "main.go"), toolexecSource); err != nil {
			return "", fmt.Errorf("native: %w", err)
		}
		built := bin + ".new"
		if _, err := b.goCommand(ctx, "build", "-mod=mod", "-o", built, "./toolexec"); err != nil {
			return "", fmt.Errorf("native: the -toolexec program of compiled cells: %w", err)
		}
		if err := os.Rename(built, bin); err != nil {
			return "", fmt.Errorf("native: %w", err)
		}
	}
	// The go command splits the flag's value into words, minding quotes.
	if strings.ContainsAny(bin, " \t'\"") {
		return "-toolexec=" + fmt.Sprintf("%q", bin), nil
	}
	return "-toolexec=" + bin, nil
}
