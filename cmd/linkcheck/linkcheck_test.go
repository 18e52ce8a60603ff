package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// write lays files out under a new folder and returns it.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// check runs the command in dir over files and returns its status and
// what it printed.
func check(t *testing.T, dir string, files ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := run(files, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

const guide = `# Running it

## Limits

Within [the limits](#limits).

## Hosting under a path: nginx, Caddy & "others"

## Limits

## ` + "`make run DATA=path`" + ` serves *your* data

## Übersicht

` + "```sh" + `
# not a heading, so no anchor
` + "```" + `

- ### A heading in a list
`

func TestLinksThatLeadWhereTheySay(t *testing.T) {
	dir := write(t, map[string]string{
		"docs/running.md": guide,
		"data/conet.toml": "",
		"README.md": `# partnermap

![The map](data/conet.toml) and [the data](data/conet.toml), [a folder](data/),
[the guide](docs/running.md), [its limits](docs/running.md#limits),
[the second limits](docs/running.md#limits-1),
[hosting](docs/running.md#hosting-under-a-path-nginx-caddy--others),
[make run](docs/running.md#make-run-datapath-serves-your-data),
[Übersicht](docs/running.md#übersicht), [in a list](docs/running.md#a-heading-in-a-list),
[from the root](/docs/running.md#limits), [this page](#partnermap),
[a line of a file](data/conet.toml#L2),
[elsewhere](https://example.org/nowhere#nothing), [mail](mailto:partnership@cesie.org),
[a reference][ref].

[ref]: docs/running.md#running-it
`,
	})
	code, stdout, stderr := check(t, dir, "README.md", "docs/running.md")
	if code != 0 || stderr != "" {
		t.Fatalf("status %d, printed:\n%s%s", code, stdout, stderr)
	}
	if want := "linkcheck: 17 links in 2 files lead where they say\n"; stdout != want {
		t.Errorf("printed %q, want %q", stdout, want)
	}
}

func TestBrokenLinksAreReportedAtTheirLine(t *testing.T) {
	dir := write(t, map[string]string{
		"docs/running.md": guide,
		"docs/index.md": `# Docs

See [running it](running.md#limits), [the nowhere page](nowhere.md),
and [the limits twice over](running.md#limits-2).

| page | |
| --- | --- |
| [hosting](running.md#hosting-under-a-path) | a table cell |

A link [broken over
two lines](running.md#limit) and [here](#doc).
`,
	})
	code, stdout, stderr := check(t, dir, "docs/index.md")
	if code != 1 {
		t.Errorf("status %d, want 1", code)
	}
	want := []string{
		`docs/index.md:3: link "nowhere.md": no file docs/nowhere.md`,
		`docs/index.md:4: link "running.md#limits-2": no heading in docs/running.md has the anchor #limits-2: did you mean #limits-1?`,
		`docs/index.md:8: link "running.md#hosting-under-a-path": no heading in docs/running.md has the anchor #hosting-under-a-path`,
		`docs/index.md:10: link "running.md#limit": no heading in docs/running.md has the anchor #limit: did you mean #limits?`,
		`docs/index.md:11: link "#doc": no heading in this file has the anchor #doc: did you mean #docs?`,
	}
	if got := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("printed:\n%s\nwant:\n%s", stdout, strings.Join(want, "\n"))
	}
	if want := "linkcheck: 5 of 6 links in 1 files are broken\n"; stderr != want {
		t.Errorf("printed %q on stderr, want %q", stderr, want)
	}
}

func TestAnchorsAsGitHubMakesThem(t *testing.T) {
	s := slugger{}
	for _, tc := range []struct{ heading, want string }{
		{"Running it: version, container, service", "running-it-version-container-service"},
		{"Embedding the map (for communications staff)", "embedding-the-map-for-communications-staff"},
		{"Link previews, search engines, print and no JavaScript", "link-previews-search-engines-print-and-no-javascript"},
		{"History: every change a commit", "history-every-change-a-commit"},
		{"snake_case and 2.0", "snake_case-and-20"},
		{"Română", "română"},
		{"Limits", "limits"},
		{"Limits", "limits-1"},
		{"Limits", "limits-2"},
		{"Limits 1", "limits-1-1"},
	} {
		if got := s.slug(tc.heading); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.heading, got, tc.want)
		}
	}
}

func TestNoFilesIsAUsageError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage: linkcheck") {
		t.Errorf("status %d, printed %q", code, stderr.String())
	}
}
