package admin

import (
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/messages"
)

// Partners as rows: a form with a fieldset for each partner of a
// network, as the account's draft has them. Adding, removing and moving
// a row post the form, which comes back with the rows as typed and
// nothing saved; saving writes the rows into the draft with the writer
// that keeps the rest of the file, comments included, a partner moved in
// the list moving with its comments.

// maxPartnerRows is the most rows a form is read with.
const maxPartnerRows = 5000

// partnersPath is the page of a network's partners.
func (a *Admin) partnersPath(slug string) string {
	return a.path("/networks/" + slug + "/partners")
}

// showPartners shows the partners of the account's draft of a network,
// or of the network as published.
func (a *Admin) showPartners(c *fiber.Ctx) error {
	n, d, src, err := a.cityTarget(c)
	if err != nil {
		return err
	}
	network, err := data.Decode("draft.toml", src)
	if err != nil {
		return a.brokenPartners(c, n)
	}
	v := a.partnersView(n, d, src, network)
	v.Rows = rowsOf(network)
	if c.Query("saved") != "" && d != nil {
		v.Notice = a.messages(c).T("admin.partners.saved")
	}
	return a.renderPartners(c, fiber.StatusOK, v)
}

// rowsOf are a network's partners as the form's rows.
func rowsOf(network *data.Network) []view.PartnerRow {
	rows := make([]view.PartnerRow, 0, len(network.Partners))
	for _, p := range network.Partners {
		rows = append(rows, view.PartnerRow{Slug: p.Slug, Name: p.Name, Kind: string(p.Kind), City: p.City, Website: p.Website, Coordinator: p.Role == data.RoleCoordinator})
	}
	return rows
}

func (a *Admin) brokenPartners(c *fiber.Ctx, n Network) error {
	t := a.messages(c)
	title := t.T("admin.partners.heading", "Network", n.Name)
	return a.render(c, fiber.StatusUnprocessableEntity, view.ErrorPage(a.page(c, title), title, t.T("admin.partners.brokenDraft")))
}

// partnersView is the form of a network's partners, without its rows,
// from the text src of the draft d (nil for the network as published).
func (a *Admin) partnersView(n Network, d *Draft, src []byte, network *data.Network) view.Partners {
	v := view.Partners{Network: n.Name, Action: a.partnersPath(n.Slug), Back: a.path("/networks/" + n.Slug + "/"), Was: Version(src)}
	if d != nil {
		v.Draft, v.DraftHref = d.ID, a.path("/drafts/"+d.ID+"/")
	}
	for _, c := range network.Cities {
		v.Cities = append(v.Cities, view.PartnerCity{Slug: c.Slug, Name: c.Name})
	}
	v.NewCities = a.places != nil
	return v
}

func (a *Admin) renderPartners(c *fiber.Ctx, status int, v view.Partners) error {
	t := a.messages(c)
	return a.render(c, status, view.PartnersPage(a.page(c, t.T("admin.partners.heading", "Network", v.Network)), v))
}

// partnerRows are the rows a form sent, in its order.
func partnerRows(c *fiber.Ctx) []view.PartnerRow {
	count, _ := strconv.Atoi(c.FormValue("rows"))
	count = min(max(0, count), maxPartnerRows)
	coordinator := c.FormValue("coordinator")
	rows := make([]view.PartnerRow, 0, count)
	for i := range count {
		n := strconv.Itoa(i)
		rows = append(rows, view.PartnerRow{
			Slug:        oneLine(c.FormValue("slug." + n)),
			Name:        oneLine(c.FormValue("name." + n)),
			Kind:        oneLine(c.FormValue("kind." + n)),
			City:        oneLine(c.FormValue("city." + n)),
			NewCity:     oneLine(c.FormValue("newcity." + n)),
			Website:     oneLine(c.FormValue("website." + n)),
			Coordinator: coordinator == n,
		})
	}
	return rows
}

