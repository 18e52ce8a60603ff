package store_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"partnermap/data"
	"partnermap/data/datatest"
	"partnermap/data/store"
)

// network is datatest's two cities under a slug, numbered in the
// network's name so that a snapshot shows which version it holds.
func network(slug string, i int) string {
	return strings.NewReplacer(
		`slug = "pair"`, fmt.Sprintf("slug = %q", slug),
		`name = "Pair"`, fmt.Sprintf(`name = "Net %d"`, i),
	).Replace(datatest.TwoCities())
}

// small is a network file of one city, Palermo unless told otherwise.
func small(slug, country string, lat, lon float64) string {
	return fmt.Sprintf("[network]\nslug = %q\nname = %q\n\n[[cities]]\nslug = \"palermo\"\nname = \"Palermo\"\ncountry = %q\nlat = %v\nlon = %v\n\n"+
		"[[partners]]\nslug = \"p\"\nname = \"P\"\nkind = \"city\"\nrole = \"coordinator\"\ncity = \"palermo\"\n", slug, slug, country, lat, lon)
}

func write(t *testing.T, path, src string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// folder writes a folder of data files.
func folder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		write(t, filepath.Join(dir, name), src)
	}
	return dir
}

func open(t *testing.T, path string, mode store.Mode) *store.Store {
	t.Helper()
	st, err := store.Open(path, store.Options{Mode: mode})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// served says which version of each network file a snapshot serves, by
// file name, and the whole's version.
func served(snap store.Snapshot) map[string]string {
	got := map[string]string{}
	for _, f := range snap.Files {
		if f.Network != nil {
			got[filepath.Base(f.Path)] = f.Network.Name
		}
	}
	return got
}

// problems are the problems a snapshot shows, as /healthz shows them.
func problems(snap store.Snapshot) string {
	_, shown := snap.Problems()
	return strings.Join(shown, "\n")
}

// A data file that turns bad keeps its last good version in LastGood
// mode, which a later good version replaces; one removed keeps it too,
// and says the file is gone. In Strict mode a bad file is nothing.
func TestLastGoodFile(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "network.toml")
	v1 := network("net", 1)
	write(t, file, v1)
	st := open(t, file, store.LastGood)
	snap := st.Snapshot()
	if snap.Err() != nil || snap.Network == nil || snap.Network.Name != "Net 1" || snap.Version != store.FileVersion([]byte(v1)) || snap.Atlas != nil {
		t.Fatalf("the first version: %+v, %v", snap, snap.Err())
	}
	first := snap.LoadedAt

	write(t, file, "[network]\nslug = \"net\"\nname = \n")
	snap = st.Reload()
	if snap.Network.Name != "Net 1" || snap.Version != store.FileVersion([]byte(v1)) || snap.LoadedAt != first {
		t.Errorf("a bad version replaced the last good one: %+v", snap)
	}
	if !strings.HasPrefix(problems(snap), "network.toml:3:") || !strings.HasPrefix(snap.Err().Error(), file+":3:") {
		t.Errorf("the problem is not reported at its line: %q, %v", problems(snap), snap.Err())
	}

	v2 := network("net", 2)
	write(t, file, v2)
	snap = st.Reload()
	if snap.Network.Name != "Net 2" || snap.Err() != nil || problems(snap) != "" || !snap.LoadedAt.After(first) {
		t.Errorf("the next good version is not taken: %+v", snap)
	}

	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	snap = st.Reload()
	if snap.Network.Name != "Net 2" || problems(snap) != "network.toml: the file is gone; the site keeps serving the last good version until it is back" {
		t.Errorf("a removed file: %q, %+v", problems(snap), snap)
	}

	write(t, file, v1)
	strict := open(t, file, store.Strict)
	write(t, file, "[network]\nslug = \"net\"\nname = \n")
	if snap := strict.Reload(); snap.Network != nil || snap.Err() == nil {
		t.Errorf("Strict kept a bad file's last good version: %+v", snap)
	}
}

