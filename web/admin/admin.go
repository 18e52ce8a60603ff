// Package admin is the editing side of the server, under /admin (or
// /map/admin for a site under /map/), which exists only when serve --edit turns it on: sign-in with named accounts,
// sessions kept in the state folder, a token against cross-site requests
// on every form, and the editor that saves drafts of a network. The
// public site never passes through it.
package admin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	bolt "go.etcd.io/bbolt"

	"partnermap/data"
	"partnermap/data/account"
	"partnermap/data/gazetteer"
	"partnermap/data/messages"
	"partnermap/data/store"
	"partnermap/geo"
)

// Sessions end after IdleTimeout without a request, and AbsoluteTimeout
// after sign-in whatever happens.
const (
	IdleTimeout     = 8 * time.Hour
	AbsoluteTimeout = 7 * 24 * time.Hour
	// seenEvery is how stale a session's last request may be recorded:
	// requests closer together than this write nothing.
	seenEvery = time.Minute
	// MaxMessage is the longest message of a draft, in characters.
	MaxMessage = 500
	// maxText is the largest data file the editor takes, and the
	// largest spreadsheet an upload does (4 MB, as the pages say): the
	// text area is for mending, and forms are the way to larger changes.
	maxText = 4_000_000
)

// Config is what the admin is made of.
type Config struct {
	// Users is the users file; State the folder of the sessions and the
	// drafts. Neither may be inside the data folder.
	Users, State string
	// Store is the data on disk, which publishing writes to and whose
	// history the editing pages show.
	Store *store.Store
	// Networks are the networks to edit: the data files of Store when
	// nil.
	Networks Networks
	// Previews renders the sites of drafts and versions; without it
	// they have none.
	Previews Previewer
	// MaxSize is the largest data file read (--max-data-size).
	MaxSize int64
	// BaseURL is the site's public address: behind https the session
	// cookie is Secure and takes the __Host- prefix, and forms must come
	// from its origin. Under a path (https://example.org/map/) the
	// editing pages are under it too, at /map/admin/.
	BaseURL string
	// Stylesheets and Favicon are the site's fingerprinted assets: the
	// site's stylesheet, then the editing pages'.
	Stylesheets []string
	Favicon     string
	// EditorJS is the script of a draft's page that takes the caret to a
	// problem's place in the text area; without it each problem leads to
	// the text area alone.
	EditorJS string
	Log      *slog.Logger
	// Now is the clock, time.Now unless a test sets another.
	Now func() time.Time
	// Hasher hashes the dummy password that unknown names are checked
	// against, so that they cost what a known one does: OWASP() unless a
	// test sets cheaper costs.
	Hasher account.Params
	// Places is the gazetteer that the page that adds a city suggests
	// places from, Borders the outlines its point is checked against, and
	// Map makes its map, answered under the prefix given. Without Places
	// and Borders there is no such page.
	Places  func() (*gazetteer.Gazetteer, error)
	Borders *geo.Borders
	Map     func(prefix string) (Map, error)
}

// Admin serves /admin, under the base URL's path.
type Admin struct {
	cfg       Config
	log       *slog.Logger
	now       func() time.Time
	languages messages.Set
	users     atomic.Pointer[account.Users]
	db        *bolt.DB
	storage   *Storage
	sessions  *session.Store
	drafts    Drafts
	throttle  *throttle
	dummy     string // the hash unknown names are checked against
	verify    func(hashed, password string) (bool, error)
	hashing   chan struct{} // bounds the argon2 runs at once, each 19 MiB
	secure    bool
	origin    string
	prefix    string // where the admin's addresses are: /admin, or /map/admin under a path
	cookie    string // the session cookie's name
	signInCk  string // the sign-in form's cookie's name
	// publishing lets one draft at a time be merged and written, so
	// that two publishes of one network merge one after the other.
	publishing sync.Mutex
	watcher    *fsnotify.Watcher
	stop       context.CancelFunc
	done       sync.WaitGroup
	// confirmWait is the moment after which a users file that would end
	// sessions is read again.
	confirmWait func()

	places *places // the pages that add a city; nil without a gazetteer
	// uploading lets one uploaded spreadsheet at a time be imported
	// and written into a draft: a workbook may unpack to a few hundred
	// megabytes, and two uploads into one draft both land.
	uploading sync.Mutex
}

// originOf is a base URL's scheme and host, which browsers send as the
// Origin of a form; "" for no base URL, which checks no Origin.
func originOf(base *url.URL) string {
	if base.Host == "" {
		return ""
	}
	return base.Scheme + "://" + base.Host
}

