package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"partnermap/web"
)

// export writes the site as serve builds it, says what it wrote, and
// replaces only what an export wrote.
func TestExport(t *testing.T) {
	t.Parallel()
	src := networkVersion(1)
	file := writeFile(t, "network.toml", src)
	dir := filepath.Join(t.TempDir(), "public")
	vars := map[string]string{"PARTNERMAP_DATA": file, "PARTNERMAP_BASE_URL": "https://map.example.org"}
	env := envOf(vars)
	// Flags may follow the folder.
	code, out, logs := runChild(t, vars, "export", dir, "--base-url", "https://maps.example.net")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, logs)
	}
	stdout := bytes.NewBufferString(out)
	var stderr bytes.Buffer
	// count counts the files in a folder, and the .br and .gz twins among
	// them.
	count := func(dir string) (files, twins int) {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, _ error) error {
			if !d.IsDir() {
				files++
				if ext := filepath.Ext(p); ext == ".br" || ext == ".gz" {
					twins++
				}
			}
			return nil
		})
		return files, twins
	}
	files, twins := count(dir)
	for _, want := range []string{"exported Net 1", "https://maps.example.net", dir, " files, ", " bytes ("} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("summary %q lacks %q", stdout.String(), want)
		}
	}
	if !strings.Contains(stdout.String(), ": "+strconv.Itoa(files)+" files") || twins != 0 || stderr.Len() > 0 {
		t.Errorf("summary %q; %d files written, %d of them twins; %s", stdout.String(), files, twins, stderr.String())
	}
	// With --precompress, each response whose codings are smaller also as
	// FILE.br and FILE.gz, for nginx.
	nginx := filepath.Join(t.TempDir(), "nginx")
	code, out, logs = runChild(t, vars, "export", "--precompress", nginx)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, logs)
	}
	all, twins := count(nginx)
	t.Logf("%d files, %d of them twins, with --precompress; %d without", all, twins, files)
	if all != files+twins || twins < files/2 || !strings.Contains(out, ": "+strconv.Itoa(all)+" files") {
		t.Errorf("%d files, %d of them twins; %d without them; %s", all, twins, files, out)
	}
	precompress := envOf(map[string]string{"PARTNERMAP_BASE_URL": "https://map.example.org", "PARTNERMAP_PRECOMPRESS": "true"})
	if cfg, err := parseExport([]string{dir}, precompress, stdout, &stderr); err != nil || !cfg.precompress {
		t.Errorf("PARTNERMAP_PRECOMPRESS=true: %+v, %v", cfg, err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "cities", "palermo", "index.html"))
	if err != nil || !strings.Contains(string(page), `<link rel="canonical" href="https://maps.example.net/cities/palermo/">`) {
		t.Errorf("cities/palermo/index.html: %v, %.200s", err, page)
	}
	marker, err := os.ReadFile(filepath.Join(dir, web.ExportMarker))
	if err != nil || !strings.Contains(string(marker), versionOf(src)) {
		t.Errorf("marker %q: %v", marker, err)
	}

	// Without the flag, the environment's base URL. (Exporting over an
	// earlier export is the web package's to test.)
	cfg, err := parseExport([]string{dir}, env, stdout, &stderr)
	if err != nil || cfg.site.BaseURL != "https://map.example.org" || cfg.dataFile != file || cfg.dir != dir {
		t.Errorf("from the environment: %+v, %v", cfg, err)
	}

	// A folder of other files is refused, and left alone.
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644)
	stderr.Reset()
	err = run(context.Background(), []string{"export", other}, env, stdout, &stderr)
	if exitCode(err) != 1 || !strings.Contains(stderr.String(), "not empty") {
		t.Errorf("exit %d: %v, %s", exitCode(err), err, stderr.String())
	}
	if body, _ := os.ReadFile(filepath.Join(other, "notes.txt")); string(body) != "mine" {
		t.Errorf("notes.txt changed")
	}
}

