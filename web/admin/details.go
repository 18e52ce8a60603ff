package admin

import (
	"errors"
	"math"
	"path/filepath"
	"reflect"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/paulmach/orb"

	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/messages"
)

// The forms of the network's own fields ("About the network") and of
// each city's, made from the file's description (form.go). They work as
// the partners' rows do: buttons that add, remove and move items post
// the form, which comes back as typed; Preview shows the Markdown texts
// as the site renders them; Save writes the fields into the account's
// draft with the writer that keeps the rest of the file, comments
// included. A form shown before the draft changed is not saved: it comes
// back as typed, beside what the draft now has.

// tableForm is one of the forms: which table of a network it edits.
type tableForm struct {
	specs []data.FormField
	// table is the table a request edits in network, as an addressable
	// value, and its field path; false when there is none.
	table func(c *fiber.Ctx, network *data.Network) (reflect.Value, string, bool)
	// words are the form's heading, what it says first, and the draft's
	// message when it makes one, for the network and city named.
	words func(t messages.Messages, network, city string) (heading, intro, message string)
}

var aboutForm = tableForm{
	specs: networkSpecs,
	table: func(_ *fiber.Ctx, n *data.Network) (reflect.Value, string, bool) {
		return reflect.ValueOf(n).Elem(), "network", true
	},
	words: func(t messages.Messages, network, _ string) (string, string, string) {
		return t.T("admin.form.aboutHeading", "Network", network), t.T("admin.form.aboutIntro"), t.T("admin.form.aboutMessage")
	},
}

var cityForm = tableForm{
	specs: citySpecs,
	table: func(c *fiber.Ctx, n *data.Network) (reflect.Value, string, bool) {
		slug := utils.CopyString(c.Params("city"))
		for i := range n.Cities {
			if n.Cities[i].Slug == slug {
				return reflect.ValueOf(&n.Cities[i]).Elem(), "cities." + slug, true
			}
		}
		return reflect.Value{}, "", false
	},
	words: func(t messages.Messages, network, city string) (string, string, string) {
		return t.T("admin.form.cityHeading", "City", city, "Network", network), t.T("admin.form.cityIntro"), t.T("admin.form.cityMessage", "City", city)
	},
}

func (a *Admin) aboutPath(slug string) string { return a.path("/networks/" + slug + "/about") }

func (a *Admin) cityFormPath(slug, city string) string {
	return a.path("/networks/" + slug + "/cities/" + city + "/edit")
}

// formTarget is what a request of form f edits: the network, the
// account's draft of it (nil when none), the draft's text or else the
// network's as published, the network decoded from it and the table.
func (a *Admin) formTarget(c *fiber.Ctx, f tableForm) (n Network, d *Draft, src []byte, network *data.Network, table reflect.Value, prefix string, err error) {
	if n, d, src, err = a.cityTarget(c); err != nil {
		return
	}
	if network, err = data.Decode("draft.toml", src); err != nil {
		t := a.messages(c)
		title := t.T("admin.form.brokenTitle", "Network", n.Name)
		err = a.render(c, fiber.StatusUnprocessableEntity, view.ErrorPage(a.page(c, title), title, t.T("admin.form.brokenDraft")))
		return
	}
	var ok bool
	if table, prefix, ok = f.table(c, network); !ok {
		err = fiber.ErrNotFound
	}
	return
}

// fieldsView is form f of network n, without its fields.
func (a *Admin) fieldsView(c *fiber.Ctx, f tableForm, n Network, d *Draft, src []byte, network *data.Network, table reflect.Value) view.Fields {
	heading, intro, _ := f.words(a.messages(c), n.Name, table.FieldByName("Name").String())
	v := view.Fields{Heading: heading, Intro: intro, Action: c.Path(),
		Back: a.path("/networks/" + n.Slug + "/"), BackLabel: a.messages(c).T("admin.draft.toNetwork", "Network", n.Name), Was: Version(src)}
	if d != nil {
		v.Draft, v.DraftHref = d.ID, a.path("/drafts/"+d.ID+"/")
	}
	for _, c := range network.Cities {
		v.Cities = append(v.Cities, view.PartnerCity{Slug: c.Slug, Name: c.Name})
	}
	return v
}

// tableFields are the fields of a table as they are.
func tableFields(f tableForm, prefix string, table reflect.Value) []view.Field {
	posted := map[string]string{}
	encode(prefix, f.specs, table, posted)
	return build(prefix, f.specs, func(name string) string { return posted[name] })
}

func (a *Admin) showTableForm(f tableForm) fiber.Handler {
	return func(c *fiber.Ctx) error {
		n, d, src, network, table, prefix, err := a.formTarget(c, f)
		if err != nil {
			return err
		}
		v := a.fieldsView(c, f, n, d, src, network, table)
		v.Fields = tableFields(f, prefix, table)
		if c.Query("saved") != "" && d != nil {
			v.Notice = a.messages(c).T("admin.form.saved")
		}
		return a.render(c, fiber.StatusOK, view.FieldsPage(a.page(c, v.Heading), v))
	}
}

