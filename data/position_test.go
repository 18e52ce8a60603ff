package data

import "testing"

const positionsDoc = `[network]
name = "Net"
contact.email = "info@example.org"
objectives = ["One", "Two"]

[[cities]]
slug = "a"
links = [{ title = "A", url = "https://a.example/" }, { title = "B" }]

[[cities.meetings]]
start = 2010-01-01

[[cities.meetings]]
start = 2011-01-01

[[cities]]
slug = "b"

[[cities.meetings]]
start = 2012-01-01
`

func TestIndexPositions(t *testing.T) {
	at := indexPositions([]byte(positionsDoc))
	cases := []struct {
		name, path   string
		line, column int
	}{
		{"table header", "network", 1, 2},
		{"key", "network.name", 2, 1},
		{"dotted key, first part", "network.contact", 3, 1},
		{"dotted key, last part", "network.contact.email", 3, 9},
		{"array element", "network.objectives.1", 4, 22},
		{"first array table", "cities.0", 6, 3},
		{"key in first array table", "cities.0.slug", 7, 1},
		{"first inline table in an array", "cities.0.links.0", 8, 10},
		{"key in first inline table", "cities.0.links.0.url", 8, 25},
		{"second inline table in an array", "cities.0.links.1", 8, 55},
		{"key in second inline table", "cities.0.links.1.title", 8, 57},
		{"first nested array table", "cities.0.meetings.0", 10, 3},
		{"key in first nested array table", "cities.0.meetings.0.start", 11, 1},
		{"second nested array table", "cities.0.meetings.1", 13, 3},
		{"key in second nested array table", "cities.0.meetings.1.start", 14, 1},
		{"second array table", "cities.1", 16, 3},
		{"nested array table of the second", "cities.1.meetings.0", 19, 3},
		{"key in nested array table of the second", "cities.1.meetings.0.start", 20, 1},
		{"missing key falls back to its table", "cities.1.lat", 16, 3},
		{"missing key falls back to its inline table", "cities.0.links.1.url", 8, 55},
		{"missing key falls back to its nested table", "cities.1.meetings.0.end", 19, 3},
		{"missing key in a dotted table", "network.contact.name", 3, 1},
		{"missing table falls back to the start", "partners.0.name", 1, 1},
		{"empty path", "", 1, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := at.find(tc.path)
			if got != (position{tc.line, tc.column}) {
				t.Errorf("find(%q) = %d:%d, want %d:%d", tc.path, got.line, got.column, tc.line, tc.column)
			}
		})
	}
}

func TestPositionsHas(t *testing.T) {
	at := indexPositions([]byte(positionsDoc))
	cases := []struct {
		name, path string
		want       bool
	}{
		{"written key", "cities.0.slug", true},
		{"written key in an inline table", "cities.0.links.0.title", true},
		{"key missing from an inline table", "cities.0.links.1.url", false},
		{"key missing from a table", "cities.1.lat", false},
		{"table", "cities.1.meetings.0", true},
		{"array table never written", "partners", false},
		{"element past the end", "cities.2", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := at.has(tc.path); got != tc.want {
				t.Errorf("has(%q) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
}

// The index notes keys and tables written a second time, which go-toml
// reports at the start of the expression rather than at the repeat.
func TestIndexRepeats(t *testing.T) {
	cases := []struct {
		name, src, path string
		line, column    int
	}{
		{"key", "[network]\nname = \"a\"\nname = \"b\"\n", "network.name", 3, 1},
		{"key in an inline table", "[[cities]]\nlinks = [{ title = \"a\", title = \"b\" }]\n", "cities.0.links.0.title", 2, 25},
		{"table", "[network]\nname = \"a\"\n\n[network]\n", "network", 4, 2},
		{"dotted key", "[network]\ncontact.name = \"a\"\ncontact.name = \"b\"\n", "network.contact.name", 3, 9},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			again := index([]byte(tc.src), networkSchema()).again
			if len(again) != 1 {
				t.Fatalf("repeats %v, want only %s", again, tc.path)
			}
			if got, ok := again[tc.path]; !ok || got != (position{tc.line, tc.column}) {
				t.Errorf("repeat of %s at %v (found %v), want %d:%d", tc.path, got, ok, tc.line, tc.column)
			}
		})
	}
}

// Array tables, inline tables and dotted keys that are each written once are
// not repeats.
func TestIndexNoRepeats(t *testing.T) {
	if again := index([]byte(positionsDoc), networkSchema()).again; len(again) != 0 {
		t.Errorf("repeats %v, want none", again)
	}
}
