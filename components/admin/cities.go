package admin

import "partnermap/components"

// AddCity is the page that adds a city to a network's draft: the field
// City, which finds places in the gazetteer, and the fields the city is
// written with, which a chosen place fills.
type AddCity struct {
	Network, Slug string
	Search        string // where City's search goes (GET)
	Action        string // where Add a city posts to
	Back          string // the network's editor
	// Query is what was typed in City; Searched says that a search ran
	// without the script, whose places are Options, to choose by radio
	// button, the one chosen (its ID) being Chosen.
	Query    string
	Searched bool
	Options  []PlaceOption
	Chosen   int
	Fields   CityFields
	Problems CityProblems
	// Draft is the draft the city goes into, at DraftHref; "" when a new
	// one is made.
	Draft, DraftHref string
	// Added is the name of the city just added to it.
	Added string
	Map   CityMap
}

// CityFields are what a city is written with, as typed.
type CityFields struct {
	Name, LocalName, Country, Lat, Lon string
}

// CityProblems are what is wrong with each field, in the reader's
// language, "" for nothing; Form is what is wrong with none of them.
type CityProblems struct {
	Name, LocalName, Country, Lat, Lon, Form string
}

// Any reports whether there is a problem.
func (p CityProblems) Any() bool { return p != CityProblems{} }

// PlaceOption is a place of the gazetteer, as the City field offers it:
// what the script reads from the answer of /admin/places, and what the
// page lists without it.
type PlaceOption struct {
	ID          int     `json:"id"`
	Name        string  `json:"name"`      // to write as the city's name
	LocalName   string  `json:"localName"` // to write as its local name, "" when the same
	Region      string  `json:"region"`    // the seat of its region
	Country     string  `json:"country"`   // ISO 3166-1 alpha-2
	CountryName string  `json:"countryName"`
	Population  int     `json:"population"`
	Lat         float64 `json:"lat"`
	Lon         float64 `json:"lon"`
	// Label names the place as found ("Torino (Turin)"), and Detail tells
	// it from others of its name: its region, country and population.
	Label  string `json:"label"`
	Detail string `json:"detail"`
}

// Places is the answer of /admin/places: the places found for what was
// typed.
type Places struct {
	Query  string        `json:"query"`
	Places []PlaceOption `json:"places"`
	// Search is where the page's form searches, for the page without
	// the script.
	Search string `json:"-"`
}

// CityMap is what the page's script needs, as a JSON script block: the
// addresses it fetches and loads, the network's cities to show beside
// the new one, and its words.
type CityMap struct {
	LeafletCSS string `json:"leafletCSS"`
	LeafletJS  string `json:"leafletJS"`
	Basemap    string `json:"basemap"`
	// Suggest answers what was typed, with ?q=; Check says whether a point
	// is in its country, with ?country=&lat=&lon=.
	Suggest string `json:"suggest"`
	Check   string `json:"check"`
	// Bounds are the network's cities', [[south, west], [north, east]],
	// where the map opens before a point is chosen.
	Bounds [2][2]float64 `json:"bounds"`
	Cities []MapCity     `json:"cities"`
	Labels CityLabels    `json:"labels"`
	// Tiles are the public maps' raster tiles (--tile-url), drawn under
	// the outlines as there; nil without them.
	Tiles *components.Tiles `json:"tiles,omitempty"`
}

// MapCity is one of the network's cities, marked on the map as the
// public map marks it.
type MapCity struct {
	Name        string  `json:"name"`
	Lat         float64 `json:"lat"`
	Lon         float64 `json:"lon"`
	Coordinator bool    `json:"coordinator,omitempty"`
}

// CityLabels are the words the script puts on the page: the map's and
// the marker's names, and what the list of suggestions announces, which
// counts in plural forms ({"one": ..., "other": ...}).
type CityLabels struct {
	Map    string            `json:"map"`
	Marker string            `json:"marker"`
	Found  map[string]string `json:"found"`
	None   string            `json:"none"`
}

// PointCheck is the answer of /admin/places/check: whether a point lies
// in its country, in words.
type PointCheck struct {
	// Inside is false when the point is too far outside its country for
	// validate, and also true when there is no outline to check against.
	Inside  bool   `json:"inside"`
	Message string `json:"message"`
}
