package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"partnermap/data"
	"partnermap/data/diff"
	"partnermap/data/store"
)

const fmtHelp = `Usage: partnermap fmt [flags] FILE|DIR...

Rewrite data files in the canonical form, as gofmt does for Go: the
[network] table, then each city and each partner; in each table its keys in
the format's order, then its tables; lists one item a line, translations as
[TABLE.translations.LANG] tables. Comments stay with what they are about.
A folder is every *.toml directly in it, atlas.toml included.

By default the canonical form of each file is printed. A file that does not
decode, or has keys the format does not know, is not rewritten: its
problems are printed as FILE:LINE:COL: message, and the exit status is 1.

Flags:
`

// formatFiles is partnermap fmt.
func formatFiles(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fmt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	list := fs.Bool("l", false, "list the files whose canonical form differs from what they hold, and print nothing else")
	show := fs.Bool("d", false, "print the difference between each file and its canonical form")
	write := fs.Bool("w", false, "write the canonical form into each file that differs (a new file, then renamed over the old one)")
	var maxSize int64
	if err := maxSizeFlag(fs, &maxSize, getenv); err != nil {
		fmt.Fprintln(stderr, "partnermap fmt:", err)
		return exitError(2)
	}
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), fmtHelp)
		fs.PrintDefaults()
	}
	if askedForHelp(args) {
		fs.SetOutput(stdout)
		fs.Usage()
		return nil
	}
	if err := fs.Parse(args); err != nil {
		return exitError(2)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitError(2)
	}
	var files []string
	for _, arg := range fs.Args() {
		info, err := os.Stat(arg)
		if err != nil {
			return err
		}
		if !info.IsDir() {
			files = append(files, arg)
			continue
		}
		names, err := filepath.Glob(filepath.Join(arg, "*.toml"))
		if err != nil {
			return err
		}
		if len(names) == 0 {
			fmt.Fprintf(stderr, "partnermap fmt: %s holds no data files (*.toml)\n", arg)
			return exitError(1)
		}
		files = append(files, names...)
	}
	failed := false
	for _, file := range files {
		src, err := data.ReadFile(file, maxSize)
		if err == nil {
			var out []byte
			out, err = data.Canonical(file, src)
			if err == nil {
				err = report(file, src, out, *list, *show, *write, stdout)
			}
		}
		if err != nil {
			printError(stderr, err)
			failed = true
		}
	}
	if failed {
		return exitError(1)
	}
	return nil
}

// report does with one file's canonical form what the flags ask.
func report(file string, src, out []byte, list, show, write bool, stdout io.Writer) error {
	differs := !bytes.Equal(src, out)
	if list && differs {
		fmt.Fprintln(stdout, file)
	}
	if show && differs {
		if _, err := stdout.Write(diff.Unified(file+".orig", file, src, out)); err != nil {
			return err
		}
	}
	if write && differs {
		if err := store.ReplaceFile(file, out, 0o644); err != nil {
			return err
		}
	}
	if !list && !show && !write {
		_, err := stdout.Write(out)
		return err
	}
	return nil
}
