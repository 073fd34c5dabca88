package install

import (
	"errors"
	"flag"
	"strings"
	"testing"
)

func TestParseArgs(t *testing.T) {
	defaults := Options{Name: DefaultName, DisplayName: DefaultDisplayName}
	with := func(f func(*Options)) Options { o := defaults; f(&o); return o }
	tests := []struct {
		args          []string
		want          Options
		wantUninstall bool
		wantErr       string
	}{
		{args: nil, want: defaults},
		{args: []string{"--user"}, want: with(func(o *Options) { o.User = true })},
		{args: []string{"-user"}, want: with(func(o *Options) { o.User = true })},
		{args: []string{"--sys-prefix"}, want: with(func(o *Options) { o.SysPrefix = true })},
		{args: []string{"--prefix", "/opt/env"}, want: with(func(o *Options) { o.Prefix = "/opt/env" })},
		{args: []string{"-prefix=/opt/env"}, want: with(func(o *Options) { o.Prefix = "/opt/env" })},
		{args: []string{"--name", "go2", "--display-name", "Go 2"}, want: with(func(o *Options) { o.Name, o.DisplayName = "go2", "Go 2" })},
		{args: []string{"--display-name=Go (dev)", "-name=dev"}, want: with(func(o *Options) { o.Name, o.DisplayName = "dev", "Go (dev)" })},
		{args: []string{"--uninstall", "--user"}, want: with(func(o *Options) { o.User = true }), wantUninstall: true},
		{args: []string{"-uninstall", "--name", "x"}, want: with(func(o *Options) { o.Name = "x" }), wantUninstall: true},
		{args: []string{"--user", "--prefix", "/p"}, wantErr: "mutually exclusive"},
		{args: []string{"--sys-prefix", "--user"}, wantErr: "mutually exclusive"},
		{args: []string{"--prefix"}, wantErr: "flag needs an argument: -prefix"},
		{args: []string{"--prefix="}, wantErr: "--prefix needs a directory"},
		{args: []string{"--bogus"}, wantErr: "flag provided but not defined: -bogus"},
		{args: []string{"--user", "extra"}, wantErr: `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, uninstall, err := ParseArgs(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error %q is not one line", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || uninstall != tt.wantUninstall {
				t.Errorf("got %+v, uninstall=%v; want %+v, uninstall=%v", got, uninstall, tt.want, tt.wantUninstall)
			}
		})
	}
}

func TestParseArgsHelp(t *testing.T) {
	for _, arg := range []string{"-h", "--help", "-help"} {
		_, _, err := ParseArgs([]string{arg})
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("ParseArgs(%q): err = %v, want flag.ErrHelp", arg, err)
			continue
		}
		for _, f := range []string{"--user", "--sys-prefix", "--prefix DIR", "--name", "--display-name", "--uninstall"} {
			if !strings.Contains(err.Error(), f) {
				t.Errorf("help text lacks %s:\n%s", f, err)
			}
		}
	}
}
