// Package store owns the data on disk: a network's data file, or an
// atlas's folder of them. It reads them into snapshots, keeps each file's
// last good version while the file is bad, follows the files as they
// change, and writes changes: each file whole and at once, each change
// recorded as a commit in the folder's git repository.
package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"partnermap/data"
)

// Mode says what a read does with a file that is not good.
type Mode int

const (
	// LastGood keeps each file's last good version while the file is bad,
	// as a server does: a bad save never takes a network away. The data
	// of the first read is what was good then; Snapshot.Err says whether
	// all of it was.
	LastGood Mode = iota
	// Strict takes the data whole or not at all, as validate does: a
	// file with a problem is taken by nothing, and no network or atlas
	// is read while any file has one.
	Strict
)

// Options are what a store reads with.
type Options struct {
	Mode Mode
	// MaxSize is the largest data file read, in bytes; data.DefaultMaxSize
	// when 0.
	MaxSize int64
	// Checks are run on every city, as data.ParseChecked runs them.
	Checks []data.Check
	// Log is told what watching meets; nothing is logged when nil.
	Log *slog.Logger
}

// Store is the data of a data file or an atlas's folder, as last read.
// Its methods may be called from several goroutines.
type Store struct {
	path   string // as opened; "" for the embedded network
	folder bool   // an atlas's folder
	opts   Options

	mu       sync.Mutex
	files    map[string]*file // by path
	network  *data.Network    // a data file's, as served
	atlas    *data.Atlas      // a folder's, as served
	version  string           // of what is served, as a whole
	problem  error            // of the whole, that no file's explains
	loadedAt time.Time        // when what is served last changed
	serial   uint64           // counts the changes of what is served
	pokes    []chan struct{}  // the watchers, told of writes
	history  *history         // the git repository, once opened
}

// file is a data file as the store knows it: its last good version, and
// why it is not taken as it is now.
type file struct {
	version  string          // of the last good version; "" if it never was
	network  *data.Network   // a network file's last good version
	info     *data.AtlasInfo // atlas.toml's last good version
	warnings data.Problems   // the last good version's
	problem  error           // of the file as it is now; nil when it is the last good
}

// good reports whether the file has a version to serve.
func (f *file) good() bool { return f.version != "" }

// Open opens a data file or an atlas's folder, and reads it. path "" is
// the embedded network, which never changes. A folder is an atlas: every
// *.toml directly in it is a network, atlas.toml describes the atlas.
// A path that names nothing is an error; what the files hold is none:
// see Snapshot.Err.
func Open(path string, opts Options) (*Store, error) {
	if opts.MaxSize == 0 {
		opts.MaxSize = data.DefaultMaxSize
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Store{path: path, opts: opts, files: map[string]*file{}}
	if path != "" {
		info, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		s.folder = info.IsDir()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.read()
	return s, nil
}

// FileVersion identifies a data file's bytes, as /healthz reports
// versions and a draft records the version it began from.
func FileVersion(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:6])
}

// Snapshot returns the data as last read.
func (s *Store) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshot()
}

// Reload reads the files again, as a watch does when they change, and
// returns the data as it is now.
func (s *Store) Reload() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.read()
	return s.snapshot()
}

// read reads the data again: a file that did not change keeps its parse.
func (s *Store) read() {
	switch {
	case s.path == "":
		s.readEmbedded()
	case s.folder:
		s.readFolder()
	default:
		s.readFile()
	}
}

func (s *Store) readEmbedded() {
	if s.network != nil {
		return
	}
	src := data.DefaultSource()
	n, warnings, err := data.ParseChecked(data.DefaultName, src, s.opts.Checks...)
	f := &file{problem: err}
	if err == nil {
		f = &file{version: FileVersion(src), network: n, warnings: warnings}
	}
	s.files = map[string]*file{data.DefaultName: f}
	s.served(n, nil, f.version)
}

// readFile reads a single data file.
func (s *Store) readFile() {
	old := s.files[s.path]
	f := s.readOne(s.path, old, false)
	s.files = map[string]*file{s.path: f}
	s.served(f.network, nil, f.version)
}

// readOne reads a file: one whose bytes are those of its last good
// version keeps its parse; one that is bad keeps its last good version
// in LastGood mode.
func (s *Store) readOne(path string, old *file, info bool) *file {
	src, err := data.ReadFile(path, s.opts.MaxSize)
	if err == nil && old != nil && old.good() && old.version == FileVersion(src) {
		return &file{version: old.version, network: old.network, info: old.info, warnings: old.warnings}
	}
	f := &file{}
	if err == nil {
		if info {
			f.info, err = data.ParseAtlasInfo(path, src)
		} else {
			f.network, f.warnings, err = data.ParseChecked(path, src, s.opts.Checks...)
		}
	}
	if err != nil {
		return s.refused(old, err)
	}
	f.version = FileVersion(src)
	return f
}

