package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"partnermap/data"
	"partnermap/data/spreadsheet"
)

// partnersCSV is a sheet of three partners in two cities, Palermo without
// coordinates.
const partnersCSV = "partner,kind,role,city,country,latitude,longitude\r\n" +
	"City of Berlin,city,coordinator,Berlin,Germany,52.52,13.405\r\n" +
	"City of Palermo,city,partner,Palermo,Italia,,\r\n" +
	"CESIE,organisation,partner,Palermo,IT,,\r\n"

func TestImport(t *testing.T) {
	t.Parallel()
	sheet := writeFile(t, "partners.csv", partnersCSV)
	bad := writeFile(t, "bad.csv", strings.Replace(partnersCSV, "Palermo,Italia", "Palermmo,Italia", 1))
	dir := t.TempDir()
	out := filepath.Join(dir, "network.toml")
	// Berlin by another name, which joins the test atlas's Berlin.
	mitte := writeFile(t, "mitte.csv", strings.Replace(partnersCSV, "Berlin,Germany,52.52,13.405", "Berlin (Mitte),Germany,52.52,13.405", 1))
	atlas, empty := filepath.Join("..", "..", "data", "testdata", "atlas"), t.TempDir()
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"to standard output", []string{sheet}, 0, []string{"[[cities]]\nslug = \"palermo\"", "# From the gazetteer: Palermo (seat of its region, "},
			[]string{"partners.csv: 3 partners in 2 cities, 1 city located with the gazetteer"}},
		{"to a file, flags after the file", []string{sheet, "-o", out, "--slug", "conet", "--name", "CoNet", "--start", "2008-04-21"}, 0, nil,
			[]string{"written to " + out}},
		{"a mistake: nothing written", []string{"-o", out, bad}, 1, nil,
			[]string{"bad.csv:3:30: city \"Palermmo\": no place called \"Palermmo\" in Italy in the gazetteer: did you mean Palermo"}},
		{"a city of another name", []string{mitte}, 0, []string{"[[cities]]\nslug = \"berlin-mitte\"\nname = \"Berlin (Mitte)\""}, nil},
		{"joining an atlas", []string{"--atlas", atlas, mitte}, 0, []string{"# The atlas's place Berlin, in 3 networks.\n[[cities]]\nslug = \"berlin\"\nname = \"Berlin (Mitte)\""}, nil},
		{"an atlas that does not load", []string{"--atlas", empty, sheet}, 1, nil, []string{"--atlas " + empty + ": the atlas does not load", "holds no network files"}},
		{"a bad slug", []string{"--slug", "Co Net", sheet}, 2, nil, []string{"--slug \"Co Net\" is not lowercase and URL-safe: write --slug co-net"}},
		{"a bad day", []string{"--end", "20.5.2011", sheet}, 2, nil, []string{"--end \"20.5.2011\" is not a day: write it as 2008-04-21"}},
		{"no file", nil, 2, nil, []string{"give one spreadsheet to import"}},
		{"two files", []string{sheet, sheet}, 2, nil, []string{"give one spreadsheet to import"}},
		{"a file that is not there", []string{filepath.Join(dir, "none.xlsx")}, 1, nil, []string{"no such file"}},
		{"help", []string{"--help"}, 0, []string{"Usage: partnermap import [flags] FILE", "GeoNames", "CC BY 4.0", "-sheet", "-o FILE", "-max-data-size"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append([]string{"import"}, tc.args...), noEnv, &stdout, &stderr)
			if got := exitCode(err); got != tc.code {
				t.Fatalf("exit %d, want %d (err %v, stderr %s)", got, tc.code, err, stderr.String())
			}
			msg := stderr.String()
			if err != nil {
				msg += err.Error()
			}
			for _, want := range tc.stdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
				}
			}
			for _, want := range tc.stderr {
				if !strings.Contains(msg, want) {
					t.Errorf("stderr lacks %q:\n%s", want, msg)
				}
			}
			if tc.code == 0 && len(tc.stdout) > 0 && strings.Contains(tc.stdout[0], "cities") {
				if _, _, err := data.ParseChecked("stdout.toml", stdout.Bytes()); err != nil {
					t.Errorf("the output does not validate: %v", err)
				}
			}
		})
	}
	// The file written by the second case survived the failed third, and
	// validate accepts it.
	src, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte("slug = \"conet\"\nname = \"CoNet\"\nstart = 2008-04-21\n")) {
		t.Errorf("the network's flags are not in the file:\n%s", src)
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"validate", "--strict", out}, noEnv, &stdout, &stderr); err != nil {
		t.Errorf("validate --strict %s: %v\n%s", out, err, stderr.String())
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("the file's mode is %v (%v), want 0644", info.Mode(), err)
	}
}

