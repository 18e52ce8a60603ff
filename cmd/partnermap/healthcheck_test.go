package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHealthcheck(t *testing.T) {
	answer := func(status int, delay time.Duration) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/healthz" {
				http.NotFound(w, r)
				return
			}
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
			}
			w.WriteHeader(status)
		}))
		t.Cleanup(srv.Close)
		return strings.TrimPrefix(srv.URL, "http://")
	}
	healthy := answer(200, 0)
	port := healthy[strings.LastIndex(healthy, ":"):]
	closed := freeAddr(t)
	cases := []struct {
		name   string
		args   []string
		env    map[string]string
		code   int
		stderr string
	}{
		{"answers 200", []string{"--addr", healthy}, nil, 0, ""},
		{"address from the environment", nil, map[string]string{"PARTNERMAP_ADDR": healthy}, 0, ""},
		{"listening on every address", []string{"--addr", "0.0.0.0" + port}, nil, 0, ""},
		{"listening on every address, host left out", []string{"--addr", port}, nil, 0, ""},
		{"answers 503", []string{"--addr", answer(503, 0)}, nil, 1, "answered 503 Service Unavailable"},
		{"answers too late", []string{"--addr", answer(200, 5*time.Second), "--timeout", "200ms"}, nil, 1, "did not answer within 200ms"},
		{"nothing listens", []string{"--addr", closed}, nil, 1, "connection refused"},
		{"stray argument", []string{"now"}, nil, 2, `unexpected argument "now"`},
		{"bad timeout", []string{"--timeout", "soon"}, nil, 2, "invalid value"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append([]string{"healthcheck"}, tc.args...), envOf(tc.env), &stdout, &stderr)
			if got := exitCode(err); got != tc.code {
				t.Fatalf("exit %d, want %d (stderr %s)", got, tc.code, stderr.String())
			}
			if tc.stderr == "" && stderr.Len() > 0 {
				t.Errorf("a healthy answer printed %q", stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tc.stderr)
			}
		})
	}
}