// refused is a file whose version now is not taken: its last good version
// in LastGood mode, nothing in Strict.
func (s *Store) refused(old *file, err error) *file {
	f := &file{problem: err}
	if s.opts.Mode == LastGood && old != nil && old.good() {
		f.version, f.network, f.info, f.warnings = old.version, old.network, old.info, old.warnings
	}
	return f
}

// errNoGoodNetwork is the problem of an atlas none of whose files is good:
// each file's problems say why.
var errNoGoodNetwork = errors.New("no network file is good: the atlas keeps its last good networks")

// readFolder reads an atlas's folder. A file that is bad keeps its last
// good version (in LastGood mode), one that is gone leaves. Then the
// rules across files: when the files changed now break them, each goes
// back to its last good version, and the problem is its own.
func (s *Store) readFolder() {
	networks, infoFile, err := data.AtlasFolder(s.path)
	if err != nil {
		s.problem = err
		if s.opts.Mode == Strict {
			s.files = map[string]*file{}
			s.served(nil, nil, "")
		}
		return
	}
	next := map[string]*file{}
	var fresh []string // files read anew, good now
	for _, path := range append(networks, infoFile) {
		if path == "" {
			continue
		}
		old := s.files[path]
		f := s.readOne(path, old, path == infoFile)
		next[path] = f
		if f.problem == nil && (old == nil || old.version != f.version) {
			fresh = append(fresh, path)
		}
	}
	if s.opts.Mode == Strict && anyProblem(next) {
		s.files, s.problem = next, nil
		s.served(nil, nil, "")
		return
	}
	atlas, err := compose(next)
	if err != nil && len(fresh) > 0 && s.opts.Mode == LastGood {
		// The files changed now break a rule across files: they keep
		// their last good versions, and the problem is theirs.
		for _, path := range fresh {
			next[path] = s.refused(s.files[path], err)
		}
		atlas, err = compose(next)
	}
	if err != nil {
		s.problem = err
		if s.opts.Mode == Strict {
			s.files = next
			s.served(nil, nil, "")
			return
		}
		// The atlas served stays whole: the files keep their last good
		// versions, and take their problems of now.
		for path, f := range next {
			if old, ok := s.files[path]; ok {
				f.version, f.network, f.info, f.warnings = old.version, old.network, old.info, old.warnings
			} else {
				f.version, f.network, f.info, f.warnings = "", nil, nil, nil
			}
		}
		for path, old := range s.files {
			if _, ok := next[path]; !ok {
				next[path] = old
			}
		}
		s.files = next
		return
	}
	s.files, s.problem = next, nil
	s.served(nil, atlas, folderVersion(next))
}

// anyProblem reports whether a file is not taken as it is.
func anyProblem(files map[string]*file) bool {
	for _, f := range files {
		if f.problem != nil {
			return true
		}
	}
	return false
}

// served records what is served now: a change when its version differs.
func (s *Store) served(n *data.Network, a *data.Atlas, version string) {
	if version == s.version && (n == nil) == (s.network == nil) && (a == nil) == (s.atlas == nil) {
		return
	}
	s.network, s.atlas, s.version = n, a, version
	s.loadedAt = time.Now().UTC()
	s.serial++
}

// compose makes the atlas of the files' last good versions.
func compose(files map[string]*file) (*data.Atlas, error) {
	var networks []*data.Network
	var info *data.AtlasInfo
	for _, path := range slices.Sorted(maps.Keys(files)) {
		f := files[path]
		switch {
		case f.network != nil:
			networks = append(networks, f.network)
		case f.info != nil:
			info = f.info
		}
	}
	if len(networks) == 0 {
		return nil, errNoGoodNetwork
	}
	return data.ComposeAtlas(info, networks)
}

// folderVersion identifies an atlas's files as served.
func folderVersion(files map[string]*file) string {
	h := sha256.New()
	info := ""
	for _, path := range slices.Sorted(maps.Keys(files)) {
		switch f := files[path]; {
		case f.network != nil:
			h.Write([]byte(filepath.Base(path) + " " + f.version + "\n"))
		case f.info != nil:
			info = f.version
		}
	}
	h.Write([]byte(info))
	return hex.EncodeToString(h.Sum(nil)[:6])
}
