package main

import (
	"log/slog"
	"runtime/debug"
	"time"

	"partnermap/data/store"
	"partnermap/web"
)

// loggedProblems is how many problems of a refused file the log shows one
// by one; it counts the rest.
const loggedProblems = 100

// reloader rebuilds the site when the store's data changes (see
// store.Store.Watch). A file that does not parse, or cannot be read,
// leaves its last good version served; the problems are logged and
// reported by /healthz.
type reloader struct {
	builder *web.Builder
	server  *web.Server
	log     *slog.Logger
	memory  memoryLimit
}

// update takes a snapshot of the data: when what is served changed, a new
// site is built and swapped in whole.
func (r *reloader) update(snap store.Snapshot, changed bool) {
	logged, _ := snap.Problems()
	r.logProblems(logged)
	if changed {
		r.memory.building()
		r.shed()
		site, err := buildSite(r.builder, snap)
		r.memory.built()
		if err != nil {
			r.refuse(snap, err)
			return
		}
		r.server.Swap(site)
		if snap.Atlas != nil {
			r.log.Info("reloaded", "atlas", snap.Name(), "networks", len(snap.Atlas.Networks), "data", snap.Path, "version", snap.Version)
		} else {
			r.log.Info("reloaded", "network", snap.Name(), "data", snap.Path, "version", snap.Version)
		}
	}
	r.server.SetHealth(health(snap))
}

// shed makes room for the next site: the one served drops what it
// rendered on demand (web.Site.Shed), and the memory is collected, so
// that the build starts from what serving needs.
func (r *reloader) shed() {
	r.server.Shed()
	debug.FreeOSMemory()
}

// refuse logs why a site could not be built from the data, and keeps the
// current site; /healthz says so beside the files' problems.
func (r *reloader) refuse(snap store.Snapshot, err error) {
	what := "file"
	if snap.Atlas != nil {
		what = "folder"
	}
	logged, shown := store.Explain(snap.Path, what, err)
	r.logProblems(logged)
	h := health(snap)
	if h.LastError != nil {
		shown = append(shown, h.LastError.Problems...)
	}
	h.LastError = &web.ReloadError{At: time.Now().UTC(), Count: len(shown), Problems: shown}
	r.server.SetHealth(h)
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
