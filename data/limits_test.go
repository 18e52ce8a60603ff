package data_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"partnermap/data"
)

// A data file is read through a limit on its size: a file too large is a
// problem at its first line. Only a regular file is read: a folder, a
// named pipe without a writer and a device that never ends are refused at
// once, by what they are.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.toml")
	if err := os.WriteFile(small, []byte(strings.Repeat("#\n", 500)), 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.toml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.toml")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path string
		limit      int64
		want       string // the error's text; "" for none
	}{
		{"within the limit", small, 1000, ""},
		{"at the limit", small, 1000, ""},
		{"over the limit", small, 999, "small.toml:1:1: the file is larger than 999 bytes, the most a data file may be: split the network, or raise the limit with --max-data-size"},
		{"/dev/zero through a link", zero, 2_000_000, zero + ": not a regular file but a device: give the path of a file"},
		{"a named pipe without a writer", fifo, 2_000_000, fifo + ": not a regular file but a named pipe (FIFO): give the path of a file"},
		{"a folder", folder, 2_000_000, folder + ": not a regular file but a folder"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan struct{})
			var src []byte
			var err error
			go func() {
				defer close(done)
				src, err = data.ReadFile(tc.path, tc.limit)
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("ReadFile(%s) is still waiting", tc.name)
			}
			if tc.want == "" {
				if err != nil || len(src) != 1000 {
					t.Fatalf("ReadFile: %d bytes, %v; want 1000 bytes", len(src), err)
				}
				return
			}
			var ps data.Problems
			var notRegular *data.NotRegularError
			if !errors.As(err, &ps) && !errors.As(err, &notRegular) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ReadFile = %v, want %q", err, tc.want)
			}
		})
	}
}

// cities writes a network of n cities, each with one partner.
func cities(n int) []byte {
	var b strings.Builder
	b.WriteString("[network]\nslug = \"big\"\nname = \"Big\"\n")
	for i := range n {
		fmt.Fprintf(&b, "[[cities]]\nslug = \"c%d\"\nname = \"C\"\ncountry = \"IT\"\nlat = 1\nlon = 1\n", i)
	}
	for i := range n {
		role := "partner"
		if i == 0 {
			role = "coordinator"
		}
		fmt.Fprintf(&b, "[[partners]]\nslug = \"p%d\"\nname = \"P\"\nkind = \"city\"\nrole = %q\ncity = \"c%d\"\n", i, role, i)
	}
	return []byte(b.String())
}

// A network past the ceiling is refused with one problem, at the first
// city too many, and its cities are not checked one by one.
func TestCeiling(t *testing.T) {
	_, err := data.Parse("over.toml", cities(data.MaxCities+1))
	var ps data.Problems
	if !errors.As(err, &ps) || len(ps) != 1 {
		t.Fatalf("a network over the ceiling: %.500v, want one problem", err)
	}
	line := 3 + 6*data.MaxCities + 1 // the [[cities]] of the city past the ceiling
	want := fmt.Sprintf("over.toml:%d:3: the network has 25,001 cities, more than the 25,000 a network may have: split it into networks of at most 25,000 cities each", line)
	if ps[0].String() != want {
		t.Errorf("problem\n %s\nwant\n %s", ps[0], want)
	}
}

// go-toml checks each key against those before it in the same table,
// which takes time in the square of their number: a file with more keys
// in one place than any data file needs is refused before it is decoded.
func TestCrowdedTables(t *testing.T) {
	many := func(format string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, format, i, i)
		}
		return b.String()
	}
	cases := []struct {
		name, src string
		want      string // where the limit is passed
	}{
		{"keys in one table", "[network]\n" + many("k%d = %d\n", 600), "501:1"},
		{"dotted keys in turn", "[network]\n" + many("a.k%d = 1\nb.k%d = 1\n", 300), "499:3"},
		{"tables of translations", many("[network.translations.l%d]\nfull_name = \"%d\"\n", 300), "501:2"},
		{"keys in one city", "[[cities]]\n" + many("[cities.translations.l%d]\nname = \"%d\"\n", 300), "501:1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := data.Parse("crowded.toml", []byte(tc.src))
			var ps data.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Parse: %v", err)
			}
			want := "crowded.toml:" + tc.want + ": more than 500 keys and tables in one table and the tables inside it, or outside [[cities]], [[partners]] and [[network.results]]: no data file needs that many; remove the keys that do not belong"
			if !slices.ContainsFunc(ps, func(p data.Problem) bool { return p.String() == want }) {
				t.Errorf("problems\n%.2000v\nlack\n%s", err, want)
			}
		})
	}
	// Many cities, each with a few keys, and long lists are no crowd.
	src := string(cities(600)) + "[network.contact]\nname = \"x\"\n"
	src = strings.Replace(src, "name = \"Big\"\n", "name = \"Big\"\nobjectives = ["+strings.Repeat(`"o", `, 600)+"]\n", 1)
	if _, err := data.Parse("many.toml", []byte(src)); err != nil {
		t.Errorf("600 cities and 600 objectives: %.300v", err)
	}
}

// Everything printed from a data file has its control characters, bidi
// overrides and stray bytes escaped, and a line stays a line.
func TestPrintable(t *testing.T) {
	cases := []struct{ in, want string }{
		{"CoNet", "CoNet"},
		{"Malmö – Köln", "Malmö – Köln"},
		{"Co\x1b[31mNet", `Co\x1b[31mNet`},
		{"bell\a nul\x00 del\x7f", `bell\a nul\x00 del\x7f`},
		{"two\nlines\r", `two\nlines\r`},
		{"abc\u202edcba", `abc\u202edcba`},
		{"isolate\u2066x\u2069", `isolate\u2066x\u2069`},
		{"zero\u200bwidth", `zero\u200bwidth`},
		{"line\u2028sep", `line\u2028sep`},
		{"bad \xff byte", `bad \xff byte`},
		{"C1 \u009b control", `C1 \u009b control`},
		{"real \ufffd replacement", "real \ufffd replacement"},
	}
	for _, tc := range cases {
		if got := data.Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := data.Printable(strings.Repeat("\x1b", 10_000)); len(got) > 4200 || !strings.HasSuffix(got, "…") {
		t.Errorf("Printable of 10,000 escapes is %d bytes, ending %q; want it cut short", len(got), got[len(got)-10:])
	}
	p := data.Problem{File: "net.toml", Line: 3, Column: 8, Message: "name \"\x1b]0;owned\a\" is wrong"}
	if got, want := p.String(), `net.toml:3:8: name "\x1b]0;owned\a" is wrong`; got != want {
		t.Errorf("Problem.String() = %q, want %q", got, want)
	}
}
