package store_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"partnermap/data"
	"partnermap/data/store"
)

// History is read back with the git program, to prove that the store
// writes an ordinary repository: git log, show, status and fsck find in
// it what the store says it wrote, and nothing else.

// gitCmd runs git in dir, with no configuration but the test's, and
// returns what it prints.
func gitCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := gitRun(dir, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func gitRun(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_AUTHOR_NAME=Grace Hopper", "GIT_AUTHOR_EMAIL=grace@example.org",
		"GIT_COMMITTER_NAME=Grace Hopper", "GIT_COMMITTER_EMAIL=grace@example.org")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed; these tests read the repository with it")
	}
}

var (
	ada = store.Person{Name: "Ada Lovelace", Email: "ada@example.org"}
	bob = store.Person{Name: "Bob Approver", Email: "bob@example.org"}
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// versionOf is the version of a file as it is on disk.
func versionOf(t *testing.T, path string) string {
	return store.FileVersion([]byte(readFile(t, path)))
}

// Writing through the store into a folder that is no repository makes
// one. Each write is a commit of that file alone, by its author and its
// approver; what else is in the folder, or staged, stays the user's. A
// write from a stale version, or of bytes that would not load, changes
// nothing.
func TestWriteRecordsHistory(t *testing.T) {
	t.Parallel()
	needGit(t)
	dir := folder(t, map[string]string{"alpha.toml": network("alpha", 1), "beta.toml": network("beta", 1)})
	st := open(t, dir, store.LastGood)
	alpha := filepath.Join(dir, "alpha.toml")
	ctx := context.Background()

	src, v1, err := st.Read("alpha.toml")
	if err != nil || string(src) != network("alpha", 1) || v1 != versionOf(t, alpha) {
		t.Fatalf("Read: %v, %s", err, v1)
	}
	if _, _, err := st.Read("gamma.toml"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Read of a file that does not exist: %v", err)
	}
	v, err := st.Write(ctx, "alpha.toml", []byte(network("alpha", 2)), v1, store.Change{Author: ada, Approver: bob, Message: "Alpha's second version\n\nBecause it was due."})
	if err != nil {
		t.Fatal(err)
	}
	if readFile(t, alpha) != network("alpha", 2) || served(st.Snapshot())["alpha.toml"] != "Net 2" {
		t.Error("the written version is not on disk, or not read as a reload would")
	}
	if !slices.Equal(v.Files, []store.FileChange{{Name: "alpha.toml", Action: store.Added}}) || v.Author != ada || v.Approver != bob || v.Committer != bob {
		t.Errorf("version %+v", v)
	}
	log := gitCmd(t, dir, "log", "--format=%H|%an <%ae>|%cn <%ce>|%B")
	if !strings.HasPrefix(log, v.Commit+"|Ada Lovelace <ada@example.org>|Bob Approver <bob@example.org>|Alpha's second version\n\nBecause it was due.\n\nApproved-by: Bob Approver <bob@example.org>\n") {
		t.Errorf("git log:\n%s", log)
	}
	if got := gitCmd(t, dir, "show", "--name-status", "--format=", "HEAD"); got != "A\talpha.toml\n" {
		t.Errorf("the commit holds %q, want alpha.toml alone", got)
	}
	if got := gitCmd(t, dir, "status", "--porcelain"); got != "?? beta.toml\n" {
		t.Errorf("git status:\n%s\nwant beta.toml untracked and alpha.toml as committed", got)
	}
	if got := gitCmd(t, dir, "fsck", "--strict", "--no-progress"); got != "" {
		t.Errorf("git fsck:\n%s", got)
	}

	// The user stages beta.toml: it stays staged, out of the next commit.
	gitCmd(t, dir, "add", "beta.toml")
	v2 := versionOf(t, alpha)
	if _, err := st.Write(ctx, "alpha.toml", []byte(network("alpha", 3)), v2, store.Change{Author: ada}); err != nil {
		t.Fatal(err)
	}
	if got := gitCmd(t, dir, "show", "--name-status", "--format=%s", "HEAD"); got != "Change alpha.toml\n\nM\talpha.toml\n" {
		t.Errorf("the second commit: %q", got)
	}
	if got := gitCmd(t, dir, "status", "--porcelain"); got != "A  beta.toml\n" {
		t.Errorf("git status after the second write:\n%s", got)
	}
	commits := gitCmd(t, dir, "rev-list", "--count", "HEAD")

	v3 := versionOf(t, alpha)
	for _, tc := range []struct {
		name, file, content, base string
		is                        func(error) bool
	}{
		{"from a stale version", "alpha.toml", network("alpha", 4), v2, func(err error) bool { return errors.Is(err, store.ErrConflict) }},
		{"over a file as new", "alpha.toml", network("alpha", 4), "", func(err error) bool { return errors.Is(err, store.ErrConflict) }},
		{"that does not parse", "alpha.toml", "[network\n", v3, func(err error) bool {
			var ps data.Problems
			return errors.As(err, &ps) && strings.HasPrefix(ps[0].String(), alpha+":1:")
		}},
		{"that breaks a rule across files", "alpha.toml", strings.Replace(network("alpha", 4), "lat = 52.52", "lat = 51.98", 1), v3, func(err error) bool {
			return strings.Contains(err.Error(), "lie within 25 km")
		}},
		{"that changes nothing", "alpha.toml", network("alpha", 3), v3, func(err error) bool { return errors.Is(err, store.ErrUnchanged) }},
		{"outside the folder", "../alpha.toml", network("alpha", 4), v3, func(err error) bool { return strings.Contains(err.Error(), "not the name of a data file") }},
		{"not a data file", "notes.txt", "x", "", func(err error) bool { return strings.Contains(err.Error(), "not the name of a data file") }},
		{"of a name with a line break", "a\nb.toml", network("alpha", 4), "", func(err error) bool {
			return strings.Contains(err.Error(), `"a\nb.toml" is not the name of a data file`)
		}},
		{"without an author", "alpha.toml", network("alpha", 4), v3, nil},
	} {
		c := store.Change{Author: ada}
		if tc.is == nil {
			c, tc.is = store.Change{}, func(err error) bool { return strings.Contains(err.Error(), "the author has no name") }
		}
		_, err := st.Write(ctx, tc.file, []byte(tc.content), tc.base, c)
		if err == nil || !tc.is(err) {
			t.Errorf("a write %s: %v", tc.name, err)
		}
	}
	if readFile(t, alpha) != network("alpha", 3) || gitCmd(t, dir, "rev-list", "--count", "HEAD") != commits {
		t.Error("a refused write changed the file or history")
	}

	v, err = st.Write(ctx, "gamma.toml", []byte(network("gamma", 1)), "", store.Change{Author: ada, Message: "A third network"})
	if err != nil || v.Files[0] != (store.FileChange{Name: "gamma.toml", Action: store.Added}) {
		t.Fatalf("a new network: %v, %+v", err, v)
	}
	if _, ok := st.Snapshot().Atlas.Network("gamma"); !ok {
		t.Error("the new network is not in the atlas")
	}

	// A commit by hand is a version too.
	gitCmd(t, dir, "commit", "-q", "-m", "Beta, by hand")
	versions, err := st.History("")
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, v := range versions {
		subjects = append(subjects, v.Subject()+": "+v.Author.Name)
	}
	if want := []string{"Beta, by hand: Grace Hopper", "A third network: Ada Lovelace", "Change alpha.toml: Ada Lovelace", "Alpha's second version: Ada Lovelace"}; !slices.Equal(subjects, want) {
		t.Errorf("history %q, want %q", subjects, want)
	}
	if versions[3].Approver != bob || time.Since(versions[3].Time) > time.Hour {
		t.Errorf("the first version: %+v", versions[3])
	}
	versions, err = st.History("alpha")
	if err != nil || len(versions) != 2 || versions[0].Files[0] != (store.FileChange{Name: "alpha.toml", Action: store.Changed}) {
		t.Errorf("alpha's history: %v, %+v", err, versions)
	}
	if _, err := st.History("delta"); !errors.Is(err, store.ErrNoNetwork) {
		t.Errorf("the history of a network that never was: %v", err)
	}
}

// Removing a network is a commit, which restore undoes with a new one:
// history only grows. A restore of every file brings back the data as in
// a version, files added since removed. Neither writes over what was
// changed by hand and not committed, nor removes what history lacks.
func TestRemoveAndRestore(t *testing.T) {
	t.Parallel()
	needGit(t)
	dir := folder(t, map[string]string{"alpha.toml": network("alpha", 1), "beta.toml": network("beta", 1)})
	gitCmd(t, dir, "init", "-q", "-b", "main")
	gitCmd(t, dir, "add", ".")
	gitCmd(t, dir, "commit", "-q", "-m", "The first networks")
	first := strings.TrimSpace(gitCmd(t, dir, "rev-parse", "HEAD"))
	st := open(t, dir, store.LastGood)
	ctx := context.Background()
	beta := filepath.Join(dir, "beta.toml")
	change := store.Change{Author: ada}

	removal, err := st.Remove(ctx, "beta", versionOf(t, beta), change)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(beta); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("beta.toml is still there: %v", err)
	}
	if _, ok := st.Snapshot().Atlas.Network("beta"); ok {
		t.Error("the removed network is still in the atlas")
	}
	if got := gitCmd(t, dir, "show", "--name-status", "--format=%s", "HEAD"); got != "Remove network beta (beta.toml)\n\nD\tbeta.toml\n" {
		t.Errorf("the removal: %q", got)
	}

	_, err = st.Restore(ctx, removal.Short(), "beta", change)
	if err == nil || !strings.Contains(err.Error(), "removed beta.toml (network beta): restore the version before it, "+first[:8]) {
		t.Errorf("restoring the removal's own version: %v", err)
	}
	v, err := st.Restore(ctx, first[:8], "beta", change)
	if err != nil {
		t.Fatal(err)
	}
	if readFile(t, beta) != network("beta", 1) || v.Subject() != "Restore beta.toml as in version "+first[:8] || v.Files[0] != (store.FileChange{Name: "beta.toml", Action: store.Added}) {
		t.Errorf("the restored network: %+v", v)
	}
	if _, ok := st.Snapshot().Atlas.Network("beta"); !ok {
		t.Error("the restored network is not in the atlas")
	}
	if got := gitCmd(t, dir, "rev-list", "HEAD"); got != v.Commit+"\n"+removal.Commit+"\n"+first+"\n" {
		t.Errorf("history was not only added to:\n%s", got)
	}

	// Alpha changed and gamma added, then everything back to the first
	// version.
	alpha := filepath.Join(dir, "alpha.toml")
	if _, err := st.Write(ctx, "alpha.toml", []byte(network("alpha", 2)), versionOf(t, alpha), change); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Write(ctx, "gamma.toml", []byte(network("gamma", 1)), "", change); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Restore(ctx, first, "", change); err != nil {
		t.Fatal(err)
	}
	if got := gitCmd(t, dir, "show", "--name-status", "--format=", "HEAD"); got != "M\talpha.toml\nD\tgamma.toml\n" {
		t.Errorf("the restore of every file: %q", got)
	}
	if got := gitCmd(t, dir, "diff", "--stat", first, "HEAD"); got != "" {
		t.Errorf("the data differs from the first version's:\n%s", got)
	}
	if !maps(served(st.Snapshot()), map[string]string{"alpha.toml": "Net 1", "beta.toml": "Net 1"}) {
		t.Errorf("served %v after the restore", served(st.Snapshot()))
	}
	if _, err := st.Restore(ctx, first, "", change); !errors.Is(err, store.ErrUnchanged) {
		t.Errorf("a restore that changes nothing: %v", err)
	}
	commits := gitCmd(t, dir, "rev-list", "--count", "HEAD")

	// What history lacks is never lost.
	write(t, alpha, network("alpha", 9))
	if _, err := st.Restore(ctx, "HEAD~2", "alpha", change); err == nil || !strings.Contains(err.Error(), "history does not hold the changes") {
		t.Errorf("a restore over a file changed by hand: %v", err)
	}
	if readFile(t, alpha) != network("alpha", 9) {
		t.Error("the file changed by hand was written over")
	}
	write(t, filepath.Join(dir, "delta.toml"), network("delta", 1))
	st.Reload()
	if _, err := st.Remove(ctx, "delta", versionOf(t, filepath.Join(dir, "delta.toml")), change); err == nil || !strings.Contains(err.Error(), "history does not hold the changes") {
		t.Errorf("removing a file history does not hold: %v", err)
	}
	if _, err := st.Restore(ctx, "nosuchversion", "", change); err == nil || !strings.Contains(err.Error(), `no version "nosuchversion"`) {
		t.Errorf("an unknown version: %v", err)
	}
	if gitCmd(t, dir, "rev-list", "--count", "HEAD") != commits || readFile(t, filepath.Join(dir, "delta.toml")) != network("delta", 1) {
		t.Error("a refused change changed history or the files")
	}
	if got := gitCmd(t, dir, "fsck", "--strict", "--no-progress"); got != "" {
		t.Errorf("git fsck:\n%s", got)
	}
}

