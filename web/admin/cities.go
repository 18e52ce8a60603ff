package admin

import (
	"cmp"
	"errors"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/paulmach/orb"

	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/account"
	"partnermap/data/messages"
	"partnermap/geo"
)

// cityTarget is where a request's city goes: the network of its :slug,
// the account's draft of it still being written (nil when it has none),
// and the text the city is added to, the draft's or else the network's
// as published.
func (a *Admin) cityTarget(c *fiber.Ctx) (Network, *Draft, []byte, error) {
	n, src, err := a.network(c, utils.CopyString(c.Params("slug")))
	if err != nil {
		return n, nil, nil, err
	}
	drafts, err := a.drafts.List(n.Slug)
	if err != nil {
		return n, nil, nil, err
	}
	me := user(c).user.Key()
	for _, d := range drafts { // the latest first
		if (d.Status == StatusDraft || d.Status == StatusReturned) && account.NameKey(d.Author) == me {
			return n, &d, []byte(d.Text), nil
		}
	}
	return n, nil, src, nil
}

// showAddCity shows the page that adds a city. Without the script, City
// searches with ?city=, and the place chosen among those it found comes
// back as ?place=, to fill the fields.
func (a *Admin) showAddCity(c *fiber.Ctx) error {
	n, d, src, err := a.cityTarget(c)
	if err != nil {
		return err
	}
	q, ok := query(c, "city")
	if !ok {
		return a.refuseQuery(c)
	}
	v := a.addCityView(c, n, d, src)
	v.Chosen = -1
	if q != "" {
		if done, err := a.throttled(c); done {
			return err
		}
		if v.Options, err = a.findPlaces(c, q, suggestions); err != nil {
			return err
		}
		v.Query, v.Searched = q, true
		v.Chosen = c.QueryInt("place", -1)
		for _, o := range v.Options {
			if o.ID == v.Chosen {
				v.Fields = view.CityFields{Name: o.Name, LocalName: o.LocalName, Country: o.Country, Lat: data.FormatDegrees(o.Lat), Lon: data.FormatDegrees(o.Lon)}
			}
		}
	}
	if added := c.Query("added"); added != "" && d != nil {
		v.Added = a.cityName(src, added)
	}
	return a.renderAddCity(c, fiber.StatusOK, v)
}

// cityName is the name of the city of a slug in a data file, "" when it
// has none.
func (a *Admin) cityName(src []byte, slug string) string {
	n, err := data.Decode("draft.toml", src)
	if err != nil {
		return ""
	}
	for _, c := range n.Cities {
		if c.Slug == slug {
			return c.Name
		}
	}
	return ""
}

// addCityView is the page that adds a city to a network, into the draft
// d or a new one, from the text src.
func (a *Admin) addCityView(c *fiber.Ctx, n Network, d *Draft, src []byte) view.AddCity {
	t := a.messages(c)
	base := a.path("/networks/" + n.Slug)
	v := view.AddCity{
		Network: n.Name, Slug: n.Slug,
		Search: base + "/cities/new", Action: base + "/cities", Back: base + "/",
		Map: view.CityMap{
			LeafletCSS: a.places.m.LeafletCSS, LeafletJS: a.places.m.LeafletJS, Basemap: a.places.m.Basemap, Tiles: a.places.m.Tiles,
			Suggest: a.path("/places"), Check: a.path("/places/check"),
			Labels: view.CityLabels{
				Map: t.T("admin.city.map"), Marker: t.T("admin.city.marker"),
				Found: t.Forms("admin.city.found"), None: t.T("admin.city.noneShort"),
			},
		},
	}
	if d != nil {
		v.Draft = d.ID
		v.DraftHref = a.path("/drafts/" + d.ID + "/")
	}
	v.Map.Cities, v.Map.Bounds = mapCities(src)
	return v
}

// europe is where the map opens for a network without cities.
var europe = [2][2]float64{{36, -10}, {60, 30}}

// maxMapCities is the most of a network's cities the map marks beside
// the new one: enough to see where the network is, in a page that stays
// small for a network of thousands.
const maxMapCities = 300

// mapCities are a data file's cities as the map marks them (the first
// maxMapCities), and the bounds of all, as far as the file decodes.
func mapCities(src []byte) ([]view.MapCity, [2][2]float64) {
	cities := []view.MapCity{}
	n, err := data.Decode("draft.toml", src)
	if err != nil || len(n.Cities) == 0 {
		return cities, europe
	}
	lead := map[string]bool{}
	for _, p := range n.Partners {
		lead[p.City] = lead[p.City] || p.Role == "coordinator"
	}
	var points orb.MultiPoint
	for _, city := range n.Cities {
		if !inRange(city.Lat, 90) || !inRange(city.Lon, 180) {
			continue
		}
		if len(cities) < maxMapCities {
			cities = append(cities, view.MapCity{Name: city.Name, Lat: city.Lat, Lon: city.Lon, Coordinator: lead[city.Slug]})
		}
		points = append(points, orb.Point{city.Lon, city.Lat})
	}
	if len(points) == 0 {
		return cities, europe
	}
	// As the public map boxes them: past 180° around the Pacific.
	return cities, geo.LeafletBounds(geo.Around(points))
}

func inRange(x, limit float64) bool { return x >= -limit && x <= limit }

func (a *Admin) renderAddCity(c *fiber.Ctx, status int, v view.AddCity) error {
	t := a.messages(c)
	p := a.page(c, t.T("admin.city.heading", "Network", v.Network))
	if m := a.places.m; m.Script != "" {
		p.Scripts = []string{m.Script}
		p.Stylesheets = append(slices.Clip(p.Stylesheets), m.Stylesheet)
	}
	return a.render(c, status, view.AddCityPage(p, v))
}

