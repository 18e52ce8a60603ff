package components

import (
	"bytes"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Every combination of options has its own index and its own query, and
// the scripts receive each as the server writes it.
func TestEmbedTable(t *testing.T) {
	all := AllEmbeds()
	if len(all) != EmbedVariants || all[0] != DefaultEmbed() {
		t.Fatalf("%d combinations, the first %+v: want %d, the first the default", len(all), all[0], EmbedVariants)
	}
	table := NewEmbedTable()
	queries := map[string]bool{}
	for i, o := range all {
		if o.Index() != i {
			t.Errorf("%+v: index %d, want %d", o, o.Index(), i)
		}
		if queries[o.Query()] {
			t.Errorf("%+v: query %q is another combination's", o, o.Query())
		}
		queries[o.Query()] = true
		v := table.Variants[i]
		if v.Query != o.Query() || !maps.Equal(v.Shown, o.Shown()) {
			t.Errorf("variant %d is %+v, want %+v", i, v, EmbedVariant{Shown: o.Shown(), Query: o.Query()})
		}
		if keys := slices.Sorted(maps.Keys(v.Shown)); !slices.Equal(keys, slices.Sorted(slices.Values(embedKeys()))) {
			t.Errorf("variant %d names %v, want the table's keys %v", i, keys, embedKeys())
		}
	}
	off, on := embedWords()
	if !slices.Equal(table.Off, off) || !slices.Equal(table.On, on) {
		t.Errorf("the scripts' words are %v and %v, want %v and %v", table.Off, table.On, off, on)
	}
}

func TestEmbedQuery(t *testing.T) {
	for _, tc := range []struct {
		options EmbedOptions
		want    string
	}{
		{DefaultEmbed(), ""},
		{EmbedOptions{Lines: true, Details: true}, "?list=0"},
		{EmbedOptions{List: true}, "?lines=0&details=0"},
		{EmbedOptions{}, "?list=0&lines=0&details=0"},
	} {
		if got := tc.options.Query(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.options, got, tc.want)
		}
	}
}

// Set switches an option by its key; anything else changes nothing.
func TestEmbedSet(t *testing.T) {
	for _, tc := range []struct {
		key, value string
		want       EmbedOptions
	}{
		{"list", "0", EmbedOptions{Lines: true, Details: true}},
		{" Details ", " HIDE ", EmbedOptions{List: true, Lines: true}},
		{"lines", "perhaps", DefaultEmbed()},
		{"colour", "0", DefaultEmbed()},
		{"", "", DefaultEmbed()},
	} {
		o := DefaultEmbed()
		o.Set(tc.key, tc.value)
		if o != tc.want {
			t.Errorf("Set(%q, %q): %+v, want %+v", tc.key, tc.value, o, tc.want)
		}
	}
	o := EmbedOptions{}
	o.Set("lines", "show")
	if o != (EmbedOptions{Lines: true}) {
		t.Errorf("an on word shows only its option: %+v", o)
	}
}

// The scripts' tests (static/map/*.test.js) take the table the scripts
// receive from testdata/embed-table.json; go test ./components -update
// rewrites it.
func TestEmbedTableGolden(t *testing.T) {
	const golden = "testdata/embed-table.json"
	got, err := json.MarshalIndent(NewEmbedTable(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not the table the scripts receive: go test ./components -update rewrites it", golden)
	}
}