// import -o onto a symbolic link, as a ConfigMap mounts a data file
// (net.toml -> ..data/net.toml, ..data -> ..v1), writes the file the
// link leads to, whole, with its permissions, and the links stay.
func TestImportIntoLink(t *testing.T) {
	t.Parallel()
	sheet := writeFile(t, "partners.csv", partnersCSV)
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "..v1"), 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "..v1", "net.toml")
	if err := os.WriteFile(target, []byte("# the old version\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "net.toml")
	for _, err := range []error{
		os.Symlink("..v1", filepath.Join(dir, "..data")),
		os.Symlink(filepath.Join("..data", "net.toml"), link),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"import", "-o", link, sheet}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if want := "written to " + link + ", a link, into the file it leads to, " + filepath.Join(dir, "..data", "net.toml") + "\n"; !strings.HasSuffix(stderr.String(), want) {
		t.Errorf("import said %q, want it to end with %q", stderr.String(), want)
	}
	for _, l := range []string{link, filepath.Join(dir, "..data")} {
		if info, err := os.Lstat(l); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link: %v, %v", l, info, err)
		}
	}
	src, err := os.ReadFile(target)
	if err != nil || !bytes.Contains(src, []byte("[[partners]]")) {
		t.Errorf("the link's target does not hold the data file: %v\n%s", err, src)
	}
	if info, err := os.Stat(target); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("the target's mode is %v (%v), want its own, 0640", info.Mode(), err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "..v1")); len(entries) != 1 {
		t.Errorf("files left beside the target: %v", entries)
	}
}

// The import of spreadsheets of the shapes that once cost gigabytes, run
// as the program runs (built without the race detector, in a child
// process under a limit of its address space): each ends at once with
// its problems listed, within a budget of memory. The time and peak
// memory of each are printed.
func TestImportBudget(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := os.Getenv("PARTNERMAP_BIN") // make test passes the one it built
	if bin == "" {
		goTool, err := exec.LookPath(filepath.Join(runtime.GOROOT(), "bin", "go"))
		if err != nil {
			t.Skipf("no go command to build the program with, and no PARTNERMAP_BIN: %v", err)
		}
		bin = filepath.Join(dir, "partnermap")
		if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
	}
	file := func(name string, body []byte) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const header = `<row r="1"><c r="A1" t="inlineStr"><is><t>partner</t></is></c><c r="B1" t="inlineStr"><is><t>city</t></is></c><c r="C1" t="inlineStr"><is><t>kind</t></is></c></row>`
	var far strings.Builder
	for r := 2; r <= 2001; r++ {
		fmt.Fprintf(&far, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
	}
	sparse := file("sparse.csv", []byte("partner,kind,role,city,country\n"))
	if err := os.Truncate(sparse, 2<<30); err != nil {
		t.Fatal(err)
	}
	cellCSV := bytes.Repeat([]byte("n"), 100<<20)
	cellCSV = append(append([]byte("partner,kind,role,city,country\n"), cellCSV...), ",city,coordinator,Berlin,DE\n"...)
	for _, tc := range []struct {
		name string
		path string
		args []string
		want string
	}{
		{"2,000 rows with a cell in column XFD", file("far.xlsx", sheetXLSX(t, "A1:XFD2001", segment{header + far.String(), 1})),
			nil, "far.xlsx:Partners!XFD2: a cell far to the right of the column names"},
		{"one cell at XFD1048576", file("corner.xlsx", sheetXLSX(t, "A1:XFD1048576", segment{header + `<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`, 1})),
			nil, "corner.xlsx:Partners!XFD1048576: the sheet's used range, A1:XFD1048576, has 1,048,576 rows"},
		{"one cell at XFD1048576, the used range not said", file("corner-unsaid.xlsx", sheetXLSX(t, "", segment{header + `<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`, 1})),
			nil, "corner-unsaid.xlsx:Partners!XFD1048576: a cell far to the right of the column names"},
		// 1,048,575 rows under the header, each a number in column A.
		{"1,048,576 rows, the used range not said", file("rows.xlsx", sheetXLSX(t, "", segment{header, 1}, segment{strings.Repeat(`<row><c><v>1</v></c></row>`, 1023), 1025})),
			nil, "rows.xlsx:Partners!A50011: more than 50,000 rows of partners"},
		{"a cell of 100 MB", file("cell.xlsx", sheetXLSX(t, "A1:C2", segment{header + `<row r="2"><c r="A2" t="inlineStr"><is><t>`, 1}, segment{strings.Repeat("n", 1<<20), 100}, segment{`</t></is></c></row>`, 1})),
			nil, "cell.xlsx:Partners!A2: the cell holds 104,857,600 characters, more than any column takes"},
		{"2,000,000 bad lines in 4 MB of CSV", file("bad.csv", append([]byte("partner,kind,role,city,country\n"), bytes.Repeat([]byte("x\n"), 2_000_000)...)),
			nil, "bad.csv:50011:1: more than 50,000 rows of partners"},
		{"a cell of 100 MB in CSV, within a raised --max-data-size", file("cell.csv", cellCSV),
			[]string{"--max-data-size", "200MB"}, "cell.csv:2:1: the cell is longer than 80,008 bytes"},
		{"a sparse CSV of 2 GB", sparse, nil, "sparse.csv:1:1: the file is larger than 32 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// 4 GB of address space, of which the Go runtime reserves
			// more than 1 GB for itself at start: a bound against a
			// sheet that would take the machine's memory, while the
			// peak memory used is held to its budget below.
			const limitKB = 4_000_000
			cmd := exec.Command("sh", append([]string{"-c", `ulimit -v ` + strconv.Itoa(limitKB) + ` && exec "$0" "$@"`, bin, "import"}, append(tc.args, tc.path)...)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			peak := peakMemory(cmd.Process.Pid)
			err := cmd.Wait()
			took := time.Since(start)
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(stderr.String(), tc.want) {
				t.Fatalf("%v, want exit 1 with %q:\n%.3000s", err, tc.want, stderr.String())
			}
			t.Logf("budget: import of %s: %v, peak memory %d MB, %d lines printed", tc.name, took.Round(time.Millisecond), peak(), strings.Count(stderr.String(), "\n"))
			if p := peak(); p > importMemoryBudget {
				t.Errorf("peak memory %d MB, more than the budget of %d MB", p, importMemoryBudget)
			}
			if lines := strings.Count(stderr.String(), "\n"); lines > spreadsheet.MaxProblems+1 {
				t.Errorf("%d lines printed, want at most %d", lines, spreadsheet.MaxProblems+1)
			}
		})
	}
}

// peakMemory follows a process's peak resident memory (VmHWM, of the
// program it runs once it has started it) until it ends; the function
// returned gives it in MB. The rusage of the process would count the
// memory of the test that started it.
func peakMemory(pid int) func() int64 {
	var peak atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		status := fmt.Sprintf("/proc/%d/status", pid)
		for {
			src, err := os.ReadFile(status)
			_, hwm, found := strings.Cut(string(src), "VmHWM:")
			if err != nil || !found {
				return // the process has ended
			}
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.Fields(hwm)[0], "kB")), 10, 64)
			peak.Store(max(peak.Load(), kb/1000))
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return func() int64 {
		<-done
		return peak.Load()
	}
}

