package admin

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"partnermap/data"
	"partnermap/data/account"
	"partnermap/data/store"
)

// Review: the author submits a draft; a maintainer of its network (or an
// admin) publishes it, or sends it back with a comment. A maintainer may
// publish a draft of their own without submitting it. Publishing writes
// the data file through the store, as one commit whose author is the
// draft's and whose committer, named again in an Approved-by trailer, is
// who published it; the server then serves the new version.

// MaxComment is the longest comment a draft is sent back with, in
// characters.
const MaxComment = 2000

// mayPublish reports whether an account may publish a draft now.
func mayPublish(u account.User, d Draft) bool {
	if !u.May(account.Publish, d.Network) {
		return false
	}
	switch d.Status {
	case StatusSubmitted:
		return true
	case StatusDraft, StatusReturned:
		return account.NameKey(d.Author) == u.Key()
	}
	return false
}

// isAuthor reports whether the account wrote the draft.
func isAuthor(u account.User, d Draft) bool { return account.NameKey(d.Author) == u.Key() }

// handleSubmit asks for a draft to be reviewed: its author does, once its
// data file has no problems.
func (a *Admin) handleSubmit(c *fiber.Ctx) error {
	d, err := a.draft(c)
	if err != nil {
		return err
	}
	s := user(c)
	if !isAuthor(s.user, d) || (d.Status != StatusDraft && d.Status != StatusReturned) {
		return fiber.ErrForbidden
	}
	if err := a.cfg.Store.Check(a.fileOf(d), []byte(d.Text)); err != nil {
		return a.renderDraft(c, d, fiber.StatusUnprocessableEntity, refused(a.messages(c).T("admin.review.notValid")))
	}
	d.Status, d.Comment = StatusSubmitted, ""
	if d, err = a.drafts.Update(d); err != nil {
		return err
	}
	a.log.Info("draft submitted", "name", s.user.Name, "network", d.Network, "draft", d.ID)
	return c.Redirect(a.path("/drafts/"+d.ID+"/?done=submitted"), fiber.StatusSeeOther)
}

// handleSendBack returns a submitted draft to its author with a comment.
func (a *Admin) handleSendBack(c *fiber.Ctx) error {
	d, err := a.draft(c)
	if err != nil {
		return err
	}
	s := user(c)
	if !s.user.May(account.Publish, d.Network) || d.Status != StatusSubmitted {
		return fiber.ErrForbidden
	}
	comment := strings.TrimSpace(strings.ReplaceAll(c.FormValue("comment"), "\r\n", "\n"))
	switch {
	case utf8.RuneCountInString(comment) > MaxComment || !utf8.ValidString(comment):
		return fiber.ErrUnprocessableEntity
	case comment == "":
		return a.renderDraft(c, d, fiber.StatusUnprocessableEntity, refused(a.messages(c).T("admin.review.noComment")))
	}
	d.Status, d.Comment, d.Reviewer = StatusReturned, strings.Clone(comment), s.user.Name
	if d, err = a.drafts.Update(d); err != nil {
		return err
	}
	a.log.Info("draft sent back", "name", s.user.Name, "network", d.Network, "draft", d.ID, "author", d.Author)
	return c.Redirect(a.path("/drafts/"+d.ID+"/?done=returned"), fiber.StatusSeeOther)
}

// handlePublish publishes a draft: see publish.
func (a *Admin) handlePublish(c *fiber.Ctx) error {
	d, err := a.draft(c)
	if err != nil {
		return err
	}
	s := user(c)
	if !mayPublish(s.user, d) {
		return fiber.ErrForbidden
	}
	d, err = a.publish(c.UserContext(), d, s.user)
	var ps data.Problems
	switch {
	case errors.As(err, &ps):
		return a.renderDraft(c, d, fiber.StatusUnprocessableEntity, refused(a.messages(c).T("admin.review.notValid")))
	case errors.Is(err, store.ErrUnchanged):
		return a.renderDraft(c, d, fiber.StatusConflict, refused(a.messages(c).T("admin.review.unchanged")))
	case err != nil:
		return err
	case d.Status == StatusConflict:
		a.log.Info("publish refused: the draft is in conflict", "name", s.user.Name, "network", d.Network, "draft", d.ID, "fields", strings.Join(d.Conflicts, " "))
		return c.Redirect(a.path("/drafts/"+d.ID+"/?done=conflict"), fiber.StatusSeeOther)
	}
	a.log.Info("published", "name", s.user.Name, "network", d.Network, "draft", d.ID, "author", d.Author, "version", d.Version)
	return c.Redirect(a.path("/drafts/"+d.ID+"/?done=published"), fiber.StatusSeeOther)
}