// An atlas's folder: a bad file, or one that breaks a rule across files,
// keeps its last good version while the others change; files added and
// removed come and go; the folder removed keeps the whole.
func TestLastGoodAtlas(t *testing.T) {
	t.Parallel()
	dir := folder(t, map[string]string{"alpha.toml": network("alpha", 1), "beta.toml": network("beta", 1)})
	st := open(t, dir, store.LastGood)
	snap := st.Snapshot()
	if err := snap.Err(); err != nil || snap.Atlas == nil || len(snap.Atlas.Networks) != 2 || snap.Name() != filepath.Base(dir) {
		t.Fatalf("the first read: %v, %+v", err, snap)
	}
	version := snap.Version
	if again := st.Reload(); again.Version != version || again.Atlas != snap.Atlas {
		t.Error("reading files that did not change changed the atlas")
	}

	write(t, filepath.Join(dir, "beta.toml"), "[network\n"+network("beta", 2))
	write(t, filepath.Join(dir, "alpha.toml"), network("alpha", 2))
	snap = st.Reload()
	if got := served(snap); got["alpha.toml"] != "Net 2" || got["beta.toml"] != "Net 1" {
		t.Errorf("served %v, want alpha's version 2 beside beta's last good", got)
	}
	if !strings.HasPrefix(problems(snap), "beta.toml:1:") || snap.Version == version {
		t.Errorf("problems %q, version %s", problems(snap), snap.Version)
	}

	// Berlin 60 km south in alpha: still in Germany, but no longer the
	// place of beta's Berlin. Alpha keeps its last good version, and the
	// problem, which names beta's place without its folder, is alpha's.
	write(t, filepath.Join(dir, "beta.toml"), network("beta", 1))
	write(t, filepath.Join(dir, "alpha.toml"), strings.Replace(network("alpha", 3), "lat = 52.52", "lat = 51.98", 1))
	snap = st.Reload()
	if got := served(snap); got["alpha.toml"] != "Net 2" || got["beta.toml"] != "Net 1" {
		t.Errorf("served %v after a rule across files broken", got)
	}
	var alpha store.File
	for _, f := range snap.Files {
		if filepath.Base(f.Path) == "alpha.toml" {
			alpha = f
		}
	}
	if alpha.Problem == nil || !strings.Contains(problems(snap), "the city of the same slug at beta.toml:") || strings.Contains(problems(snap), dir) {
		t.Errorf("the rule across files is not alpha's problem: %q", problems(snap))
	}

	write(t, filepath.Join(dir, "gamma.toml"), network("gamma", 5))
	if err := os.Remove(filepath.Join(dir, "beta.toml")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "alpha.toml"), network("alpha", 3))
	snap = st.Reload()
	if got := served(snap); !maps(got, map[string]string{"alpha.toml": "Net 3", "gamma.toml": "Net 5"}) || problems(snap) != "" {
		t.Errorf("served %v, want gamma added and beta gone", got)
	}
	if _, ok := snap.Atlas.Network("beta"); ok {
		t.Error("a removed file's network is still in the atlas")
	}

	before := st.Snapshot()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	snap = st.Reload()
	if snap.Atlas != before.Atlas || !errors.Is(snap.Problem, fs.ErrNotExist) || !strings.Contains(problems(snap), "the folder is gone") {
		t.Errorf("a removed folder: %q, %+v", problems(snap), snap)
	}
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// The first read of an atlas reports each problem once, whichever the
// mode: a rule across files broken is both files', but said once.
func TestFirstReadReportsEachProblemOnce(t *testing.T) {
	t.Parallel()
	dir := folder(t, map[string]string{
		"a.toml": small("one", "IT", 38.1157, 13.3613),
		"b.toml": small("two", "IT", 37.5079, 15.0830),
		"c.toml": "[network]\nslug = \"x\"\n",
	})
	for _, mode := range []store.Mode{store.LastGood, store.Strict} {
		err := open(t, dir, mode).Snapshot().Err()
		if err == nil {
			t.Fatalf("mode %d: no problem", mode)
		}
		lines := strings.Split(err.Error(), "\n")
		for _, want := range []string{dir + "/c.toml:1:2: missing name"} {
			if !slices.Contains(lines, want+`: add name = "CoNet"`) {
				t.Errorf("mode %d lacks %q:\n%s", mode, want, err)
			}
		}
		seen := map[string]bool{}
		for _, l := range lines {
			if seen[l] {
				t.Errorf("mode %d says twice: %s", mode, l)
			}
			seen[l] = true
		}
		if strings.Contains(err.Error(), "no network file is good") {
			t.Errorf("mode %d explains nothing the files' problems do not:\n%s", mode, err)
		}
	}
	dir = folder(t, map[string]string{"a.toml": small("one", "IT", 38.1157, 13.3613), "b.toml": small("two", "IT", 37.5079, 15.0830)})
	for _, mode := range []store.Mode{store.LastGood, store.Strict} {
		ps, ok := open(t, dir, mode).Snapshot().Err().(data.Problems)
		if !ok || len(ps) != 2 || !strings.Contains(ps[0].Message, "166 km") {
			t.Errorf("mode %d: %v, want the rule across files broken in each file, once", mode, ps)
		}
	}
}