// importMemoryBudget is the most memory an import may take, in MB,
// whatever the shape of the spreadsheet.
const importMemoryBudget = 400

// segment is text repeated a number of times.
type segment struct {
	text  string
	times int
}

// sheetXLSX writes a workbook of one sheet, Partners, whose rows are the
// segments, as the sheet's XML (<row> elements), with the used range
// dimension claims ("" for none): a sheet of any shape, written in a
// moment, as no spreadsheet program would write it. Each segment is
// compressed once, on its own, and repeated: deflate's blocks may follow
// one another so, and a sheet of 100 MB costs no more to write than its
// parts.
func sheetXLSX(t *testing.T, dimension string, rows ...segment) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	part := func(name string, segments ...segment) {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		var body []byte
		for _, s := range segments {
			var block bytes.Buffer
			fw, _ := flate.NewWriter(&block, flate.BestSpeed)
			text := []byte(s.text)
			fw.Write(text)
			fw.Flush() // a block that ends on a byte, not the last
			for range s.times {
				body = append(body, block.Bytes()...)
				h.CRC32 = crc32.Update(h.CRC32, crc32.IEEETable, text)
			}
			h.UncompressedSize64 += uint64(len(s.text) * s.times)
		}
		body = append(body, 3, 0) // the last block, empty
		h.CompressedSize64 = uint64(len(body))
		w, err := z.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	part("[Content_Types].xml", segment{`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`, 1})
	part("_rels/.rels", segment{`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`, 1})
	part("xl/workbook.xml", segment{`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Partners" sheetId="1" r:id="rId1"/></sheets></workbook>`, 1})
	part("xl/_rels/workbook.xml.rels", segment{`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`, 1})
	dim := ""
	if dimension != "" {
		dim = `<dimension ref="` + dimension + `"/>`
	}
	sheet := append([]segment{{`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + dim + `<sheetData>`, 1}}, rows...)
	part("xl/worksheets/sheet1.xml", append(sheet, segment{`</sheetData></worksheet>`, 1})...)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
