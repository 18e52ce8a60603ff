package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os/user"
	"strings"
	"text/tabwriter"

	"partnermap/data"
	"partnermap/data/store"
	"partnermap/geo"
)

const historyHelp = `Usage: partnermap history [--data DIR] [NETWORK]

List the versions of the data, the newest first: the commits of the git
repository of the data folder that changed its data files, made through
partnermap or by hand. Each line gives the commit, its time, its author
(and who approved it), its message and the files it changed. With NETWORK,
a network's slug or its file's name, only the versions of that network's
file, a network removed since included.

Flags:
`

const restoreHelp = `Usage: partnermap restore [--data DIR] [flags] VERSION [NETWORK]

Write the data files of VERSION, a commit as partnermap history lists it,
back into the data folder, and record them as a new commit: history is
never rewritten, and a restore can itself be undone by restoring the
version before it. With NETWORK, a network's slug or its file's name, only
that network's file, which may be of a network removed since; without it,
every data file, and the data files VERSION did not have are removed.

The files are checked first as a server loads them; a file changed by hand
and not committed is never written over. A server watching the folder
serves the restored version once it is written.

Flags:
`

// dataFlags adds the flags history and restore share.
func dataFlags(fs *flag.FlagSet, dir *string, maxSize *int64, getenv func(string) string) error {
	fs.StringVar(dir, "data", getenv("PARTNERMAP_DATA"), "the data `file` or atlas's folder ($PARTNERMAP_DATA)")
	return maxSizeFlag(fs, maxSize, getenv)
}

// parseDataCommand parses the flags and words of history or restore.
func parseDataCommand(name, help string, fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (words []string, err error) {
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), help)
		fs.PrintDefaults()
	}
	if askedForHelp(args) {
		fs.SetOutput(stdout)
		fs.Usage()
		return nil, exitError(0)
	}
	// Flags may come before or after the words.
	for {
		if err := fs.Parse(args); err != nil {
			return nil, exitError(2)
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return words, nil
}

// openHistory opens the data for history or restore, whatever its files
// hold now: a bad file is what a restore mends.
func openHistory(dir string, maxSize int64) (*store.Store, error) {
	if dir == "" {
		return nil, errors.New("name the data with --data DIR (or PARTNERMAP_DATA): the embedded network has no history")
	}
	countries, err := outlines()
	if err != nil {
		return nil, err
	}
	return store.Open(dir, store.Options{Mode: store.LastGood, MaxSize: maxSize, Checks: []data.Check{geo.NewBorders(countries).CheckCity}})
}

// history is partnermap history.
func history(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	var dir string
	var maxSize int64
	if err := dataFlags(fs, &dir, &maxSize, getenv); err != nil {
		fmt.Fprintln(stderr, "partnermap history:", err)
		return exitError(2)
	}
	words, err := parseDataCommand("history", historyHelp, fs, args, stdout, stderr)
	switch {
	case errors.Is(err, exitError(0)):
		return nil
	case err != nil:
		return err
	case len(words) > 1:
		fmt.Fprintf(stderr, "partnermap history: one network at most, got %q\n", words)
		return exitError(2)
	}
	network := strings.Join(words, "")
	st, err := openHistory(dir, maxSize)
	if err != nil {
		return commandFailed(stderr, "history", err)
	}
	versions, err := st.History(network)
	switch {
	case errors.Is(err, store.ErrNoHistory):
		fmt.Fprintf(stdout, "%s: %v\n", data.Printable(dir), err)
		return nil
	case err != nil:
		return commandFailed(stderr, "history", err)
	case len(versions) == 0:
		fmt.Fprintf(stdout, "%s: no versions of the data in its repository yet\n", data.Printable(dir))
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, v := range versions {
		who := v.Author.String()
		if !v.Approver.IsZero() {
			who += ", approved by " + v.Approver.String()
		}
		var files []string
		for _, f := range v.Files {
			if f.Action == store.Changed {
				files = append(files, f.Name)
			} else {
				files = append(files, f.Name+" ("+string(f.Action)+")")
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.Short(), v.Time.Format("2006-01-02 15:04 -0700"),
			tabless(who), tabless(v.Subject()), tabless(strings.Join(files, ", ")))
	}
	return tw.Flush()
}

// commandFailed says why a command failed, and fails it.
func commandFailed(stderr io.Writer, command string, err error) error {
	var pathErr *iofs.PathError
	if errors.As(err, &pathErr) {
		err = errors.New(pathErr.Path + ": " + pathErr.Err.Error())
	}
	fmt.Fprintf(stderr, "partnermap %s: %s\n", command, data.Printable(err.Error()))
	return exitError(1)
}

// tabless is text of history made printable, without the tabs that would
// break its columns.
func tabless(s string) string {
	return strings.ReplaceAll(data.Printable(s), `\t`, " ")
}

// restore is partnermap restore.
func restore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	var dir, author, message string
	var maxSize int64
	if err := dataFlags(fs, &dir, &maxSize, getenv); err != nil {
		fmt.Fprintln(stderr, "partnermap restore:", err)
		return exitError(2)
	}
	fs.StringVar(&author, "author", getenv("PARTNERMAP_AUTHOR"), "who restores, as `\"Name <email>\"`; by default the user git names (user.name and user.email), or the system's ($PARTNERMAP_AUTHOR)")
	fs.StringVar(&message, "m", "", "the commit's `message`; by default one that names the files and the version")
	words, err := parseDataCommand("restore", restoreHelp, fs, args, stdout, stderr)
	switch {
	case errors.Is(err, exitError(0)):
		return nil
	case err != nil:
		return err
	case len(words) == 0 || len(words) > 2:
		fmt.Fprint(stderr, "partnermap restore: give the version, and a network if only its file is to be restored: partnermap restore --data DIR 1a2b3c4d [NETWORK]\n")
		return exitError(2)
	}
	fail := func(err error) error { return commandFailed(stderr, "restore", err) }
	st, err := openHistory(dir, maxSize)
	if err != nil {
		return fail(err)
	}
	who, err := restorer(st, author)
	if err != nil {
		return fail(err)
	}
	network := ""
	if len(words) == 2 {
		network = words[1]
	}
	v, err := st.Restore(ctx, words[0], network, store.Change{Author: who, Message: message})
	if err != nil {
		var ps data.Problems
		if errors.As(err, &ps) {
			// Why, then every problem on a line of its own.
			if why := strings.TrimSpace(strings.TrimSuffix(err.Error(), ps.Error())); why != "" {
				fmt.Fprintln(stderr, "partnermap restore:", data.Printable(why))
			}
			printError(stderr, ps)
			return exitError(1)
		}
		return fail(err)
	}
	var files []string
	for _, f := range v.Files {
		files = append(files, f.Name+" ("+string(f.Action)+")")
	}
	fmt.Fprintf(stdout, "%s: %s: %s\n", v.Short(), tabless(v.Subject()), strings.Join(files, ", "))
	return nil
}

// restorer is who a restore names as its author: as --author says, or
// the user git knows, or the system's user.
func restorer(st *store.Store, author string) (store.Person, error) {
	if author != "" {
		p, err := store.ParsePerson(author)
		if err != nil {
			return p, fmt.Errorf("--author: %w", err)
		}
		return p, nil
	}
	if p, ok := st.GitUser(); ok {
		return p, nil
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return store.Person{Name: u.Username}, nil
	}
	return store.Person{}, errors.New("name who restores with --author \"Name <email>\"")
}