// Problems in the network files of a folder come all at once, every file's.
func TestOpenReportsEveryFile(t *testing.T) {
	t.Parallel()
	dir := folder(t, map[string]string{
		"a.toml": strings.Replace(small("one", "IT", 38.1157, 13.3613), `country = "IT"`, `country = "UK"`, 1),
		"b.toml": strings.Replace(small("two", "IT", 38.1157, 13.3613), `kind = "city"`, `knid = "city"`, 1),
	})
	msg := open(t, dir, store.Strict).Snapshot().Err().Error()
	for _, want := range []string{dir + `/a.toml:8:1: country "UK"`, dir + `/b.toml:15:1: unknown key "partners.knid"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("%s\nlacks %s", msg, want)
		}
	}
}

// Files that cannot be read are each reported, beside the problems of
// the others: a link that leads back to itself, a link to a folder, a
// named pipe (which is not waited on) and, when the test does not run as
// root, whom permissions do not stop, a file without read permission.
func TestOpenReportsEveryUnreadableFile(t *testing.T) {
	t.Parallel()
	dir := folder(t, map[string]string{
		"a.toml":      small("one", "IT", 38.1157, 13.3613),
		"bad.toml":    strings.Replace(small("two", "IT", 38.1157, 13.3613), `country = "IT"`, `country = "UK"`, 1),
		"locked.toml": small("three", "IT", 38.1157, 13.3613),
	})
	for _, err := range []error{
		os.Symlink("loop.toml", filepath.Join(dir, "loop.toml")),
		os.Symlink(t.TempDir(), filepath.Join(dir, "folder.toml")),
		syscall.Mkfifo(filepath.Join(dir, "fifo.toml"), 0o644),
		os.Chmod(filepath.Join(dir, "locked.toml"), 0),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		dir + `/bad.toml:8:1: country "UK"`,
		dir + "/fifo.toml: not a regular file but a named pipe (FIFO)",
		dir + "/folder.toml: not a regular file but a folder",
		dir + "/loop.toml: too many levels of symbolic links",
	}
	if os.Geteuid() != 0 {
		want = append(want, dir+"/locked.toml: permission denied")
	} else {
		t.Log("running as root, who may read any file: the file without read permission is not among the unreadable ones")
	}
	done := make(chan error, 1)
	go func() { done <- open(t, dir, store.Strict).Snapshot().Err() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Open is still waiting")
	}
	var ps data.Problems
	if !errors.As(err, &ps) || len(ps) != 1 {
		t.Errorf("the problems of the files read are not among the errors: %v", err)
	}
	msg := strings.ReplaceAll(err.Error(), "open "+dir, dir)
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("%s\nlacks %s", msg, w)
		}
	}
}

// /healthz names files without their folders, the other file's place
// that a problem across an atlas's files quotes included; the log keeps
// the paths.
func TestExplainWithoutFolders(t *testing.T) {
	t.Parallel()
	err := data.Problems{{File: "/srv/data/a.toml", Line: 3, Column: 1,
		Message: `network slug "x" is also the slug of the network at /srv/data/b.toml:15:1: give each network a slug of its own`}}
	logged, shown := store.Explain("/srv/data", "folder", err)
	if want := `/srv/data/a.toml:3:1: network slug "x" is also the slug of the network at /srv/data/b.toml:15:1: give each network a slug of its own`; len(logged) != 1 || logged[0] != want {
		t.Errorf("logged %q, want %q", logged, want)
	}
	if want := `a.toml:3:1: network slug "x" is also the slug of the network at b.toml:15:1: give each network a slug of its own`; len(shown) != 1 || shown[0] != want {
		t.Errorf("shown %q, want %q", shown, want)
	}
	_, shown = store.Explain("/srv/data", "folder", errors.New("/srv/data holds no network files (*.toml besides atlas.toml): put one data file per network in it"))
	if len(shown) != 1 || strings.Contains(shown[0], "/srv") {
		t.Errorf("shown %q names the folder's path", shown)
	}
}

// The embedded network is read once and never changes; a path that
// names nothing is no store.
func TestOpenEmbeddedAndMissing(t *testing.T) {
	t.Parallel()
	st := open(t, "", store.LastGood)
	if snap := st.Snapshot(); snap.Network == nil || snap.Network.Name != "CoNet" || snap.Path != data.DefaultName {
		t.Errorf("the embedded network: %+v", snap)
	}
	if err := st.Watch(context.Background(), func(store.Snapshot, bool) {}); err == nil {
		t.Error("the embedded network is watched")
	}
	if _, err := store.Open(filepath.Join(t.TempDir(), "none.toml"), store.Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// Watch gives a snapshot when a file changes, and when a change is
// written through the store; what it gives is whole.
func TestWatch(t *testing.T) {
	t.Parallel()
	dir := folder(t, map[string]string{"alpha.toml": network("alpha", 1)})
	st := open(t, dir, store.LastGood)
	type update struct {
		snap    store.Snapshot
		changed bool
	}
	updates := make(chan update, 16)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := st.Watch(ctx, func(s store.Snapshot, changed bool) { updates <- update{s, changed} }); err != nil {
		t.Fatal(err)
	}
	next := func(what string, ok func(update) bool) {
		t.Helper()
		for deadline := time.After(time.Minute); ; {
			select {
			case u := <-updates:
				if ok(u) {
					return
				}
			case <-deadline:
				t.Fatalf("waited in vain for %s", what)
			}
		}
	}
	next("the first read", func(u update) bool { return !u.changed && served(u.snap)["alpha.toml"] == "Net 1" })
	write(t, filepath.Join(dir, "alpha.toml"), network("alpha", 2))
	next("version 2 saved by hand", func(u update) bool { return u.changed && served(u.snap)["alpha.toml"] == "Net 2" })
	write(t, filepath.Join(dir, "beta.toml"), "[network\n")
	next("a bad file added", func(u update) bool { return !u.changed && strings.HasPrefix(problems(u.snap), "beta.toml:1:") })
	if err := os.Remove(filepath.Join(dir, "beta.toml")); err != nil {
		t.Fatal(err)
	}
	next("the bad file removed", func(u update) bool { return problems(u.snap) == "" })

	base := store.FileVersion([]byte(network("alpha", 2)))
	if _, err := st.Write(context.Background(), "alpha.toml", []byte(network("alpha", 3)), base, store.Change{Author: store.Person{Name: "Ada"}}); err != nil {
		t.Fatal(err)
	}
	next("version 3 written through the store", func(u update) bool { return u.changed && served(u.snap)["alpha.toml"] == "Net 3" })
}
