package components

import (
	"testing"
	"unsafe"
)

func TestSplitLanguage(t *testing.T) {
	for path, want := range map[string][2]string{
		"/it/cities/palermo/": {"it", "/cities/palermo/"},
		"/it/":                {"it", "/"},
		"/bg/embed/?list=0":   {"bg", "/embed/?list=0"},
		"/it":                 {"", "/it"}, // a way of writing /it/, not an address
		"/en/cities/palermo/": {"", "/en/cities/palermo/"},
		"/IT/cities/palermo/": {"", "/IT/cities/palermo/"},
		"/ja/cities/palermo/": {"", "/ja/cities/palermo/"},
		"/italy/":             {"", "/italy/"},
		"/cities/palermo/":    {"", "/cities/palermo/"},
		"/":                   {"", "/"},
		"":                    {"", ""},
	} {
		if lang, rest := SplitLanguage(path); lang != want[0] || rest != want[1] {
			t.Errorf("SplitLanguage(%q) = %q, %q; want %q, %q", path, lang, rest, want[0], want[1])
		}
	}
}

// The server reads paths from a buffer it reuses for the next request; a
// tag kept past the request must not change with it.
func TestSplitLanguageOwnsItsTag(t *testing.T) {
	buf := []byte("/ro/cities/palermo")
	lang, _ := SplitLanguage(unsafe.String(&buf[0], len(buf)))
	copy(buf, "/fr")
	if lang != "ro" {
		t.Errorf("the tag changed with the buffer to %q", lang)
	}
}

func TestPathsInLanguages(t *testing.T) {
	it := Paths{}.In("it")
	embed := Paths{Embed: &EmbedOptions{List: false, Lines: true, Details: true}}.In("bg")
	for got, want := range map[string]string{
		Paths{}.Home():               "/",
		Paths{}.City("palermo"):      "/cities/palermo/",
		it.Home():                    "/it/",
		it.City("palermo"):           "/it/cities/palermo/",
		it.At("/"):                   "/it/",
		it.CityPanel("palermo"):      "/it/fragments/cities/palermo.html",
		it.NetworkPanel():            "/it/fragments/network.html",
		it.Builder("palermo"):        "/it/embed-builder/?city=palermo",
		it.OEmbedFile("", "json"):    "/it/oembed/network.json",
		it.OEmbedFile("enna", "xml"): "/it/oembed/cities/enna.xml",
		it.Suggestion():              "/it/fragments/suggestion.html",
		it.GeoJSON():                 "/api/network.geojson",
		it.In("en").Home():           "/",
		embed.Home():                 "/bg/embed/?list=0",
		embed.City("sofia"):          "/bg/embed/cities/sofia/?list=0",
		embed.CityPanel("sofia"):     "/bg/fragments/embed/cities/sofia.html?list=0",
		embed.Full().City("sofia"):   "/bg/cities/sofia/",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// Under a root every address has it in front, in every language, in
// embeds, in an atlas's networks and in the open data; Under("") gives
// the addresses back as the route table keeps them.
func TestPathsUnderRoot(t *testing.T) {
	root := Paths{Root: "/map"}
	it := root.In("it")
	embed := Paths{Root: "/map", Embed: &EmbedOptions{List: false, Lines: true, Details: true}}.In("bg")
	network := Paths{Root: "/map", Network: NetworkAt("conet")}.In("it")
	for got, want := range map[string]string{
		root.Home():                      "/map/",
		root.City("palermo"):             "/map/cities/palermo/",
		root.Language():                  "/map",
		root.File("/static/map.1a2b.js"): "/map/static/map.1a2b.js",
		root.EmbedScript():               "/map/embed.js",
		root.OEmbed():                    "/map/oembed",
		root.AtlasGeoJSON():              "/map/api/places.geojson",
		root.AtlasCSV():                  "/map/api/partners.csv",
		root.Place("palermo"):            "/map/places/palermo/",
		it.Home():                        "/map/it/",
		it.Language():                    "/map/it",
		it.At("/cities/palermo/"):        "/map/it/cities/palermo/",
		it.CityPanel("palermo"):          "/map/it/fragments/cities/palermo.html",
		it.Builder("palermo"):            "/map/it/embed-builder/?city=palermo",
		it.OEmbedFile("enna", "xml"):     "/map/it/oembed/cities/enna.xml",
		it.Suggestion():                  "/map/it/fragments/suggestion.html",
		it.GeoJSON():                     "/map/api/network.geojson",
		it.In("en").Home():               "/map/",
		embed.City("sofia"):              "/map/bg/embed/cities/sofia/?list=0",
		embed.Full().City("sofia"):       "/map/bg/cities/sofia/",
		network.City("palermo"):          "/map/it/networks/conet/cities/palermo/",
		network.CSV():                    "/map/networks/conet/api/network.csv",
		it.Under("").City("palermo"):     "/it/cities/palermo/",
		embed.Under("").Home():           "/bg/embed/?list=0",
		Paths{}.Under("/map").Home():     "/map/",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
