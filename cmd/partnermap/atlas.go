package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"partnermap/data"
	"partnermap/web"
)

// folder is an atlas's folder as served: the last good version of each of
// its files. A file that turns bad keeps its last good version, and the
// other networks are untouched; a file that is gone leaves the atlas.
type folder struct {
	dir     string
	maxSize int64
	check   data.Check
	files   map[string]loaded // the network files, by path
	info    *data.AtlasInfo   // atlas.toml's, nil without one
	infoVer string
	atlas   *data.Atlas
	// problems are those of the files not taken as they are now, by path,
	// and of the rules across files.
	problems map[string]error
	loadedAt time.Time
}

// isFolder reports whether the data given is an atlas's folder.
func isFolder(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// loadFolder reads an atlas's folder for the first time: any problem, in
// any file, is an error, as a bad data file stops the server before it
// listens.
func loadFolder(dir string, maxSize int64, check data.Check) (*folder, error) {
	f := &folder{dir: dir, maxSize: maxSize, check: check, files: map[string]loaded{}}
	if _, err := f.read(); err != nil {
		return nil, err
	}
	if len(f.problems) > 0 {
		// Every file's problems, and every file that could not be
		// read, as validate lists them.
		var all data.Problems
		var unreadable []error
		for _, path := range slices.Sorted(maps.Keys(f.problems)) {
			var ps data.Problems
			if errors.As(f.problems[path], &ps) {
				all = append(all, ps...)
			} else {
				unreadable = append(unreadable, f.problems[path])
			}
		}
		if len(unreadable) == 0 {
			return nil, all
		}
		if len(all) > 0 {
			unreadable = append(unreadable, all)
		}
		return nil, errors.Join(unreadable...)
	}
	return f, nil
}

// read reads the folder's files again. A file that did not change keeps
// its parse, one that is bad keeps its last good version (or stays out
// if it has none), and one that is gone leaves. Then the rules across
// files: when the files changed now break them, each goes back to its
// last good version. It reports whether the atlas changed; an error is
// one no file's problems explain, such as a folder gone.
func (f *folder) read() (changed bool, err error) {
	networks, infoFile, err := data.AtlasFolder(f.dir)
	if err != nil {
		return false, err
	}
	f.problems = map[string]error{}
	next := map[string]loaded{}
	var fresh []string // files read anew, good now
	for _, path := range networks {
		src, err := data.ReadFile(path, f.maxSize)
		if err == nil && f.files[path].version == version(src) {
			next[path] = f.files[path]
			continue
		}
		var l loaded
		if err == nil {
			l, err = parse(path, src, f.check)
		}
		if err != nil {
			f.problems[path] = err
			if old, ok := f.files[path]; ok {
				next[path] = old
			}
			continue
		}
		next[path] = l
		fresh = append(fresh, path)
	}
	info, infoVer := f.info, f.infoVer
	if infoFile == "" {
		info, infoVer = nil, ""
	} else if src, err := data.ReadFile(infoFile, f.maxSize); err != nil {
		f.problems[infoFile] = err
	} else if v := version(src); v != infoVer {
		if parsed, err := data.ParseAtlasInfo(infoFile, src); err != nil {
			f.problems[infoFile] = err
		} else {
			info, infoVer = parsed, v
		}
	}
	atlas, err := compose(info, next)
	if err != nil && len(fresh) > 0 {
		// The files changed now break a rule across files: they keep
		// their last good versions, and the problem is theirs.
		for _, path := range fresh {
			f.problems[path] = err
			if old, ok := f.files[path]; ok {
				next[path] = old
			} else {
				delete(next, path)
			}
		}
		atlas, err = compose(info, next)
	}
	if err != nil {
		f.problems[f.dir] = err
		return false, nil
	}
	changed = f.atlas == nil || len(fresh) > 0 || len(next) != len(f.files) || infoVer != f.infoVer
	f.files, f.info, f.infoVer, f.atlas = next, info, infoVer, atlas
	if changed {
		f.loadedAt = time.Now().UTC()
	}
	return changed, nil
}

// compose makes the atlas of the files' networks.
func compose(info *data.AtlasInfo, files map[string]loaded) (*data.Atlas, error) {
	var networks []*data.Network
	for _, path := range slices.Sorted(maps.Keys(files)) {
		networks = append(networks, files[path].network)
	}
	if len(networks) == 0 {
		return nil, errors.New("no network file is good: the atlas keeps its last good networks")
	}
	return data.ComposeAtlas(info, networks)
}

// version identifies the atlas's files as served.
func (f *folder) version() string {
	h := sha256.New()
	for _, path := range slices.Sorted(maps.Keys(f.files)) {
		h.Write([]byte(filepath.Base(path) + " " + f.files[path].version + "\n"))
	}
	h.Write([]byte(f.infoVer))
	return hex.EncodeToString(h.Sum(nil)[:6])
}

// name is the atlas's name as /healthz and the log give it.
func (f *folder) name() string {
	if f.info != nil {
		return f.info.Name
	}
	return filepath.Base(f.dir)
}

// health is what /healthz reports of the atlas: every network file as
// served, and the problems of the files not taken as they are.
func (f *folder) health() web.Health {
	h := web.Health{Network: f.name(), File: f.dir, Version: f.version(), LoadedAt: f.loadedAt}
	h.Build = readBuild().String()
	for _, path := range slices.Sorted(maps.Keys(f.files)) {
		l := f.files[path]
		h.Networks = append(h.Networks, web.NetworkHealth{Network: l.network.Name, File: filepath.Base(path), Version: l.version})
	}
	var problems []string
	for _, path := range slices.Sorted(maps.Keys(f.problems)) {
		_, shown := explain(path, "file", f.problems[path])
		problems = append(problems, shown...)
	}
	if len(problems) > 0 {
		h.LastError = &web.ReloadError{At: time.Now().UTC(), Count: len(problems), Problems: problems}
	}
	return h
}
