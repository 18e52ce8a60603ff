package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"partnermap/data"
	"partnermap/geo"
	"partnermap/web"
)

// exportConfig is what export is told by flags and environment.
type exportConfig struct {
	dir, dataFile string
	site          web.Options // checked by Options.Check
	maxSize       int64
}

func parseExport(args []string, getenv func(string) string, stdout, stderr io.Writer) (exportConfig, error) {
	var cfg exportConfig
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	str := func(p *string, name, env, help string) {
		fs.StringVar(p, name, getenv(env), help+" ($"+env+")")
	}
	str(&cfg.dataFile, "data", "PARTNERMAP_DATA", "network data `file` (TOML); empty exports the embedded CoNet network")
	str(&cfg.site.BaseURL, "base-url", "PARTNERMAP_BASE_URL", "public `address` the files will be served from, such as https://map.example.org, or under a path, https://USER.github.io/REPO/; pages carry absolute links made from it")
	if err := maxSizeFlag(fs, &cfg.maxSize, getenv); err != nil {
		fmt.Fprintln(stderr, "partnermap export:", err)
		return cfg, exitError(2)
	}
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: partnermap export [flags] DIR\n\n"+
			"Write the whole site into DIR as static files, for nginx, GitHub Pages,\n"+
			"Netlify and the like: the bytes the server sends, with .br and .gz twins,\n"+
			"a _headers file, and oEmbed as JSON files. Embeds are written with their\n"+
			"default options; the map script applies those in the address. DIR must\n"+
			"be new, empty or an earlier export, which is replaced whole.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if askedForHelp(args) {
		fs.SetOutput(stdout)
		fs.Usage()
		return cfg, exitError(0)
	}
	// Flags may come before or after DIR.
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return cfg, exitError(2)
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(rest) == 0:
		fmt.Fprint(stderr, "partnermap export: name the folder to export into: partnermap export --base-url https://map.example.org DIR\n")
		return cfg, exitError(2)
	case len(rest) > 1:
		fmt.Fprintf(stderr, "partnermap export: one folder only, got %q\n", rest)
		return cfg, exitError(2)
	case cfg.site.BaseURL == "":
		fmt.Fprint(stderr, "partnermap export: --base-url is needed: the address the site will be served from, such as https://map.example.org\n")
		return cfg, exitError(2)
	}
	cfg.dir = rest[0]
	return cfg, cfg.site.Check()
}

// export builds the site as serve does, at the best levels, and writes it
// into a folder. Interrupted, it leaves the folder as it was.
func export(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseExport(args, getenv, stdout, stderr)
	if err != nil {
		if errors.Is(err, exitError(0)) {
			return nil
		}
		return err
	}
	// A folder that cannot be exported into is refused before the
	// site is built, which takes a while for a large network; a link is
	// followed, and said so.
	dir, err := web.ExportDir(cfg.dir)
	if err == nil {
		_, err = web.CheckExportTarget(dir)
	}
	if err != nil {
		fmt.Fprintln(stderr, "partnermap export:", err)
		return exitError(1)
	}
	if abs, _ := filepath.Abs(cfg.dir); abs != dir {
		fmt.Fprintf(stdout, "%s is a link to %s: exporting into that folder; the link stays\n", cfg.dir, dir)
	}
	start := time.Now()
	countries, err := outlines()
	if err != nil {
		return err
	}
	_, snap, err := openData(cfg.dataFile, cfg.maxSize, geo.NewBorders(countries).CheckCity, nil)
	if err != nil {
		printError(stderr, err)
		return exitError(1)
	}
	cfg.site.Countries = countries
	_, site, err := render(snap, cfg.site)
	if err != nil {
		return err
	}
	h := health(snap)
	summary, err := site.Best().Export(ctx, dir, h.Version)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "exported %s (%s) for %s: %d files, %s, into %s in %s\n",
		data.Printable(h.Network), h.File, cfg.site.BaseURL, summary.Files, megabytes(summary.Bytes), summary.Dir, time.Since(start).Round(time.Millisecond))
	return nil
}

// megabytes writes a size as people read it: 1 MB = 10^6 bytes.
func megabytes(n int64) string {
	return fmt.Sprintf("%d bytes (%.1f MB)", n, float64(n)/1e6)
}

// askedForHelp reports whether the arguments ask for a command's help,
// which goes to stdout alone: flag would print it to stderr first.
func askedForHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			return true
		}
	}
	return false
}