// handleAddCity adds a city to the account's draft of a network, a new
// draft when it has none, written with the data writer so that the rest
// of the file stays as it was. A field that is wrong, or a problem
// validate finds at the city, shows the form again with the problem
// beside its field, and nothing is saved.
func (a *Admin) handleAddCity(c *fiber.Ctx) error {
	a.places.adding.Lock() // one draft changed at a time: two additions both land
	defer a.places.adding.Unlock()
	n, d, src, err := a.cityTarget(c)
	if err != nil {
		return err
	}
	t := a.messages(c)
	fields := view.CityFields{
		Name:      oneLine(c.FormValue("name")),
		LocalName: oneLine(c.FormValue("local_name")),
		Country:   oneLine(c.FormValue("country")),
		Lat:       oneLine(c.FormValue("lat")),
		Lon:       oneLine(c.FormValue("lon")),
	}
	text, city, problems := a.addCity(t, n, src, fields)
	if problems.Any() {
		v := a.addCityView(c, n, d, src)
		v.Fields, v.Problems = fields, problems
		return a.renderAddCity(c, fiber.StatusOK, v)
	}
	s := user(c)
	if d == nil {
		created, err := a.drafts.Create(Draft{Network: n.Slug, File: filepath.Base(n.File), Author: s.user.Name, Base: n.Version, BaseText: string(src),
			Message: t.T("admin.city.message", "City", city.Name), Text: string(text), Status: StatusDraft})
		if err != nil {
			return err
		}
		d = &created
	} else {
		// A change takes a draft sent back to its author back to writing.
		d.Text, d.Status = string(text), StatusDraft
		if *d, err = a.drafts.Update(*d); err != nil {
			return err
		}
	}
	a.log.Info("city added to a draft", "name", s.user.Name, "network", n.Slug, "draft", d.ID, "city", city.Slug)
	return c.Redirect(a.path("/networks/"+n.Slug+"/cities/new?added="+url.QueryEscape(city.Slug)), fiber.StatusSeeOther)
}

// oneLine is a field's text as one line, its spaces as typed between
// words.
func oneLine(s string) string {
	return strings.Clone(strings.Join(strings.Fields(s), " "))
}

// addCity writes the city of fields into the data file src: the file
// with it, or the problems of each field.
func (a *Admin) addCity(t messages.Messages, n Network, src []byte, f view.CityFields) ([]byte, data.City, view.CityProblems) {
	var ps view.CityProblems
	network, err := data.Decode("draft.toml", src)
	if err != nil {
		ps.Form = t.T("admin.city.brokenDraft")
		return nil, data.City{}, ps
	}
	city := data.City{Name: f.Name, LocalName: f.LocalName, Slug: data.Slugify(f.Name)}
	switch {
	case f.Name == "":
		ps.Name = t.T("admin.city.required")
	case city.Slug == "":
		ps.Name = t.T("admin.city.noSlug")
	default:
		for _, other := range network.Cities {
			if other.Slug == city.Slug {
				ps.Name = t.T("admin.city.taken", "Network", n.Name, "City", other.Name, "Slug", city.Slug)
			}
		}
	}
	city.Country, ps.Country = a.country(t, f.Country)
	city.Lat, ps.Lat = degrees(t, f.Lat, 90)
	city.Lon, ps.Lon = degrees(t, f.Lon, 180)
	if ps.Country == "" && ps.Lat == "" && ps.Lon == "" {
		if inside, msg := a.places.where(t, city.Country, orb.Point{city.Lon, city.Lat}); !inside {
			ps.Lat = msg + " " + t.T("admin.city.moveInto", "Country", data.CountryNameIn(city.Country, t.Lang))
		}
	}
	if ps.Any() {
		return nil, city, ps
	}
	city.Lat, city.Lon = roundDegrees(city.Lat), roundDegrees(city.Lon)
	network.Cities = append(network.Cities, city)
	out, err := data.Edit(src, network)
	if err != nil {
		ps.Form = t.T("admin.city.brokenDraft")
		a.log.Error("adding a city", "network", n.Slug, "err", err)
		return nil, city, ps
	}
	return out, city, a.cityProblems(t, n, out, city.Slug)
}

// cityProblems are the errors validate finds at a city, beside its
// fields. The city's slug is not judged: it has no partner yet, which is
// the next thing to add, and its other problems were found before.
func (a *Admin) cityProblems(t messages.Messages, n Network, src []byte, slug string) view.CityProblems {
	name := "draft.toml"
	if n.File != "" {
		name = filepath.Base(n.File)
	}
	var ps view.CityProblems
	_, _, err := data.ParseChecked(name, src, a.places.borders.CheckCity)
	var all data.Problems
	if !errors.As(err, &all) {
		return ps
	}
	prefix := "cities." + slug
	for _, p := range all {
		key, ok := strings.CutPrefix(p.Path, prefix)
		if p.Warning || !ok || key != "" && key[0] != '.' {
			continue
		}
		field := map[string]*string{".name": &ps.Name, ".local_name": &ps.LocalName, ".country": &ps.Country, ".lat": &ps.Lat, ".lon": &ps.Lon, ".slug": nil}[key]
		switch {
		case key == ".slug":
		case field == nil:
			ps.Form = cmp.Or(ps.Form, problemText(t, p))
		case *field == "":
			*field = problemText(t, p)
		}
	}
	return ps
}
