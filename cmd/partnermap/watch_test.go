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

	"partnermap/web"
)

// networkVersion is a small network numbered in its name and in a city's,
// so that a page shows twice which version it was built from. Small keeps
// each rebuild quick under the race detector.
func networkVersion(i int) string {
	return fmt.Sprintf(`[network]
slug = "net"
name = "Net %[1]d"
full_name = "Version %[1]d"

[[cities]]
slug = "berlin"
name = "Berlin %[1]d"
country = "DE"
lat = 52.52
lon = 13.405

[[cities]]
slug = "palermo"
name = "Palermo"
country = "IT"
lat = 38.1157
lon = 13.3613

[[partners]]
slug = "city-of-berlin"
name = "City of Berlin"
kind = "city"
role = "coordinator"
city = "berlin"

[[partners]]
slug = "city-of-palermo"
name = "City of Palermo"
kind = "city"
role = "partner"
city = "palermo"
`, i)
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

// pageVersion reads which version a page was built from; -1 when the page
// is incomplete or mixes two versions.
var (
	titleVersion = regexp.MustCompile(`<title>(?:Berlin \d+ – )?Net (\d+)`)
	cityVersion  = regexp.MustCompile(`aria-label="Berlin (\d+), Germany, coordinator"`)
)

func pageVersion(body string) int {
	t, c := titleVersion.FindStringSubmatch(body), cityVersion.FindStringSubmatch(body)
	if t == nil || c == nil || t[1] != c[1] || !strings.HasSuffix(strings.TrimSpace(body), "</html>") {
		return -1
	}
	n, _ := strconv.Atoi(t[1])
	return n
}

// Saving good, bad, truncated, renamed-over and deleted files, and 20 saves
// in a row: the site follows the good ones, keeps the last good one
// otherwise, and every response meanwhile comes from one complete site.
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "network.toml")
	write := func(src string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(networkVersion(1))
	addr := freeAddr(t)
	base := "http://" + addr
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--watch", "--data", file, "--addr", addr}, noEnv, io.Discard, &logs)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	health := func() web.Health {
		var h web.Health
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			return h
		}
		defer resp.Body.Close()
		json.NewDecoder(resp.Body).Decode(&h)
		return h
	}
	waitFor := func(what string, ok func(web.Health) bool) web.Health {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if h := health(); ok(h) {
				return h
			}
		}
		t.Fatalf("waited in vain for %s; health %+v\n%s", what, health(), logs.String())
		return web.Health{}
	}
	serving := func(src string) func(web.Health) bool {
		return func(h web.Health) bool { return h.Version == versionOf(src) && h.LastError == nil }
	}
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
	if h.Version != versionOf(networkVersion(2)) || !strings.HasPrefix(h.LastError.Problems[0], file+":3:") {
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
	if h.Version != versionOf(networkVersion(2)) || !strings.HasPrefix(h.LastError.Problems[0], file+":17:1: lat = 13.3613, lon = 38.1157 lies ") {
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
