package geonames_test

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"partnermap/data/gazetteer"
	"partnermap/data/gazetteer/geonames"
)

// city is a line of a list of names: a city as people write it, and
// where it truly is.
type city struct {
	name, country string
	at            orb.Point
	line          int
}

func readList(tb testing.TB, file string) []city {
	tb.Helper()
	f, err := os.Open(file)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var cs []city
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			tb.Fatalf("%s:%d: %d fields, want name, country, latitude, longitude", file, line, len(f))
		}
		lat, err1 := strconv.ParseFloat(f[2], 64)
		lon, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil {
			tb.Fatalf("%s:%d: bad coordinates", file, line)
		}
		cs = append(cs, city{f[0], f[1], orb.Point{lon, lat}, line})
	}
	return cs
}

// rightKm is how near its true point a city must be found to be right.
const rightKm = 10

// score is how a list of names fares: each name found within rightKm of
// where it is (right), flagged (an error at its cell: ambiguous, or not
// found with suggestions), or found elsewhere without a word (wrong).
type score struct {
	right, flagged, wrong int
	flags, wrongs         []string
}

func (s score) total() int { return s.right + s.flagged + s.wrong }

func (s score) String() string {
	return fmt.Sprintf("%d names: %d right within %d km (%.1f%%), %d flagged, %d wrong in silence",
		s.total(), s.right, rightKm, 100*float64(s.right)/float64(s.total()), s.flagged, s.wrong)
}

func measure(g *gazetteer.Gazetteer, cs []city) score {
	var s score
	for _, c := range cs {
		r := g.Find(c.name, c.country)
		switch {
		case r.Place == nil:
			s.flagged++
			what := "not found"
			if len(r.Ambiguous) > 0 {
				what = "ambiguous"
			}
			s.flags = append(s.flags, fmt.Sprintf("%d: %s (%s): %s", c.line, c.name, c.country, what))
		case gazetteer.Distance(c.at, r.Place.Place) <= rightKm:
			s.right++
		default:
			s.wrong++
			s.wrongs = append(s.wrongs, fmt.Sprintf("%d: %s (%s) found %s, %.0f km away", c.line, c.name, c.country,
				gazetteer.Describe(*r.Place), gazetteer.Distance(c.at, r.Place.Place)))
		}
	}
	return s
}

// The import finds at least 95% of the cities of both lists as people
// write them, and puts none in the wrong place without an error: the
// first list is every EU and EEA capital with the four largest other
// cities of its country, in local spelling, in English and without
// accents; the second was written apart and not tuned to.
func TestAccuracy(t *testing.T) {
	g, err := geonames.Open()
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range []string{"testdata/names.tsv", "testdata/heldout.tsv"} {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(list, "testdata/"), ".tsv"), func(t *testing.T) {
			s := measure(g, readList(t, list))
			t.Logf("%s: %s", list, s)
			for _, f := range s.flags {
				t.Logf("%s:%s", list, f)
			}
			if s.total() < 200 {
				t.Errorf("%d names, want at least 200", s.total())
			}
			if s.right*100 < 95*s.total() {
				t.Errorf("%s: fewer than 95%% right", s)
			}
			for _, w := range s.wrongs {
				t.Errorf("%s:%s", list, w)
			}
		})
	}
}

// BenchmarkAccuracy prints both lists' figures (make bench-import):
// go test ./data/gazetteer/geonames -run '^$' -bench Accuracy -benchtime 1x.
func BenchmarkAccuracy(b *testing.B) {
	g, err := geonames.Open()
	if err != nil {
		b.Fatal(err)
	}
	for _, list := range []string{"names", "heldout"} {
		cs := readList(b, "testdata/"+list+".tsv")
		b.Run(list, func(b *testing.B) {
			var s score
			for b.Loop() {
				s = measure(g, cs)
			}
			b.ReportMetric(float64(s.total()), "names")
			b.ReportMetric(float64(s.right), "right")
			b.ReportMetric(float64(s.flagged), "flagged")
			b.ReportMetric(float64(s.wrong), "wrong")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// cpu is the processor time the process has taken, which a busy machine
// does not stretch as it does the time on the clock.
func cpu() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkOpen measures decoding the embedded table, which import and
// validate do once (target: 200 ms), and making a country's index, which
// they do for each country their file names, in time on the clock and in
// processor time: go test ./data/gazetteer/geonames -run '^$' -bench Open.
func BenchmarkOpen(b *testing.B) {
	b.Run("decode", func(b *testing.B) {
		start := cpu()
		for b.Loop() {
			if _, err := geonames.Decode(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/decode")
		b.ReportMetric(float64((cpu()-start).Milliseconds())/float64(b.N), "cpu-ms/decode")
	})
	b.Run("index-DE", func(b *testing.B) {
		var spent time.Duration
		for b.Loop() {
			b.StopTimer()
			g, err := geonames.Decode()
			if err != nil {
				b.Fatal(err)
			}
			start := cpu()
			b.StartTimer()
			g.Find("Berlin", "DE")
			spent += cpu() - start
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/country")
		b.ReportMetric(float64(spent.Microseconds())/1000/float64(b.N), "cpu-ms/country")
	})
}
