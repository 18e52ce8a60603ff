package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"partnermap/data"
	"partnermap/data/datatest"
	"partnermap/web"
)

// networkVersion is datatest's two cities numbered in the network's name
// and full name and in a city's, so that a page shows twice which version
// it was built from. Small keeps each rebuild quick under the race
// detector.
func networkVersion(i int) string {
	return strings.NewReplacer(
		`name = "Pair"`, fmt.Sprintf(`name = "Net %d"`, i),
		`full_name = "Two cities that worked together"`, fmt.Sprintf(`full_name = "Version %d"`, i),
		`name = "Berlin"`, fmt.Sprintf(`name = "Berlin %d"`, i),
	).Replace(datatest.TwoCities())
}

func versionOf(src string) string {
	sum := sha256.Sum256([]byte(src))
	return hex.EncodeToString(sum[:6])
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// pageVersions makes a reader of which version a page was built from,
// which gives -1 for a page that is incomplete or mixes two versions.
func pageVersions() func(body string) int {
	title := regexp.MustCompile(`<title>(?:Berlin \d+ – )?Net (\d+)`)
	city := regexp.MustCompile(`aria-label="Berlin (\d+), Germany, coordinator"`)
	return func(body string) int {
		t, c := title.FindStringSubmatch(body), city.FindStringSubmatch(body)
		if t == nil || c == nil || t[1] != c[1] || !strings.HasSuffix(strings.TrimSpace(body), "</html>") {
			return -1
		}
		n, _ := strconv.Atoi(t[1])
		return n
	}
}

// watching is a server started with --watch on a data file.
type watching struct {
	t           *testing.T
	base        string
	logs        *syncBuffer
	pageVersion func(body string) int
}

// watch serves file with --watch and the other arguments until the test
// ends.
func watch(t *testing.T, file string, args ...string) *watching {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	w := &watching{t: t, base: "http://" + addr, logs: &syncBuffer{}, pageVersion: pageVersions()}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--watch", "--data", file, "--addr", addr}, args...), noEnv, io.Discard, w.logs)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return w
}

// healthBody is what /healthz answers, "" while the server is not up.
func (w *watching) healthBody() string {
	resp, err := http.Get(w.base + "/healthz")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

func (w *watching) health() web.Health {
	var h web.Health
	json.Unmarshal([]byte(w.healthBody()), &h)
	return h
}

// waitFor polls /healthz until ok says so.
func (w *watching) waitFor(what string, ok func(web.Health) bool) web.Health {
	w.t.Helper()
	for deadline := time.Now().Add(waitLimit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if h := w.health(); ok(h) {
			return h
		}
	}
	w.t.Fatalf("waited in vain for %s; health %s\n%s", what, w.healthBody(), w.logs.String())
	return web.Health{}
}

// serving says that the site is built from src, and nothing was refused
// since.
func serving(src string) func(web.Health) bool {
	return func(h web.Health) bool { return h.Version == versionOf(src) && h.LastError == nil }
}

// refused says that a reload was refused while the site is built from src.
func refused(src string) func(web.Health) bool {
	return func(h web.Health) bool { return h.Version == versionOf(src) && h.LastError != nil }
}

// page fetches a page, which must be whole and from one version.
func (w *watching) page(path string) int {
	w.t.Helper()
	resp, err := http.Get(w.base + path)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	v := w.pageVersion(string(body))
	if resp.StatusCode != 200 || v < 0 {
		w.t.Fatalf("%s: status %d, an incomplete or mixed page: %.200s", path, resp.StatusCode, body)
	}
	return v
}

// Saving good, bad, truncated, renamed-over and deleted files, and 20 saves
// in a row: the site follows the good ones, keeps the last good one
// otherwise, and every response meanwhile comes from one complete site.
func TestWatch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "network.toml")
	write := func(src string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(networkVersion(1))
	w := watch(t, file)
	base, logs, waitFor, pageVersion := w.base, w.logs, w.waitFor, w.pageVersion
	waitFor("the first version", serving(networkVersion(1)))

	// Readers all along: each page whole, and from one version.
	var stop atomic.Bool
	var wg sync.WaitGroup
	var requests, failures atomic.Int64
	var mu sync.Mutex
	seen := map[int]bool{}
	for w := range 4 {
		wg.Go(func() {
			client := &http.Client{Timeout: 10 * time.Second}
			for i := 0; !stop.Load(); i++ {
				path := []string{"/", "/cities/berlin/", "/embed/cities/berlin/?list=0"}[(i+w)%3]
				resp, err := client.Get(base + path)
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					t.Errorf("%s: %v", path, err)
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				v := pageVersion(string(body))
				if resp.StatusCode != 200 || v < 0 {
					failures.Add(1)
					t.Errorf("%s: status %d, an incomplete or mixed page: %.200s", path, resp.StatusCode, body)
					continue
				}
				mu.Lock()
				seen[v] = true
				mu.Unlock()
			}
		})
	}

	write(networkVersion(2))
	waitFor("version 2", serving(networkVersion(2)))

	write("[network]\nslug = \"net\"\nname = \n")
	h := waitFor("the bad file to be refused", func(h web.Health) bool { return h.LastError != nil })
	if h.Version != versionOf(networkVersion(2)) || !strings.HasPrefix(h.LastError.Problems[0], "network.toml:3:") {
		t.Errorf("after a bad save: %+v", h)
	}
	if !regexp.MustCompile(`level=ERROR msg="reload refused" problem="` + regexp.QuoteMeta(file) + `:3:\d+: `).MatchString(logs.String()) {
		t.Errorf("the log does not show FILE:LINE:COL:\n%s", logs.String())
	}

	write(networkVersion(2))
	waitFor("the error to clear when the file is good again", serving(networkVersion(2)))
	v3 := networkVersion(3)
	write(v3[:strings.Index(v3, `full_name = "`)+len(`full_name = "`)+3])
	h = waitFor("the truncated file to be refused", func(h web.Health) bool { return h.LastError != nil })
	if h.Version != versionOf(networkVersion(2)) {
		t.Errorf("a truncated file was served: %+v", h)
	}
	write(strings.Replace(v3, "lat = 38.1157\nlon = 13.3613", "lat = 13.3613\nlon = 38.1157", 1))
	h = waitFor("the file with a city outside its country to be refused", func(h web.Health) bool {
		return h.LastError != nil && strings.Contains(h.LastError.Problems[0], "did you swap lat and lon?")
	})
	if h.Version != versionOf(networkVersion(2)) || !strings.HasPrefix(h.LastError.Problems[0], "network.toml:17:1: lat = 13.3613, lon = 38.1157 lies ") {
		t.Errorf("a city outside its country: %+v", h)
	}

	tmp := filepath.Join(dir, ".network.toml.swp")
	if err := os.WriteFile(tmp, []byte(v3), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
	waitFor("the renamed-over version 3", serving(v3))

	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	h = waitFor("the deleted file to be reported", func(h web.Health) bool { return h.LastError != nil })
	if h.Version != versionOf(v3) || !strings.Contains(h.LastError.Problems[0], "gone") {
		t.Errorf("after deleting the file: %+v", h)
	}
	write(networkVersion(4))
	waitFor("version 4 after the file came back", serving(networkVersion(4)))

	before := strings.Count(logs.String(), `msg=reloaded`)
	for i := 5; i <= 24; i++ {
		write(networkVersion(i))
		time.Sleep(10 * time.Millisecond)
	}
	waitFor("the last of 20 quick saves", serving(networkVersion(24)))
	reloads := strings.Count(logs.String(), `msg=reloaded`) - before
	t.Logf("20 saves in %d ms made %d reloads", 20*10, reloads)
	if reloads >= 10 {
		t.Errorf("20 quick saves made %d reloads", reloads)
	}

	stop.Store(true)
	wg.Wait()
	t.Logf("%d requests during the saves, %d failures; versions seen %v", requests.Load(), failures.Load(), seen)
	for v := range seen {
		if v < 1 || v > 24 {
			t.Errorf("version %d was served", v)
		}
	}
	if !seen[2] || !seen[24] {
		t.Errorf("the readers did not see versions 2 and 24: %v", seen)
	}
}

// Kubernetes mounts a ConfigMap as links: network.toml -> ..data/network.toml,
// ..data -> a folder per version, and updates it by making a new folder
// and renaming a new ..data link over the old one. No event names
// network.toml, yet the site follows each update.
func TestWatchConfigMap(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	version := func(i int, src string) {
		t.Helper()
		folder := fmt.Sprintf("..2026_11_28_v%d", i)
		if err := os.Mkdir(filepath.Join(dir, folder), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, folder, "network.toml"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		// As kubelet does it: a new link beside, renamed over ..data.
		if err := os.Symlink(folder, filepath.Join(dir, "..data_tmp")); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data")); err != nil {
			t.Fatal(err)
		}
		if i > 1 {
			if err := os.RemoveAll(filepath.Join(dir, fmt.Sprintf("..2026_11_28_v%d", i-1))); err != nil {
				t.Fatal(err)
			}
		}
	}
	version(1, networkVersion(1))
	file := filepath.Join(dir, "network.toml")
	if err := os.Symlink(filepath.Join("..data", "network.toml"), file); err != nil {
		t.Fatal(err)
	}
	w := watchChild(t, file, false)
	w.waitFor("the first version", serving(networkVersion(1)))

	version(2, networkVersion(2))
	w.waitFor("the update of the ConfigMap to version 2", serving(networkVersion(2)))
	if v := w.page("/cities/berlin/"); v != 2 {
		t.Errorf("the page is of version %d after the update, want 2", v)
	}
	version(3, "[network]\nslug = \"net\"\nname = \n")
	h := w.waitFor("a bad update to be refused", refused(networkVersion(2)))
	if !strings.HasPrefix(h.LastError.Problems[0], "network.toml:3:") {
		t.Errorf("problems %q, want network.toml:3:...", h.LastError.Problems)
	}
	version(4, networkVersion(4))
	w.waitFor("the update of the ConfigMap to version 4", serving(networkVersion(4)))
}

// The data file's name may be a link to a file elsewhere: editing that
// file, in place or by renaming a new one over it, reloads the site, and
// so does pointing the link at another file.
func TestWatchLinkedFile(t *testing.T) {
	t.Parallel()
	dir, elsewhere := t.TempDir(), t.TempDir()
	target := filepath.Join(elsewhere, "real.toml")
	if err := os.WriteFile(target, []byte(networkVersion(1)), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "network.toml")
	if err := os.Symlink(target, file); err != nil {
		t.Fatal(err)
	}
	w := watchChild(t, file, false)
	w.waitFor("the first version", serving(networkVersion(1)))

	if err := os.WriteFile(target, []byte(networkVersion(2)), 0o644); err != nil {
		t.Fatal(err)
	}
	w.waitFor("the linked file edited in place", serving(networkVersion(2)))

	tmp := filepath.Join(elsewhere, ".real.toml.swp")
	if err := os.WriteFile(tmp, []byte(networkVersion(3)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, target); err != nil {
		t.Fatal(err)
	}
	w.waitFor("a new file renamed over the linked one", serving(networkVersion(3)))

	other := filepath.Join(t.TempDir(), "other.toml")
	if err := os.WriteFile(other, []byte(networkVersion(4)), 0o644); err != nil {
		t.Fatal(err)
	}
	relink(t, file, other)
	w.waitFor("the link pointed at another file", serving(networkVersion(4)))
	if err := os.WriteFile(other, []byte(networkVersion(5)), 0o644); err != nil {
		t.Fatal(err)
	}
	w.waitFor("the new target edited", serving(networkVersion(5)))
}

// relink points the link at target in one step, as ln -sfn does with a
// rename.
func relink(t *testing.T, link, target string) {
	t.Helper()
	tmp := link + ".new"
	if err := os.Symlink(target, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, link); err != nil {
		t.Fatal(err)
	}
}

// No data file takes the server down: a link to /dev/zero (not a file), a file over
// --max-data-size, a name of 10 MB, a paragraph of Markdown too long and
// more cities than the ceiling are each refused, with the limit it passes
// and where, while the last good site keeps serving.
func TestWatchLimits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	if err := os.WriteFile(good, []byte(networkVersion(1)), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "network.toml")
	if err := os.Symlink(good, file); err != nil {
		t.Fatal(err)
	}
	w := watchChild(t, file, false, "--max-data-size", "12MB")
	w.waitFor("the first version", serving(networkVersion(1)))

	var crowd strings.Builder // version 2 and its two cities, with cities up to one past the ceiling
	crowd.WriteString(networkVersion(2))
	for i := range data.MaxCities - 1 {
		fmt.Fprintf(&crowd, "\n[[cities]]\nslug = \"c%d\"\nname = \"C\"\ncountry = \"IT\"\nlat = 1\nlon = 1\n", i)
	}
	past := 1 + strings.Count(crowd.String()[:strings.LastIndex(crowd.String(), "[[cities]]")], "\n") // its line
	for _, tc := range []struct {
		name, src, want string
	}{
		{"a link to /dev/zero", "", "network.toml: not a regular file but a device"},
		{"a file over --max-data-size", networkVersion(2) + strings.Repeat("# padding\n", 1_300_000), "network.toml:1:1: the file is larger than 12 MB"},
		{"a name of 10 MB", strings.Replace(networkVersion(2), `name = "Net 2"`, `name = "`+strings.Repeat("n", 10_000_000)+`"`, 1),
			"network.toml:3:1: name is 10000000 characters long, more than the 200 it may have: shorten it"},
		{"a paragraph of Markdown too long", strings.Replace(networkVersion(2), `full_name = "Version 2"`, "full_name = \"Version 2\"\nsummary = \"\"\"\nFirst.\n\n"+strings.Repeat("word ", 401)+"\n\"\"\"", 1),
			"network.toml:8:1: in the Markdown text: a paragraph of 2,005 characters, more than the 2,000 a paragraph may have: split it with a blank line"},
		{"more cities than the ceiling", crowd.String(), fmt.Sprintf("network.toml:%d:3: the network has 25,001 cities, more than the 25,000", past)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.src == "" {
				relink(t, file, "/dev/zero")
			} else {
				bad := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".toml")
				if err := os.WriteFile(bad, []byte(tc.src), 0o644); err != nil {
					t.Fatal(err)
				}
				relink(t, file, bad)
			}
			w.t = t
			h := w.waitFor(tc.name+" to be refused", refused(networkVersion(1)))
			if !strings.HasPrefix(h.LastError.Problems[0], tc.want) {
				t.Errorf("problems %q, want %q", h.LastError.Problems, tc.want)
			}
			if v := w.page("/cities/berlin/"); v != 1 {
				t.Errorf("the page is of version %d, want the last good, 1", v)
			}
			relink(t, file, good)
			w.waitFor("the good file again", serving(networkVersion(1)))
		})
	}
}

