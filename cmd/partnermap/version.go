package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// build is what the binary knows of how it was made, from the build
// information Go writes into it: which version runs, for operators, for
// /healthz and for the first line of the log.
type build struct {
	version  string // the module's: a tag, a pseudo-version, or (devel)
	revision string // the commit built; empty when unknown
	modified bool   // the working tree had changes
	// date is the commit's time, which stands for the build's: two builds
	// of one commit are then the same bytes. Empty when unknown.
	date                string
	goVersion, platform string
}

// readBuild reads the binary's build information.
func readBuild() build {
	info, _ := debug.ReadBuildInfo()
	return buildOf(info)
}

// buildOf picks what build reports from Go's build information, which is
// nil or partly empty under go test, with go run and in a build made
// without version control information (-buildvcs=false, or a git
// worktree, which Go does not read).
func buildOf(info *debug.BuildInfo) build {
	b := build{goVersion: runtime.Version(), platform: runtime.GOOS + "/" + runtime.GOARCH}
	if info == nil {
		return b
	}
	b.version = info.Main.Version
	if info.GoVersion != "" {
		b.goVersion = info.GoVersion
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.revision = s.Value
		case "vcs.modified":
			b.modified = s.Value == "true"
		case "vcs.time":
			b.date = s.Value
		}
	}
	return b
}

// orUnknown says "unknown" for what the build information lacks.
func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// shortRevision is a commit as git shows it in a log line.
func (b build) shortRevision() string {
	r := orUnknown(b.revision)
	if len(r) > 12 {
		r = r[:12]
	}
	if b.modified {
		r += " (modified)"
	}
	return r
}

// String is the build on one line, for /healthz and the log:
// "v1.2.0, revision 0123456789ab, 2026-12-05T10:00:00Z".
func (b build) String() string {
	return fmt.Sprintf("%s, revision %s, %s", orUnknown(b.version), b.shortRevision(), orUnknown(b.date))
}

// printVersion answers partnermap version and --version.
func printVersion(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		if askedForHelp(args) {
			fmt.Fprint(stdout, "Usage: partnermap version\n\nPrint the version, the commit the binary was built from (and whether\nit had changes), the commit's date, and Go's version and platform.\n")
			return nil
		}
		fmt.Fprintf(stderr, "partnermap version: unexpected argument %q; it takes none\n", args[0])
		return exitError(2)
	}
	b := readBuild()
	revision := orUnknown(b.revision)
	if b.modified {
		revision += " (modified)"
	}
	fmt.Fprintf(stdout, "partnermap %s\nrevision: %s\ndate:     %s\ngo:       %s %s\n",
		orUnknown(b.version), revision, orUnknown(b.date), b.goVersion, b.platform)
	return nil
}
