package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
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

// reloader rebuilds the site when the data file changes. A file that does
// not parse, or cannot be read, leaves the last good site serving; the
// problems are logged and reported by /healthz.
type reloader struct {
	file    string
	maxSize int64
	current loaded
	builder *web.Builder
	server  *web.Server
	log     *slog.Logger
}

// watch follows the file's folder, since a file renamed over the data
// file is a new file, until ctx ends.
func (r *reloader) watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	target, err := filepath.Abs(r.file)
	if err != nil {
		return err
	}
	if err := w.Add(filepath.Dir(target)); err != nil {
		return err
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var first time.Time // of the changes not yet read
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return errors.New("the watcher closed")
			}
			if filepath.Clean(ev.Name) != target {
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
			first = time.Time{}
			r.reload()
		}
	}
}

// reload reads the file and, if it is good and new, swaps in its site.
func (r *reloader) reload() {
	next, err := load(r.file, r.maxSize)
	if err != nil {
		r.refuse(err)
		return
	}
	if next.version == r.current.version {
		r.server.SetHealth(r.current.health()) // good again, as served
		return
	}
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

// refuse logs why a reload was refused, each problem as FILE:LINE:COL, and
// keeps the current site.
func (r *reloader) refuse(err error) {
	var problems []string
	var ps data.Problems
	switch {
	case errors.As(err, &ps):
		for _, p := range ps {
			problems = append(problems, p.String())
		}
	case errors.Is(err, os.ErrNotExist):
		problems = []string{r.file + ": the file is gone; the site keeps serving the last good version until it is back"}
	default:
		problems = []string{r.file + ": " + err.Error()}
	}
	for _, p := range problems {
		r.log.Error("reload refused", "problem", p, "serving", r.current.version)
	}
	h := r.current.health()
	h.LastError = &web.ReloadError{At: time.Now().UTC(), Problems: problems}
	r.server.SetHealth(h)
}
