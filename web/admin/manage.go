package admin

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/account"
	"partnermap/data/store"
)

// maxName is the longest name a new network is given here, in
// characters; its data file may say more.
const maxNetworkName = 200

// isAtlas reports whether the data is an atlas's folder, whose networks
// an admin creates and removes.
func (a *Admin) isAtlas() bool { return a.cfg.Store.Snapshot().Atlas != nil }

// manager is the account of a request that may create and remove
// networks: 403 for any other, 404 where the data is one network's file.
func (a *Admin) manager(c *fiber.Ctx) (*signedIn, error) {
	s := user(c)
	if !s.user.May(account.ManageNetworks, "") {
		return nil, fiber.ErrForbidden
	}
	if !a.isAtlas() {
		return nil, fiber.ErrNotFound
	}
	return s, nil
}

// showNewNetwork asks for a new network's slug and name.
func (a *Admin) showNewNetwork(c *fiber.Ctx) error {
	if _, err := a.manager(c); err != nil {
		return err
	}
	return a.renderNewNetwork(c, fiber.StatusOK, view.NewNetwork{})
}

func (a *Admin) renderNewNetwork(c *fiber.Ctx, status int, f view.NewNetwork) error {
	t := a.messages(c)
	f.Action = a.path("/networks/new")
	return a.render(c, status, view.NewNetworkPage(a.page(c, t.T("admin.networks.newHeading")), f))
}

// handleNewNetwork begins a new network: a draft of a new data file,
// {slug}.toml, that holds the slug and the name; its author fills in the
// cities and partners, and publishing it adds the file.
func (a *Admin) handleNewNetwork(c *fiber.Ctx) error {
	s, err := a.manager(c)
	if err != nil {
		return err
	}
	t := a.messages(c)
	f := view.NewNetwork{
		Slug: strings.TrimSpace(utils.CopyString(c.FormValue("slug"))),
		Name: strings.Join(strings.Fields(utils.CopyString(c.FormValue("name"))), " "),
	}
	file := f.Slug + ".toml"
	switch {
	case !data.IsSlug(f.Slug):
		f.SlugProblem = t.T("admin.networks.badSlug")
	case a.taken(f.Slug, file):
		f.SlugProblem = t.T("admin.networks.taken")
	}
	if f.Name == "" || utf8.RuneCountInString(f.Name) > maxNetworkName || !utf8.ValidString(f.Name) || strings.ContainsFunc(f.Name, unicode.IsControl) {
		f.NameProblem = t.T("admin.networks.badName", "Count", maxNetworkName)
	}
	if f.SlugProblem != "" || f.NameProblem != "" {
		return a.renderNewNetwork(c, fiber.StatusUnprocessableEntity, f)
	}
	text := string(data.Format(&data.Network{Slug: f.Slug, Name: f.Name}))
	d, err := a.drafts.Create(Draft{Network: f.Slug, File: file, Author: s.user.Name, Text: text, Status: StatusDraft, Message: t.T("admin.networks.newMessage", "Network", f.Name)})
	if err != nil {
		return err
	}
	a.log.Info("network begun", "name", s.user.Name, "network", f.Slug, "draft", d.ID)
	return c.Redirect(a.path("/drafts/"+d.ID+"/?saved=1"), fiber.StatusSeeOther)
}

// taken reports whether a slug or a file's name is in use: by a network
// now, a file on disk, or a network removed, which its history may bring
// back.
func (a *Admin) taken(slug, file string) bool {
	if _, _, err := a.cfg.Networks.Source(slug); err == nil {
		return true
	}
	if now, _, err := a.current(file); err != nil || now != nil {
		return true
	}
	removed, _ := a.removed()
	for _, r := range removed {
		if r.slug == slug || r.file == file {
			return true
		}
	}
	return false
}

// showRemoveNetwork asks an admin to confirm a network's removal.
func (a *Admin) showRemoveNetwork(c *fiber.Ctx) error {
	if _, err := a.manager(c); err != nil {
		return err
	}
	n, _, err := a.network(c, utils.CopyString(c.Params("slug")))
	if err != nil {
		return err
	}
	return a.renderRemove(c, fiber.StatusOK, n, nil)
}

func (a *Admin) renderRemove(c *fiber.Ctx, status int, n Network, problems []string) error {
	t := a.messages(c)
	v := view.RemoveNetwork{Network: n.Name, Version: n.Version, Action: a.path("/networks/" + n.Slug + "/remove"), HistoryHref: a.path("/networks/" + n.Slug + "/history/"), Problems: problems}
	return a.render(c, status, view.RemoveNetworkPage(a.page(c, t.T("admin.networks.removeHeading", "Network", n.Name)), v))
}

// handleRemoveNetwork removes a network's file from the atlas, as a
// version that history keeps.
func (a *Admin) handleRemoveNetwork(c *fiber.Ctx) error {
	s, err := a.manager(c)
	if err != nil {
		return err
	}
	n, _, err := a.network(c, utils.CopyString(c.Params("slug")))
	if err != nil {
		return err
	}
	base := c.FormValue("base")
	if !isVersion(base) {
		return fiber.ErrUnprocessableEntity
	}
	a.publishing.Lock()
	_, err = a.cfg.Store.Remove(c.UserContext(), n.Slug, base, store.Change{Author: store.Person{Name: s.user.Name}})
	a.publishing.Unlock()
	if err != nil {
		a.log.Warn("removal refused", "name", s.user.Name, "network", n.Slug, "err", data.Printable(err.Error()))
		t := a.messages(c)
		why := []string{t.T("admin.networks.removeRefused")}
		if errors.Is(err, store.ErrConflict) {
			why = []string{t.T("admin.networks.removeChanged")}
		} else {
			_, shown := store.Explain(n.File, "file", err)
			for _, s := range shown {
				why = append(why, a.withoutPaths(s))
			}
		}
		return a.renderRemove(c, fiber.StatusConflict, n, why)
	}
	a.log.Info("network removed", "name", s.user.Name, "network", n.Slug, "file", n.File)
	return c.Redirect(a.path("/networks/"+n.Slug+"/history/?done=removed"), fiber.StatusSeeOther)
}
