package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"partnermap/web"
)

// What a data folder or file does under --watch, and what is not a
// regular file, never stops the program: these tests run it in a child
// process, as an unprivileged user when the tests run as root (whom
// permissions do not stop).

// atlasNetwork is networkVersion(i) under another slug.
func atlasNetwork(slug string, i int) string {
	return strings.Replace(networkVersion(i), `slug = "pair"`, `slug = "`+slug+`"`, 1)
}

// servingFiles says that each of an atlas's network files is served at
// the version of its source, and whether a problem is reported: when
// problem is not "", one of the reported problems contains it.
func servingFiles(problem string, want map[string]string) func(web.Health) bool {
	return func(h web.Health) bool {
		if (h.LastError != nil) != (problem != "") || len(h.Networks) != len(want) {
			return false
		}
		if problem != "" && !strings.Contains(strings.Join(h.LastError.Problems, "\n"), problem) {
			return false
		}
		for _, n := range h.Networks {
			if src, ok := want[n.File]; !ok || n.Version != versionOf(src) {
				return false
			}
		}
		return true
	}
}

// writeNetwork writes a network file anyone may read.
func writeNetwork(t *testing.T, path, src string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // a file written over keeps its mode
		t.Fatal(err)
	}
}

// Nothing done to an atlas's folder stops the server under --watch: the
// folder emptied, removed, its link's target removed, made unlistable,
// a file made unreadable, a named pipe among its files. Each time the
// last good atlas keeps serving, /healthz says why, and once the folder
// is mended the next edit is served.
func TestWatchAtlasFolderTrouble(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// linked serves the folder through a link to it.
		linked bool
		// breaks does it harm, and says what /healthz then reports.
		breaks func(t *testing.T, dir string) string
		// mend undoes it, before version 2 of a.toml is written.
		mend func(t *testing.T, dir string)
	}{
		{name: "its only file removed",
			breaks: func(t *testing.T, dir string) string {
				remove(t, filepath.Join(dir, "a.toml"))
				return "holds no network files"
			},
			mend: func(t *testing.T, dir string) {}},
		{name: "the folder removed",
			breaks: func(t *testing.T, dir string) string {
				removeAll(t, dir)
				return "the folder is gone"
			},
			mend: func(t *testing.T, dir string) { mkdir(t, dir) }},
		{name: "the linked folder's target removed", linked: true,
			breaks: func(t *testing.T, dir string) string {
				removeAll(t, dir)
				return "the folder is gone"
			},
			mend: func(t *testing.T, dir string) { mkdir(t, dir) }},
		{name: "the folder made unlistable",
			breaks: func(t *testing.T, dir string) string {
				chmod(t, dir, 0o311)
				return "permission denied"
			},
			mend: func(t *testing.T, dir string) { chmod(t, dir, 0o755) }},
		{name: "a file made unreadable",
			breaks: func(t *testing.T, dir string) string {
				chmod(t, filepath.Join(dir, "a.toml"), 0)
				return "a.toml: permission denied"
			},
			mend: func(t *testing.T, dir string) { chmod(t, filepath.Join(dir, "a.toml"), 0o644) }},
		{name: "a named pipe among the files",
			breaks: func(t *testing.T, dir string) string {
				if err := syscall.Mkfifo(filepath.Join(dir, "b.toml"), 0o666); err != nil {
					t.Fatal(err)
				}
				return "b.toml: not a regular file but a named pipe (FIFO)"
			},
			mend: func(t *testing.T, dir string) { remove(t, filepath.Join(dir, "b.toml")) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := sharedDir(t)
			dir := filepath.Join(root, "atlas")
			mkdir(t, dir)
			served := dir
			if tc.linked {
				served = filepath.Join(root, "link")
				if err := os.Symlink(dir, served); err != nil {
					t.Fatal(err)
				}
			}
			v1, v2 := atlasNetwork("alpha", 1), atlasNetwork("alpha", 2)
			writeNetwork(t, filepath.Join(dir, "a.toml"), v1)
			w := watchChild(t, served, true)
			w.waitFor("the first version", servingFiles("", map[string]string{"a.toml": v1}))

			problem := tc.breaks(t, dir)
			h := w.waitFor("the problem reported", servingFiles(problem, map[string]string{"a.toml": v1}))
			if v := w.page("/networks/alpha/"); v != 1 {
				t.Errorf("the page is of version %d, want the last good, 1", v)
			}
			if body := w.healthBody(); strings.Contains(body, root) {
				t.Errorf("/healthz shows a folder: %s", body)
			}
			if !strings.Contains(w.logs.String(), problem) {
				t.Errorf("the log does not say %q:\n%s", problem, w.logs.String())
			}
			t.Logf("reported: %q", h.LastError.Problems)

			tc.mend(t, dir)
			writeNetwork(t, filepath.Join(dir, "a.toml"), v2)
			w.waitFor("version 2 once mended", servingFiles("", map[string]string{"a.toml": v2}))
			if v := w.page("/networks/alpha/"); v != 2 {
				t.Errorf("the page is of version %d after the edit, want 2", v)
			}
		})
	}
}

