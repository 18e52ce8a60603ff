package web

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"partnermap/data"
)

// generateNetwork writes a data file of a network with the given numbers
// of cities and partners, spread over Europe: the same every time for the
// same numbers, so that figures can be compared from run to run.
func generateNetwork(cities, partners int) []byte {
	r := rand.New(rand.NewPCG(uint64(cities), uint64(partners)))
	countries := []string{"DE", "IT", "FR", "ES", "PL", "RO", "NL", "BE", "SE", "BG", "PT", "GR", "CZ", "HU", "AT", "DK", "FI", "IE", "SK", "HR", "SI", "LT", "LV", "EE", "LU", "MT", "CY"}
	var b strings.Builder
	fmt.Fprintf(&b, "[network]\nslug = \"scale\"\nname = \"Scale %d\"\nfull_name = \"A network of %d cities and %d partners\"\n", cities, cities, partners)
	fmt.Fprintf(&b, "programme = \"URBACT\"\nstart = 2020-01-01\nend = 2023-12-31\nsummary = \"Generated for measuring.\"\n")
	for i := range cities {
		fmt.Fprintf(&b, "\n[[cities]]\nslug = \"city-%d\"\nname = \"City %d\"\nlocal_name = \"Città %d\"\ncountry = %q\nlat = %.4f\nlon = %.4f\n",
			i, i, i, countries[r.IntN(len(countries))], 36+r.Float64()*24, -9+r.Float64()*35)
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

// BenchmarkBuild measures a whole build, parse included, as networks grow:
// go test ./web -run '^$' -bench Build -benchtime 3x.
func BenchmarkBuild(b *testing.B) {
	builder := testBuilder(b)
	for _, size := range [][2]int{{11, 12}, {100, 200}} {
		src := generateNetwork(size[0], size[1])
		b.Run(fmt.Sprintf("%d-cities", size[0]), func(b *testing.B) {
			var site *Site
			for b.Loop() {
				n, err := data.Parse("generated.toml", src)
				if err != nil {
					b.Fatal(err)
				}
				if site, err = builder.Build(n); err != nil {
					b.Fatal(err)
				}
			}
			home, _ := site.Lookup("/", "")
			b.ReportMetric(float64(len(site.Paths())), "routes")
			b.ReportMetric(float64(len(home.Body())), "home-bytes")
		})
	}
}
