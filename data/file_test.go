package data_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"partnermap/data"
)

func TestDefault(t *testing.T) {
	n, err := data.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	if n.Slug != "conet" || n.Name != "CoNet" {
		t.Errorf("network %q (%s), want conet (CoNet)", n.Slug, n.Name)
	}
	if len(n.Cities) != 11 {
		t.Errorf("%d cities, want 11", len(n.Cities))
	}
	if len(n.Partners) != 12 {
		t.Errorf("%d partners, want 12", len(n.Partners))
	}
	coordinators := 0
	for _, p := range n.Partners {
		if p.Role == data.RoleCoordinator {
			coordinators++
		}
	}
	if coordinators != 1 {
		t.Errorf("%d coordinators, want 1", coordinators)
	}
	if c := n.Coordinator(); c == nil || c.Name != "City of Berlin" || c.City != "berlin" {
		t.Errorf("coordinator %+v, want City of Berlin in berlin", c)
	}
	if !n.IsCoordinatorCity("berlin") || n.IsCoordinatorCity("palermo") {
		t.Error("IsCoordinatorCity: want berlin only")
	}
	var names []string
	for _, p := range n.PartnersIn("palermo") {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, ", "); got != "City of Palermo, CESIE" {
		t.Errorf("partners in palermo: %s, want City of Palermo, CESIE", got)
	}
	for _, c := range n.Cities {
		if !data.IsCountry(c.Country) {
			t.Errorf("city %s: country %q is not an ISO code", c.Slug, c.Country)
		}
		if len(n.PartnersIn(c.Slug)) == 0 {
			t.Errorf("city %s has no partners", c.Slug)
		}
	}
	if c, ok := n.City("malmo"); !ok || c.Name != "Malmö" || c.Country != "SE" {
		t.Errorf("City(malmo) = %+v, %v; want Malmö in SE", c, ok)
	}
	if _, ok := n.City("rome"); ok {
		t.Error("City(rome) found a city")
	}
	if rs := n.ResultsFor("palermo"); len(rs) != 1 || rs[0].Title != "Local Action Plan of Palermo" {
		t.Errorf("results for palermo: %+v, want the Local Action Plan of Palermo", rs)
	}
	if got := data.CountryName("GB"); got != "United Kingdom" {
		t.Errorf("CountryName(GB) = %q, want United Kingdom", got)
	}
}

// Changing the returned source must not change the embedded network.
func TestDefaultSourceIsACopy(t *testing.T) {
	src := data.DefaultSource()
	if _, err := data.Parse(data.DefaultName, src); err != nil {
		t.Fatalf("Parse(DefaultSource()): %v", err)
	}
	copy(src, "garbage")
	if bytes.HasPrefix(data.DefaultSource(), []byte("garbage")) {
		t.Fatal("DefaultSource returns the embedded bytes themselves")
	}
	if _, err := data.Default(); err != nil {
		t.Errorf("Default after changing DefaultSource: %v", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(good, data.DefaultSource(), 0o644); err != nil {
		t.Fatal(err)
	}
	src := bytes.Replace(data.DefaultSource(), []byte(`country = "SE"`), []byte(`country = "SW"`), 1)
	if err := os.WriteFile(bad, src, 0o644); err != nil {
		t.Fatal(err)
	}

	n, err := data.Load(good, data.DefaultMaxSize)
	if err != nil || len(n.Cities) != 11 {
		t.Errorf("Load(good): %v", err)
	}

	_, err = data.Load(bad, data.DefaultMaxSize)
	var ps data.Problems
	if !errors.As(err, &ps) || len(ps) != 1 {
		t.Fatalf("Load(bad) = %v, want one problem", err)
	}
	line := 1 + bytes.Count(src[:bytes.Index(src, []byte(`country = "SW"`))], []byte("\n"))
	if p := ps[0]; p.File != bad || p.Line != line || p.Column != 1 {
		t.Errorf("problem at %s:%d:%d, want %s:%d:1", p.File, p.Line, p.Column, bad, line)
	}

	_, err = data.Load(filepath.Join(dir, "missing.toml"), data.DefaultMaxSize)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want a not-exist error", err)
	}
}

func TestProblemFormat(t *testing.T) {
	a := data.Problem{File: "net.toml", Line: 3, Column: 7, Message: `missing name: add name = "CoNet"`}
	b := data.Problem{File: "net.toml", Line: 12, Column: 1, Message: "lat = 91 is out of range"}
	cases := []struct {
		name string
		err  data.Problems
		want string
	}{
		{"one", data.Problems{a}, `net.toml:3:7: missing name: add name = "CoNet"`},
		{"two", data.Problems{a, b}, "net.toml:3:7: missing name: add name = \"CoNet\"\nnet.toml:12:1: lat = 91 is out of range"},
		{"none", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
		})
	}
	if got := b.String(); got != "net.toml:12:1: lat = 91 is out of range" {
		t.Errorf("String() = %q", got)
	}
}
