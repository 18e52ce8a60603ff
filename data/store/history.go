package store

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"partnermap/data"
)

// History is an ordinary git repository, which git and every tool that
// reads git read as well: the data folder's own, or the one it lies in.
// The store writes commits, the references that name them and the index
// as git does, each through a lock file, so that it never writes over a
// git command at work. It commits only the files it writes: what else is
// staged or changed in the work tree stays as it was.

// history is the repository of a store's data.
type history struct {
	repo *git.Repository
	git  billy.Filesystem // the repository's .git folder
	root string           // its work tree
	dir  string           // the data folder in the work tree, a slash path; "" at its root
}

// ErrNoHistory is the error of history asked of data that no repository
// holds yet.
var ErrNoHistory = errors.New("no history yet: the data folder is not in a git repository; the first change written through partnermap makes one")

// folderOfData is the real folder the data files are in.
func (s *Store) folderOfData() (string, error) {
	if s.path == "" {
		return "", errors.New("the embedded network has no folder: give the data file or folder with --data")
	}
	dir := s.path
	if !s.folder {
		dir = filepath.Dir(s.path)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// openHistory opens the repository of the data folder, which may be an
// enclosing folder's; when there is none, create makes one in the data
// folder, and without it the error is ErrNoHistory. The caller holds s.mu.
func (s *Store) openHistory(create bool) (*history, error) {
	if s.history != nil {
		return s.history, nil
	}
	dir, err := s.folderOfData()
	if err != nil {
		return nil, err
	}
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	switch {
	case errors.Is(err, git.ErrRepositoryNotExists) && create:
		repo, err = git.PlainInitWithOptions(dir, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")}})
	case errors.Is(err, git.ErrRepositoryNotExists):
		return nil, ErrNoHistory
	}
	if err != nil {
		return nil, fmt.Errorf("the git repository of %s: %w", dir, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, fmt.Errorf("the git repository of %s: %w", dir, err)
	}
	storage, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return nil, fmt.Errorf("the git repository of %s is not on disk", dir)
	}
	root, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return nil, fmt.Errorf("%s is not inside the work tree of its git repository, %s", dir, root)
	}
	h := &history{repo: repo, git: storage.Filesystem(), root: root, dir: filepath.ToSlash(rel)}
	if h.dir == "." {
		h.dir = ""
	}
	s.history = h
	return h, nil
}

// name is a data file's path in the repository.
func (h *history) name(file string) string { return path.Join(h.dir, file) }

// head is the commit HEAD names, and the reference a new commit moves:
// the branch HEAD names, or HEAD itself when it names a commit. The
// commit is the zero hash on a branch without commits yet.
func (h *history) head() (commit plumbing.Hash, ref plumbing.ReferenceName, err error) {
	head, err := h.repo.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return plumbing.ZeroHash, "", fmt.Errorf("the repository's HEAD: %w", err)
	}
	if head.Type() == plumbing.HashReference {
		return head.Hash(), plumbing.HEAD, nil
	}
	branch, err := h.repo.Storer.Reference(head.Target())
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
		return plumbing.ZeroHash, head.Target(), nil
	case err != nil:
		return plumbing.ZeroHash, "", err
	}
	return branch.Hash(), head.Target(), nil
}

// files are the data files of a commit, by name, with their blobs: the
// *.toml directly in the data folder that are not hidden, or the one
// data file named.
func (h *history) files(commit plumbing.Hash, only string) (map[string]plumbing.Hash, error) {
	files := map[string]plumbing.Hash{}
	if commit.IsZero() {
		return files, nil
	}
	c, err := h.repo.CommitObject(commit)
	if err != nil {
		return nil, err
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, err
	}
	if h.dir != "" {
		if tree, err = tree.Tree(h.dir); errors.Is(err, object.ErrDirectoryNotFound) {
			return files, nil
		} else if err != nil {
			return nil, err
		}
	}
	for _, e := range tree.Entries {
		if e.Mode.IsFile() && dataFileName(e.Name) && (only == "" || e.Name == only) {
			files[e.Name] = e.Hash
		}
	}
	return files, nil
}

// folderTree is the hash of the data folder's tree in a commit, to tell
// quickly whether a commit changed anything in it.
func (h *history) folderTree(c *object.Commit) (plumbing.Hash, error) {
	if h.dir == "" {
		return c.TreeHash, nil
	}
	tree, err := c.Tree()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	e, err := tree.FindEntry(h.dir)
	if err != nil {
		return plumbing.ZeroHash, nil // no data folder in this commit
	}
	return e.Hash, nil
}

