package admin

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/paulmach/orb"

	"partnermap/components"
	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/gazetteer"
	"partnermap/data/messages"
	"partnermap/geo"
)

// Map is what the page that adds a city is drawn with: Leaflet's files,
// and the page's own script and stylesheet, fingerprinted assets of the
// site; the basemap, whose address is Basemap, and its tiles, which
// Handler answers under the prefix the admin made the map for (see
// Config.Map); and the raster tiles the public maps draw under the
// outlines (--tile-url), nil without them.
type Map struct {
	LeafletCSS, LeafletJS, Script, Stylesheet string
	Basemap                                   string
	Handler                                   fiber.Handler
	Tiles                                     *components.Tiles
}

// Suggestions are throttled per session: a burst of suggestBurst, then
// suggestRate a second, more than typing asks for.
const (
	suggestBurst = 30
	suggestRate  = 10
	// suggestions is how many places City suggests.
	suggestions = 8
	// maxQuery is the longest text City searches for, in characters.
	maxQuery = 100
)

// places is what the pages that add a city work with.
type places struct {
	open    func() (*gazetteer.Gazetteer, error)
	borders *geo.Borders
	m       Map
	limit   *rateLimit
	adding  sync.Mutex // held while a city is added to a draft
}

// openPlaces prepares the pages that add a city, when the admin has a
// gazetteer, and makes its indexes in the background, so that the first
// suggestion does not wait for them.
func (a *Admin) openPlaces() error {
	cfg := a.cfg
	if cfg.Places == nil || cfg.Borders == nil {
		return nil
	}
	p := &places{open: cfg.Places, borders: cfg.Borders, limit: newRateLimit(a.now, suggestBurst, suggestRate)}
	if cfg.Map != nil {
		m, err := cfg.Map(a.path("/map"))
		if err != nil {
			return err
		}
		p.m = m
	}
	a.places = p
	a.done.Add(1)
	go func() {
		defer a.done.Done()
		start := time.Now()
		g, err := p.open()
		if err != nil {
			a.log.Error("the gazetteer did not open: City suggests nothing", "err", err)
			return
		}
		g.Warm()
		a.log.Info("gazetteer ready", "places", g.Len(), "names", g.Names(), "took", time.Since(start).Round(time.Millisecond))
	}()
	return nil
}

// placeRoutes adds the pages that add a city, when there is a gazetteer.
func (a *Admin) placeRoutes(r fiber.Router, auth fiber.Handler) {
	if a.places == nil {
		return
	}
	r.Get(a.path("/places"), a.headers, auth, a.suggestPlaces)
	r.Get(a.path("/places/check"), a.headers, auth, a.checkPoint)
	r.Get(a.path("/networks/:slug/cities/new"), a.headers, auth, a.showAddCity)
	r.Post(a.path("/networks/:slug/cities"), a.headers, auth, a.handleAddCity)
	if a.places.m.Handler != nil {
		r.Get(a.path("/map/*"), auth, a.places.m.Handler)
	}
}

// wantsJSON reports whether a request asks for JSON rather than a page.
func wantsJSON(c *fiber.Ctx) bool {
	return c.Accepts(fiber.MIMETextHTML, fiber.MIMEApplicationJSON) == fiber.MIMEApplicationJSON
}

// query is what a request typed as key, one line of at most maxQuery
// characters; false for a text longer, or not UTF-8.
func query(c *fiber.Ctx, key string) (string, bool) {
	q := strings.Join(strings.Fields(c.Query(key)), " ")
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > maxQuery {
		return "", false
	}
	return utils.CopyString(q), true
}

// throttled takes a token of the session's, or answers 429 saying how
// long to wait: true when it answered.
func (a *Admin) throttled(c *fiber.Ctx) (bool, error) {
	wait := a.places.limit.take(user(c).csrf)
	if wait <= 0 {
		return false, nil
	}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	t := a.messages(c)
	return true, a.refuse(c, fiber.StatusTooManyRequests, t.T("admin.places.tooMany"), t.T("admin.places.tooManyText"))
}

// refuse answers a request with a status and why: as JSON to the script,
// as a page to a person.
func (a *Admin) refuse(c *fiber.Ctx, status int, heading, text string) error {
	if wantsJSON(c) {
		return c.Status(status).JSON(fiber.Map{"error": text})
	}
	return a.render(c, status, view.ErrorPage(a.page(c, heading), heading, text))
}

// refuseQuery answers a text to search for that is too long.
func (a *Admin) refuseQuery(c *fiber.Ctx) error {
	t := a.messages(c)
	return a.refuse(c, fiber.StatusBadRequest, t.T("admin.places.tooLong"), t.N("admin.places.tooLongText", maxQuery))
}

// suggestPlaces answers what was typed in City (?q=) with the places it
// finds: JSON for the script, a page without it.
func (a *Admin) suggestPlaces(c *fiber.Ctx) error {
	q, ok := query(c, "q")
	if !ok {
		return a.refuseQuery(c)
	}
	n := min(max(c.QueryInt("n", suggestions), 1), gazetteer.MaxSearch)
	if done, err := a.throttled(c); done {
		return err
	}
	options, err := a.findPlaces(c, q, n)
	if err != nil {
		return err
	}
	v := view.Places{Query: q, Places: options, Search: a.path("/places")}
	if wantsJSON(c) {
		return c.JSON(v)
	}
	t := a.messages(c)
	return a.render(c, fiber.StatusOK, view.PlacesPage(a.page(c, t.T("admin.places.heading")), v))
}

