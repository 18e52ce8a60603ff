package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"partnermap/data"
)

// partnersCSV is a sheet of three partners in two cities, Palermo without
// coordinates.
const partnersCSV = "partner,kind,role,city,country,latitude,longitude\r\n" +
	"City of Berlin,city,coordinator,Berlin,Germany,52.52,13.405\r\n" +
	"City of Palermo,city,partner,Palermo,Italia,,\r\n" +
	"CESIE,organisation,partner,Palermo,IT,,\r\n"

func TestImport(t *testing.T) {
	sheet := writeFile(t, "partners.csv", partnersCSV)
	bad := writeFile(t, "bad.csv", strings.Replace(partnersCSV, "Palermo,Italia", "Palermmo,Italia", 1))
	dir := t.TempDir()
	out := filepath.Join(dir, "network.toml")
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"to standard output", []string{sheet}, 0, []string{"[[cities]]\nslug = \"palermo\"", "# From the gazetteer: Palermo (seat of its region, "},
			[]string{"partners.csv: 3 partners in 2 cities, 1 city located with the gazetteer"}},
		{"to a file, flags after the file", []string{sheet, "-o", out, "--slug", "conet", "--name", "CoNet", "--start", "2008-04-21"}, 0, nil,
			[]string{"written to " + out}},
		{"a mistake: nothing written", []string{"-o", out, bad}, 1, nil,
			[]string{"bad.csv:3:30: city \"Palermmo\": no place called \"Palermmo\" in Italy in the gazetteer: did you mean Palermo"}},
		{"a bad slug", []string{"--slug", "Co Net", sheet}, 2, nil, []string{"--slug \"Co Net\" is not lowercase and URL-safe: write --slug co-net"}},
		{"a bad day", []string{"--end", "20.5.2011", sheet}, 2, nil, []string{"--end \"20.5.2011\" is not a day: write it as 2008-04-21"}},
		{"no file", nil, 2, nil, []string{"give one spreadsheet to import"}},
		{"two files", []string{sheet, sheet}, 2, nil, []string{"give one spreadsheet to import"}},
		{"a file that is not there", []string{filepath.Join(dir, "none.xlsx")}, 1, nil, []string{"no such file"}},
		{"help", []string{"--help"}, 0, []string{"Usage: partnermap import [flags] FILE", "GeoNames", "CC BY 4.0", "-sheet", "-o FILE"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append([]string{"import"}, tc.args...), noEnv, &stdout, &stderr)
			if got := exitCode(err); got != tc.code {
				t.Fatalf("exit %d, want %d (err %v, stderr %s)", got, tc.code, err, stderr.String())
			}
			msg := stderr.String()
			if err != nil {
				msg += err.Error()
			}
			for _, want := range tc.stdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
				}
			}
			for _, want := range tc.stderr {
				if !strings.Contains(msg, want) {
					t.Errorf("stderr lacks %q:\n%s", want, msg)
				}
			}
			if tc.code == 0 && len(tc.stdout) > 0 && strings.Contains(tc.stdout[0], "cities") {
				if _, _, err := data.ParseChecked("stdout.toml", stdout.Bytes()); err != nil {
					t.Errorf("the output does not validate: %v", err)
				}
			}
		})
	}
	// The file written by the second case survived the failed third, and
	// validate accepts it.
	src, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte("slug = \"conet\"\nname = \"CoNet\"\nstart = 2008-04-21\n")) {
		t.Errorf("the network's flags are not in the file:\n%s", src)
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"validate", "--strict", out}, noEnv, &stdout, &stderr); err != nil {
		t.Errorf("validate --strict %s: %v\n%s", out, err, stderr.String())
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("the file's mode is %v (%v), want 0644", info.Mode(), err)
	}
}

// import -o onto a symbolic link, as a ConfigMap mounts a data file
// (net.toml -> ..data/net.toml, ..data -> ..v1), writes the file the
// link leads to, whole, with its permissions, and the links stay.
func TestImportIntoLink(t *testing.T) {
	t.Parallel()
	sheet := writeFile(t, "partners.csv", partnersCSV)
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "..v1"), 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "..v1", "net.toml")
	if err := os.WriteFile(target, []byte("# the old version\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "net.toml")
	for _, err := range []error{
		os.Symlink("..v1", filepath.Join(dir, "..data")),
		os.Symlink(filepath.Join("..data", "net.toml"), link),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"import", "-o", link, sheet}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if want := "written to " + link + ", a link, into the file it leads to, " + filepath.Join(dir, "..data", "net.toml") + "\n"; !strings.HasSuffix(stderr.String(), want) {
		t.Errorf("import said %q, want it to end with %q", stderr.String(), want)
	}
	for _, l := range []string{link, filepath.Join(dir, "..data")} {
		if info, err := os.Lstat(l); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link: %v, %v", l, info, err)
		}
	}
	src, err := os.ReadFile(target)
	if err != nil || !bytes.Contains(src, []byte("[[partners]]")) {
		t.Errorf("the link's target does not hold the data file: %v\n%s", err, src)
	}
	if info, err := os.Stat(target); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("the target's mode is %v (%v), want its own, 0640", info.Mode(), err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "..v1")); len(entries) != 1 {
		t.Errorf("files left beside the target: %v", entries)
	}
}
