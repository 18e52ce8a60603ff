package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitIn runs the git program in dir, with no configuration but the
// test's, as Grace Hopper.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed; these tests make history with it")
	}
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_AUTHOR_NAME=Grace Hopper", "GIT_AUTHOR_EMAIL=grace@example.org",
		"GIT_COMMITTER_NAME=Grace Hopper", "GIT_COMMITTER_EMAIL=grace@example.org")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// history lists the versions of a folder made by hand with git, and
// restore writes one back as a commit, which a server watching the
// folder serves; what cannot be restored is refused with the reason.
func TestHistoryAndRestore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	alpha, beta := filepath.Join(dir, "alpha.toml"), filepath.Join(dir, "beta.toml")
	writeNetwork(t, alpha, atlasNetwork("alpha", 1))
	writeNetwork(t, beta, atlasNetwork("beta", 1))
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-q", "-m", "The first networks")
	first := strings.TrimSpace(gitIn(t, dir, "rev-parse", "--short=8", "HEAD"))
	writeNetwork(t, alpha, atlasNetwork("alpha", 2))
	gitIn(t, dir, "commit", "-q", "-a", "-m", "Alpha's second\tversion")
	second := strings.TrimSpace(gitIn(t, dir, "rev-parse", "--short=8", "HEAD"))
	writeNetwork(t, alpha, strings.Replace(atlasNetwork("alpha", 3), `country = "IT"`, `country = "UK"`, 1))
	gitIn(t, dir, "commit", "-q", "-a", "-m", "A bad version")
	bad := strings.TrimSpace(gitIn(t, dir, "rev-parse", "--short=8", "HEAD"))
	writeNetwork(t, alpha, atlasNetwork("alpha", 2))
	gitIn(t, dir, "commit", "-q", "-a", "-m", "Alpha's second version again")

	runCommand(t, "history", []commandCase{
		{"every version", []string{"--data", dir}, 0, second + "  ", nil},
		{"a network's", []string{"beta", "--data", dir}, 0, first + "  ", nil},
		{"a network that never was", []string{"--data", dir, "gamma"}, 1, "", []string{`no such network "gamma", now or in history`}},
		{"without data", nil, 1, "", []string{"name the data with --data DIR"}},
		{"two networks", []string{"--data", dir, "alpha", "beta"}, 2, "", []string{"one network at most"}},
		{"a folder without history", []string{"--data", t.TempDir()}, 0, "no history yet", nil},
	})
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"history", "--data", dir}, noEnv, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != 4 || !hasAll(lines[2], second, "Grace Hopper <grace@example.org>", "Alpha's second version", "alpha.toml") ||
		!hasAll(lines[3], first, "The first networks", "alpha.toml (added), beta.toml (added)") || strings.Contains(stdout.String(), "\t") {
		t.Errorf("history:\n%s", stdout.String())
	}

	w := watch(t, dir)
	w.waitFor("the networks", servingFiles("", map[string]string{"alpha.toml": atlasNetwork("alpha", 2), "beta.toml": atlasNetwork("beta", 1)}))
	runCommand(t, "restore", []commandCase{
		{"a version that does not load", []string{"--data", dir, "--author", "Ada <ada@example.org>", bad, "alpha"}, 1, "", []string{
			"version " + bad + " does not load as the data is now, so it is not restored",
			alpha + `:16:1: country "UK" is not an ISO 3166-1 alpha-2 code`,
		}},
		{"an unknown version", []string{"--data", dir, "--author", "Ada", "zzz"}, 1, "", []string{`no version "zzz"`}},
		{"no version", []string{"--data", dir}, 2, "", []string{"give the version"}},
		{"a bad author", []string{"--data", dir, "--author", "Ada <ada", first}, 1, "", []string{"--author:", "write it as"}},
		{"a network", []string{"--data", dir, "--author", "Ada Lovelace <ada@example.org>", first, "alpha"}, 0, ": Restore alpha.toml as in version " + first + ": alpha.toml (changed)", nil},
	})
	w.waitFor("the restored version", servingFiles("", map[string]string{"alpha.toml": atlasNetwork("alpha", 1), "beta.toml": atlasNetwork("beta", 1)}))
	if got := gitIn(t, dir, "log", "-1", "--format=%an <%ae>|%s"); got != "Ada Lovelace <ada@example.org>|Restore alpha.toml as in version "+first+"\n" {
		t.Errorf("the restore's commit: %q", got)
	}
}

func TestHistoryHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"help", "history"}, {"restore", "--help"}, {"--help"}} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), args, noEnv, &stdout, &stderr); err != nil || stderr.Len() > 0 {
			t.Errorf("%q: %v, %s", args, err, stderr.String())
		}
		if !strings.Contains(stdout.String(), "partnermap history [--data DIR] [NETWORK]") && !strings.Contains(stdout.String(), "partnermap restore [--data DIR]") {
			t.Errorf("%q:\n%s", args, stdout.String())
		}
	}
}
