package spreadsheet

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"partnermap/data"
	"partnermap/data/gazetteer"
)

// city is a city of the sheet, made of the rows of its partners.
type city struct {
	slug, name, localName, country string
	focusArea, description         string
	lat, lon                       float64
	hasCoordinates                 bool
	first                          *row            // the row it first appears in
	given                          map[column]*row // the row each field was taken from
	place                          *gazetteer.Place
	places                         int         // of the name in the country, when found
	typed                          string      // the name as the sheet writes it, when the gazetteer's spelling replaced it
	slugGiven                      bool        // from the city slug column
	joined                         *data.Place // the atlas's place it is
	badCoordinates                 bool        // a row's could not be read
	known                          *data.City  // the city of Options.Current it is
	kept                           bool        // it keeps known's slug
}

// partner is a partner's row, read.
type partner struct {
	slug, name, website string
	kind                data.Kind
	role                data.Role
	city                *city
	row                 *row
	known               *data.Partner // the partner of Options.Current it is
}

// network is what the sheet holds, ready to be written.
type network struct {
	source   string // the file, and the sheet of a workbook
	meta     Network
	named    bool // slug and name were given
	cities   []*city
	partners []*partner
	found    int
}

// network reads the rows into cities and partners, finds the coordinates
// the sheet does not give, and runs the checks; every problem is reported
// at its cell.
func (im *importer) network(s *sheet, h *header, rows []*row) *network {
	n := &network{source: filepath.Base(im.file), meta: im.opts.Network}
	if s.name != "" {
		n.source += ", sheet " + s.name
	}
	if len(rows) == 0 {
		im.say(h.cells[0].at, "import.noPartners", nil, "no partners under the column names: write one row per partner")
		return nil
	}
	kindWords, roleWords := words(kinds), words(roles)
	byKey := map[string]*city{}
	var coordinator *row
	for _, r := range rows {
		p := &partner{row: r}
		p.name = im.required(r, colPartner, "the partner's name, such as City of Palermo")
		if w := im.required(r, colKind, "city or organisation"); w != "" {
			if k, ok := kindWords[data.Fold(w)]; ok {
				p.kind = k
			} else {
				im.say(r.cells[colKind].at, "import.kindUnknown", []any{"Text", strconv.Quote(w)}, "kind %q is not one the import knows: write city or organisation", w)
			}
		}
		if w := im.required(r, colRole, "partner, or coordinator for the lead partner"); w != "" {
			if role, ok := roleWords[data.Fold(w)]; ok {
				p.role = role
			} else {
				im.say(r.cells[colRole].at, "import.roleUnknown", []any{"Text", strconv.Quote(w)}, "role %q is not one the import knows: write partner, or coordinator for the lead partner", w)
			}
		}
		if p.role == data.RoleCoordinator {
			if coordinator != nil {
				im.say(r.cells[colRole].at, "import.secondCoordinator", []any{"Row", coordinator.line}, "a second coordinator (the first is in row %d): a network has one coordinator; write partner here", coordinator.line)
			} else {
				coordinator = r
			}
		}
		p.website = im.website(r)
		name := im.required(r, colCity, "the city's name, such as Palermo")
		country := im.country(r)
		lat, lon, hasCoordinates, bad := im.coordinates(r)
		if name == "" || country == "" {
			continue
		}
		name = data.WithoutCountry(name, country)
		key := data.Fold(name) + "|" + country
		c := byKey[key]
		if c == nil {
			c = &city{name: name, country: country, first: r, given: map[column]*row{}}
			byKey[key] = c
			n.cities = append(n.cities, c)
		}
		p.city = c
		c.badCoordinates = c.badCoordinates || bad
		c.take(im, r, colLocalName, &c.localName)
		c.take(im, r, colFocusArea, &c.focusArea)
		c.take(im, r, colDescription, &c.description)
		c.slugGiven = c.take(im, r, colCitySlug, &c.slug) || c.slugGiven
		if hasCoordinates {
			if prev, ok := c.given[colLat]; ok && (data.FormatDegrees(c.lat) != data.FormatDegrees(lat) || data.FormatDegrees(c.lon) != data.FormatDegrees(lon)) {
				im.say(r.cells[colLat].at, "import.otherCoordinates", []any{"City", c.name, "Lat", data.FormatDegrees(c.lat), "Lon", data.FormatDegrees(c.lon), "Row", prev.line},
					"%s is at latitude %s, longitude %s in row %d: write the same coordinates in every row of %s, or leave them empty in all rows but one",
					c.name, data.FormatDegrees(c.lat), data.FormatDegrees(c.lon), prev.line, c.name)
			} else if !ok {
				c.lat, c.lon, c.hasCoordinates = lat, lon, true
				c.given[colLat] = r
			}
		}
		n.partners = append(n.partners, p)
	}
	if coordinator == nil && len(rows) > 0 {
		im.say(h.cells[h.index[colRole]].at, "import.noCoordinator", nil, "no partner is the coordinator: write coordinator in the role column of the lead partner")
	}
	im.knownCities(n)
	for _, c := range n.cities {
		im.locate(n, c)
	}
	// After the coordinates: an atlas's place is found by them.
	im.slugs(n)
	if n.meta.Slug != "" && n.meta.Name != "" {
		n.named = true
	}
	return n
}