// A data file given alone lives in its folder's repository, which may
// be an enclosing folder's: the commit changes that file alone, on the
// branch as the user left it, and its history is that file's.
func TestSingleFileInEnclosingRepository(t *testing.T) {
	t.Parallel()
	needGit(t)
	root := folder(t, map[string]string{"README": "notes\n"})
	gitCmd(t, root, "init", "-q", "-b", "main")
	gitCmd(t, root, "add", "README")
	gitCmd(t, root, "commit", "-q", "-m", "Notes")
	if err := os.Mkdir(filepath.Join(root, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "data", "net.toml")
	write(t, file, network("net", 1))
	write(t, filepath.Join(root, "data", "other.toml"), network("other", 1))
	write(t, filepath.Join(root, "README"), "notes, staged\n")
	gitCmd(t, root, "add", "README")
	st := open(t, file, store.LastGood)
	if versions, err := st.History(""); err != nil || len(versions) != 0 {
		t.Errorf("history before any version of the file: %v, %v", versions, err)
	}

	v, err := st.Write(context.Background(), "net.toml", []byte(network("net", 2)), versionOf(t, file), store.Change{Author: ada})
	if err != nil {
		t.Fatal(err)
	}
	if got := gitCmd(t, root, "show", "--name-status", "--format=%P", "HEAD"); !strings.HasSuffix(got, "\n\nA\tdata/net.toml\n") || strings.TrimSpace(gitCmd(t, root, "rev-parse", "HEAD~1")) != strings.Fields(got)[0] {
		t.Errorf("the commit: %q", got)
	}
	if got := gitCmd(t, root, "status", "--porcelain"); got != "M  README\n?? data/other.toml\n" {
		t.Errorf("git status:\n%s", got)
	}
	versions, err := st.History("")
	if err != nil || len(versions) != 1 || versions[0].Commit != v.Commit {
		t.Errorf("the file's history: %v, %+v", err, versions)
	}
	if _, err := st.Write(context.Background(), "other.toml", []byte("x"), "", store.Change{Author: ada}); err == nil || !strings.Contains(err.Error(), "is not the data file") {
		t.Errorf("writing another file than the data file: %v", err)
	}
}

// A git command at work holds a lock file: the store does not write
// beside it, and changes nothing.
func TestBusyRepository(t *testing.T) {
	t.Parallel()
	needGit(t)
	dir := folder(t, map[string]string{"alpha.toml": network("alpha", 1)})
	gitCmd(t, dir, "init", "-q", "-b", "main")
	st := open(t, dir, store.LastGood)
	alpha := filepath.Join(dir, "alpha.toml")
	for _, lock := range []string{"refs/heads/main.lock", "index.lock"} {
		path := filepath.Join(dir, ".git", filepath.FromSlash(lock))
		write(t, path, "")
		_, err := st.Write(context.Background(), "alpha.toml", []byte(network("alpha", 2)), versionOf(t, alpha), store.Change{Author: ada})
		if err == nil || !strings.Contains(err.Error(), "another git command is at work") || !strings.Contains(err.Error(), lock) {
			t.Errorf("%s: %v", lock, err)
		}
		if readFile(t, alpha) != network("alpha", 1) {
			t.Errorf("%s: the file was written", lock)
		}
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := gitRun(dir, "rev-parse", "--verify", "-q", "HEAD"); err == nil {
		t.Error("a commit was made")
	}
	if _, err := st.Write(context.Background(), "alpha.toml", []byte(network("alpha", 2)), versionOf(t, alpha), store.Change{Author: ada}); err != nil {
		t.Errorf("once the locks are gone: %v", err)
	}
}
