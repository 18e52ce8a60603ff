package main

import (
	"bytes"
	"context"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildOf(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	cases := []struct {
		name string
		info *debug.BuildInfo
		line string
	}{
		{"a tagged release", &debug.BuildInfo{
			GoVersion: "go1.26.8",
			Main:      debug.Module{Path: "partnermap", Version: "v1.2.0"},
			Settings:  settings("vcs", "git", "vcs.revision", "9e6a82e101083e372a61d78a620c1e6fcf547c02", "vcs.time", "2026-11-29T02:08:01Z", "vcs.modified", "false"),
		}, "v1.2.0, revision 9e6a82e10108, 2026-11-29T02:08:01Z"},
		{"a tree with changes", &debug.BuildInfo{
			Main:     debug.Module{Path: "partnermap", Version: "v0.0.0-20261129020801-9e6a82e10108+dirty"},
			Settings: settings("vcs.revision", "9e6a82e101083e372a61d78a620c1e6fcf547c02", "vcs.time", "2026-11-29T02:08:01Z", "vcs.modified", "true"),
		}, "v0.0.0-20261129020801-9e6a82e10108+dirty, revision 9e6a82e10108 (modified), 2026-11-29T02:08:01Z"},
		{"built without version control", &debug.BuildInfo{
			Main: debug.Module{Path: "partnermap", Version: "(devel)"},
		}, "(devel), revision unknown, unknown"},
		{"no build information", nil, "unknown, revision unknown, unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := buildOf(tc.info)
			if got := b.String(); got != tc.line {
				t.Errorf("got %q, want %q", got, tc.line)
			}
			if b.platform != runtime.GOOS+"/"+runtime.GOARCH {
				t.Errorf("platform %q", b.platform)
			}
		})
	}
}

// Under go test the binary carries no commit: version says so rather
// than printing nothing.
func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), args, noEnv, &stdout, &stderr); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		out := stdout.String()
		b := readBuild()
		for _, want := range []string{
			"partnermap " + orUnknown(b.version) + "\n",
			"revision: unknown\n",
			"date:     unknown\n",
			"go:       " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%v printed %q, lacking %q", args, out, want)
			}
		}
		if stderr.Len() > 0 {
			t.Errorf("%v wrote to stderr: %s", args, stderr.String())
		}
	}
	for _, args := range [][]string{{"help", "version"}, {"help", "healthcheck"}, {"healthcheck", "--help"}, {"version", "--help"}} {
		command := args[0]
		if command == "help" {
			command = args[1]
		}
		var stdout bytes.Buffer
		if err := run(context.Background(), args, noEnv, &stdout, &bytes.Buffer{}); err != nil || !strings.HasPrefix(stdout.String(), "Usage: partnermap "+command) {
			t.Errorf("%v: %v, %q", args, err, stdout.String())
		}
	}
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"version", "extra"}, noEnv, &bytes.Buffer{}, &stderr)
	if exitCode(err) != 2 || !strings.Contains(stderr.String(), `unexpected argument "extra"`) {
		t.Errorf("version extra: exit %d, %q", exitCode(err), stderr.String())
	}
}