// rearrange applies a row button of the form (act) to its rows: "add",
// "remove.N", "up.N", "down.N". It reports whether act was one.
func rearrange(rows []view.PartnerRow, act string) ([]view.PartnerRow, bool) {
	if act == "add" {
		return append(rows, view.PartnerRow{Kind: string(data.KindOrganisation)}), true
	}
	what, at, ok := strings.Cut(act, ".")
	i, err := strconv.Atoi(at)
	if !ok || err != nil || i < 0 || i >= len(rows) {
		return rows, false
	}
	switch what {
	case "remove":
		return slices.Delete(rows, i, i+1), true
	case "up":
		if i > 0 {
			rows[i-1], rows[i] = rows[i], rows[i-1]
		}
		return rows, true
	case "down":
		if i < len(rows)-1 {
			rows[i], rows[i+1] = rows[i+1], rows[i]
		}
		return rows, true
	}
	return rows, false
}

// handlePartners applies a row button of the form and shows it again,
// or saves its rows into the account's draft of the network, a new draft
// when it has none. A form shown before the draft changed is not saved:
// it comes back as typed, to check and save again. Rows with problems
// come back with each problem beside its field, and nothing is saved.
func (a *Admin) handlePartners(c *fiber.Ctx) error {
	a.uploading.Lock() // one write into a draft at a time, as uploads
	defer a.uploading.Unlock()
	n, d, src, err := a.cityTarget(c)
	if err != nil {
		return err
	}
	t := a.messages(c)
	network, err := data.Decode("draft.toml", src)
	if err != nil {
		return a.brokenPartners(c, n)
	}
	v := a.partnersView(n, d, src, network)
	v.Was = c.FormValue("was") // kept until the rows are saved
	rows := partnerRows(c)
	if next, ok := rearrange(rows, c.FormValue("act")); ok {
		v.Rows = next
		return a.renderPartners(c, fiber.StatusOK, v)
	}
	v.Rows = rows
	if v.Was != Version(src) {
		v.Notice, v.Problem = t.T("admin.partners.changed"), true
		v.Was, v.Now = Version(src), rowsOf(network)
		return a.renderPartners(c, fiber.StatusConflict, v)
	}
	if done, err := a.newCities(c, t, network, v.Rows); done || err != nil {
		return err
	}
	partners, ok := a.checkPartners(t, network, v.Rows)
	if ok {
		if slices.Equal(partners, network.Partners) {
			v.Notice = t.T("admin.partners.unchanged")
			return a.renderPartners(c, fiber.StatusOK, v)
		}
		network.Partners = partners
		out, err := data.Edit(src, network)
		if err != nil {
			a.log.Error("writing partners into a draft", "network", n.Slug, "err", err)
			return a.brokenPartners(c, n)
		}
		if ok = partnerProblems(t, n, out, v.Rows); ok {
			return a.saveIntoDraft(c, t, n, d, src, out, t.T("admin.partners.message"), a.partnersPath(n.Slug)+"?saved=1")
		}
	}
	v.Notice, v.Problem = t.T("admin.partners.problems"), true
	return a.renderPartners(c, fiber.StatusUnprocessableEntity, v)
}

// maxNewCities is the most cities one save of the partners adds.
const maxNewCities = 20

// newCities adds to network the city each row names as a new one and
// chooses it for the row: the gazetteer's first place by that name, or
// a city of the network of the same address. A name no place has is a
// problem of the row. The search is throttled as City's suggestions
// are; done reports a refusal already answered.
func (a *Admin) newCities(c *fiber.Ctx, t messages.Messages, network *data.Network, rows []view.PartnerRow) (done bool, err error) {
	if a.places == nil {
		return false, nil
	}
	wanted := 0
	for _, r := range rows {
		if r.City == "" && r.NewCity != "" {
			wanted++
		}
	}
	if wanted == 0 {
		return false, nil
	}
	if done, err := a.throttled(c); done {
		return true, err
	}
	for i := range rows {
		r := &rows[i]
		if r.City != "" || r.NewCity == "" {
			continue
		}
		if wanted > maxNewCities {
			r.Problems.City = t.T("admin.partners.tooManyCities", "Most", maxNewCities)
			continue
		}
		found, err := a.findPlaces(c, r.NewCity, 1)
		if err != nil {
			return false, err
		}
		if len(found) == 0 {
			r.Problems.City = t.T("admin.city.none", "City", r.NewCity)
			continue
		}
		p := found[0]
		city := data.City{Slug: data.Slugify(p.Name), Name: p.Name, LocalName: p.LocalName, Country: p.Country, Lat: roundDegrees(p.Lat), Lon: roundDegrees(p.Lon)}
		if !slices.ContainsFunc(network.Cities, func(c data.City) bool { return c.Slug == city.Slug }) && city.Slug != "" {
			network.Cities = append(network.Cities, city)
		}
		r.City = city.Slug
	}
	return false, nil
}