// dataFileName reports whether a name in a data folder is a data file's,
// as data.AtlasFolder lists them.
func dataFileName(name string) bool {
	return filepath.Ext(name) == ".toml" && !strings.HasPrefix(name, ".")
}

// blob reads a blob of at most limit bytes.
func (h *history) blob(hash plumbing.Hash, limit int64) ([]byte, error) {
	b, err := h.repo.BlobObject(hash)
	if err != nil {
		return nil, err
	}
	if b.Size > limit {
		return nil, fmt.Errorf("the file is larger than %s, the most a data file may be", data.Size(limit))
	}
	r, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// log lists the versions of the data files, or of the one file named,
// the newest first: the commits of HEAD's first parents that changed
// them.
func (h *history) log(only string) ([]Version, error) {
	head, _, err := h.head()
	if err != nil || head.IsZero() {
		return nil, err
	}
	c, err := h.repo.CommitObject(head)
	if err != nil {
		return nil, err
	}
	var versions []Version
	for c != nil {
		var parent *object.Commit
		if c.NumParents() > 0 {
			if parent, err = c.Parent(0); err != nil {
				return nil, err
			}
		}
		changes, err := h.changes(c, parent, only)
		if err != nil {
			return nil, err
		}
		if len(changes) > 0 {
			versions = append(versions, version(c, changes))
		}
		c = parent
	}
	return versions, nil
}

// changes are the data files a commit changed from its parent's.
func (h *history) changes(c, parent *object.Commit, only string) ([]FileChange, error) {
	now, err := h.folderTree(c)
	if err != nil {
		return nil, err
	}
	before := plumbing.ZeroHash
	if parent != nil {
		if before, err = h.folderTree(parent); err != nil {
			return nil, err
		}
	}
	if now == before {
		return nil, nil
	}
	after, err := h.files(c.Hash, only)
	if err != nil {
		return nil, err
	}
	was := map[string]plumbing.Hash{}
	if parent != nil {
		if was, err = h.files(parent.Hash, only); err != nil {
			return nil, err
		}
	}
	var changes []FileChange
	for name, blob := range after {
		switch old, ok := was[name]; {
		case !ok:
			changes = append(changes, FileChange{name, Added})
		case old != blob:
			changes = append(changes, FileChange{name, Changed})
		}
	}
	for name := range was {
		if _, ok := after[name]; !ok {
			changes = append(changes, FileChange{name, Removed})
		}
	}
	slices.SortFunc(changes, func(a, b FileChange) int { return strings.Compare(a.Name, b.Name) })
	return changes, nil
}

// version describes a commit.
func version(c *object.Commit, files []FileChange) Version {
	v := Version{
		Commit:    c.Hash.String(),
		Time:      c.Author.When,
		Author:    Person{c.Author.Name, c.Author.Email},
		Committer: Person{c.Committer.Name, c.Committer.Email},
		Message:   c.Message,
		Files:     files,
	}
	for line := range strings.SplitSeq(c.Message, "\n") {
		if rest, ok := strings.CutPrefix(line, approvedBy); ok {
			if p, err := ParsePerson(rest); err == nil {
				v.Approver = p
			}
		}
	}
	return v
}

// resolve finds the commit a version names: its hash, whole or its
// start, or anything git's revisions write, such as HEAD~2.
func (h *history) resolve(rev string) (*object.Commit, error) {
	hash, err := h.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, fmt.Errorf("no version \"%s\" in the history of the data: give a commit as partnermap history lists them", data.Printable(rev))
	}
	return h.repo.CommitObject(*hash)
}

// commit is a commit made and not yet published: its objects are
// written, no reference names it yet.
type commit struct {
	hash, parent plumbing.Hash
	ref          plumbing.ReferenceName
	blobs        map[string]plumbing.Hash // of the data files changed, by path in the repository; zero when removed
	subject      string
	committer    object.Signature
}

