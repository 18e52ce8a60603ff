package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"partnermap/data"
	"partnermap/web"
)

// Editors save in several steps: write a temporary file and rename it over,
// or truncate and write. The reloader waits for a quiet moment before it
// reads, but not longer than maxWait while the file keeps changing.
const (
	quiet   = 150 * time.Millisecond
	maxWait = time.Second
)

// loggedProblems is how many problems of a refused file the log shows one
// by one; it counts the rest.
const loggedProblems = 100

// reloader rebuilds the site when the data file changes. A file that does
// not parse, or cannot be read, leaves the last good site serving; the
// problems are logged and reported by /healthz.
type reloader struct {
	file    string
	maxSize int64
	check   data.Check // on every city, as at start
	current loaded
	builder *web.Builder
	server  *web.Server
	log     *slog.Logger
	memory  memoryLimit
	atlas   *folder // an atlas's folder, nil for a single data file
}

// reloadAtlas reads an atlas's folder again and, if its atlas changed,
// swaps in the new site. A bad file keeps its network's last good
// version, and /healthz and the log say why.
func (r *reloader) reloadAtlas() {
	r.memory.building()
	defer r.memory.built()
	f := r.atlas
	changed, err := f.read()
	if err != nil {
		r.refuse(err)
		return
	}
	for _, path := range slices.Sorted(maps.Keys(f.problems)) {
		logged, _ := explain(path, "file", f.problems[path])
		r.logProblems(logged)
	}
	if changed {
		r.shed()
		site, err := r.builder.BuildAtlas(f.atlas)
		if err != nil {
			r.refuse(err)
			return
		}
		r.server.Swap(site)
		r.log.Info("reloaded", "atlas", f.name(), "networks", len(f.atlas.Networks), "data", f.dir, "version", f.version())
	}
	r.server.SetHealth(f.health())
}

// watcher follows the folders the data file's name leads through: see
// reloader.start.
type watcher struct {
	*fsnotify.Watcher
	names  map[string]bool // whose change may change the data
	folder string          // an atlas's folder, each of whose *.toml files may
}

// wants reports whether a change to a file may change the data.
func (w *watcher) wants(name string) bool {
	if w.names[filepath.Base(name)] {
		return true
	}
	return w.folder != "" && filepath.Dir(name) == w.folder && filepath.Ext(name) == ".toml"
}

// start watches the data file. Its name may be a symbolic link, or lead
// through links, as a Kubernetes ConfigMap mounts it (net.toml ->
// ..data/net.toml, ..data -> ..2026_11_28_v1, updated by replacing
// ..data): the folders of the name, of every link on the way and of the
// file it leads to are watched, since a file renamed over another, or a
// link replaced, is a new file, and a change to any of them may be a new
// version.
func (r *reloader) start() (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{Watcher: fw}
	r.follow(w)
	if len(w.WatchList()) == 0 {
		fw.Close()
		return nil, fmt.Errorf("no folder of %s can be watched", r.file)
	}
	return w, nil
}

// follow watches the folders the file's name leads through now, and no
// others.
func (r *reloader) follow(w *watcher) {
	var dirs []string
	dirs, w.names = chain(r.file)
	if r.atlas != nil {
		// An atlas's folder, wherever its name leads: a file added,
		// changed or removed in it changes the atlas.
		w.folder = r.file
		if real, err := filepath.EvalSymlinks(r.file); err == nil {
			w.folder = real
		}
		dirs = append(dirs, w.folder)
	}
	// A folder removed is no longer watched (fsnotify drops it): when it
	// is made again, it is watched anew.
	watched := w.WatchList()
	for _, d := range dirs {
		if !slices.Contains(watched, d) {
			if err := w.Add(d); err != nil {
				r.log.Warn("watching a folder of the data file", "folder", d, "err", err)
			}
		}
	}
	for _, d := range watched {
		if !slices.Contains(dirs, d) {
			w.Remove(d) // a folder the name no longer leads through; it may be gone
		}
	}
}

// watch reloads the file when it changes, until ctx ends. It reads the
// file once at first too: a save between the first load and the start of
// watching would otherwise go unseen.
func (r *reloader) watch(ctx context.Context, w *watcher) error {
	defer w.Close()
	timer := time.NewTimer(0)
	var first time.Time // of the changes not yet read
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return errors.New("the watcher closed")
			}
			if !w.wants(ev.Name) {
				continue
			}
			if first.IsZero() {
				first = time.Now()
			}
			timer.Reset(min(quiet, maxWait-time.Since(first)))
		case err, ok := <-w.Errors:
			if !ok {
				return errors.New("the watcher closed")
			}
			r.log.Warn("watching the data file", "err", err)
		case <-timer.C:
			// The folders the name now leads through are watched before
			// the file is read: a change after the read is never missed.
			first = time.Time{}
			r.follow(w)
			r.reload()
		}
	}
}

