package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain removes the program the tests built, if they built one.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// startMain runs the program in a child process with args and waits
// until it answers.
func startMain(t *testing.T, addr string, args ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(programBinary(t), append([]string{"serve", "--addr", addr}, args...)...)
	var logs syncBuffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	for deadline := time.Now().Add(waitLimit); ; time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			return cmd, &logs
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start:\n%s", logs.String())
		}
	}
}

// SIGTERM under load: the server stops accepting, finishes what it took
// on, and exits 0 within its bound. Requests sent before the signal all
// succeed, downloads in progress included.
func TestShutdownUnderLoad(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			addr := freeAddr(t)
			file := filepath.Join(t.TempDir(), "network.toml")
			if err := os.WriteFile(file, []byte(networkVersion(1)), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd, logs := startMain(t, addr, "--data", file)
			base := "http://" + addr
			home, err := http.Get(base + "/")
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(home.Body)
			home.Body.Close()
			script := base + strings.Split(strings.Split(string(page), `<script src="`)[1], `"`)[0]

			type result struct {
				start time.Time
				err   error
			}
			var mu sync.Mutex
			var results []result
			var wg sync.WaitGroup
			stop := make(chan struct{})
			for w := range 16 {
				wg.Go(func() {
					client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DisableCompression: true}}
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						// Every fourth request is a large download, read slowly.
						url, slow := base+[]string{"/", "/cities/berlin/", "/api/network.geojson"}[(i+w)%3], (i+w)%4 == 0
						if slow {
							url = script
						}
						start := time.Now()
						err := fetch(client, url, slow)
						mu.Lock()
						results = append(results, result{start, err})
						mu.Unlock()
						if err != nil {
							return // the server is gone; this worker is done
						}
					}
				})
			}
			// The signal comes once the load is under way: at least
			// loaded requests answered, however busy the machine.
			const loaded = 50
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				mu.Lock()
				n := len(results)
				mu.Unlock()
				if n >= loaded || time.Now().After(deadline) {
					break
				}
			}
			signalled := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			took := time.Since(signalled)
			close(stop)
			wg.Wait()

			if err != nil {
				t.Errorf("exit: %v\n%s", err, logs.String())
			}
			if took > 12*time.Second {
				t.Errorf("took %v to stop", took)
			}
			var before, failed, after int
			for _, r := range results {
				switch {
				case errors.Is(r.err, syscall.ECONNREFUSED):
					after++ // never accepted: the listener was closed
				case r.start.Before(signalled.Add(-5 * time.Millisecond)):
					before++
					if r.err != nil {
						failed++
						t.Errorf("a request sent %v before the signal failed: %v", signalled.Sub(r.start), r.err)
					}
				default:
					after++
				}
			}
			t.Logf("%s: %d requests before the signal, %d failed; %d after; stopped in %v", sig, before, failed, after, took.Round(time.Millisecond))
			if before < loaded {
				t.Errorf("only %d requests before the signal: not much of a load", before)
			}
			if !strings.Contains(logs.String(), "shutting down") {
				t.Errorf("no shutdown in the log:\n%s", logs.String())
			}
		})
	}
}

// fetch gets url and reads the whole body, slowly when asked, checking it
// against Content-Length.
func fetch(client *http.Client, url string, slow bool) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	var body bytes.Buffer
	buf := make([]byte, 8*1024)
	for {
		n, err := resp.Body.Read(buf)
		body.Write(buf[:n])
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if slow {
			time.Sleep(5 * time.Millisecond)
		}
	}
	if resp.ContentLength >= 0 && int64(body.Len()) != resp.ContentLength {
		return fmt.Errorf("%d of %d bytes", body.Len(), resp.ContentLength)
	}
	return nil
}