// required returns a required cell's text, reporting it when empty.
func (im *importer) required(r *row, c column, example string) string {
	t := r.text(c)
	if t == "" && !r.cells[c].reported {
		im.say(r.cells[c].at, "import.empty."+c.name(), nil, "%s is empty: write %s", c.name(), example)
	}
	return t
}

// take sets a city's field from a row; a row that gives another value
// than an earlier row is reported. It reports whether the row gave one.
func (c *city) take(im *importer, r *row, col column, field *string) bool {
	t := r.text(col)
	if t == "" {
		return false
	}
	if prev, ok := c.given[col]; ok {
		if *field != t {
			im.report(r.cells[col].at, "%s's %s is %q in row %d: write the same in every row of %s, or leave it empty in all rows but one", c.name, col.name(), *field, prev.line, c.name)
		}
		return false
	}
	c.given[col] = r
	*field = t
	return true
}

// website reads the optional website, which must be a full address.
func (im *importer) website(r *row) string {
	w := r.text(colWebsite)
	if w == "" {
		return ""
	}
	if !strings.Contains(w, "://") && !strings.HasPrefix(strings.ToLower(w), "mailto:") && strings.Contains(w, ".") && !strings.ContainsAny(w, " @") {
		im.say(r.cells[colWebsite].at, "import.websiteScheme", []any{"Text", strconv.Quote(w), "Website", w}, "website %q has no https:// before it: write https://%s", w, w)
		return ""
	}
	if msg := data.LinkProblem(w); msg != "" {
		im.report(r.cells[colWebsite].at, "website: %s", msg)
		return ""
	}
	return w
}

// country reads the country: an ISO code of two or three letters, or a
// name of it (see data.CountryByName).
func (im *importer) country(r *row) string {
	t := im.required(r, colCountry, "the country's ISO code or name, such as IT or Italy")
	if t == "" {
		return ""
	}
	if code, ok := data.CountryByName(t); ok {
		return code
	}
	names := data.CountryNames()
	id, named := "import.countryUnknown", []any{"Text", strconv.Quote(t)}
	msg := fmt.Sprintf("country %q is not a country the import knows: write its ISO code, such as IT, or its name, such as Italy, Italia or Italien", t)
	// A name is suggested within an edit for every three letters typed,
	// two at most: a short text is near every two-letter code.
	key := []rune(data.Fold(t))
	edits := min(2, len(key)/3)
	best, bestEdits := "", edits+1
	for name := range names {
		if d := data.EditDistance(key, []rune(name), edits); d < bestEdits || d == bestEdits && name < best {
			best, bestEdits = name, d
		}
	}
	if best != "" {
		msg = fmt.Sprintf("country %q is not a country the import knows: did you mean %s (%s)? Write its ISO code, such as %s, or its name", t, data.CountryName(names[best]), names[best], names[best])
		id, named = "import.countryMeant", append(named, "Country", data.CountryName(names[best]), "Code", names[best])
	}
	im.say(r.cells[colCountry].at, id, named, "%s", msg)
	return ""
}