// A single data file under --watch replaced by a named pipe, or made
// unreadable: the last good site keeps serving, /healthz says why, and
// the next good save is served.
func TestWatchFileTrouble(t *testing.T) {
	t.Parallel()
	dir := sharedDir(t)
	file := filepath.Join(dir, "network.toml")
	writeNetwork(t, file, networkVersion(1))
	w := watchChild(t, file, true)
	w.waitFor("the first version", serving(networkVersion(1)))

	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(fifo, file); err != nil {
		t.Fatal(err)
	}
	h := w.waitFor("the named pipe refused", refused(networkVersion(1)))
	if want := "network.toml: not a regular file but a named pipe (FIFO)"; !strings.HasPrefix(h.LastError.Problems[0], want) {
		t.Errorf("problems %q, want %q", h.LastError.Problems, want)
	}
	remove(t, file)
	writeNetwork(t, file, networkVersion(2))
	w.waitFor("version 2 after the pipe", serving(networkVersion(2)))

	chmod(t, file, 0)
	h = w.waitFor("the unreadable file refused", refused(networkVersion(2)))
	if want := "network.toml: permission denied"; !strings.HasPrefix(h.LastError.Problems[0], want) {
		t.Errorf("problems %q, want %q", h.LastError.Problems, want)
	}
	writeNetwork(t, file, networkVersion(3))
	w.waitFor("version 3 once readable", serving(networkVersion(3)))
}

// A named pipe is not a data file: every command that reads data files
// says so at once, instead of waiting for a writer that never comes (and
// ignoring signals meanwhile).
func TestNamedPipes(t *testing.T) {
	t.Parallel()
	dir := sharedDir(t)
	folder := filepath.Join(dir, "atlas")
	mkdir(t, folder)
	writeNetwork(t, filepath.Join(folder, "a.toml"), atlasNetwork("alpha", 1))
	for _, name := range []string{filepath.Join(folder, "b.toml"), filepath.Join(dir, "lone.toml"), filepath.Join(dir, "partners.csv")} {
		if err := syscall.Mkfifo(name, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	withInfo := filepath.Join(dir, "with-info")
	mkdir(t, withInfo)
	writeNetwork(t, filepath.Join(withInfo, "a.toml"), atlasNetwork("alpha", 1))
	if err := syscall.Mkfifo(filepath.Join(withInfo, "atlas.toml"), 0o666); err != nil {
		t.Fatal(err)
	}
	messages := filepath.Join(dir, "messages")
	mkdir(t, messages)
	en, err := os.ReadFile(filepath.Join("..", "..", "data", "messages", "en.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeNetwork(t, filepath.Join(messages, "en.toml"), string(en))
	if err := syscall.Mkfifo(filepath.Join(messages, "xx.toml"), 0o666); err != nil {
		t.Fatal(err)
	}
	out := sharedDir(t)
	chmod(t, out, 0o777) // for the unprivileged export, which is to stop before it writes
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"validate, a pipe beside a network file", []string{"validate", folder}, folder + "/b.toml: not a regular file but a named pipe (FIFO)"},
		{"validate, a lone pipe", []string{"validate", filepath.Join(dir, "lone.toml")}, "lone.toml: not a regular file but a named pipe (FIFO)"},
		{"validate, atlas.toml a pipe", []string{"validate", withInfo}, "atlas.toml: not a regular file but a named pipe (FIFO)"},
		{"serve, a pipe beside a network file", []string{"serve", "--data", folder, "--addr", "127.0.0.1:0"}, "b.toml: not a regular file but a named pipe (FIFO)"},
		{"serve, a lone pipe", []string{"serve", "--data", filepath.Join(dir, "lone.toml"), "--addr", "127.0.0.1:0"}, "lone.toml: not a regular file but a named pipe (FIFO)"},
		{"export, a pipe beside a network file", []string{"export", "--data", folder, "--base-url", "https://map.example.org", filepath.Join(out, "public")}, "b.toml: not a regular file but a named pipe (FIFO)"},
		{"import, a pipe", []string{"import", filepath.Join(dir, "partners.csv")}, "partners.csv: not a regular file but a named pipe (FIFO)"},
		{"check-messages, a pipe among the files", []string{"check-messages", messages}, "xx.toml: not a regular file but a named pipe (FIFO)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := startChild(t, true, tc.args...)
			code := c.stopped(t, 30*time.Second)
			if code != 1 || !strings.Contains(c.logs.String(), tc.want) {
				t.Errorf("exit %d, want 1 with %q:\n%s", code, tc.want, c.logs.String())
			}
		})
	}
}

// validate lists every file of a folder that cannot be read, beside the
// problems of those that can: a link that leads back to itself, a link
// to a folder, a named pipe and a file without read permission.
func TestValidateUnreadableFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(sharedDir(t), "atlas")
	mkdir(t, dir)
	writeNetwork(t, filepath.Join(dir, "a.toml"), atlasNetwork("alpha", 1))
	writeNetwork(t, filepath.Join(dir, "bad.toml"), strings.Replace(atlasNetwork("beta", 1), `country = "IT"`, `country = "UK"`, 1))
	writeNetwork(t, filepath.Join(dir, "locked.toml"), atlasNetwork("gamma", 1))
	for _, err := range []error{
		os.Symlink("loop.toml", filepath.Join(dir, "loop.toml")),
		os.Symlink(t.TempDir(), filepath.Join(dir, "folder.toml")),
		syscall.Mkfifo(filepath.Join(dir, "fifo.toml"), 0o666),
		os.Chmod(filepath.Join(dir, "locked.toml"), 0),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	c := startChild(t, true, "validate", dir)
	code := c.stopped(t, 30*time.Second)
	got := c.logs.String()
	for _, want := range []string{
		dir + "/bad.toml:",
		dir + "/fifo.toml: not a regular file but a named pipe (FIFO)",
		dir + "/folder.toml: not a regular file but a folder",
		dir + "/locked.toml: permission denied",
		dir + "/loop.toml: too many levels of symbolic links",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("validate does not say %q:\n%s", want, got)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
}

func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

func removeAll(t *testing.T, path string) {
	t.Helper()
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, path string) {
	t.Helper()
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o755); err != nil { // whatever the umask
		t.Fatal(err)
	}
}

func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}
