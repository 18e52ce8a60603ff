package admin

import (
	"sync"
	"time"
)

// Sign-in throttling: after freeFailures failed attempts for an account,
// or from an address, each further attempt waits twice as long as the one
// before, from a second up to maxWait. Failures are forgotten a day after
// the last.
const (
	freeFailures = 5
	maxWait      = 15 * time.Minute
	forgetAfter  = 24 * time.Hour
	maxTracked   = 100_000
)

// throttle counts failed sign-ins by key: "name:" and the account's key,
// "addr:" and the address. Unknown names count as known ones do.
type throttle struct {
	mu      sync.Mutex
	now     func() time.Time
	entries map[string]*failures
}

type failures struct {
	count int
	last  time.Time
}

func newThrottle(now func() time.Time) *throttle {
	return &throttle{now: now, entries: map[string]*failures{}}
}

// wait is how long the keys must wait before another attempt: the
// longest of their waits, 0 if none.
func (t *throttle) wait(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var longest time.Duration
	for _, k := range keys {
		f, ok := t.entries[k]
		if !ok || f.count < freeFailures {
			continue
		}
		if left := f.last.Add(delay(f.count)).Sub(now); left > longest {
			longest = left
		}
	}
	return longest
}

// delay is the wait after count failures.
func delay(count int) time.Duration {
	if count < freeFailures {
		return 0
	}
	d := time.Second << min(count-freeFailures, 20)
	return min(d, maxWait)
}

// fail counts a failure for each key.
func (t *throttle) fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.entries) >= maxTracked {
		t.forget(now)
	}
	for _, k := range keys {
		f, ok := t.entries[k]
		if !ok || now.Sub(f.last) > forgetAfter {
			f = &failures{}
			t.entries[k] = f
		}
		f.count++
		f.last = now
	}
}

// succeed forgets an account's failures once it signs in.
func (t *throttle) succeed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.entries, key)
}

// forget drops the failures that no longer hold anyone back, and when
// that is not enough, all of them but those waiting.
func (t *throttle) forget(now time.Time) {
	for k, f := range t.entries {
		if now.Sub(f.last) > forgetAfter || f.count < freeFailures {
			delete(t.entries, k)
		}
	}
	if len(t.entries) >= maxTracked {
		for k, f := range t.entries {
			if now.After(f.last.Add(delay(f.count))) {
				delete(t.entries, k)
			}
		}
	}
}