// coordinates reads a row's latitude and longitude, when it gives both;
// bad says that it wrote coordinates that could not be read.
func (im *importer) coordinates(r *row) (lat, lon float64, ok, bad bool) {
	latText, lonText := r.text(colLat), r.text(colLon)
	if r.cells[colLat].reported || r.cells[colLon].reported {
		return 0, 0, false, true
	}
	if latText == "" && lonText == "" {
		return 0, 0, false, false
	}
	ok = true
	read := func(c column, text string, limit float64, example string) float64 {
		v, err := degrees(text, c == colLat)
		switch {
		case text == "":
			other := colLat
			if c == colLat {
				other = colLon
			}
			im.say(r.cells[c].at, "import.halfCoordinates."+c.name(), []any{"Example", example}, "%s is empty but %s is not: write both in decimal degrees, such as %s, or leave both empty to have them looked up", c.name(), other.name(), example)
		case errors.Is(err, errNotCoordinate):
			im.say(r.cells[c].at, "import.notNumber."+c.name(), []any{"Text", strconv.Quote(text), "Example", example, "DMS", dms(c)}, "%s %q is not a number: write decimal degrees, such as %s, or degrees, minutes and seconds, such as %s", c.name(), text, example, dms(c))
		case err != nil:
			im.report(r.cells[c].at, "%s %q %v", c.name(), text, err)
		case v < -limit || v > limit:
			im.say(r.cells[c].at, "import.outOfRange."+c.name(), []any{"Text", text, "Example", example}, "%s %s is out of range: write decimal degrees between %g and %g, such as %s", c.name(), text, -limit, limit, example)
		default:
			return v
		}
		ok = false
		return 0
	}
	lat = read(colLat, latText, 90, "38.1157")
	lon = read(colLon, lonText, 180, "13.3613")
	return lat, lon, ok, !ok
}

// dms is an example of a coordinate in degrees, minutes and seconds.
func dms(c column) string {
	if c == colLat {
		return `38°6'57"N`
	}
	return `13°21'41"E`
}

// slugs gives each city and partner its slug: the one the sheet gives,
// the one of the atlas's place it is, or one made from the name. Cities of
// the same name in two countries take the country's code after it, as
// does a city whose name is an atlas's place elsewhere; partners of the
// same name in two cities, the city's slug.
func (im *importer) slugs(n *network) {
	taken := map[string]*city{}
	var find func(*data.City) (*data.Place, bool)
	places := map[string]bool{} // the atlas's
	if a := im.opts.Atlas; a != nil {
		find = a.FindPlace(im.opts.PlaceOf)
		for _, p := range a.Places {
			places[p.Slug] = true
		}
	}
	for _, c := range n.cities {
		if c.slugGiven || c.known == nil || taken[c.known.Slug] != nil {
			continue
		}
		c.slug, c.kept = c.known.Slug, true
		taken[c.slug] = c
	}
	for _, c := range n.cities {
		if c.slugGiven || c.kept || find == nil || !c.hasCoordinates {
			continue
		}
		p, ok := find(&data.City{Name: c.name, LocalName: c.localName, Country: c.country, Lat: c.lat, Lon: c.lon})
		if ok && taken[p.Slug] == nil {
			c.slug, c.joined = p.Slug, p
			taken[c.slug] = c
		}
	}
	used := func(slug string) bool { return taken[slug] != nil || places[slug] }
	for i, c := range n.cities {
		if c.joined != nil || c.kept {
			continue
		}
		if c.slugGiven {
			if !validSlug(c.slug) {
				im.report(c.given[colCitySlug].cells[colCitySlug].at, "city slug %q is not lowercase and URL-safe: write %s", c.slug, cmp.Or(data.Slugify(c.slug), "palermo"))
				continue
			}
			if other, dup := taken[c.slug]; dup {
				im.report(c.given[colCitySlug].cells[colCitySlug].at, "city slug %q is also %s's (row %d): give each city its own", c.slug, other.name, other.first.line)
				continue
			}
		} else {
			c.slug = cmp.Or(data.Slugify(c.name), data.Slugify(c.localName), fmt.Sprintf("city-%d", i+1))
			if used(c.slug) {
				c.slug += "-" + strings.ToLower(c.country)
			}
			for k := 2; used(c.slug); k++ {
				c.slug = fmt.Sprintf("%s-%d", strings.TrimSuffix(c.slug, fmt.Sprintf("-%d", k-1)), k)
			}
		}
		taken[c.slug] = c
	}
	partners := map[string]*partner{}
	known := im.knownPartners()
	for _, p := range n.partners {
		given := p.row.text(colPartnerSlug)
		if given == "" {
			continue
		}
		p.slug, p.known = given, known.bySlug[given]
		at := p.row.cells[colPartnerSlug].at
		if !validSlug(given) {
			im.report(at, "partner slug %q is not lowercase and URL-safe: write %s", given, cmp.Or(data.Slugify(given), "city-of-palermo"))
		} else if other, dup := partners[given]; dup {
			im.report(at, "partner slug %q is also %s's (row %d): give each partner its own", given, other.name, other.row.line)
		}
		partners[given] = p
	}
	made := func(p *partner) bool { return p.row.text(colPartnerSlug) == "" && p.city != nil }
	for _, p := range n.partners {
		if !made(p) {
			continue
		}
		if k := known.byName[data.Fold(p.name)+"|"+p.city.slug]; k != nil && partners[k.Slug] == nil {
			p.slug, p.known = k.Slug, k
			partners[p.slug] = p
		}
	}
	for i, p := range n.partners {
		if !made(p) || p.known != nil {
			continue
		}
		p.slug = cmp.Or(data.Slugify(p.name), fmt.Sprintf("partner-%d", i+1))
		if other, dup := partners[p.slug]; dup {
			if other.city == p.city && data.Fold(other.name) == data.Fold(p.name) {
				im.say(p.row.cells[colPartner].at, "import.samePartner", []any{"Partner", p.name, "City", p.city.name, "Row", other.row.line}, "%s in %s is also in row %d: delete one of the rows", p.name, p.city.name, other.row.line)
				continue
			}
			p.slug += "-" + p.city.slug
		}
		for k := 2; partners[p.slug] != nil; k++ {
			p.slug = fmt.Sprintf("%s-%d", strings.TrimSuffix(p.slug, fmt.Sprintf("-%d", k-1)), k)
		}
		partners[p.slug] = p
	}
}

