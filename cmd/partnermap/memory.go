package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"

	"partnermap/web"
)

// The soft memory limit, past which the collector works harder: building
// a site, and compressing it at the best levels afterwards, leave much
// garbage behind, which would otherwise double the memory the server
// holds. While a site is built the limit is the budget of a network at the
// ceiling (data.MaxCities); a reload empties the cache first. Once it is
// built, the limit is half as much again as the site can hold at its
// fullest: the heap it holds now, and the budget of its cache
// (--max-memory), which fills as pages are visited. Below a full cache
// the collector keeps its own pace, and on a full cache it still collects
// only once a third of the heap is garbage, never all the time.
// GOMEMLIMIT, when set, replaces both.
const (
	buildMemoryLimit = 360_000_000
	leastMemoryLimit = 100_000_000
)

// memoryLimit sets the soft memory limit; fixed is true when GOMEMLIMIT
// sets it instead. budget is the site's cache's, in bytes.
type memoryLimit struct {
	fixed  bool
	budget int64
}

// building raises the limit for a site to be built.
func (m memoryLimit) building() {
	if !m.fixed {
		debug.SetMemoryLimit(buildMemoryLimit)
	}
}

// built sets the limit from the heap the site being served holds, once
// what building it left behind is collected, and its cache's budget.
func (m memoryLimit) built() {
	if m.fixed {
		return
	}
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	live := int64(sample[0].Value.Uint64())
	debug.SetMemoryLimit(max((live+m.budget)*3/2, leastMemoryLimit))
}

// maxMemoryFlag adds --max-memory to serve's flags, with its environment
// twin, into p: the budget of the site's cache.
func maxMemoryFlag(fs *flag.FlagSet, p *int64, getenv func(string) string) error {
	*p = web.DefaultMaxMemory
	if v := getenv("PARTNERMAP_MAX_MEMORY"); v != "" {
		n, err := parseSize(v)
		if err != nil {
			return fmt.Errorf("PARTNERMAP_MAX_MEMORY: %w", err)
		}
		*p = n
	}
	fs.Var(sizeFlag{p}, "max-memory", "the most kept of pages rendered on demand and of an atlas's networks' sites, such as `256MB`; the least recently used go first ($PARTNERMAP_MAX_MEMORY)")
	return nil
}
