package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"partnermap/data/datatest"
)

// loose is a valid network written not quite canonically: a list on one
// line, a comment that must stay.
const loose = `# Kept.
[network]
slug = "pair"
name = "Pair"
objectives = ["One"]

[[cities]]
slug = "berlin"
name = "Berlin"
country = "DE"
lat = 52.5200
lon = 13.405

[[partners]]
slug = "city-of-berlin"
name = "City of Berlin"
kind = "city"
role = "coordinator"
city = "berlin"
`

const looseCanonical = `# Kept.
[network]
slug = "pair"
name = "Pair"
objectives = [
  "One",
]

[[cities]]
slug = "berlin"
name = "Berlin"
country = "DE"
lat = 52.52
lon = 13.405

[[partners]]
slug = "city-of-berlin"
name = "City of Berlin"
kind = "city"
role = "coordinator"
city = "berlin"
`

func TestFormatCommand(t *testing.T) {
	canonical := writeFile(t, "canonical.toml", looseCanonical)
	runCommand(t, "fmt", []commandCase{
		{name: "help", args: []string{"--help"}, stdout: "Usage: partnermap fmt"},
		{name: "no file", code: 2},
		{name: "prints the canonical form", args: []string{writeFile(t, "net.toml", loose)}, stdout: looseCanonical},
		{name: "-l lists a file that differs", args: []string{"-l", writeFile(t, "net.toml", loose)}, stdout: "net.toml\n"},
		{name: "-d prints the difference", args: []string{"-d", writeFile(t, "net.toml", loose)}, stdout: "-objectives = [\"One\"]\n+objectives = [\n+  \"One\",\n+]\n"},
		{name: "an unknown key is not dropped", args: []string{"-w", writeFile(t, "net.toml", "[network]\nslug = \"a\"\ncolour = \"red\"\n")}, code: 1,
			stderr: []string{`net.toml:3:1: unknown key "network.colour"`, "correct or delete it first"}},
		{name: "a syntax error", args: []string{writeFile(t, "net.toml", "[network\n")}, code: 1, stderr: []string{"net.toml:1:9: TOML syntax"}},
		{name: "a folder holds no data files", args: []string{t.TempDir()}, code: 1, stderr: []string{"holds no data files"}},
	})
	// -l lists nothing for a canonical file.
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"fmt", "-l", canonical}, noEnv, &stdout, &stderr); err != nil || stdout.Len() > 0 {
		t.Errorf("fmt -l of a canonical file: %v, %q %q", err, stdout.String(), stderr.String())
	}
}

// fmt -w rewrites each file of a folder that differs, through a symbolic
// link to the file itself, with its permissions; a file in the canonical
// form is not touched, nor one that has problems.
func TestFormatWrite(t *testing.T) {
	dir := t.TempDir()
	elsewhere := t.TempDir()
	target := filepath.Join(elsewhere, "real.toml")
	if err := os.WriteFile(target, []byte(loose), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "linked.toml")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.toml")
	if err := os.WriteFile(plain, []byte(datatest.TwoCities()), 0o644); err != nil {
		t.Fatal(err)
	}
	canonical := filepath.Join(dir, "canonical.toml")
	if err := os.WriteFile(canonical, []byte(looseCanonical), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(canonical)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"fmt", "-l", "-w", dir}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("fmt -w: %v\n%s", err, stderr.String())
	}
	if got, want := stdout.String(), link+"\n"; got != want {
		t.Errorf("fmt -l -w listed %q, want %q", got, want)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is no longer a link: %v", err)
	}
	got, _ := os.ReadFile(target)
	if string(got) != looseCanonical {
		t.Errorf("the linked file holds\n%s\nwant\n%s", got, looseCanonical)
	}
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o640 {
		t.Errorf("the rewritten file has mode %v, want 0640", info.Mode().Perm())
	}
	if after, _ := os.Stat(canonical); !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("a file in the canonical form was written")
	}
	if got, _ := os.ReadFile(plain); string(got) != datatest.TwoCities() {
		t.Errorf("a file in the canonical form changed:\n%s", got)
	}
	for _, d := range []string{dir, elsewhere} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmp") {
				t.Errorf("a temporary file is left: %s", e.Name())
			}
		}
	}
}
