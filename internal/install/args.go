package install

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// usage is the help text for `gopherlab install`.
const usage = `usage: gopherlab install [--user | --sys-prefix | --prefix DIR] [--name NAME] [--display-name NAME] [--uninstall]

Install (or with --uninstall remove) the gopherlab kernelspec for Jupyter.

  --user               install for the current user (the default)
  --sys-prefix         install into sys.prefix of the Python that runs Jupyter
  --prefix DIR         install into DIR/share/jupyter/kernels/NAME
  --name NAME          kernelspec name (default "gopherlab")
  --display-name NAME  name shown in front ends (default "Go (gopherlab)")
  --uninstall          remove the kernelspec instead of installing it
`

// helpError is returned by ParseArgs for -h/--help: its message is the usage
// text and it wraps flag.ErrHelp.
type helpError struct{}

func (helpError) Error() string { return strings.TrimRight(usage, "\n") }
func (helpError) Unwrap() error { return flag.ErrHelp }

// ParseArgs parses the arguments of `gopherlab install` (those after the
// subcommand): --user, --sys-prefix, --prefix DIR, --name NAME,
// --display-name NAME and --uninstall, each also accepted with one dash, and
// with the value either as the next argument or after '='. The returned
// Options lack Executable, which the caller fills in. For -h or --help the
// error wraps [flag.ErrHelp] and its message is the usage text.
func ParseArgs(args []string) (opts Options, uninstall bool, err error) {
	fs := flag.NewFlagSet("gopherlab install", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&opts.User, "user", false, "")
	fs.BoolVar(&opts.SysPrefix, "sys-prefix", false, "")
	fs.StringVar(&opts.Prefix, "prefix", "", "")
	fs.StringVar(&opts.Name, "name", DefaultName, "")
	fs.StringVar(&opts.DisplayName, "display-name", DefaultDisplayName, "")
	fs.BoolVar(&uninstall, "uninstall", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Options{}, false, helpError{}
		}
		return Options{}, false, fmt.Errorf("install: %w (see gopherlab install --help)", err)
	}
	if fs.NArg() > 0 {
		return Options{}, false, fmt.Errorf("install: unexpected argument %q (see gopherlab install --help)", fs.Arg(0))
	}
	prefixSet := false
	fs.Visit(func(f *flag.Flag) { prefixSet = prefixSet || f.Name == "prefix" })
	if prefixSet && opts.Prefix == "" {
		return Options{}, false, errors.New("install: --prefix needs a directory")
	}
	if err := checkWhere(opts); err != nil {
		return Options{}, false, err
	}
	return opts, uninstall, nil
}