// findPlaces finds up to n places for what was typed, as options in the
// request's language.
func (a *Admin) findPlaces(c *fiber.Ctx, q string, n int) ([]view.PlaceOption, error) {
	if q == "" {
		return []view.PlaceOption{}, nil
	}
	g, err := a.places.open()
	if err != nil {
		return nil, err
	}
	t := a.messages(c)
	found := g.Search(q, n)
	options := make([]view.PlaceOption, len(found))
	for i, f := range found {
		options[i] = placeOption(t, f, spelling(q, f))
	}
	return options, nil
}

// spelling is the name a place was found by: as the gazetteer writes it,
// or as the person typed it when they typed that whole name with its
// capitals and accents. The gazetteer keeps one spelling of a name, the
// plainest (Munchen for München), and the person's is how the city
// writes itself.
func spelling(typed string, f gazetteer.Found) string {
	if gazetteer.Key(typed) == gazetteer.Key(f.Spelling) && strings.ContainsFunc(typed, unicode.IsUpper) {
		return typed
	}
	return f.Spelling
}

// placeOption is a place as City offers it, found by the name spelt.
func placeOption(t messages.Messages, f gazetteer.Found, spelt string) view.PlaceOption {
	o := view.PlaceOption{
		ID: f.ID(), Name: f.Name, Region: f.Region, Country: f.Country,
		CountryName: data.CountryNameIn(f.Country, t.Lang), Population: f.Population,
		Lat: roundDegrees(f.Lat), Lon: roundDegrees(f.Lon),
		Label: f.Name,
	}
	if spelt != "" && gazetteer.Key(spelt) != gazetteer.Key(f.Name) {
		o.LocalName = spelt
		o.Label = spelt + " (" + f.Name + ")"
	}
	people := t.T("admin.place.unknownPopulation")
	if f.Population > 0 {
		people = t.N("admin.place.people", f.Population)
	}
	switch f.Region {
	case "":
		o.Detail = t.T("admin.place.detailNoRegion", "Country", o.CountryName, "Population", people)
	case f.Name:
		o.Detail = t.T("admin.place.detail", "Region", t.T("admin.place.seat"), "Country", o.CountryName, "Population", people)
	default:
		o.Detail = t.T("admin.place.detail", "Region", t.T("admin.place.regionOf", "Seat", f.Region), "Country", o.CountryName, "Population", people)
	}
	return o
}

// roundDegrees rounds a coordinate as data files write it (FormatDegrees).
func roundDegrees(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// checkPoint says whether a point (?lat=&lon=) lies in its country
// (?country=), as validate will, for the script to show as the point
// moves.
func (a *Admin) checkPoint(c *fiber.Ctx) error {
	if done, err := a.throttled(c); done {
		return err
	}
	t := a.messages(c)
	code, msg := a.country(t, c.Query("country"))
	if msg != "" {
		return c.JSON(view.PointCheck{Message: msg})
	}
	lat, msg := degrees(t, c.Query("lat"), 90)
	if msg != "" {
		return c.JSON(view.PointCheck{Message: msg})
	}
	lon, msg := degrees(t, c.Query("lon"), 180)
	if msg != "" {
		return c.JSON(view.PointCheck{Message: msg})
	}
	inside, msg := a.places.where(t, code, orb.Point{lon, lat})
	return c.JSON(view.PointCheck{Inside: inside, Message: msg})
}

// where says where a point lies against its country's outline, as
// validate judges it (geo.Borders.CheckCity): in it, or near enough,
// when inside; too far outside, in another country or at sea, when not.
// A country without an outline, or a point in an outline of no country
// (Kosovo), is not judged.
func (p *places) where(t messages.Messages, code string, at orb.Point) (inside bool, msg string) {
	name := data.CountryNameIn(code, t.Lang)
	km, ok := p.borders.Outside(code, at)
	if !ok {
		return true, t.T("admin.city.noOutline", "Country", name)
	}
	if km <= geo.OutsideKm {
		return true, t.T("admin.city.inside", "Country", name)
	}
	in, found := p.borders.In(at)
	switch {
	case found && in.Code == "":
		return true, t.T("admin.city.inside", "Country", name)
	case found:
		msg = t.T("admin.city.outsideIn", "Km", t.Number(int(math.Round(km))), "Country", name, "Other", data.CountryNameIn(in.Code, t.Lang))
	default:
		msg = t.T("admin.city.outsideSea", "Km", t.Number(int(math.Round(km))), "Country", name)
	}
	if math.Abs(at.Lon()) <= 90 {
		if swapped, _ := p.borders.Outside(code, orb.Point{at.Lat(), at.Lon()}); swapped <= geo.OutsideKm {
			msg += " " + t.T("admin.city.swapped")
		}
	}
	return false, msg
}

// country reads a country as typed, its two letters or its name in any
// language the site knows: the code, or what is wrong.
func (a *Admin) country(t messages.Messages, typed string) (string, string) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return "", t.T("admin.city.required")
	}
	if code := strings.ToUpper(typed); data.IsCountry(code) {
		return code, ""
	}
	if code, ok := data.CountryByName(typed); ok {
		return code, ""
	}
	return "", t.T("admin.city.badCountry", "Country", typed)
}

// degrees reads a latitude (limit 90) or longitude (180) in decimal
// degrees, with a decimal point or a comma: the number, or what is wrong.
func degrees(t messages.Messages, typed string, limit float64) (float64, string) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return 0, t.T("admin.city.required")
	}
	if !strings.Contains(typed, ".") {
		typed = strings.Replace(typed, ",", ".", 1)
	}
	x, err := strconv.ParseFloat(typed, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, t.T("admin.city.badNumber")
	}
	if x < -limit || x > limit {
		if limit == 90 {
			return 0, t.T("admin.city.latRange")
		}
		return 0, t.T("admin.city.lonRange")
	}
	return x, ""
}
