package admin

import (
	"sync"
	"time"
)

// rateLimit throttles requests by key, a session's: each key has a bucket
// of burst tokens, which fills again at rate tokens a second; a request
// takes a token, or is told how long to wait for one. Typing in City
// asks for a few suggestions a second, well within it; a script asking
// without end is held to rate.
type rateLimit struct {
	mu      sync.Mutex
	now     func() time.Time
	burst   float64
	rate    float64 // tokens a second
	buckets map[string]*bucket
}

// bucket is a key's tokens when last counted.
type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets bounds the keys remembered: past it, the buckets that would
// be full by now, which hold nobody back, are forgotten.
const maxBuckets = 10_000

func newRateLimit(now func() time.Time, burst, rate float64) *rateLimit {
	return &rateLimit{now: now, burst: burst, rate: rate, buckets: map[string]*bucket{}}
}

// take takes a token for key: 0 when there was one, or else how long
// until there is.
func (l *rateLimit) take(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.forget(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return 0
}

// forget drops the buckets that are full by now, and when that is not
// enough, all of them: more sessions than that asking at once is past
// what one server edits with.
func (l *rateLimit) forget(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxBuckets {
		clear(l.buckets)
	}
}
