package admin

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/gob"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"

	"partnermap/data"
	"partnermap/data/account"
)

// What a session keeps, under these keys: the account's name and
// password stamp (account.User.Stamp), when it signed in and was last
// seen (Unix seconds), its token against cross-site requests, and the
// interface language chosen.
const (
	keyUser    = "user"
	keyStamp   = "stamp"
	keyCreated = "created"
	keySeen    = "seen"
	keyCSRF    = "csrf"
	keyLang    = "lang"
)

// signedIn is the session of a request that passed requireUser.
type signedIn struct {
	user account.User
	csrf string
	lang string
}

// localUser is where requireUser leaves the signedIn of a request.
type localUser struct{}

// randomToken is 32 random bytes, base64url: session ids and form tokens.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sessionData is a session's values as kept.
type sessionData struct {
	user, stamp, csrf, lang string
	created, seen           time.Time
}

func readSession(s *session.Session) sessionData {
	str := func(k string) string { v, _ := s.Get(k).(string); return v }
	unix := func(k string) time.Time { v, _ := s.Get(k).(int64); return time.Unix(v, 0) }
	return sessionData{user: str(keyUser), stamp: str(keyStamp), csrf: str(keyCSRF), lang: str(keyLang), created: unix(keyCreated), seen: unix(keySeen)}
}

// decodeSession reads a session as Fiber's session store keeps it (gob),
// for sweeping sessions without a request.
func decodeSession(v []byte) (sessionData, bool) {
	var m map[string]any
	if err := gob.NewDecoder(bytes.NewReader(v)).Decode(&m); err != nil {
		return sessionData{}, false
	}
	user, _ := m[keyUser].(string)
	stamp, _ := m[keyStamp].(string)
	return sessionData{user: user, stamp: stamp}, user != ""
}

// requireUser lets a request through only with a live session of an
// account that still exists with the same password: any other is sent to
// sign-in, the session it had ended. A request that changes something
// must also carry the session's token (csrf), or it gets 403.
func (a *Admin) requireUser(c *fiber.Ctx) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	if sess.Fresh() {
		return a.toSignIn(c, false)
	}
	s := readSession(sess)
	now := a.now()
	u, found := a.users.Load().Find(s.user)
	reason := ""
	switch {
	case !found:
		reason = "account removed"
	case u.Stamp() != s.stamp:
		reason = "password changed"
	case now.Sub(s.created) >= AbsoluteTimeout:
		reason = "signed in too long ago"
	case now.Sub(s.seen) >= IdleTimeout:
		reason = "idle too long"
	}
	if reason != "" {
		a.log.Info("session ended", "name", s.user, "why", reason)
		if err := sess.Destroy(); err != nil {
			return err
		}
		return a.toSignIn(c, true)
	}
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		if !a.sameOrigin(c) || !sameToken(c.FormValue("csrf"), s.csrf) {
			a.log.Warn("form refused: its token is missing or wrong", "name", s.user, "path", c.Path(), "addr", c.IP())
			return errCSRF
		}
	}
	if now.Sub(s.seen) >= seenEvery {
		sess.Set(keySeen, now.Unix())
		if err := sess.Save(); err != nil {
			return err
		}
	}
	c.Locals(localUser{}, &signedIn{user: u, csrf: s.csrf, lang: s.lang})
	return c.Next()
}

// errCSRF answers a form without its token, or with a wrong one.
var errCSRF = fiber.NewError(fiber.StatusForbidden, "csrf")

// sameToken compares tokens in constant time; an empty token is never
// the same.
func sameToken(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// sameOrigin refuses a request a browser says came from another site:
// its Origin is not the site's, or Sec-Fetch-Site says cross-site. The
// token is the defence; this is a second one where browsers tell.
func (a *Admin) sameOrigin(c *fiber.Ctx) bool {
	if site := c.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return false
	}
	origin := c.Get(fiber.HeaderOrigin)
	return origin == "" || a.origin == "" || origin == a.origin
}

// user is the signed-in account of a request past requireUser.
func user(c *fiber.Ctx) *signedIn {
	s, _ := c.Locals(localUser{}).(*signedIn)
	return s
}

// toSignIn sends a request to the sign-in page, with the page it asked
// for to come back to; ended says that a session ended.
func (a *Admin) toSignIn(c *fiber.Ctx, ended bool) error {
	q := url.Values{}
	if c.Method() == fiber.MethodGet && c.Path() != a.path("/") {
		q.Set("next", c.Path())
	}
	if ended {
		q.Set("ended", "1")
	}
	target := a.path("/sign-in")
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// localNext is where to go after sign-in: an editing page of this site,
// never another site (//host, /\host) nor a page outside /admin.
func (a *Admin) localNext(next string) string {
	if !strings.HasPrefix(next, a.path("/")) || strings.ContainsAny(next, "\\\r\n\t") || strings.Contains(next, "//") {
		return a.path("/")
	}
	return next
}

// signIn checks a name and a password. Unknown names are checked against
// a dummy hash, so that they take the time a wrong password takes, and
// get the same answer. Failures are counted by account and by address;
// past freeFailures each waits longer.
func (a *Admin) signIn(c *fiber.Ctx, name, password string) (account.User, time.Duration, bool) {
	addr := c.IP()
	nameKey, addrKey := "name:"+account.NameKey(name), "addr:"+addr
	if wait := a.throttle.wait(nameKey, addrKey); wait > 0 {
		a.log.Warn("sign-in refused: too many failures", "name", data.Printable(name), "addr", addr, "wait", wait.Round(time.Second))
		return account.User{}, wait, false
	}
	u, found := a.users.Load().Find(name)
	hash := a.dummy
	if found {
		hash = u.Password
	}
	a.hashing <- struct{}{}
	ok, err := a.verify(hash, password)
	<-a.hashing
	if err != nil || !found || !ok {
		a.throttle.fail(nameKey, addrKey)
		a.log.Warn("sign-in failed", "name", data.Printable(name), "addr", addr, "known", found)
		return account.User{}, 0, false
	}
	a.throttle.succeed(nameKey)
	return u, 0, true
}

// startSession begins a new session for an account that signed in: a new
// id whatever the request had (so that an id planted before sign-in is
// worth nothing), with a new token.
func (a *Admin) startSession(c *fiber.Ctx, u account.User, lang string) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Reset(); err != nil {
		return err
	}
	now := a.now().Unix()
	sess.Set(keyUser, u.Name)
	sess.Set(keyStamp, u.Stamp())
	sess.Set(keyCreated, now)
	sess.Set(keySeen, now)
	sess.Set(keyCSRF, randomToken())
	if lang != "" {
		sess.Set(keyLang, lang)
	}
	return sess.Save()
}