// knownCities finds the cities of the sheet among those of
// Options.Current: by the slug the sheet gives, or else by name and
// country. Each of those is one city of the sheet at most.
func (im *importer) knownCities(n *network) {
	cur := im.opts.Current
	if cur == nil {
		return
	}
	bySlug, byName := map[string]*data.City{}, map[string]*data.City{}
	for i := range cur.Cities {
		c := &cur.Cities[i]
		bySlug[c.Slug] = c
		if key := data.Fold(c.Name) + "|" + c.Country; byName[key] == nil {
			byName[key] = c
		}
	}
	taken := map[*data.City]bool{}
	for _, c := range n.cities {
		k := byName[data.Fold(c.name)+"|"+c.country]
		if c.slugGiven {
			k = bySlug[c.slug]
		}
		if k != nil && !taken[k] {
			c.known, taken[k] = k, true
		}
	}
}

// knownPartners are the partners of Options.Current by slug, and by
// name and city.
type knownPartners struct{ bySlug, byName map[string]*data.Partner }

func (im *importer) knownPartners() knownPartners {
	k := knownPartners{map[string]*data.Partner{}, map[string]*data.Partner{}}
	if cur := im.opts.Current; cur != nil {
		for i := range cur.Partners {
			p := &cur.Partners[i]
			k.bySlug[p.Slug] = p
			if key := data.Fold(p.Name) + "|" + p.City; k.byName[key] == nil {
				k.byName[key] = p
			}
		}
	}
	return k
}

// validSlug reports whether s is a slug a data file accepts.
func validSlug(s string) bool {
	return s != "" && data.Slugify(s) == s
}