// checkPartners are the partners of rows, or false with each row's
// problems written into it.
func (a *Admin) checkPartners(t messages.Messages, network *data.Network, rows []view.PartnerRow) ([]data.Partner, bool) {
	cities := map[string]bool{}
	for _, c := range network.Cities {
		cities[c.Slug] = true
	}
	taken := map[string]bool{}
	for _, r := range rows {
		if r.Slug != "" {
			taken[r.Slug] = true
		}
	}
	ok, coordinator := true, false
	out := make([]data.Partner, 0, len(rows))
	for i := range rows {
		r := &rows[i]
		p := data.Partner{Slug: r.Slug, Name: r.Name, Kind: data.Kind(r.Kind), Role: data.RolePartner, City: r.City, Website: r.Website}
		if r.Coordinator {
			p.Role, coordinator = data.RoleCoordinator, true
		}
		switch {
		case r.Name == "":
			r.Problems.Name = t.T("admin.partners.nameRequired")
		case p.Slug == "":
			// A new partner is named after its name, as a new city is.
			p.Slug = data.Slugify(r.Name)
			switch {
			case p.Slug == "":
				r.Problems.Name = t.T("admin.partners.noSlug")
			case taken[p.Slug]:
				r.Problems.Name = t.T("admin.partners.taken", "Slug", p.Slug)
			}
			taken[p.Slug] = true
		}
		if p.Kind != data.KindCity && p.Kind != data.KindOrganisation {
			r.Problems.Kind = t.T("admin.partners.kindRequired")
		}
		if !cities[r.City] && r.Problems.City == "" { // a new city not found has said so
			r.Problems.City = t.T("admin.partners.cityRequired")
		}
		ok = ok && !r.Problems.Any()
		out = append(out, p)
	}
	if !coordinator && len(rows) > 0 {
		rows[0].Problems.Row = t.T("admin.partners.noCoordinator")
		ok = false
	}
	return out, ok
}

// partnerProblems writes the errors validate finds at the partners of
// the file src beside the fields of rows, and reports whether there are
// none. Problems elsewhere (a city left without partners) stay for the
// draft to show, as any draft's do.
func partnerProblems(t messages.Messages, n Network, src []byte, rows []view.PartnerRow) bool {
	name := "draft.toml"
	if n.File != "" {
		name = filepath.Base(n.File)
	}
	_, _, err := data.ParseChecked(name, src)
	var all data.Problems
	if !errors.As(err, &all) {
		return true
	}
	bySlug := map[string]int{}
	for i, r := range rows {
		bySlug[cmpSlug(r)] = i
	}
	ok := true
	for _, p := range all {
		rest, found := strings.CutPrefix(p.Path, "partners.")
		if p.Warning || !found {
			continue
		}
		slug, key, _ := strings.Cut(rest, ".")
		i, known := bySlug[slug]
		if !known {
			continue
		}
		ps := &rows[i].Problems
		field := map[string]*string{"name": &ps.Name, "kind": &ps.Kind, "city": &ps.City, "website": &ps.Website}[key]
		if field == nil {
			field = &ps.Row
		}
		if *field == "" {
			*field = problemText(t, p)
		}
		ok = false
	}
	return ok
}

// cmpSlug is a row's slug in the file: its own, or its name's.
func cmpSlug(r view.PartnerRow) string {
	if r.Slug != "" {
		return r.Slug
	}
	return data.Slugify(r.Name)
}
