package main

import (
	"io"
	"runtime/debug"
	"strings"
	"testing"

	"partnermap/web"
)

// The cache's budget comes from --max-memory, or its environment twin,
// written as sizes are, and a size that is none stops serve with a clear
// message.
func TestMaxMemory(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want int64
	}{
		{"default", nil, nil, web.DefaultMaxMemory},
		{"flag", []string{"--max-memory", "256MB"}, nil, 256_000_000},
		{"environment", nil, map[string]string{"PARTNERMAP_MAX_MEMORY": "1GiB"}, 1 << 30},
		{"flag over environment", []string{"--max-memory", "64 MB"}, map[string]string{"PARTNERMAP_MAX_MEMORY": "1GB"}, 64_000_000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseServe(tc.args, envOf(tc.env), io.Discard, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.site.MaxMemory != tc.want {
				t.Errorf("budget %d, want %d", cfg.site.MaxMemory, tc.want)
			}
		})
	}
	for _, bad := range []struct {
		args []string
		env  map[string]string
		msg  string
	}{
		{[]string{"--max-memory", "lots"}, nil, `invalid value "lots" for flag -max-memory: "lots" is not a size`},
		{nil, map[string]string{"PARTNERMAP_MAX_MEMORY": "-5MB"}, `PARTNERMAP_MAX_MEMORY: "-5MB" is not a size`},
	} {
		var stderr strings.Builder
		_, err := parseServe(bad.args, envOf(bad.env), io.Discard, &stderr)
		if exitCode(err) != 2 || !strings.Contains(stderr.String(), bad.msg) {
			t.Errorf("%v %v: exit %d, %q; want 2 and %q", bad.args, bad.env, exitCode(err), stderr.String(), bad.msg)
		}
	}
}

// The soft memory limit of a site served sits above what its cache may
// hold, so that a full cache never keeps the collector running; GOMEMLIMIT
// replaces it.
func TestMemoryLimitAboveTheBudget(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	budget := int64(400_000_000)
	memoryLimit{budget: budget}.built()
	if limit := debug.SetMemoryLimit(-1); limit < budget*3/2 {
		t.Errorf("the limit is %d, under half as much again as the budget of %d", limit, budget)
	}
	debug.SetMemoryLimit(123_000_000)
	memoryLimit{fixed: true, budget: budget}.built()
	if limit := debug.SetMemoryLimit(-1); limit != 123_000_000 {
		t.Errorf("GOMEMLIMIT's limit became %d", limit)
	}
}