// locate finds the coordinates of a city that has none: the network's,
// for a city of Options.Current, or else the gazetteer's, by its name or
// else its local name; then it runs the checks on it. A name
// that is the place's own but for accents, case or punctuation ("Lodz"
// for Łódź) is written as the gazetteer spells it, unless the sheet's has
// more letters beyond ASCII (Chişinău, which GeoNames spells Chisinau);
// a local name stays as the sheet writes it.
func (im *importer) locate(n *network, c *city) {
	switch {
	case c.hasCoordinates:
	case c.badCoordinates:
		return
	case c.known != nil:
		c.lat, c.lon, c.hasCoordinates = c.known.Lat, c.known.Lon, true
	default:
		if im.opts.Gazetteer == nil {
			im.say(c.first.cells[colCity].at, "import.noCoordinates", []any{"City", c.name}, "%s has no coordinates: write its latitude and longitude", c.name)
			return
		}
		named := im.opts.Gazetteer.Find(c.name, c.country)
		res, byName := named, named.Place != nil
		if !byName && c.localName != "" {
			res = im.opts.Gazetteer.Find(c.localName, c.country)
		}
		if res.Place == nil {
			im.notFound(c, named)
			return
		}
		p := res.Place.Place
		c.place, c.places = &p, res.Of
		if byName && c.name != p.Name && data.Fold(c.name) == data.Fold(p.Name) && beyondASCII(p.Name) >= beyondASCII(c.name) {
			c.typed, c.name = c.name, p.Name
		}
		c.lat, c.lon, c.hasCoordinates = p.Lat, p.Lon, true
		n.found++
	}
	dc := &data.City{Name: c.name, LocalName: c.localName, Country: c.country, Lat: c.lat, Lon: c.lon}
	for _, check := range im.opts.Checks {
		failed := false
		for _, f := range check(dc) {
			failed = failed || !f.Warning
			at, msg := c.first.cells[colCity].at, f.Message
			switch {
			case c.place != nil:
				msg = fmt.Sprintf("the gazetteer's place for %s: %s", c.name, msg)
			case (f.Key == "lat" || f.Key == "lon") && c.given[colLat] != nil:
				r := c.given[colLat]
				at = r.cells[colLat].at
				if f.Key == "lon" {
					at = r.cells[colLon].at
				}
			case f.Key == "country":
				at = c.first.cells[colCountry].at
			}
			im.add(Problem{at: at, Message: msg, Warning: f.Warning, ID: f.ID, Args: f.Args})
		}
		if failed {
			return
		}
	}
}

// beyondASCII counts the letters of s outside ASCII: the accents and
// letters of a name that a keyboard without them leaves out.
func beyondASCII(s string) int {
	n := 0
	for _, r := range s {
		if r > unicode.MaxASCII {
			n++
		}
	}
	return n
}

// maxListed is how many places a message lists.
const maxListed = 5

// maxSuggested is how many cities of a sheet that the gazetteer does not
// know get suggestions: each takes a pass over its country's names, and a
// sheet of thousands of unknown names would take minutes.
const maxSuggested = 100

// notFound reports a city that is given no coordinates and that the
// gazetteer cannot place: a name several places of similar size have, or
// a name no place has, with the places spelt like it.
func (im *importer) notFound(c *city, res gazetteer.Result) {
	country := data.CountryName(c.country)
	var msg string
	switch {
	case len(res.Ambiguous) > 0:
		var list []string
		names := map[string]bool{}
		for _, f := range res.Ambiguous[:min(maxListed, len(res.Ambiguous))] {
			list = append(list, gazetteer.Describe(gazetteer.Found{Place: f.Place}))
			names[data.Fold(f.Name)] = true
		}
		if more := len(res.Ambiguous) - len(list); more > 0 {
			list = append(list, fmt.Sprintf("%d more", more))
		}
		msg = fmt.Sprintf("%q is the name of %d places in %s of similar size: %s. Write the one you mean", c.name, len(res.Ambiguous), country, orList(list))
		if len(names) > 1 {
			msg += fmt.Sprintf(" by its full name, such as %s, or write its", res.Ambiguous[0].Name)
		} else {
			msg += " by its"
		}
		msg += " latitude and longitude, in decimal degrees"
	case !gazetteer.Writes(c.name):
		msg = fmt.Sprintf("no place called %q in %s in the gazetteer, which has names in the Latin, Cyrillic and Greek scripts: write the city's name in one of them, such as its English name, or write %s's latitude and longitude, in decimal degrees", c.name, country, c.name)
	default:
		msg = fmt.Sprintf("no place called %q in %s in the gazetteer", c.name, country)
		var suggestions []gazetteer.Found
		if im.suggested < maxSuggested {
			im.suggested++
			suggestions = im.opts.Gazetteer.Suggest(c.name, c.country, 3)
		}
		if len(suggestions) > 0 {
			var list []string
			for _, f := range suggestions {
				list = append(list, gazetteer.Describe(f))
			}
			msg += ": did you mean " + orList(list) + "? Otherwise"
		} else {
			msg += ":"
		}
		msg += fmt.Sprintf(" write %s's latitude and longitude, in decimal degrees", c.name)
	}
	if !c.first.has[colLat] || !c.first.has[colLon] {
		msg += ", in columns headed latitude and longitude"
	}
	im.report(c.first.cells[colCity].at, "%s", msg)
}

// orList writes names as "A, B or C".
func orList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
