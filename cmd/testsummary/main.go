// Command testsummary runs go test with -json and prints what a person
// needs from it: each package's result and time, the output of the tests
// that failed, the figures tests print for their budgets (lines with
// "budget:"), and the slowest tests, so that a suite that grows slow is
// seen before it times out.
//
//	go run ./cmd/testsummary go test -race -json ./...
//
// It exits with go test's status.
package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// slowest is how many of the slowest tests are listed.
const slowest = 15

// event is a line of go test -json (see go doc test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // of a build's events
	Test       string
	Elapsed    float64
	Output     string
}

// test is a test's name, its package and its time.
type test struct {
	pkg, name string
	elapsed   float64
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: testsummary go test -json [flags] [packages]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	failed := summarize(out, os.Stdout)
	err = cmd.Wait()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		os.Exit(exit.ExitCode())
	case err != nil:
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	case failed:
		os.Exit(1)
	}
}

// summarize reads go test -json from r and writes the summary to w, each
// package's result as it ends; it reports whether anything failed.
func summarize(r io.Reader, w io.Writer) (failed bool) {
	output := map[string][]string{} // of each test (package + " " + name) and package, until it passes
	var budgets []string
	var tests []test
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 1<<20), 1<<26)
	for scanner.Scan() {
		var e event
		if err := json.Unmarshal(scanner.Bytes(), &e); err != nil {
			fmt.Fprintln(w, scanner.Text()) // not an event: say it as it is
			continue
		}
		e.Package = cmp.Or(e.Package, e.ImportPath)
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output", "build-output":
			if !strings.HasPrefix(e.Output, "=== ") { // RUN, PAUSE, CONT
				output[key] = append(output[key], e.Output)
			}
			if strings.Contains(e.Output, "budget: ") {
				budgets = append(budgets, strings.TrimSpace(e.Output))
			}
		case "pass", "skip":
			if e.Test == "" {
				fmt.Fprintf(w, "ok   %-40s %6.1fs\n", e.Package, e.Elapsed)
			} else if !strings.Contains(e.Test, "/") {
				tests = append(tests, test{e.Package, e.Test, e.Elapsed})
			}
			if e.Action == "skip" && e.Test != "" {
				for _, line := range output[key] {
					if strings.HasPrefix(line, "    ") { // the reason
						fmt.Fprintf(w, "skip %s %s: %s", e.Package, e.Test, strings.TrimLeft(line, " "))
					}
				}
			}
			delete(output, key)
		case "fail", "build-fail":
			failed = true
			if e.Test == "" {
				for _, line := range output[key] { // what failed outside a test: a build, a panic, a timeout
					if line != "FAIL\n" && !strings.HasPrefix(line, "FAIL\t") {
						fmt.Fprint(w, line)
					}
				}
				fmt.Fprintf(w, "FAIL %-40s %6.1fs\n", e.Package, e.Elapsed)
			} else {
				fmt.Fprintf(w, "--- FAIL: %s %s (%.1fs)\n", e.Package, e.Test, e.Elapsed)
				for _, line := range output[key] {
					fmt.Fprint(w, line)
				}
				if !strings.Contains(e.Test, "/") {
					tests = append(tests, test{e.Package, e.Test, e.Elapsed})
				}
			}
			delete(output, key)
		}
	}
	if len(budgets) > 0 {
		fmt.Fprintln(w, "\nFigures the tests measured:")
		for _, b := range budgets {
			fmt.Fprintln(w, "  "+b)
		}
	}
	slices.SortFunc(tests, func(a, b test) int { return cmp.Compare(b.elapsed, a.elapsed) })
	fmt.Fprintf(w, "\nThe %d slowest tests:\n", min(slowest, len(tests)))
	for _, t := range tests[:min(slowest, len(tests))] {
		fmt.Fprintf(w, "  %6.1fs  %s %s\n", t.elapsed, t.pkg, t.name)
	}
	return failed
}