// New opens the users file and the state folder and starts watching the
// users file. Close releases both.
func New(cfg Config) (*Admin, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Hasher == (account.Params{}) {
		cfg.Hasher = account.OWASP()
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Store == nil {
		return nil, errors.New("editing needs the data's store")
	}
	if cfg.Networks == nil {
		cfg.Networks = &DataFiles{Path: cfg.Store.Snapshot().Path, MaxSize: cfg.MaxSize}
	}
	languages, err := messages.Load()
	if err != nil {
		return nil, err
	}
	users, err := LoadUsers(cfg.Users)
	if err != nil {
		return nil, err
	}
	dummy, err := cfg.Hasher.Hash("a password nobody has, checked for names nobody has")
	if err != nil {
		return nil, err
	}
	base, err := url.Parse(strings.TrimSuffix(cfg.BaseURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("base URL %q: %w", cfg.BaseURL, err)
	}
	db, err := openState(cfg.State)
	if err != nil {
		return nil, err
	}
	a := &Admin{
		cfg:       cfg,
		log:       cfg.Log,
		now:       cfg.Now,
		languages: languages,
		db:        db,
		drafts:    &boltDrafts{db: db, now: cfg.Now},
		throttle:  newThrottle(cfg.Now),
		dummy:     dummy,
		verify:    account.Verify,
		hashing:   make(chan struct{}, 2),
		secure:    strings.HasPrefix(cfg.BaseURL, "https://"),
		origin:    originOf(base),
		prefix:    base.Path + "/admin",
		cookie:    "partnermap-session",
		signInCk:  "partnermap-sign-in",
		// Five times the watcher's wait for a burst of writes to end.
		confirmWait: func() { time.Sleep(250 * time.Millisecond) },
	}
	if a.secure {
		// __Host- cookies are only accepted Secure, for the whole host,
		// without a Domain: no other site of the domain can set them.
		a.cookie, a.signInCk = "__Host-"+a.cookie, "__Host-"+a.signInCk
	}
	a.users.Store(users)
	a.storage = newStorage(db, sessionsBucket, cfg.Now, 10*time.Minute)
	a.sessions = session.New(session.Config{
		Expiration:     IdleTimeout,
		Storage:        a.storage,
		KeyLookup:      "cookie:" + a.cookie,
		CookiePath:     "/",
		CookieSecure:   a.secure,
		CookieHTTPOnly: true,
		CookieSameSite: "Strict",
		KeyGenerator:   randomToken,
	})
	if err := a.watchUsers(); err != nil {
		a.Close()
		return nil, err
	}
	if err := a.openPlaces(); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// LoadUsers reads the users file, saying what to do when there is none.
func LoadUsers(path string) (*account.Users, error) {
	us, err := account.LoadUsers(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("the users file %s does not exist: create it with partnermap users add --users %s NAME --role admin", path, path)
	}
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
		slog.Warn("the users file can be read by other users of the machine: chmod 600 it", "file", path, "mode", info.Mode().Perm().String())
	}
	return us, nil
}

// CheckPaths refuses a users file or a state folder inside the data
// folder (a data file's folder), symbolic links resolved: what is there
// may end up published, exported or committed.
func CheckPaths(dataPath, users, state string) error {
	if dataPath == "" {
		return errors.New("--edit needs --data: the embedded network cannot be edited")
	}
	dataDir, err := resolve(dataPath)
	if err != nil {
		return err
	}
	if info, err := os.Stat(dataDir); err == nil && !info.IsDir() {
		dataDir = filepath.Dir(dataDir)
	}
	for _, p := range []struct{ flag, path string }{{"--users", users}, {"--state", state}} {
		if p.path == "" {
			return fmt.Errorf("--edit needs %s", p.flag)
		}
		abs, err := resolve(p.path)
		if err != nil {
			return err
		}
		if rel, err := filepath.Rel(dataDir, abs); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
			return fmt.Errorf("%s %s is inside the data folder %s: keep it outside, where nothing is published, exported or committed", p.flag, p.path, dataDir)
		}
	}
	return nil
}

// resolve makes a path absolute with its symbolic links resolved, as far
// as it exists.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := ""
	for {
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			return filepath.Join(real, rest), nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return filepath.Join(abs, rest), nil
		}
		rest = filepath.Join(filepath.Base(abs), rest)
		abs = parent
	}
}

// BodyLimit is the largest request the admin takes: a data file in the
// text area, with the rest of its form.
func (a *Admin) BodyLimit() int {
	return int(min(a.cfg.MaxSize, maxText)) + 64*1024
}

// maxTextSize is the largest data file the editor takes.
func (a *Admin) maxTextSize() int { return int(min(a.cfg.MaxSize, maxText)) }

