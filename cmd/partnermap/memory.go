package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// The soft memory limit, past which the collector works harder: building
// a site, and compressing it at the best levels afterwards, leave much
// garbage behind, which would otherwise double the memory the server
// holds. While a site is built the limit is the budget of a network at the
// ceiling (data.MaxCities); once it is built, twice the heap the site
// holds, between 100 MB and that budget: the collector keeps little
// garbage without working all the time. GOMEMLIMIT, when set, replaces
// both.
const (
	buildMemoryLimit = 360_000_000
	leastMemoryLimit = 100_000_000
)

// memoryLimit sets the soft memory limit; fixed is true when GOMEMLIMIT
// sets it instead.
type memoryLimit struct{ fixed bool }

// building raises the limit for a site to be built.
func (m memoryLimit) building() {
	if !m.fixed {
		debug.SetMemoryLimit(buildMemoryLimit)
	}
}

// built sets the limit from the heap the site being served holds, once
// what building it left behind is collected.
func (m memoryLimit) built() {
	if m.fixed {
		return
	}
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	live := int64(sample[0].Value.Uint64())
	debug.SetMemoryLimit(min(max(2*live, leastMemoryLimit), buildMemoryLimit))
}
