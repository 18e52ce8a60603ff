package components

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/data"
)

// network parses a network of n cities; the first is the coordinator's
// and has a local name of its own.
func network(t *testing.T, n int) *data.Network {
	t.Helper()
	var b strings.Builder
	b.WriteString("[network]\nslug = \"test\"\nname = \"Test\"\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[[cities]]\nslug = \"city-%d\"\nname = \"Gijón %d\"\nlocal_name = \"Xixón %d\"\ncountry = \"ES\"\nlat = %.8f\nlon = %.8f\n", i, i, i, 38.11573449+float64(i)/100, -2.99191151+float64(i)/100)
	}
	for i := range n {
		role := "partner"
		if i == 0 {
			role = "coordinator"
		}
		fmt.Fprintf(&b, "\n[[partners]]\nslug = \"partner-%d\"\nname = \"Partner %d\"\nkind = \"city\"\nrole = %q\ncity = \"city-%d\"\n", i, i, role, i)
	}
	n2, err := data.Parse("test.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return n2
}

func renderList(t *testing.T, p Page) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := cityList(p).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The map script makes its markers from the list: every link carries the
// city's position, rounded to 6 decimals as in the GeoJSON.
func TestCityLinksCarryPlaces(t *testing.T) {
	n := network(t, 3)
	doc := renderList(t, Page{T: in(t, "en"), Network: n})
	links := doc.Find("#cities a[data-slug]")
	if links.Length() != 3 {
		t.Fatalf("%d links with data-slug, want 3", links.Length())
	}
	first := links.First()
	for attr, want := range map[string]string{"data-slug": "city-0", "data-lat": "38.115734", "data-lon": "-2.991912"} {
		if got := first.AttrOr(attr, ""); got != want {
			t.Errorf("%s = %q, want %q", attr, got, want)
		}
	}
	if got := links.Eq(2).AttrOr("data-lat", ""); got != "38.135734" {
		t.Errorf("third city's data-lat = %q, want 38.135734", got)
	}
	if first.Find(".marker-shape--coordinator").Length() != 1 || links.Eq(1).Find(".marker-shape--coordinator").Length() != 0 {
		t.Error("only the coordinator's city is marked as such")
	}
	if doc.Find("[data-city], [data-local-name]").Length() != 0 {
		t.Error("links that carry data-slug need no data-city, and a list without the filter no local names")
	}

	// An embed without details links to full pages, without data-slug:
	// the slug comes in data-city instead.
	embed := &EmbedOptions{List: true, Lines: true}
	doc = renderList(t, Page{T: in(t, "en"), Network: n, Embed: embed, Paths: Paths{Embed: embed}})
	cities := doc.Find("#cities a[data-city]")
	if cities.Length() != 3 || doc.Find("#cities a[data-slug]").Length() != 0 {
		t.Fatalf("embed without details: %d links with data-city, %d with data-slug; want 3 and 0", cities.Length(), doc.Find("#cities a[data-slug]").Length())
	}
	if got := cities.First().AttrOr("data-city", ""); got != "city-0" {
		t.Errorf("data-city = %q, want city-0", got)
	}
	if cities.First().AttrOr("data-lat", "") == "" {
		t.Error("the embed's links carry no position")
	}
}

// The search field is for long lists only, and waits for the script.
func TestFilterAboveThreshold(t *testing.T) {
	short := renderList(t, Page{T: in(t, "en"), Network: network(t, filterAbove)})
	if short.Find("#cities-filter, .cities__filter").Length() != 0 {
		t.Errorf("a list of %d cities has a search field", filterAbove)
	}
	long := renderList(t, Page{T: in(t, "en"), Network: network(t, filterAbove+1)})
	box := long.Find("#cities .cities__filter")
	if box.Length() != 1 {
		t.Fatalf("a list of %d cities has %d search fields, want 1", filterAbove+1, box.Length())
	}
	if _, hidden := box.Attr("hidden"); !hidden {
		t.Error("the search field shows before the script that makes it work")
	}
	if got := box.Find("input#cities-filter").AttrOr("type", ""); got != "search" {
		t.Errorf("input type = %q, want search", got)
	}
	if got := box.Find("label[for='cities-filter']").Text(); got != in(t, "en").T("cities.filter") {
		t.Errorf("label = %q", got)
	}
	if got := box.Find("#cities-filter-status").AttrOr("role", ""); got != "status" {
		t.Errorf("status role = %q, want status", got)
	}
	if box.NextFiltered("ul.cities__list").Length() != 1 {
		t.Error("the search field is not right above the list")
	}
	if got := long.Find("a[data-slug='city-0']").AttrOr("data-local-name", ""); got != "Xixón 0" {
		t.Errorf("data-local-name = %q, want the local name for the search field", got)
	}
}