// fileOf is the name of a draft's data file: its own, or, for a draft
// made before drafts kept it, its network's file now.
func (a *Admin) fileOf(d Draft) string {
	if d.File != "" {
		return d.File
	}
	if n, _, err := a.cfg.Networks.Source(d.Network); err == nil {
		return filepath.Base(n.File)
	}
	return d.Network + ".toml"
}

// current is a data file as it is now and its version: nil and "" when
// there is none.
func (a *Admin) current(file string) ([]byte, string, error) {
	src, version, err := a.cfg.Store.Read(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	return src, version, err
}

// outcome is what publishing a draft would write now: its text, when its
// network's file is still at the version it began from; else the draft
// merged with the file of now, or the conflicts that keep it from being
// merged.
func (a *Admin) outcome(d Draft) (now []byte, version string, m merged, err error) {
	file := a.fileOf(d)
	now, version, err = a.current(file)
	if err != nil {
		return nil, "", merged{}, err
	}
	switch {
	case version == d.Base:
		return now, version, merged{Text: []byte(d.Text)}, nil
	case d.Base == "" || now == nil || d.BaseText == "":
		// A new network's file made meanwhile, the network's file
		// removed, or a draft whose first version is not known.
		return now, version, merged{Conflicts: []Conflict{{}}}, nil
	}
	return now, version, merge(file, []byte(d.BaseText), []byte(d.Text), now), nil
}

// publish writes a draft to the data, merged with what changed meanwhile,
// as a version named after its author and approver. A draft in conflict
// is marked so, and nothing is written.
func (a *Admin) publish(ctx context.Context, d Draft, approver account.User) (Draft, error) {
	a.publishing.Lock()
	defer a.publishing.Unlock()
	change := store.Change{
		Author:   store.Person{Name: d.Author},
		Approver: store.Person{Name: approver.Name},
		Message:  d.Message,
	}
	for attempt := 0; ; attempt++ {
		_, version, m, err := a.outcome(d)
		if err != nil {
			return d, err
		}
		if m.Text == nil {
			d.Status, d.Conflicts = StatusConflict, conflictPaths(m.Conflicts)
			return a.drafts.Update(d)
		}
		v, err := a.cfg.Store.Write(ctx, a.fileOf(d), m.Text, version, change)
		if errors.Is(err, store.ErrConflict) && attempt < 2 {
			continue // the file changed on disk since it was read: merge with it
		}
		if err != nil {
			return d, err
		}
		d.Status, d.Version, d.Reviewer, d.Conflicts, d.Comment = StatusPublished, v.Commit, approver.Name, nil, ""
		return a.drafts.Update(d)
	}
}

// conflictPaths are the fields of conflicts, "" for the whole file.
func conflictPaths(cs []Conflict) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Path
	}
	return out
}

// historyDepth is how many versions of a data file are searched for the
// text of a version a draft began from, when it is no longer the file's.
const historyDepth = 50

// textAt is a data file's text at a version: the file's now, or one in
// its history; "" when neither has it, as a draft begun from a hand edit
// never committed and changed since. Such a draft cannot be merged, only
// begun again.
func (a *Admin) textAt(file, version string) (string, error) {
	now, v, err := a.current(file)
	if err != nil || v == version {
		return string(now), err
	}
	versions, err := a.cfg.Store.History(file)
	if err != nil {
		return "", nil // no history: the version is not known
	}
	for _, ver := range versions[:min(len(versions), historyDepth)] {
		if src, err := a.cfg.Store.ReadAt(ver.Commit, file); err == nil && store.FileVersion(src) == version {
			return string(src), nil
		}
	}
	return "", nil
}