// prepare writes the objects of a commit on HEAD that sets the data
// files given (by name in the data folder) to their bytes, or removes
// those whose bytes are nil.
func (h *history) prepare(files map[string][]byte, c Change, message string) (*commit, error) {
	parent, ref, err := h.head()
	if err != nil {
		return nil, err
	}
	var root plumbing.Hash
	if !parent.IsZero() {
		pc, err := h.repo.CommitObject(parent)
		if err != nil {
			return nil, err
		}
		root = pc.TreeHash
	}
	blobs := map[string]plumbing.Hash{}  // by name in the data folder
	staged := map[string]plumbing.Hash{} // by path in the repository
	for name, b := range files {
		blobs[name] = plumbing.ZeroHash
		if b != nil {
			if blobs[name], err = h.write(plumbing.BlobObject, b); err != nil {
				return nil, err
			}
		}
		staged[h.name(name)] = blobs[name]
	}
	var dir []string
	if h.dir != "" {
		dir = strings.Split(h.dir, "/")
	}
	tree, err := h.tree(root, dir, blobs)
	if err != nil {
		return nil, err
	}
	when := time.Now()
	author := object.Signature{Name: c.Author.Name, Email: c.Author.Email, When: when}
	committer := author
	if !c.Approver.IsZero() {
		committer = object.Signature{Name: c.Approver.Name, Email: c.Approver.Email, When: when}
	}
	co := &object.Commit{Author: author, Committer: committer, Message: message, TreeHash: tree}
	if !parent.IsZero() {
		co.ParentHashes = []plumbing.Hash{parent}
	}
	obj := h.repo.Storer.NewEncodedObject()
	if err := co.Encode(obj); err != nil {
		return nil, err
	}
	hash, err := h.repo.Storer.SetEncodedObject(obj)
	if err != nil {
		return nil, err
	}
	subject, _, _ := strings.Cut(message, "\n")
	return &commit{hash: hash, parent: parent, ref: ref, blobs: staged, subject: subject, committer: committer}, nil
}

