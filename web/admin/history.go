package admin

import (
	"bytes"
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/pelletier/go-toml/v2"

	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/account"
	"partnermap/data/store"
)

// History in the browser: a network's versions, the newest first, each
// with its author, approver, time and message, its site as a preview, and
// Restore, which writes the version back as a new one. An admin creates a
// network of an atlas (a draft of a new data file, published as any
// draft) and removes one: the removal is a version too, and the version
// before it restores the network.

// networkFile is the data file of a network the account may see, by its
// slug: the network's file now, or, once it was removed, its file in
// history (present false). 403 for a network the account may not see,
// 404 for one neither the data nor its history has.
func (a *Admin) networkFile(c *fiber.Ctx, slug string) (name, file string, present bool, err error) {
	if !user(c).user.May(account.Propose, slug) {
		return "", "", false, fiber.ErrForbidden
	}
	n, _, err := a.cfg.Networks.Source(slug)
	switch {
	case err == nil:
		return n.Name, filepath.Base(n.File), true, nil
	case !errors.Is(err, ErrNoNetwork):
		return "", "", false, err
	}
	removed, err := a.removed()
	if err != nil {
		return "", "", false, err
	}
	for _, r := range removed {
		if r.slug == slug {
			return r.name, r.file, false, nil
		}
	}
	return "", "", false, fiber.ErrNotFound
}

// removedNetwork is a network whose file history holds and the data no
// longer has.
type removedNetwork struct {
	slug, name, file string
}

// removed lists the networks removed from the data that history can
// bring back, by the files' names.
func (a *Admin) removed() ([]removedNetwork, error) {
	versions, err := a.cfg.Store.History("")
	if errors.Is(err, store.ErrNoHistory) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var files []string
	for _, v := range versions {
		for _, f := range v.Files {
			if f.Action == store.Removed && !slices.Contains(files, f.Name) {
				files = append(files, f.Name)
			}
		}
	}
	var out []removedNetwork
	for _, file := range files {
		if now, _, err := a.current(file); err != nil || now != nil {
			continue // back, or unreadable
		}
		src, err := a.lastText(file)
		if err != nil || src == nil {
			continue
		}
		slug, name := headOf(src)
		if data.IsSlug(slug) {
			out = append(out, removedNetwork{slug: slug, name: cmpOr(name, slug), file: file})
		}
	}
	return out, nil
}

// lastText is the last version of a file that history holds.
func (a *Admin) lastText(file string) ([]byte, error) {
	versions, err := a.cfg.Store.History(file)
	if err != nil {
		return nil, err
	}
	for _, v := range versions {
		if action(v, file) != store.Removed {
			return a.cfg.Store.ReadAt(v.Commit, file)
		}
	}
	return nil, nil
}