// Close stops watching the users file and closes the state database.
func (a *Admin) Close() error {
	if a.stop != nil {
		a.stop()
	}
	if a.watcher != nil {
		a.watcher.Close()
	}
	a.done.Wait()
	a.storage.Close()
	return a.db.Close()
}

// watchUsers reloads the users file whenever it changes, as --watch does
// the data: its folder is watched, so that a file replaced by a rename is
// seen too.
func (a *Admin) watchUsers() error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	if err := w.Add(filepath.Dir(a.cfg.Users)); err != nil {
		w.Close()
		return err
	}
	a.watcher = w
	ctx, stop := context.WithCancel(context.Background())
	a.stop = stop
	a.done.Add(1)
	go func() {
		defer a.done.Done()
		name := filepath.Clean(a.cfg.Users)
		var settle <-chan time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-w.Events:
				if !ok {
					return
				}
				if filepath.Clean(e.Name) == name {
					settle = time.After(50 * time.Millisecond) // one reload for a burst of writes
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				a.log.Error("watching the users file", "file", a.cfg.Users, "err", err)
			case <-settle:
				a.ReloadUsers()
			}
		}
	}()
	return nil
}

// ReloadUsers reads the users file again. A file that does not parse is
// logged and the accounts stay as they were; otherwise every change is
// logged, and the sessions of accounts removed, or whose password
// changed, end at once. Rights are looked up on every request, so a role
// or networks changed apply at the next.
//
// A file being written in place can be read cut off after a whole
// account, which parses as a file without the accounts after it: a change
// that ends sessions is applied only when the file reads the same a
// moment later. If it does not, the write goes on, and the watcher
// reloads it when it has settled.
func (a *Admin) ReloadUsers() {
	src, next, ok := a.readUsers()
	if !ok {
		return
	}
	// A file being written in place is empty for a moment, which would
	// end every session; editing is turned off with --edit, not by an
	// empty file.
	if next.Len() == 0 && a.users.Load().Len() > 0 {
		a.log.Error("the users file has no accounts and was not reloaded: the accounts stay as they were", "file", a.cfg.Users)
		return
	}
	if endsSessions(a.users.Load(), next) {
		a.confirmWait()
		again, err := os.ReadFile(a.cfg.Users)
		if err != nil || !bytes.Equal(again, src) {
			a.log.Warn("the users file changed as it was read, and is read again once written: the accounts stay as they were", "file", a.cfg.Users)
			return
		}
	}
	prev := a.users.Swap(next)
	for _, u := range next.All() {
		old, ok := prev.Find(u.Name)
		switch {
		case !ok:
			a.log.Info("account added", "name", u.Name, "role", u.Role, "networks", u.Networks)
		case old.Role != u.Role || strings.Join(old.Networks, ",") != strings.Join(u.Networks, ","):
			a.log.Info("account changed", "name", u.Name, "role", u.Role, "networks", u.Networks)
		}
		if ok && old.Stamp() != u.Stamp() {
			a.log.Info("password changed", "name", u.Name)
		}
	}
	for _, u := range prev.All() {
		if _, ok := next.Find(u.Name); !ok {
			a.log.Info("account removed", "name", u.Name)
		}
	}
	ended, err := a.storage.Sweep(func(v []byte) bool {
		s, ok := decodeSession(v)
		if !ok {
			return true
		}
		u, found := next.Find(s.user)
		return !found || u.Stamp() != s.stamp
	})
	if err != nil {
		a.log.Error("ending the sessions of removed accounts", "err", err)
	}
	if ended > 0 {
		a.log.Info("sessions ended", "count", ended)
	}
}

// readUsers reads and parses the users file, logging what keeps it from
// being read.
func (a *Admin) readUsers() ([]byte, *account.Users, bool) {
	src, err := os.ReadFile(a.cfg.Users)
	if err == nil {
		var next *account.Users
		if next, err = account.ParseUsers(a.cfg.Users, src); err == nil {
			return src, next, true
		}
	}
	a.log.Error("the users file was not reloaded: the accounts stay as they were", "file", a.cfg.Users, "err", data.Printable(err.Error()))
	return nil, nil, false
}

// endsSessions tells whether going from the accounts prev to next ends
// sessions: an account removed, or its password changed.
func endsSessions(prev, next *account.Users) bool {
	for _, u := range prev.All() {
		if n, ok := next.Find(u.Name); !ok || n.Stamp() != u.Stamp() {
			return true
		}
	}
	return false
}

// Users returns the accounts as last read.
func (a *Admin) Users() *account.Users { return a.users.Load() }

// Mount adds the admin's routes to r, the router of /admin.
func (a *Admin) Mount(r fiber.Router) {
	a.routes(r)
}