// After a reload of a file with thousands of problems, /healthz, which
// anyone may ask for, stays small: the number of problems and the first
// ten, with the file's name but not its folder. The log shows the first
// hundred and counts the rest.
func TestHealthAfterManyProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "network.toml")
	if err := os.WriteFile(file, []byte(networkVersion(1)), 0o644); err != nil {
		t.Fatal(err)
	}
	w := watchChild(t, file, false)
	w.waitFor("the first version", serving(networkVersion(1)))

	var bad strings.Builder
	bad.WriteString(networkVersion(2))
	const cities = 5000 // each in a country that does not exist, with no partner
	for i := range cities {
		fmt.Fprintf(&bad, "\n[[cities]]\nslug = \"c%d\"\nname = \"C\"\ncountry = \"XX\"\nlat = 1\nlon = 1\n", i)
	}
	if err := os.WriteFile(file, []byte(bad.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	w.waitFor("the file with many problems to be refused", refused(networkVersion(1)))
	body := w.healthBody()
	var h web.Health
	if err := json.Unmarshal([]byte(body), &h); err != nil {
		t.Fatal(err)
	}
	t.Logf("/healthz after %d problems: %d bytes", h.LastError.Count, len(body))
	if h.LastError.Count != 2*cities || len(h.LastError.Problems) != 10 {
		t.Errorf("/healthz counts %d problems and shows %d, want %d and 10", h.LastError.Count, len(h.LastError.Problems), 2*cities)
	}
	if len(body) > 8000 {
		t.Errorf("/healthz is %d bytes, want it bounded", len(body))
	}
	if strings.Contains(body, dir) || h.File != "network.toml" || !strings.HasPrefix(h.LastError.Problems[0], "network.toml:") {
		t.Errorf("/healthz shows the data file's folder: %.300s", body)
	}
	logs := w.logs.String()
	if got := strings.Count(logs, `msg="reload refused" problem=`); got != 100 {
		t.Errorf("the log shows %d problems, want the first 100", got)
	}
	if !strings.Contains(logs, `msg="reload refused" more_problems=9900`) {
		t.Errorf("the log does not count the other 9,900 problems:\n%.500s", logs[max(0, len(logs)-500):])
	}
}

// An atlas under --watch: each network file is followed on its own. A bad
// file, or one that breaks a rule across files, keeps its network's last
// good version while the others change; files added and removed come and
// go; every page served meanwhile is whole.
func TestWatchAtlas(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	network := func(slug string, i int) string {
		return strings.Replace(networkVersion(i), `slug = "pair"`, fmt.Sprintf(`slug = %q`, slug), 1)
	}
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// files says which version of each network file is served, and
	// whether a problem is reported.
	files := func(problem bool, want map[string]string) func(web.Health) bool {
		return func(h web.Health) bool {
			if (h.LastError != nil) != problem || len(h.Networks) != len(want) {
				return false
			}
			for _, n := range h.Networks {
				if src, ok := want[n.File]; !ok || n.Version != versionOf(src) {
					return false
				}
			}
			return true
		}
	}
	alpha1, beta1 := network("alpha", 1), network("beta", 1)
	write("alpha.toml", alpha1)
	write("beta.toml", beta1)
	w := watch(t, dir)
	w.waitFor("both networks", files(false, map[string]string{"alpha.toml": alpha1, "beta.toml": beta1}))
	if w.page("/networks/alpha/") != 1 || w.page("/networks/beta/cities/berlin/") != 1 {
		t.Fatal("the networks' first versions are not served")
	}

	alpha2 := network("alpha", 2)
	write("alpha.toml", alpha2)
	w.waitFor("alpha edited", files(false, map[string]string{"alpha.toml": alpha2, "beta.toml": beta1}))
	if w.page("/networks/alpha/") != 2 || w.page("/networks/beta/") != 1 {
		t.Error("editing one network's file changes the other's, or not its own")
	}

	// A syntax error in beta: beta keeps its last good version, and
	// alpha's next edit is taken all the same.
	write("beta.toml", "[network\n"+beta1)
	alpha3 := network("alpha", 3)
	write("alpha.toml", alpha3)
	h := w.waitFor("beta refused, alpha edited", files(true, map[string]string{"alpha.toml": alpha3, "beta.toml": beta1}))
	if got := strings.Join(h.LastError.Problems, "\n"); !strings.Contains(got, "beta.toml:1:") {
		t.Errorf("the refused file's problem is not reported at its line: %s", got)
	}
	if w.page("/networks/beta/") != 1 || w.page("/networks/alpha/cities/berlin/") != 3 {
		t.Error("a bad file does not keep its last good version beside the other's new one")
	}
	if !strings.Contains(w.logs.String(), "beta.toml:1:") {
		t.Errorf("the refused file is not logged:\n%s", w.logs.String())
	}

	// Berlin 60 km south in alpha: still in Germany, but no longer the
	// place of beta's Berlin. Alpha keeps its last good version.
	write("beta.toml", beta1)
	w.waitFor("beta mended", files(false, map[string]string{"alpha.toml": alpha3, "beta.toml": beta1}))
	write("alpha.toml", strings.Replace(network("alpha", 4), "lat = 52.52", "lat = 51.98", 1))
	h = w.waitFor("alpha refused across files", files(true, map[string]string{"alpha.toml": alpha3, "beta.toml": beta1}))
	if got := strings.Join(h.LastError.Problems, "\n"); !strings.Contains(got, "alpha.toml:") || !strings.Contains(got, "25 km") {
		t.Errorf("the rule across files is not reported in the changed file: %s", got)
	}
	// The problem names the other file's place, by the file's name only.
	if body := w.healthBody(); strings.Contains(body, dir) || !strings.Contains(body, "the city of the same slug at beta.toml:") {
		t.Errorf("/healthz shows the folder, or not the other file's name: %s", body)
	}
	if !strings.Contains(w.logs.String(), "at "+filepath.Join(dir, "beta.toml")+":") {
		t.Errorf("the log does not name the other file with its folder:\n%s", w.logs.String())
	}
	if w.page("/networks/alpha/") != 3 {
		t.Error("a file breaking a rule across files does not keep its last good version")
	}

	// A file added, one removed.
	gamma := network("gamma", 5)
	write("gamma.toml", gamma)
	if err := os.Remove(filepath.Join(dir, "beta.toml")); err != nil {
		t.Fatal(err)
	}
	write("alpha.toml", alpha3)
	w.waitFor("gamma added, beta removed", files(false, map[string]string{"alpha.toml": alpha3, "gamma.toml": gamma}))
	if w.page("/networks/gamma/") != 5 {
		t.Error("an added network is not served")
	}
	resp, err := http.Get(w.base + "/networks/beta/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a removed network answers %d", resp.StatusCode)
	}
}