// write stores an object of bytes b.
func (h *history) write(t plumbing.ObjectType, b []byte) (plumbing.Hash, error) {
	obj := h.repo.Storer.NewEncodedObject()
	obj.SetType(t)
	obj.SetSize(int64(len(b)))
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(b); err != nil {
		w.Close()
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return h.repo.Storer.SetEncodedObject(obj)
}

// tree writes the tree of base (zero: an empty one) with the folder at
// dir holding files set to their blobs, or removed where the blob is
// zero, and returns its hash. A folder left empty is no entry, as git
// keeps none.
func (h *history) tree(base plumbing.Hash, dir []string, files map[string]plumbing.Hash) (plumbing.Hash, error) {
	var entries []object.TreeEntry
	if !base.IsZero() {
		t, err := h.repo.TreeObject(base)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = slices.Clone(t.Entries)
	}
	set := func(name string, mode filemode.FileMode, hash plumbing.Hash) {
		i := slices.IndexFunc(entries, func(e object.TreeEntry) bool { return e.Name == name })
		switch {
		case hash.IsZero() && i >= 0:
			entries = slices.Delete(entries, i, i+1)
		case hash.IsZero():
		case i >= 0:
			entries[i].Hash = hash
			if entries[i].Mode != filemode.Executable || mode == filemode.Dir {
				entries[i].Mode = mode // a file keeps its executable bit
			}
		default:
			entries = append(entries, object.TreeEntry{Name: name, Mode: mode, Hash: hash})
		}
	}
	if len(dir) > 0 {
		sub := plumbing.ZeroHash
		if i := slices.IndexFunc(entries, func(e object.TreeEntry) bool { return e.Name == dir[0] && e.Mode == filemode.Dir }); i >= 0 {
			sub = entries[i].Hash
		} else if slices.ContainsFunc(entries, func(e object.TreeEntry) bool { return e.Name == dir[0] }) {
			return plumbing.ZeroHash, fmt.Errorf("%s is a file in the repository's last commit, not a folder", dir[0])
		}
		hash, err := h.tree(sub, dir[1:], files)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		set(dir[0], filemode.Dir, hash)
	} else {
		for name, hash := range files {
			set(name, filemode.Regular, hash)
		}
	}
	if len(entries) == 0 {
		return plumbing.ZeroHash, nil
	}
	sort.Sort(object.TreeEntrySorter(entries))
	obj := h.repo.Storer.NewEncodedObject()
	if err := (&object.Tree{Entries: entries}).Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return h.repo.Storer.SetEncodedObject(obj)
}

// errBusy is a lock file that a git command holds.
func errBusy(root, lock string) error {
	return fmt.Errorf("another git command is at work in %s (it holds .git/%s): try again once it is done, or remove .git/%s if none is", root, lock, lock)
}

// lock takes a lock file of the .git folder, as git does: made anew,
// never over one that exists.
func (h *history) lock(name string) (*lockFile, error) {
	l := &lockFile{name: name + ".lock"}
	if err := h.git.MkdirAll(path.Dir(l.name), 0o755); err != nil {
		return nil, err
	}
	f, err := h.git.OpenFile(l.name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, errBusy(h.root, l.name)
	}
	l.f = f
	return l, err
}

// lockFile is a lock file taken, by its name in the .git folder.
type lockFile struct {
	f    billy.File
	name string
}

// lockRef locks the reference a prepared commit moves and checks that it
// still names the commit's parent.
func (h *history) lockRef(c *commit) (*lockFile, error) {
	l, err := h.lock(c.ref.String())
	if err != nil {
		return nil, err
	}
	now, _, err := h.head()
	if err == nil && now != c.parent {
		err = fmt.Errorf("the repository's %s moved while the change was being written: try again", c.ref.Short())
	}
	if err != nil {
		h.unlock(l)
		return nil, err
	}
	return l, nil
}

// unlock gives a lock up without changing the reference.
func (h *history) unlock(l *lockFile) {
	l.f.Close()
	h.git.Remove(l.name)
}

// publish moves the locked reference to the commit, and records the move
// in the reference's log when it keeps one.
func (h *history) publish(l *lockFile, c *commit) error {
	if _, err := l.f.Write([]byte(c.hash.String() + "\n")); err != nil {
		h.unlock(l)
		return err
	}
	if err := l.f.Close(); err != nil {
		h.git.Remove(l.name)
		return err
	}
	if err := h.git.Rename(l.name, c.ref.String()); err != nil {
		h.git.Remove(l.name)
		return err
	}
	sig := c.committer
	_, offset := sig.When.Zone()
	sign := "+"
	if offset < 0 {
		sign, offset = "-", -offset
	}
	entry := fmt.Sprintf("%s %s %s <%s> %d %s%02d%02d\tcommit: %s\n", c.parent, c.hash, sig.Name, sig.Email, sig.When.Unix(), sign, offset/3600, offset/60%60, c.subject)
	for _, log := range []string{"logs/" + c.ref.String(), "logs/HEAD"} {
		if _, err := h.git.Stat(log); err == nil {
			if f, err := h.git.OpenFile(log, os.O_WRONLY|os.O_APPEND, 0o644); err == nil {
				f.Write([]byte(entry))
				f.Close()
			}
		}
		if c.ref == plumbing.HEAD {
			break
		}
	}
	return nil
}

// stage sets the index's entries of the files a commit changed to what
// it holds, with the files' details on disk, so that git status finds
// them as committed; every other entry stays as it was. The index is
// locked (l) from before the files are written.
func (h *history) stage(l *lockFile, c *commit) error {
	done := false
	defer func() {
		if !done {
			h.unlock(l)
		}
	}()
	idx, err := h.repo.Storer.Index()
	if err != nil {
		return fmt.Errorf("the repository's index: %w", err)
	}
	for _, name := range slices.Sorted(maps.Keys(c.blobs)) {
		for {
			if _, err := idx.Remove(name); err != nil {
				break
			}
		}
		blob := c.blobs[name]
		if blob.IsZero() {
			continue
		}
		e := idx.Add(name)
		e.Hash, e.Mode = blob, filemode.Regular
		if info, err := os.Lstat(filepath.Join(h.root, filepath.FromSlash(name))); err == nil {
			e.ModifiedAt, e.Size = info.ModTime(), uint32(info.Size())
			if st, ok := info.Sys().(*syscall.Stat_t); ok {
				e.CreatedAt = time.Unix(st.Ctim.Sec, st.Ctim.Nsec)
				e.Dev, e.Inode, e.UID, e.GID = uint32(st.Dev), uint32(st.Ino), st.Uid, st.Gid
			}
		}
	}
	// The cached trees of the index's extensions no longer hold: git
	// makes them again.
	idx.Cache, idx.ResolveUndo = nil, nil
	if err := index.NewEncoder(l.f).Encode(idx); err != nil {
		return err
	}
	if err := l.f.Close(); err != nil {
		return err
	}
	if err := h.git.Rename(l.name, "index"); err != nil {
		return err
	}
	done = true
	return nil
}

// checkIndex reads the index before anything is written, so that one the
// store cannot rewrite refuses the change before it is made.
func (h *history) checkIndex() error {
	if _, err := h.repo.Storer.Index(); err != nil {
		return fmt.Errorf("the index of the git repository in %s cannot be read (%w): run git status there to see why", h.root, err)
	}
	return nil
}

// GitUser is the user git's configuration names, the data repository's
// or the user's own: whom a change made at the command line is by.
func (s *Store) GitUser() (Person, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var cfg *config.Config
	if h, err := s.openHistory(false); err == nil {
		cfg, _ = h.repo.ConfigScoped(config.GlobalScope)
	} else {
		cfg, _ = config.LoadConfig(config.GlobalScope)
	}
	if cfg == nil || cfg.User.Name == "" {
		return Person{}, false
	}
	p := Person{cfg.User.Name, cfg.User.Email}
	return p, p.check("git's user") == nil
}
