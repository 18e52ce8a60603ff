// Package datatest holds the networks that tests across the packages
// share: small ones kept as files in testdata, and a generator of large
// ones, which make bench serves too (see the gen command). Only tests and
// the benchmark import it.
package datatest

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"strings"

	"partnermap/data"
)

//go:embed testdata/two-cities.toml
var twoCities string

//go:embed testdata/translated.toml
var translated string

// TwoCities is a network of two cities and a partner in each: Berlin, the
// coordinator's, and Palermo. Tests read line numbers off it (the
// network's name is on line 3, its full name on line 4, Palermo's lat on
// line 17): add to its end.
func TwoCities() string { return twoCities }

// Translated is a network in English with some of its texts in Italian:
// see the comment at the top of testdata/translated.toml.
func Translated() string { return translated }

// Sizes are the numbers of cities of the networks make bench serves to see
// how start-up, memory and page weight grow: the size of CoNet, a large
// programme, far more than any real network, and up to the ceiling, each
// with two partners per city.
func Sizes() []int { return []int{11, 500, 5000, 20_000, data.MaxCities} }

// Generate writes a data file of a network with the given numbers of
// cities and partners, spread over Europe: the same every time for the
// same numbers, so that figures can be compared from run to run. Each city
// lies within 0.12 degrees of a real city of its country, so that it is in
// its country's outline, as validate and serve require.
func Generate(cities, partners int) []byte {
	r := rand.New(rand.NewPCG(uint64(cities), uint64(partners)))
	anchors := anchors()
	var b strings.Builder
	fmt.Fprintf(&b, "[network]\nslug = \"scale\"\nname = \"Scale %d\"\nfull_name = \"A network of %d cities and %d partners\"\n", cities, cities, partners)
	fmt.Fprintf(&b, "programme = \"URBACT\"\nstart = 2020-01-01\nend = 2023-12-31\nsummary = \"Generated for measuring.\"\n")
	for i := range cities {
		a := anchors[r.IntN(len(anchors))]
		fmt.Fprintf(&b, "\n[[cities]]\nslug = \"city-%d\"\nname = \"City %d\"\nlocal_name = \"Città %d\"\ncountry = %q\nlat = %.4f\nlon = %.4f\n",
			i, i, i, a.country, a.lat+(r.Float64()-0.5)*0.24, a.lon+(r.Float64()-0.5)*0.24)
		if i%3 == 0 {
			fmt.Fprintf(&b, "focus_area = \"District %d\"\ndescription = \"City %d worked on its district with a local support group.\"\n", i, i)
		}
	}
	for i := range partners {
		role := "partner"
		if i == 0 {
			role = "coordinator"
		}
		kind := "city"
		if i >= cities {
			kind = "organisation"
		}
		fmt.Fprintf(&b, "\n[[partners]]\nslug = \"partner-%d\"\nname = \"Partner %d\"\nkind = %q\nrole = %q\ncity = \"city-%d\"\n", i, i, kind, role, i%cities)
	}
	return []byte(b.String())
}

// anchor is a real city, around which Generate places cities.
type anchor struct {
	country  string
	lat, lon float64
}

// anchors are cities of the European Union, a few in each country.
func anchors() []anchor {
	return []anchor{
		{"DE", 52.52, 13.405}, {"DE", 48.137, 11.575}, {"DE", 50.938, 6.96}, {"DE", 53.55, 10.0}, {"DE", 51.34, 12.37}, {"DE", 50.11, 8.68},
		{"IT", 41.9, 12.5}, {"IT", 45.46, 9.19}, {"IT", 40.85, 14.27}, {"IT", 43.77, 11.25}, {"IT", 38.12, 13.36}, {"IT", 44.49, 11.34},
		{"FR", 48.857, 2.352}, {"FR", 45.764, 4.836}, {"FR", 43.6, 1.44}, {"FR", 50.63, 3.06}, {"FR", 44.84, -0.58}, {"FR", 48.57, 7.75},
		{"ES", 40.417, -3.7}, {"ES", 41.39, 2.17}, {"ES", 37.39, -5.98}, {"ES", 39.47, -0.38}, {"ES", 41.65, -0.88}, {"ES", 43.26, -2.93},
		{"PL", 52.23, 21.01}, {"PL", 50.06, 19.94}, {"PL", 51.77, 19.46}, {"PL", 52.41, 16.93}, {"PL", 51.11, 17.03},
		{"RO", 44.43, 26.1}, {"RO", 46.77, 23.6}, {"RO", 47.16, 27.59}, {"RO", 45.75, 21.23},
		{"NL", 52.37, 4.9}, {"NL", 52.09, 5.12}, {"NL", 51.44, 5.48},
		{"BE", 50.85, 4.35}, {"BE", 51.22, 4.4}, {"BE", 50.63, 5.57},
		{"SE", 59.33, 18.07}, {"SE", 57.71, 11.97}, {"SE", 59.86, 17.64}, {"SE", 63.83, 20.26},
		{"BG", 42.7, 23.32}, {"BG", 42.14, 24.75}, {"BG", 43.21, 27.91},
		{"PT", 38.72, -9.14}, {"PT", 41.15, -8.61}, {"PT", 40.2, -8.41},
		{"GR", 37.98, 23.73}, {"GR", 40.64, 22.94}, {"GR", 39.64, 22.42},
		{"CZ", 50.08, 14.44}, {"CZ", 49.2, 16.61},
		{"HU", 47.5, 19.04}, {"HU", 47.53, 21.63},
		{"AT", 48.21, 16.37}, {"AT", 47.07, 15.44}, {"AT", 47.27, 11.4},
		{"DK", 55.68, 12.57}, {"DK", 56.16, 10.2},
		{"FI", 60.17, 24.94}, {"FI", 61.5, 23.76}, {"FI", 65.01, 25.47},
		{"IE", 53.35, -6.26}, {"IE", 51.9, -8.47},
		{"SK", 48.15, 17.11}, {"SK", 48.72, 21.26},
		{"HR", 45.81, 15.98}, {"HR", 43.51, 16.44},
		{"SI", 46.06, 14.51},
		{"LT", 54.69, 25.28}, {"LT", 54.9, 23.9},
		{"LV", 56.95, 24.11},
		{"EE", 59.44, 24.75}, {"EE", 58.38, 26.72},
		{"LU", 49.61, 6.13},
		{"MT", 35.9, 14.51},
		{"CY", 34.68, 33.04},
	}
}
