package data_test

import (
	"errors"
	"strings"
	"testing"

	"partnermap/data"
)

// A file with problems decodes as written, and the change Edit writes
// from it keeps the rest of the file; a file that is not TOML gives its
// problem at its place.
func TestDecode(t *testing.T) {
	src := "# Kept.\n[network]\nslug = \"n\"\nname = \"N\"\n\n[[cities]]\nslug = \"a\"\nname = \"A\"\ncountry = \"DE\"\nlat = 52.5\nlon = 13.4\n"
	if _, err := data.Parse("n.toml", []byte(src)); err == nil {
		t.Fatal("the file parses: it has no partners, and should not")
	}
	n, err := data.Decode("n.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if n.Slug != "n" || len(n.Cities) != 1 || n.Cities[0].Name != "A" {
		t.Fatalf("decoded %+v", n)
	}
	n.Cities = append(n.Cities, data.City{Slug: "b", Name: "B", Country: "IT", Lat: 45.07, Lon: 7.69})
	out, err := data.Edit([]byte(src), n)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), src) || !strings.Contains(string(out), "[[cities]]\nslug = \"b\"\nname = \"B\"\ncountry = \"IT\"\nlat = 45.07\nlon = 7.69\n") {
		t.Errorf("edited:\n%s", out)
	}

	_, err = data.Decode("bad.toml", []byte("[network]\nname = \"N\nslug = 1\n"))
	var ps data.Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Line != 2 || ps[0].File != "bad.toml" {
		t.Errorf("a file that is not TOML: %v, want one problem at line 2", err)
	}
}
