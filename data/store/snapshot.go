package store

import (
	"errors"
	"io/fs"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"partnermap/data"
)

// Snapshot is the data as the store read it: what is served, and why
// what is on disk is not, where it is not. It does not change.
type Snapshot struct {
	// Path is the data file or the atlas's folder; for the embedded
	// network, its name.
	Path string
	// Network is a data file's network as served: its last good version,
	// nil when it has none. Atlas is an atlas's, nil for a data file.
	Network *data.Network
	Atlas   *data.Atlas
	// Version identifies what is served: the data file's bytes, or the
	// atlas's files' together.
	Version string
	// LoadedAt is when what is served last changed.
	LoadedAt time.Time
	// Files are the data files, by path: each with its last good version
	// and why it is not taken as it is now.
	Files []File
	// Problem is a problem of the whole that no file's explains: the
	// folder gone, or holding no network file, or the rules across files
	// broken whichever version of each file is taken.
	Problem error

	folder bool
	serial uint64
}

// File is a data file as a snapshot has it.
type File struct {
	Path string
	// Version identifies the bytes of the file's last good version; ""
	// when it has none. Network is that version's network (nil for
	// atlas.toml), and Info atlas.toml's.
	Version  string
	Network  *data.Network
	Info     *data.AtlasInfo
	Warnings data.Problems
	// Problem is why the file as it is now is not taken: it does not
	// parse, cannot be read, or breaks a rule across files. nil when the
	// file is taken as it is.
	Problem error
}

func (s *Store) snapshot() Snapshot {
	snap := Snapshot{Path: s.path, Network: s.network, Atlas: s.atlas, Version: s.version, LoadedAt: s.loadedAt, Problem: s.problem, folder: s.folder, serial: s.serial}
	if s.path == "" {
		snap.Path = data.DefaultName
	}
	for _, path := range slices.Sorted(maps.Keys(s.files)) {
		f := s.files[path]
		snap.Files = append(snap.Files, File{Path: path, Version: f.version, Network: f.network, Info: f.info, Warnings: f.warnings, Problem: f.problem})
	}
	return snap
}

// Name is what the data is called: the atlas's name, or its folder's
// when it has no atlas.toml; the network's.
func (s Snapshot) Name() string {
	switch {
	case s.Atlas != nil && s.Atlas.Info != nil:
		return s.Atlas.Info.Name
	case s.folder:
		return filepath.Base(s.Path)
	case s.Network != nil:
		return s.Network.Name
	}
	return filepath.Base(s.Path)
}

// Err is every problem of the data as one error, as validate prints them
// and a server that will not start on them: the whole's, the errors of
// the files that could not be read, then every file's problems, each
// once (a rule across files broken is each file's). It is nil when every
// file is taken as it is now.
func (s Snapshot) Err() error {
	var unreadable []error
	var all data.Problems
	seen := map[data.Problem]bool{}
	add := func(ps data.Problems) {
		for _, p := range ps {
			if !seen[p] {
				seen[p] = true
				all = append(all, p)
			}
		}
	}
	for _, f := range s.Files {
		var ps data.Problems
		switch {
		case f.Problem == nil:
		case errors.As(f.Problem, &ps):
			add(ps)
		default:
			unreadable = append(unreadable, f.Problem)
		}
	}
	if s.Problem != nil && !(errors.Is(s.Problem, errNoGoodNetwork) && (len(unreadable) > 0 || len(all) > 0)) {
		var ps data.Problems
		if errors.As(s.Problem, &ps) {
			add(ps)
		} else {
			unreadable = append([]error{s.Problem}, unreadable...)
		}
	}
	switch {
	case len(unreadable) == 0 && len(all) == 0:
		return nil
	case len(unreadable) == 0:
		return all
	case len(all) > 0:
		unreadable = append(unreadable, all)
	}
	if len(unreadable) == 1 {
		return unreadable[0]
	}
	return errors.Join(unreadable...)
}

// Warnings are the warnings of every file's version as served.
func (s Snapshot) Warnings() data.Problems {
	var ws data.Problems
	for _, f := range s.Files {
		ws = append(ws, f.Warnings...)
	}
	return ws
}

// Problems says why what is on disk is not what is served: the whole's
// problem first, then each file's, in the order of their paths. Each is
// written twice: for the log, each problem as FILE:LINE:COL; and as
// anyone may be shown it, such as /healthz, with the names of files but
// not their folders, which are the server's business.
func (s Snapshot) Problems() (logged, shown []string) {
	add := func(path, what string, err error) {
		l, sh := explain(path, what, err)
		logged, shown = append(logged, l...), append(shown, sh...)
	}
	if s.Problem != nil {
		add(s.Path, "folder", s.Problem)
	}
	for _, f := range s.Files {
		if f.Problem != nil {
			add(f.Path, "file", f.Problem)
		}
	}
	return logged, shown
}

// Explain says why a data file, or an atlas's folder (what says which),
// cannot be used, as Snapshot.Problems does.
func Explain(path, what string, err error) (logged, shown []string) {
	return explain(path, what, err)
}

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