func TestExportUsage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		env  map[string]string
		code int
		out  string
	}{
		{"no folder", []string{"export", "--base-url", "https://map.example.org"}, nil, 2, "name the folder"},
		{"no base URL", []string{"export", "out"}, nil, 2, "--base-url is needed"},
		{"two folders", []string{"export", "--base-url", "https://map.example.org", "a", "b"}, nil, 2, "one folder only"},
		{"bad base URL", []string{"export", "--base-url", "ftp://map.example.org", "out"}, nil, 1, "must start with http:// or https://"},
		{"base URL with a path that is not plain folders", []string{"export", "--base-url", "https://USER.github.io/our map/", "out"}, nil, 1, "has a path that is not plain folders"},
		{"bad data", []string{"export", "--base-url", "https://map.example.org", "--data", "/nonexistent.toml", "out"}, nil, 1, "no such file"},
		{"bad PARTNERMAP_PRECOMPRESS", []string{"export", "--base-url", "https://map.example.org", "out"}, map[string]string{"PARTNERMAP_PRECOMPRESS": "maybe"}, 2, `PARTNERMAP_PRECOMPRESS="maybe": write true or false`},
		{"help", []string{"help", "export"}, nil, 0, "PARTNERMAP_BASE_URL"},
		{"help on precompressing", []string{"export", "--help"}, nil, 0, "-precompress"},
		{"--help", []string{"export", "--help"}, nil, 0, "Usage: partnermap export [flags] DIR"},
		{"listed in help", []string{"help"}, nil, 0, "partnermap export [flags] DIR"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, envOf(tc.env), &stdout, &stderr)
			if got := exitCode(err); got != tc.code {
				t.Fatalf("exit %d, want %d (%v, %s)", got, tc.code, err, stderr.String())
			}
			all := stdout.String() + stderr.String()
			if err != nil {
				all += err.Error()
			}
			if !strings.Contains(all, tc.out) {
				t.Errorf("output lacks %q: %s", tc.out, all)
			}
		})
	}
}

// Export follows a link to a folder: it replaces what the link points to,
// and the link stays. A link that points nowhere is refused before the
// data is read or the site built. What export prints from the data file,
// the network's name, has its control characters escaped.
func TestExportIntoLink(t *testing.T) {
	t.Parallel()
	file := writeFile(t, "network.toml", strings.Replace(networkVersion(1), `name = "Net 1"`, `name = "`+hostileName+`"`, 1))
	root := t.TempDir()
	release := filepath.Join(root, "releases", "v1")
	if err := os.MkdirAll(release, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "public")
	if err := os.Symlink(filepath.Join("releases", "v1"), link); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"PARTNERMAP_DATA": file, "PARTNERMAP_BASE_URL": "https://map.example.org"}
	env := envOf(vars)
	code, out, logs := runChild(t, vars, "export", link)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, logs)
	}
	stdout := bytes.NewBufferString(out)
	var stderr bytes.Buffer
	said := link + " is a link to " + release + ": exporting into that folder; the link stays\n"
	if !strings.HasPrefix(stdout.String(), said) {
		t.Errorf("export said %q, want it to start with %q", stdout.String(), said)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", info, err)
	}
	if _, err := os.Stat(filepath.Join(release, "cities", "palermo", "index.html")); err != nil {
		t.Errorf("the export is not in the folder the link points to: %v", err)
	}
	if want := "exported " + hostileEscaped + " ("; !strings.Contains(stdout.String(), want) || strings.ContainsFunc(stdout.String(), rawControl) {
		t.Errorf("export printed %q, want %q and no control character", stdout.String(), want)
	}

	bad := writeFile(t, "bad.toml", "[network]\nslug = \"x\"\n")
	dangling := filepath.Join(root, "gone")
	if err := os.Symlink(filepath.Join("releases", "v2"), dangling); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	err := run(context.Background(), []string{"export", "--data", bad, dangling}, env, stdout, &stderr)
	want := "partnermap export: " + dangling + " is a link to releases/v2, which does not exist: make that folder first, or export into another folder\n"
	if exitCode(err) != 1 || stderr.String() != want {
		t.Errorf("exit %d, %q; want 1 and only %q, before the data file is read", exitCode(err), stderr.String(), want)
	}
	if _, err := os.Lstat(filepath.Join(root, "releases", "v2")); err == nil {
		t.Error("the folder the dangling link names was made")
	}
}
