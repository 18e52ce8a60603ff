package web

import (
	"fmt"
	"testing"

	"partnermap/data"
	"partnermap/data/datatest"
	"partnermap/geo"
)

// The generated networks are what the server accepts: every city lies in
// its country, as serve checks, in those make bench serves and in those
// these tests serve.
func TestGeneratedNetworksLieInTheirCountries(t *testing.T) {
	t.Parallel()
	borders := geo.NewBorders(testBuilder(t).countries)
	for _, cities := range append(datatest.Sizes(), compactFrom, clusterFrom+1) {
		t.Run(fmt.Sprint(cities), func(t *testing.T) {
			t.Parallel()
			if _, _, err := data.ParseChecked("generated.toml", datatest.Generate(cities, 2*cities), borders.CheckCity); err != nil {
				t.Errorf("%d cities: %v", cities, err)
			}
		})
	}
}
