package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/pelletier/go-toml/v2"

	"partnermap/data"
)

// A change is written in this order, so that nothing is half done: the
// new bytes are checked as a reload would read them; the commit's
// objects are written; the files are written, each whole (ReplaceFile);
// the branch is moved to the commit; the index learns the files. Until
// the branch moves, a failure puts the files back as they were and
// leaves history as it was. Then the data is read again, as a reload
// would read it, and the watchers are told.

// ErrNoNetwork is the error for a network no data file has.
var ErrNoNetwork = errors.New("no such network")

// ErrUnchanged refuses a change that changes nothing.
var ErrUnchanged = errors.New("nothing to change")

// Write writes a data file of the folder, by its name ("alpha.toml"; the
// data file's own name when the data is one file), and records it in
// history. base is the version of the file the writer began from
// (FileVersion), "" for a new file: when the file is no longer at that
// version, nothing is written and the error is a ConflictError. Bytes
// that the data would not load with, alone or beside the other files,
// are refused with their problems (data.Problems).
func (s *Store) Write(ctx context.Context, name string, content []byte, base string, c Change) (Version, error) {
	if err := c.check(); err != nil {
		return Version{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	path, err := s.pathOf(name)
	if err != nil {
		return Version{}, err
	}
	current, err := s.current(path)
	if err != nil {
		return Version{}, err
	}
	if v := versionOf(current); v != base {
		return Version{}, &ConflictError{File: path, Base: base, Current: v}
	}
	if bytes.Equal(current, content) {
		return Version{}, fmt.Errorf("%s: %w: the file holds these bytes already", path, ErrUnchanged)
	}
	if err := s.check(map[string][]byte{path: content}); err != nil {
		return Version{}, err
	}
	what := "Change "
	if current == nil {
		what = "Add "
	}
	return s.apply(ctx, map[string][]byte{path: content}, c, c.message(what+name))
}

// Read returns a data file's bytes as they are now, by its name as Write
// takes it, and their version: what a change begins from, and the base
// Write then compares with. A file that does not exist is ErrNotExist.
func (s *Store) Read(name string) (content []byte, version string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path, err := s.pathOf(name)
	if err != nil {
		return nil, "", err
	}
	if content, err = s.current(path); err == nil && content == nil {
		err = &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
	if err != nil {
		return nil, "", err
	}
	return content, FileVersion(content), nil
}

// Remove removes a network's data file from an atlas's folder, by the
// network's slug, and records the removal in history, from which Restore
// brings it back. base is the version of the file the remover saw. A
// file whose bytes history does not hold as they are is not removed:
// they would be lost.
func (s *Store) Remove(ctx context.Context, network, base string, c Change) (Version, error) {
	if err := c.check(); err != nil {
		return Version{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.folder {
		return Version{}, errors.New("the data is one network's file: only a network of an atlas's folder can be removed")
	}
	var path string
	for p, f := range s.files {
		if f.network != nil && f.network.Slug == network {
			path = p
		}
	}
	if path == "" {
		return Version{}, fmt.Errorf("%w \"%s\" in %s", ErrNoNetwork, data.Printable(network), s.path)
	}
	current, err := s.current(path)
	if err != nil {
		return Version{}, err
	}
	if v := versionOf(current); v != base {
		return Version{}, &ConflictError{File: path, Base: base, Current: v}
	}
	h, err := s.openHistory(false)
	if err != nil {
		return Version{}, s.notInHistory(path, err)
	}
	if err := s.inHistory(h, map[string][]byte{path: nil}); err != nil {
		return Version{}, err
	}
	if err := s.check(map[string][]byte{path: nil}); err != nil {
		return Version{}, err
	}
	return s.apply(ctx, map[string][]byte{path: nil}, c, c.message(fmt.Sprintf("Remove network %s (%s)", network, filepath.Base(path))))
}

// notInHistory explains a file that history does not hold.
func (s *Store) notInHistory(path string, err error) error {
	if errors.Is(err, ErrNoHistory) {
		return fmt.Errorf("%s is in no git repository, which would keep it once removed: commit it first (git init, git add, git commit), or write it through partnermap", path)
	}
	return err
}

// Restore writes the data files of a version back, as a new commit:
// history is never rewritten. With a network, by its slug or its file's
// name, only that network's file; without, every data file, and those
// the version did not have are removed. A file whose bytes history does
// not hold as they are is not written over: they would be lost.
func (s *Store) Restore(ctx context.Context, rev, network string, c Change) (Version, error) {
	if err := c.check(); err != nil {
		return Version{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h, err := s.openHistory(false)
	if err != nil {
		return Version{}, err
	}
	if err := h.checkIndex(); err != nil {
		return Version{}, err
	}
	co, err := h.resolve(rev)
	if err != nil {
		return Version{}, err
	}
	short := co.Hash.String()[:shortHash]
	only := ""
	if !s.folder {
		only = filepath.Base(s.path)
	}
	then, err := h.files(co.Hash, only)
	if err != nil {
		return Version{}, err
	}
	writes := map[string][]byte{}
	if network != "" {
		name, err := s.fileOfNetwork(h, network, co.Hash, then)
		if err != nil {
			return Version{}, err
		}
		if then[name].IsZero() {
			return Version{}, s.absentFrom(h, name, network, co.Hash)
		}
		then = map[string]plumbing.Hash{name: then[name]}
	} else {
		if len(then) == 0 {
			return Version{}, fmt.Errorf("version %s holds no data file: give another", short)
		}
		// The data files of now that the version did not have go.
		now, err := s.dataFiles()
		if err != nil {
			return Version{}, err
		}
		for _, name := range now {
			if _, ok := then[name]; !ok {
				writes[s.pathIn(name)] = nil
			}
		}
	}
	for name, blob := range then {
		b, err := h.blob(blob, s.opts.MaxSize)
		if err != nil {
			return Version{}, fmt.Errorf("%s in version %s: %w", name, short, err)
		}
		path := s.pathIn(name)
		if current, err := s.current(path); err == nil && bytes.Equal(current, b) {
			continue // as in the version already
		}
		writes[path] = b
	}
	if len(writes) == 0 {
		return Version{}, fmt.Errorf("%w: the data is as in version %s already", ErrUnchanged, short)
	}
	if err := s.inHistory(h, writes); err != nil {
		return Version{}, err
	}
	if err := s.check(writes); err != nil {
		return Version{}, fmt.Errorf("version %s does not load as the data is now, so it is not restored: %w", short, err)
	}
	var names []string
	for _, path := range slices.Sorted(maps.Keys(writes)) {
		names = append(names, filepath.Base(path))
	}
	return s.apply(ctx, writes, c, c.message(fmt.Sprintf("Restore %s as in version %s", strings.Join(names, ", "), short)))
}

// History lists the versions of the data, the newest first: the commits
// that changed its files. With a network, by its slug or its file's name,
// only those that changed that network's file. Data in no repository has
// no history yet: ErrNoHistory.
func (s *Store) History(network string) ([]Version, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, err := s.openHistory(false)
	if err != nil {
		return nil, err
	}
	only := ""
	switch {
	case !s.folder:
		only = filepath.Base(s.path)
	case network != "":
		if only, err = s.fileOfNetwork(h, network, plumbing.ZeroHash, nil); err != nil {
			return nil, err
		}
	}
	versions, err := h.log(only)
	if err == nil && len(versions) == 0 && network != "" && s.folder {
		if _, statErr := os.Stat(s.pathIn(only)); statErr != nil {
			return nil, fmt.Errorf("%w \"%s\", now or in history: give a network's slug or its file's name", ErrNoNetwork, data.Printable(network))
		}
	}
	return versions, err
}

// fileOfNetwork finds the name of a network's file: the file whose
// network has the slug now, or had it in the version's files given, or
// the file of that name, with or without .toml, now or in history.
func (s *Store) fileOfNetwork(h *history, network string, rev plumbing.Hash, then map[string]plumbing.Hash) (string, error) {
	for path, f := range s.files {
		if f.network != nil && f.network.Slug == network {
			return filepath.Base(path), nil
		}
	}
	for _, name := range slices.Sorted(maps.Keys(then)) {
		if b, err := h.blob(then[name], s.opts.MaxSize); err == nil && slugOf(b) == network {
			return name, nil
		}
	}
	for _, name := range []string{network, network + ".toml"} {
		if !s.folder {
			if name == filepath.Base(s.path) {
				return name, nil
			}
			continue
		}
		if _, ok := then[name]; ok || dataFileName(name) {
			return name, nil
		}
	}
	return "", fmt.Errorf("%w \"%s\": give a network's slug or its file's name", ErrNoNetwork, data.Printable(network))
}

// slugOf reads the slug of a network's data file, whatever else is wrong
// with it.
func slugOf(src []byte) string {
	var top struct {
		Network struct{ Slug string } `toml:"network"`
	}
	toml.NewDecoder(bytes.NewReader(src)).Decode(&top) // a bad file keeps what was read
	return top.Network.Slug
}

// absentFrom explains a file a version does not have: a removal restores
// from the version before it.
func (s *Store) absentFrom(h *history, name, network string, rev plumbing.Hash) error {
	short := rev.String()[:shortHash]
	if c, err := h.repo.CommitObject(rev); err == nil && c.NumParents() > 0 {
		if before, err := h.files(c.ParentHashes[0], name); err == nil && !before[name].IsZero() {
			return fmt.Errorf("version %s removed %s (network %s): restore the version before it, %s", short, name, data.Printable(network), c.ParentHashes[0].String()[:shortHash])
		}
	}
	return fmt.Errorf("version %s has no file %s (network %s): partnermap history %s lists its versions", short, name, data.Printable(network), data.Printable(network))
}

// pathOf is the path of a data file by its name, which must name one.
func (s *Store) pathOf(name string) (string, error) {
	switch {
	case s.path == "":
		return "", errors.New("the embedded network cannot be changed: serve a data file or folder with --data")
	case !s.folder && name == filepath.Base(s.path):
		return s.path, nil
	case !s.folder:
		return "", fmt.Errorf("\"%s\" is not the data file, %s", data.Printable(name), filepath.Base(s.path))
	case name != filepath.Base(name) || !dataFileName(name) || name == ".toml" || data.Printable(name) != name:
		return "", fmt.Errorf("\"%s\" is not the name of a data file: write a name such as alpha.toml, without a folder", data.Printable(name))
	}
	return filepath.Join(s.path, name), nil
}

// pathIn is the path of a data file named in history.
func (s *Store) pathIn(name string) string {
	if !s.folder {
		return s.path
	}
	return filepath.Join(s.path, name)
}

// dataFiles are the names of the data files in the folder now.
func (s *Store) dataFiles() ([]string, error) {
	if !s.folder {
		return []string{filepath.Base(s.path)}, nil
	}
	entries, err := os.ReadDir(s.path)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if dataFileName(e.Name()) && !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// current reads a data file as it is now: nil if there is none. Only a
// regular file is written over: a link would be replaced by a file.
func (s *Store) current(path string) ([]byte, error) {
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	case info.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("%s is a symbolic link: partnermap writes and records only the regular files of the data folder", path)
	}
	return data.ReadFile(path, s.opts.MaxSize)
}

// versionOf is the version of a file's bytes, "" for no file.
func versionOf(b []byte) string {
	if b == nil {
		return ""
	}
	return FileVersion(b)
}

// inHistory refuses to write over, or remove, a file whose bytes history
// does not hold: what was written by hand and not committed would be
// lost. A file that is gone from disk loses nothing.
func (s *Store) inHistory(h *history, writes map[string][]byte) error {
	head, _, err := h.head()
	if err != nil {
		return err
	}
	committed, err := h.files(head, "")
	if err != nil {
		return err
	}
	var unsaved []string
	for _, path := range slices.Sorted(maps.Keys(writes)) {
		current, err := s.current(path)
		if err != nil {
			return err
		}
		if current != nil && plumbing.ComputeHash(plumbing.BlobObject, current) != committed[filepath.Base(path)] {
			unsaved = append(unsaved, path)
		}
	}
	if len(unsaved) > 0 {
		return fmt.Errorf("%s changed since the repository's last commit, and history does not hold the changes: commit them (git add, git commit) or undo them (git restore) first; nothing is written", strings.Join(unsaved, ", "))
	}
	return nil
}

// check reads the data as it would be with the files written, as a
// reload would: each file alone, then the rules across files with the
// other files' versions as served. The error is the problems that would
// refuse them.
func (s *Store) check(writes map[string][]byte) error {
	_, _, err := s.with(writes)
	return err
}

// With returns the data as it would be with a data file's bytes written,
// by its name as Write takes it, without writing anything: a data file's
// network, or an atlas's, composed with the other files' versions as
// served. The error is the problems Write would refuse the bytes with.
// A draft's preview is made from it.
func (s *Store) With(name string, content []byte) (*data.Network, *data.Atlas, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path, err := s.pathOf(name)
	if err != nil {
		return nil, nil, err
	}
	return s.with(map[string][]byte{path: content})
}

// Check reads a data file's bytes as Write would, without writing: nil,
// or the problems Write would refuse them with.
func (s *Store) Check(name string, content []byte) error {
	_, _, err := s.With(name, content)
	return err
}

// with is the data with the files written: see check.
func (s *Store) with(writes map[string][]byte) (*data.Network, *data.Atlas, error) {
	next := map[string]*file{}
	for path, f := range s.files {
		next[path] = f
	}
	var network *data.Network
	for path, b := range writes {
		delete(next, path)
		if b == nil {
			continue
		}
		if int64(len(b)) > s.opts.MaxSize {
			return nil, nil, data.Problems{{File: path, Line: 1, Column: 1, Message: fmt.Sprintf("the file is larger than %s, the most a data file may be: split the network, or raise the limit with --max-data-size", data.Size(s.opts.MaxSize))}}
		}
		f := &file{version: FileVersion(b)}
		var err error
		if s.folder && filepath.Base(path) == data.AtlasFile {
			f.info, err = data.ParseAtlasInfo(path, b)
		} else {
			f.network, _, err = data.ParseChecked(path, b, s.opts.Checks...)
			network = f.network
		}
		if err != nil {
			return nil, nil, err
		}
		next[path] = f
	}
	if !s.folder {
		return network, nil, nil
	}
	atlas, err := compose(next)
	if errors.Is(err, errNoGoodNetwork) {
		return nil, nil, errors.New("the atlas would hold no network: an atlas's folder needs one network file at least")
	} else if err != nil {
		return nil, nil, err
	}
	return network, atlas, nil
}

// ReadAt returns a data file's bytes as a version of history holds them,
// by its name as Write takes it: what a version's preview shows, and
// what a change began from. A version without the file is ErrNotExist.
func (s *Store) ReadAt(rev, name string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path, err := s.pathOf(name)
	if err != nil {
		return nil, err
	}
	h, err := s.openHistory(false)
	if err != nil {
		return nil, err
	}
	co, err := h.resolve(rev)
	if err != nil {
		return nil, err
	}
	files, err := h.files(co.Hash, filepath.Base(path))
	if err != nil {
		return nil, err
	}
	blob, ok := files[filepath.Base(path)]
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: path + " in version " + co.Hash.String()[:shortHash], Err: fs.ErrNotExist}
	}
	return h.blob(blob, s.opts.MaxSize)
}

// apply writes the files and records them in history as one commit: see
// the order above. The caller holds s.mu.
func (s *Store) apply(ctx context.Context, writes map[string][]byte, c Change, message string) (Version, error) {
	h, err := s.openHistory(true)
	if err != nil {
		return Version{}, err
	}
	if err := h.checkIndex(); err != nil {
		return Version{}, err
	}
	byName := map[string][]byte{}
	before := map[string][]byte{}
	for path, b := range writes {
		byName[filepath.Base(path)] = b
		if before[path], err = s.current(path); err != nil {
			return Version{}, err
		}
	}
	pending, err := h.prepare(byName, c, message)
	if err != nil {
		return Version{}, fmt.Errorf("recording the change in history: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return Version{}, err
	}
	// The index is locked first, as git commit does, then the branch.
	index, err := h.lock("index")
	if err != nil {
		return Version{}, err
	}
	lock, err := h.lockRef(pending)
	if err != nil {
		h.unlock(index)
		return Version{}, err
	}
	var written []string
	undo := func() {
		for _, path := range written {
			if before[path] == nil {
				os.Remove(path)
			} else {
				ReplaceFile(path, before[path], 0o644)
			}
		}
		h.unlock(lock)
		h.unlock(index)
	}
	for _, path := range slices.Sorted(maps.Keys(writes)) {
		var err error
		if writes[path] == nil {
			err = removeFile(path)
		} else {
			err = ReplaceFile(path, writes[path], 0o644)
		}
		if err != nil {
			undo()
			return Version{}, err
		}
		written = append(written, path)
	}
	if err := h.publish(lock, pending); err != nil {
		undo()
		return Version{}, fmt.Errorf("recording the change in history: %w", err)
	}
	if err := h.stage(index, pending); err != nil {
		s.opts.Log.Warn("the change is committed, but the index of its repository is not updated: git status may show the files as changed", "err", err)
	}
	s.read()
	s.poke()
	co, err := h.repo.CommitObject(pending.hash)
	if err != nil {
		return Version{}, err
	}
	var parent *object.Commit
	if !pending.parent.IsZero() {
		if parent, err = h.repo.CommitObject(pending.parent); err != nil {
			return Version{}, err
		}
	}
	files, err := h.changes(co, parent, "")
	if err != nil {
		return Version{}, err
	}
	return version(co, files), nil
}

// removeFile removes a file, durably.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil {
		return err
	}
	syncFolder(filepath.Dir(path))
	return nil
}

// ReplaceFile replaces a file's contents so that a reader sees the old
// file or the new one, never a part: the new bytes go into a file beside
// it, synced to disk, which is then renamed over it with the old file's
// permissions (perm for a new file). A symbolic link is followed, and
// stays a link.
func ReplaceFile(path string, b []byte, perm fs.FileMode) error {
	real, err := filepath.EvalSymlinks(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, lerr := os.Lstat(path); lerr == nil {
			return err // a link to nothing
		}
		real = path
	case err != nil:
		return err
	default:
		info, err := os.Stat(real)
		if err != nil {
			return err
		}
		perm = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(real), "."+filepath.Base(real)+".*.tmp")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(b); err != nil {
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), real); err != nil {
		return err
	}
	done = true
	syncFolder(filepath.Dir(real))
	return nil
}

// syncFolder makes a folder's entries durable: a rename or a removal is
// on disk once its folder is.
func syncFolder(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