// headOf reads a network's slug and name from its data file, whatever else
// is wrong with it.
func headOf(src []byte) (slug, name string) {
	var top struct {
		Network struct{ Slug, Name string } `toml:"network"`
	}
	toml.NewDecoder(bytes.NewReader(src)).Decode(&top) // a bad file keeps what was read
	return top.Network.Slug, top.Network.Name
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// action is what a version did to a file.
func action(v store.Version, file string) store.Action {
	for _, f := range v.Files {
		if f.Name == file {
			return f.Action
		}
	}
	return ""
}

// isCommit reports whether s names a commit as the pages write them: its
// hash, whole or its start.
func isCommit(s string) bool {
	return len(s) >= 7 && len(s) <= 40 && strings.Trim(s, "0123456789abcdef") == ""
}

// showHistory lists a network's versions.
func (a *Admin) showHistory(c *fiber.Ctx) error {
	t := a.messages(c)
	say := func(string) notice { return notice{} }
	switch c.Query("done") {
	case "restored":
		say = func(string) notice { return notice{text: t.T("admin.history.restored")} }
	case "removed":
		say = func(network string) notice { return notice{text: t.T("admin.networks.removed", "Network", network)} }
	}
	return a.renderHistory(c, utils.CopyString(c.Params("slug")), fiber.StatusOK, say)
}

// renderHistory shows a network's versions, with the notice say gives
// for the network's name.
func (a *Admin) renderHistory(c *fiber.Ctx, slug string, status int, say func(network string) notice) error {
	name, file, present, err := a.networkFile(c, slug)
	if err != nil {
		return err
	}
	s := user(c)
	t := a.messages(c)
	h := view.History{Network: name, Removed: !present, NetworkHref: a.path("/networks/" + slug + "/")}
	n := say(name)
	h.Notice, h.Problem, h.Details = n.text, n.problem, n.details
	versions, err := a.cfg.Store.History(file)
	if err != nil && !errors.Is(err, store.ErrNoHistory) && !errors.Is(err, store.ErrNoNetwork) {
		return err
	}
	for i, v := range versions {
		act := action(v, file)
		item := view.Version{
			Short: v.Short(), Time: when(t, v.Time), Author: v.Author.Name, Approver: v.Approver.Name,
			Subject: v.Subject(), Action: t.T("admin.action." + string(act)),
			Current: i == 0 && present,
		}
		if act != store.Removed {
			item.PreviewHref = a.path("/networks/"+slug+"/history/"+v.Commit+"/preview") + a.entry(slug)
			if s.user.May(account.Publish, slug) && !item.Current {
				item.Restore = a.path("/networks/" + slug + "/history/" + v.Commit + "/restore")
			}
		}
		h.Versions = append(h.Versions, item)
	}
	return a.render(c, status, view.HistoryPage(a.page(c, t.T("admin.history.heading", "Network", name)), h))
}

// versionText is a version's text of a network's file, from the :version
// of a request: 404 for a version that has not the file.
func (a *Admin) versionText(c *fiber.Ctx) (slug, file, commit string, text []byte, err error) {
	slug = utils.CopyString(c.Params("slug"))
	commit = utils.CopyString(c.Params("version"))
	if !isCommit(commit) {
		return "", "", "", nil, fiber.ErrNotFound
	}
	_, file, _, err = a.networkFile(c, slug)
	if err != nil {
		return "", "", "", nil, err
	}
	text, err = a.cfg.Store.ReadAt(commit, file)
	if err != nil {
		return "", "", "", nil, fiber.ErrNotFound
	}
	return slug, file, commit, text, nil
}

// showVersionPreview shows a version's site: the network as in that
// version, beside the other networks as they are now.
func (a *Admin) showVersionPreview(c *fiber.Ctx) error {
	slug, file, commit, text, err := a.versionText(c)
	if err != nil {
		return err
	}
	t := a.messages(c)
	name, _ := headOf(text)
	heading := t.T("admin.preview.version", "Network", cmpOr(name, slug), "Version", commit[:min(len(commit), 8)])
	return a.servePreview(c, a.path("/networks/"+slug+"/history/"+commit+"/preview"), file, text, heading)
}

// handleRestore writes a version of a network's file back as a new
// version: a maintainer of the network, or an admin, does.
func (a *Admin) handleRestore(c *fiber.Ctx) error {
	slug, file, commit, _, err := a.versionText(c)
	if err != nil {
		return err
	}
	s := user(c)
	if !s.user.May(account.Publish, slug) {
		return fiber.ErrForbidden
	}
	a.publishing.Lock()
	v, err := a.cfg.Store.Restore(c.UserContext(), commit, file, store.Change{Author: store.Person{Name: s.user.Name}})
	a.publishing.Unlock()
	if err != nil {
		a.log.Warn("restore refused", "name", s.user.Name, "network", slug, "version", commit, "err", data.Printable(err.Error()))
		t := a.messages(c)
		n := refused(t.T("admin.history.unchanged"))
		if !errors.Is(err, store.ErrUnchanged) {
			_, shown := store.Explain(file, "file", err)
			for i := range shown {
				shown[i] = a.withoutPaths(shown[i])
			}
			n = refused(t.T("admin.history.refused"), shown...)
		}
		return a.renderHistory(c, slug, fiber.StatusConflict, func(string) notice { return n })
	}
	a.log.Info("restored", "name", s.user.Name, "network", slug, "from", commit, "version", v.Commit)
	return c.Redirect(a.path("/networks/"+slug+"/history/?done=restored"), fiber.StatusSeeOther)
}
