package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Editors save in several steps: write a temporary file and rename it over,
// or truncate and write. A watch waits for a quiet moment before it reads,
// but not longer than maxWait while the files keep changing.
const (
	quiet   = 150 * time.Millisecond
	maxWait = time.Second
)

// Watch follows the data on disk until ctx ends: whenever a file of it
// changes, after a quiet moment, it reads the data again as Reload does
// and gives update the snapshot, and whether what is served changed
// since update was last given one. A change written through the store is
// given the same way. The data is read once at first too, and given: a
// save between Open and Watch is never missed.
//
// Watch returns once the folders are watched, and follows them in a
// goroutine of its own, which gives update one snapshot at a time.
func (s *Store) Watch(ctx context.Context, update func(snap Snapshot, changed bool)) error {
	if s.path == "" {
		return errors.New("the embedded network never changes: there is nothing to watch")
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	w := &watcher{Watcher: fw}
	s.follow(w)
	if len(w.WatchList()) == 0 {
		fw.Close()
		return fmt.Errorf("no folder of %s can be watched", s.path)
	}
	poke := make(chan struct{}, 1)
	s.mu.Lock()
	s.pokes = append(s.pokes, poke)
	last := s.serial
	s.mu.Unlock()
	go func() {
		defer func() {
			s.mu.Lock()
			s.pokes = slices.DeleteFunc(s.pokes, func(c chan struct{}) bool { return c == poke })
			s.mu.Unlock()
		}()
		if err := s.watch(ctx, w, poke, &last, update); err != nil {
			s.opts.Log.Error("watching the data stopped", "err", err)
		}
	}()
	return nil
}

// Follow gives update the snapshot after each change written through the
// store (Write, Remove, Restore), until ctx ends, without watching the
// disk: a server that edits but does not --watch still serves what it
// publishes. update is given one snapshot at a time, in a goroutine of
// its own; changed says whether what is served changed since the last.
func (s *Store) Follow(ctx context.Context, update func(snap Snapshot, changed bool)) {
	poke := make(chan struct{}, 1)
	s.mu.Lock()
	s.pokes = append(s.pokes, poke)
	last := s.serial
	s.mu.Unlock()
	go func() {
		defer func() {
			s.mu.Lock()
			s.pokes = slices.DeleteFunc(s.pokes, func(c chan struct{}) bool { return c == poke })
			s.mu.Unlock()
		}()
		for {
			select {
			case <-ctx.Done():
				return
			case <-poke:
				snap := s.Snapshot()
				update(snap, snap.serial != last)
				last = snap.serial
			}
		}
	}()
}

// watcher follows the folders the data's name leads through: see follow.
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

// follow watches the folders the data's name leads through now, and no
// others. The name may be a symbolic link, or lead through links, as a
// Kubernetes ConfigMap mounts a file (net.toml -> ..data/net.toml, ..data
// -> ..2026_11_28_v1, updated by replacing ..data): the folders of the
// name, of every link on the way and of the file it leads to are watched,
// since a file renamed over another, or a link replaced, is a new file,
// and a change to any of them may be a new version.
func (s *Store) follow(w *watcher) {
	var dirs []string
	dirs, w.names = chain(s.path)
	if s.folder {
		// An atlas's folder, wherever its name leads: a file added,
		// changed or removed in it changes the atlas.
		w.folder = s.path
		if real, err := filepath.EvalSymlinks(s.path); err == nil {
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
				s.opts.Log.Warn("watching a folder of the data", "folder", d, "err", err)
			}
		}
	}
	for _, d := range watched {
		if !slices.Contains(dirs, d) {
			w.Remove(d) // a folder the name no longer leads through; it may be gone
		}
	}
}

// watch reads the data again when it changes, until ctx ends.
func (s *Store) watch(ctx context.Context, w *watcher, poke <-chan struct{}, last *uint64, update func(Snapshot, bool)) error {
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
			s.opts.Log.Warn("watching the data", "err", err)
		case <-poke:
			// A change written through the store, read already.
			snap := s.Snapshot()
			update(snap, snap.serial != *last)
			*last = snap.serial
		case <-timer.C:
			// The folders the name now leads through are watched before
			// the files are read: a change after the read is never missed.
			first = time.Time{}
			s.follow(w)
			snap := s.Reload()
			update(snap, snap.serial != *last)
			*last = snap.serial
		}
	}
}

// poke tells the watchers that a change was written. The caller holds
// s.mu.
func (s *Store) poke() {
	for _, c := range s.pokes {
		select {
		case c <- struct{}{}:
		default: // told already
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
