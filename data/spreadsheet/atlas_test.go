package spreadsheet_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"partnermap/data"
	"partnermap/data/datatest"
	"partnermap/data/spreadsheet"
)

// atlasOf writes an atlas of one network, whose cities are Derry, Córdoba
// in Spain and Frankfurt am Main, this one written 5 km from the
// gazetteer's point, and loads it.
func atlasOf(t *testing.T) *data.Atlas {
	t.Helper()
	dir := t.TempDir()
	src := `[network]
slug = "one"
name = "One"

[[cities]]
slug = "derry"
name = "Derry"
country = "GB"
lat = 54.9981
lon = -7.3093

[[cities]]
slug = "cordoba"
name = "Córdoba"
country = "ES"
lat = 37.8916
lon = -4.7728

[[cities]]
slug = "frankfurt-am-main"
name = "Frankfurt am Main"
country = "DE"
lat = 50.0709
lon = 8.6421

[[partners]]
slug = "derry"
name = "Derry City Council"
kind = "city"
role = "coordinator"
city = "derry"

[[partners]]
slug = "cordoba"
name = "Ayuntamiento de Córdoba"
kind = "city"
role = "partner"
city = "cordoba"

[[partners]]
slug = "frankfurt"
name = "Stadt Frankfurt"
kind = "city"
role = "partner"
city = "frankfurt-am-main"
`
	if err := os.WriteFile(filepath.Join(dir, "one.toml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := datatest.Atlas(dir)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// A sheet imported for an atlas gives its cities the slugs of the
// atlas's places they are: within 2 km in the same country (Londonderry
// is Derry), or the same place in the gazetteer (Frankfurt); a city that
// is no place of the atlas but has a place's name takes its country's
// code, whichever comes first in the sheet. The network joins the atlas.
func TestImportJoinsTheAtlas(t *testing.T) {
	sheet := []byte(`partner,kind,role,city,country,latitude,longitude
City of Londonderry,city,coordinator,Londonderry,GB,54.9966,-7.3086
Municipalidad de Córdoba,city,partner,Córdoba,AR,,
Ayuntamiento de Córdoba,city,partner,Córdoba,ES,,
Stadt Frankfurt,city,partner,Frankfurt,DE,,
Comune di Palermo,city,partner,Palermo,IT,,
`)
	slugs := func(opts spreadsheet.Options) (*spreadsheet.Result, []string) {
		t.Helper()
		res, err := spreadsheet.Import("partners.csv", sheet, opts)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range valid(t, opts, res.TOML).Cities {
			got = append(got, c.Slug+" "+c.Country)
		}
		return res, got
	}

	opts := options(t)
	if _, got := slugs(opts); !slices.Equal(got, []string{"londonderry GB", "cordoba AR", "cordoba-es ES", "frankfurt DE", "palermo IT"}) {
		t.Errorf("without an atlas: %v", got)
	}

	a := atlasOf(t)
	opts.Atlas, opts.PlaceOf = a, opts.Gazetteer.PlaceOf
	res, got := slugs(opts)
	if !slices.Equal(got, []string{"derry GB", "cordoba-ar AR", "cordoba ES", "frankfurt-am-main DE", "palermo IT"}) {
		t.Errorf("with an atlas: %v", got)
	}
	for _, want := range []string{
		"# The atlas's place Derry, in one network.\n[[cities]]\nslug = \"derry\"\nname = \"Londonderry\"\n",
		"# The atlas's place Frankfurt am Main, in one network.\n[[cities]]\nslug = \"frankfurt-am-main\"\nname = \"Frankfurt\"\n",
	} {
		if !strings.Contains(string(res.TOML), want) {
			t.Errorf("no %q in\n%s", want, res.TOML)
		}
	}
	n, _, err := data.ParseChecked("two.toml", res.TOML)
	if err != nil {
		t.Fatal(err)
	}
	joined, err := data.ComposeAtlas(nil, append(slices.Clone(a.Networks), n))
	if err != nil {
		t.Fatal(err)
	}
	if len(joined.Places) != 5 || len(joined.DuplicatePlaces(opts.PlaceOf)) != 0 {
		t.Errorf("%d places, %v", len(joined.Places), joined.DuplicatePlaces(opts.PlaceOf))
	}
	for _, slug := range []string{"derry", "cordoba", "frankfurt-am-main"} {
		if p, ok := joined.Place(slug); !ok || len(p.Visits) != 2 {
			t.Errorf("%s: %+v", slug, p)
		}
	}
}

// A city slug the sheet gives that the atlas has for a place elsewhere
// would break the atlas: nothing is written.
func TestImportGivenSlugBreaksTheAtlas(t *testing.T) {
	opts := options(t)
	opts.Atlas, opts.PlaceOf = atlasOf(t), opts.Gazetteer.PlaceOf
	sheet := []byte("partner,kind,role,city,country,city slug\nMunicipalidad de Córdoba,city,coordinator,Córdoba,AR,cordoba\n")
	got := problems(t, "partners.csv", sheet, opts)
	if len(got) != 1 || !strings.Contains(got[0], "breaks a rule of the atlas") || !strings.Contains(got[0], `city "cordoba" is in Argentina here but in Spain`) {
		t.Errorf("problems %q", got)
	}
}