// chain is what the name file goes through to reach the data: the folders
// to watch, real paths without links, and the names in them whose change
// may change the data: the file's, each link's on the way and the file's
// it leads to.
func chain(file string) (dirs []string, names map[string]bool) {
	names = map[string]bool{}
	add := func(dir string) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			dir = real
		}
		if !slices.Contains(dirs, dir) {
			dirs = append(dirs, dir)
		}
	}
	p, err := filepath.Abs(file)
	if err != nil {
		p = file
	}
	for range 40 { // as many links as the system follows
		add(filepath.Dir(p))
		names[filepath.Base(p)] = true
		// A folder on the way may be a link too, such as ..data.
		for d := filepath.Dir(p); d != filepath.Dir(d); d = filepath.Dir(d) {
			if info, err := os.Lstat(d); err == nil && info.Mode()&fs.ModeSymlink != 0 {
				add(filepath.Dir(d))
				names[filepath.Base(d)] = true
			}
		}
		target, err := os.Readlink(p)
		if err != nil {
			break // the file itself, or nothing yet
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = filepath.Clean(target)
	}
	if real, err := filepath.EvalSymlinks(file); err == nil {
		add(filepath.Dir(real))
		names[filepath.Base(real)] = true
	}
	return dirs, names
}

// reload reads the file and, if it is good and new, swaps in its site; an
// atlas's folder, each of its files (see folder.read).
func (r *reloader) reload() {
	if r.atlas != nil {
		r.reloadAtlas()
		return
	}
	src, err := data.ReadFile(r.file, r.maxSize)
	if err != nil {
		r.refuse(err)
		return
	}
	if version(src) == r.current.version {
		r.server.SetHealth(r.current.health()) // good again, as served
		return
	}
	r.memory.building()
	defer r.memory.built()
	next, err := parse(r.file, src, r.check)
	if err != nil {
		r.refuse(err)
		return
	}
	r.shed()
	site, err := r.builder.Build(next.network)
	if err != nil {
		r.refuse(err)
		return
	}
	r.server.Swap(site)
	r.current = next
	r.server.SetHealth(next.health())
	r.log.Info("reloaded", "network", next.network.Name, "data", next.name, "version", next.version)
}

// shed makes room for the next site: the one served drops what it
// rendered on demand (web.Site.Shed), and the memory is collected, so
// that the build starts from what serving needs.
func (r *reloader) shed() {
	r.server.Shed()
	debug.FreeOSMemory()
}

// refuse logs why a reload was refused, each problem as FILE:LINE:COL, and
// keeps the current site. /healthz shows the first problems, with the
// file's name but not its folder; the log the first loggedProblems.
func (r *reloader) refuse(err error) {
	what := "file"
	if r.atlas != nil {
		what = "folder"
	}
	logged, shown := explain(r.file, what, err)
	r.logProblems(logged)
	h := r.served()
	if h.LastError != nil { // an atlas's files' problems, as last read
		shown = append(shown, h.LastError.Problems...)
	}
	h.LastError = &web.ReloadError{At: time.Now().UTC(), Count: len(shown), Problems: shown}
	r.server.SetHealth(h)
}

// served is what /healthz says of the data being served.
func (r *reloader) served() web.Health {
	if r.atlas != nil {
		return r.atlas.health()
	}
	return r.current.health()
}

// logProblems logs the problems of a refused file, the first
// loggedProblems of them one by one.
func (r *reloader) logProblems(problems []string) {
	for i, p := range problems {
		if i == loggedProblems {
			r.log.Error("reload refused", "more_problems", len(problems)-i)
			break
		}
		r.log.Error("reload refused", "problem", p)
	}
}

// explain says why a file, or a folder (what says which), cannot be
// used: for the log, each problem as FILE:LINE:COL; for /healthz, the
// same with names of files but not their folders, which are the
// server's business.
func explain(file, what string, err error) (logged, shown []string) {
	var ps data.Problems
	var notRegular *data.NotRegularError
	var pathErr *fs.PathError
	switch {
	case errors.As(err, &ps):
		for _, p := range ps {
			logged = append(logged, p.String())
			p.File = filepath.Base(p.File)
			p.Message = withoutFolders(p.Message)
			shown = append(shown, p.String())
		}
	case errors.Is(err, fs.ErrNotExist):
		gone := ": the " + what + " is gone; the site keeps serving the last good version until it is back"
		logged = []string{data.Printable(file + gone)}
		shown = []string{data.Printable(filepath.Base(file) + gone)}
	case errors.As(err, &notRegular):
		logged = []string{data.Printable(err.Error())}
		shown = []string{data.Printable(filepath.Base(notRegular.Path) + ": " + notRegular.Reason())}
	case errors.As(err, &pathErr):
		logged = []string{data.Printable(pathErr.Path + ": " + pathErr.Err.Error())}
		shown = []string{data.Printable(filepath.Base(pathErr.Path) + ": " + pathErr.Err.Error())}
	default:
		msg := err.Error()
		if !strings.HasPrefix(msg, file) {
			msg = file + ": " + msg
		}
		logged = []string{data.Printable(msg)}
		shown = []string{data.Printable(withoutFolders(strings.ReplaceAll(msg, file, filepath.Base(file))))}
	}
	return logged, shown
}

// placeInFolder is a place in a data file named with its folder, as a
// problem across an atlas's files quotes the other file's.
var placeInFolder = regexp.MustCompile(`[^\s"'(]*/([^/\s"'()]+\.toml:\d+:\d+)`)

// withoutFolders writes the places in data files a message quotes with
// the files' names only.
func withoutFolders(msg string) string {
	return placeInFolder.ReplaceAllString(msg, "$1")
}
