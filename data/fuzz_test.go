package data

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// Whatever the bytes, Parse returns a valid network or problems that point
// into the file; it never panics.
func FuzzParse(f *testing.F) {
	f.Add(conet)
	f.Add([]byte("[network]\nslug = \"x\"\nname = \"X\"\n"))
	f.Add([]byte("[[cities]]\nslug = \"a\"\nlat = nan\nlon = inf\n[[cities.links]]\nurl = \"javascript:x\"\n"))
	f.Add([]byte("[network\n"))
	f.Add([]byte("[network]\nlanguage = \"it\"\n[network.translations.de]\nsummary = \"x\"\n[[cities]]\ntranslations.en.name = \"y\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		// go-toml's check for repeated keys takes time in the square of the
		// keys of one table; a hand-written file is far below this size.
		if len(src) > 64<<10 {
			return
		}
		start := time.Now()
		n, err := Parse("fuzz.toml", src)
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("Parse took %v on %d bytes", took, len(src))
		}
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %v is not Problems", err)
			}
			lines := strings.Count(string(src), "\n") + 1
			for _, p := range ps {
				if p.File != "fuzz.toml" || p.Line < 1 || p.Line > lines || p.Column < 1 || p.Message == "" {
					t.Errorf("problem %q points outside the file (%d lines)", p, lines)
				}
			}
			return
		}
		coordinators := 0
		for _, p := range n.Partners {
			if p.Role == RoleCoordinator {
				coordinators++
			}
			if _, ok := n.City(p.City); !ok {
				t.Errorf("partner %q in unknown city %q", p.Slug, p.City)
			}
		}
		if coordinators != 1 || len(n.Cities) == 0 {
			t.Errorf("%d coordinators, %d cities", coordinators, len(n.Cities))
		}
		for _, c := range n.Cities {
			if !isSlug(c.Slug) || !IsCountry(c.Country) || math.Abs(c.Lat) > 90 || math.Abs(c.Lon) > 180 {
				t.Errorf("invalid city passed: %+v", c)
			}
		}
	})
}