// handleTableForm applies a row button or Preview and shows the form
// again, or saves it into the account's draft, a new one when it has
// none.
func (a *Admin) handleTableForm(f tableForm) fiber.Handler {
	return func(c *fiber.Ctx) error {
		a.uploading.Lock() // one write into a draft at a time, as uploads
		defer a.uploading.Unlock()
		n, d, src, network, table, prefix, err := a.formTarget(c, f)
		if err != nil {
			return err
		}
		t := a.messages(c)
		v := a.fieldsView(c, f, n, d, src, network, table)
		v.Was = c.FormValue("was") // kept until the form is saved
		v.Fields = build(prefix, f.specs, func(name string) string { return c.FormValue(name) })
		show := func(status int) error {
			return a.render(c, status, view.FieldsPage(a.page(c, v.Heading), v))
		}
		act := c.FormValue("act")
		if rearrangeFields(v.Fields, prefix, f.specs, act) {
			return show(fiber.StatusOK)
		}
		if v.Was != Version(src) {
			v.Notice, v.Problem = t.T("admin.form.changed"), true
			v.Problems = differences(t, v.Fields, tableFields(f, prefix, table))
			v.Was = Version(src)
			return show(fiber.StatusConflict)
		}
		was := reflect.New(table.Type()).Elem()
		was.Set(table)
		read := apply(t, v.Fields, f.specs, table, was)
		if act == "preview" {
			previews(v.Fields)
			return show(fiber.StatusOK)
		}
		read = a.pointInCountry(t, v.Fields, prefix, table) && read
		if read {
			out, err := data.Edit(src, network)
			if err != nil {
				a.log.Error("writing a form into a draft", "network", n.Slug, "err", err)
				return err
			}
			if string(out) == string(src) {
				v.Notice = t.T("admin.form.unchanged")
				return show(fiber.StatusOK)
			}
			var rest []string
			if rest, read = fieldProblems(t, n, out, v.Fields, prefix); read {
				_, _, message := f.words(t, n.Name, was.FieldByName("Name").String())
				return a.saveIntoDraft(c, t, n, d, src, out, message, c.Path()+"?saved=1")
			}
			v.Problems = rest
		}
		v.Notice, v.Problem = t.T("admin.form.problems"), true
		return show(fiber.StatusUnprocessableEntity)
	}
}

// pointInCountry checks a city's point against its country's outline,
// as adding a city does, where the server has the outlines; a point
// outside is a problem beside the latitude.
func (a *Admin) pointInCountry(t messages.Messages, fields []view.Field, prefix string, table reflect.Value) bool {
	city, ok := table.Interface().(data.City)
	lat := find(fields, prefix+".lat")
	// A point out of range, or a country that is none, is validation's
	// to refuse.
	if !ok || a.places == nil || lat == nil || lat.Problem != "" || !data.IsCountry(city.Country) || math.Abs(city.Lat) > 90 || math.Abs(city.Lon) > 180 {
		return true
	}
	if inside, msg := a.places.where(t, city.Country, orb.Point{city.Lon, city.Lat}); !inside {
		lat.Problem = msg + " " + t.T("admin.city.moveInto", "Country", data.CountryNameIn(city.Country, t.Lang))
		return false
	}
	return true
}

// fieldProblems puts the errors validation finds in the file src beside
// the fields under prefix, and reports whether there are none; those no
// field has are returned.
func fieldProblems(t messages.Messages, n Network, src []byte, fields []view.Field, prefix string) ([]string, bool) {
	name := "draft.toml"
	if n.File != "" {
		name = filepath.Base(n.File)
	}
	_, _, err := data.ParseChecked(name, src)
	var all data.Problems
	if !errors.As(err, &all) {
		return nil, true
	}
	rest, any := placeProblems(t, fields, prefix, all)
	return rest, !any
}

// saveIntoDraft puts the text out into the account's draft d of n, a
// new one with message when d is nil, and goes to then.
func (a *Admin) saveIntoDraft(c *fiber.Ctx, t messages.Messages, n Network, d *Draft, src, out []byte, message, then string) error {
	s := user(c)
	if d == nil {
		created, err := a.drafts.Create(Draft{Network: n.Slug, File: filepath.Base(n.File), Author: s.user.Name, Base: n.Version, BaseText: string(src),
			Message: message, Text: string(out), Status: StatusDraft})
		if err != nil {
			return err
		}
		d = &created
	} else {
		// A change takes a draft sent back to its author back to writing.
		d.Text, d.Status, d.Conflicts = string(out), StatusDraft, nil
		var err error
		if *d, err = a.drafts.Update(*d); err != nil {
			return err
		}
	}
	a.log.Info("saved in a draft", "name", s.user.Name, "network", n.Slug, "draft", d.ID, "page", c.Path())
	return c.Redirect(then, fiber.StatusSeeOther)
}
