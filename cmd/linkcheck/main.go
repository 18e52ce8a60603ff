// Command linkcheck checks the links between the project's Markdown
// files, as GitHub shows them: every relative link must lead to a file or
// folder that exists, and every #anchor to a heading of the Markdown file
// it names. make lint runs it over the README and docs/:
//
//	go run ./cmd/linkcheck README.md docs/*.md
//
// It prints each broken link as FILE:LINE with the link and what is wrong,
// and exits 1 when there is one. Links with a scheme (https:, mailto:)
// are not fetched, and links in raw HTML are not read.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run checks the files args names and reports on stdout and stderr; it
// returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("linkcheck", flag.ContinueOnError)
	flags.SetOutput(stderr)
	root := flags.String("root", ".", "the folder a link starting with / is read from, as GitHub reads it from the repository's")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: linkcheck [-root DIR] FILE.md...")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() == 0 {
		flags.Usage()
		return 2
	}
	c := newChecker(*root)
	links, broken := 0, 0
	for _, file := range flags.Args() {
		n, problems, err := c.check(file)
		if err != nil {
			fmt.Fprintf(stderr, "linkcheck: %v\n", err)
			return 1
		}
		links += n
		broken += len(problems)
		for _, p := range problems {
			fmt.Fprintln(stdout, p)
		}
	}
	if broken > 0 {
		fmt.Fprintf(stderr, "linkcheck: %d of %d links in %d files are broken\n", broken, links, flags.NArg())
		return 1
	}
	fmt.Fprintf(stdout, "linkcheck: %d links in %d files lead where they say\n", links, flags.NArg())
	return 0
}
