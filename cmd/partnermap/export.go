package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
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
	precompress   bool
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
	precompress := false
	if v := getenv("PARTNERMAP_PRECOMPRESS"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			fmt.Fprintf(stderr, "partnermap export: PARTNERMAP_PRECOMPRESS=%q: write true or false\n", v)
			return cfg, exitError(2)
		}
		precompress = b
	}
	fs.BoolVar(&cfg.precompress, "precompress", precompress, "also write each response compressed, as FILE.br and FILE.gz, for nginx with brotli_static and gzip_static; other hosts never use them ($PARTNERMAP_PRECOMPRESS)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: partnermap export [flags] DIR\n\n"+
			"Write the whole site into DIR as static files, for GitHub Pages, Netlify,\n"+
			"Cloudflare Pages, nginx and the like: the bytes the server sends (with\n"+
			".br and .gz twins for nginx if --precompress), a _headers file, and\n"+
			"oEmbed as JSON files. Embeds are written with their default options;\n"+
			"the map script applies those in the address. DIR must be new, empty or\n"+
			"an earlier export, which is replaced whole. It says how many files and\n"+
			"bytes it wrote, and warns past 20,000 files (Cloudflare Pages) or 1 GB\n"+
			"(GitHub Pages).\n\nFlags:\n")
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
	if cfg.precompress {
		// Twins at the best levels, as the server sends them once it is
		// ready; the plain export compresses nothing.
		if site, err = site.Best(ctx); err != nil {
			return err
		}
	}
	h := health(snap)
	summary, err := site.Export(ctx, dir, web.ExportOptions{Version: h.Version, Precompress: cfg.precompress})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "exported %s (%s) for %s: %d files, %s, into %s in %s\n",
		data.Printable(h.Network), h.File, cfg.site.BaseURL, summary.Files, megabytes(summary.Bytes), summary.Dir, time.Since(start).Round(time.Millisecond))
	for _, w := range summary.Warnings() {
		fmt.Fprintln(stderr, "partnermap export: warning:", w)
	}
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
