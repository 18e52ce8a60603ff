package web

import (
	"sync"
	"sync/atomic"
)

// DefaultMaxMemory is the memory a site's cache may hold when the
// operator sets none (Options.MaxMemory): every network of the generated
// atlas of 300 networks (data/datatest.AtlasSize, about 220 KB each once
// built, 65 MB), and half as much again of their pages, some 500.
const DefaultMaxMemory = 96_000_000

// warmLimit is as much as a site renders ahead at the best levels
// (Site.Best), whatever its cache holds: all of a small network, and no
// more than a few seconds of compression for a larger one.
const warmLimit = 32 << 20

// cache holds what a site makes when it is first asked for, responses
// and an atlas's networks' sites alike, within one budget in bytes: past
// it, what was asked for least recently is dropped, to be made again if
// asked for. A site and the sites of its networks share one cache, so that
// a network's site and its pages compete for the same room.
type cache struct {
	mu    sync.Mutex
	limit int
	used  int
	held  []*entry
	// clock orders the uses of held entries: each use of an entry other
	// than the last one used moves it on.
	clock atomic.Uint64
}

// entry is one thing a cache holds: a response, or a network's site.
type entry struct {
	// used is the cache's clock when the entry was last asked for.
	used atomic.Uint64
	// What follows is the cache's, under its lock.
	size  int    // the bytes it holds, as counted
	index int    // in cache.held, while held
	held  bool   // whether the cache counts it
	drop  func() // forgets what it holds, to be made again if asked for
	// owner is the network's site whose response this is, if any: the
	// response goes with that site, as no request can reach it any more.
	owner *entry
	owns  bool // a network's site, which may own responses
}

func newCache(limit int) *cache { return &cache{limit: limit} }

// use records that a held entry was asked for. Asking again for the entry
// last used, as a busy page is, writes nothing.
func (c *cache) use(e *entry) {
	if e.used.Load() != c.clock.Load() {
		e.used.Store(c.clock.Add(1))
	}
}

// keep counts an entry of size bytes, which drop forgets, and makes room
// for it by dropping those asked for least recently. It always keeps the
// newest, however large. owner is the network's site the entry belongs
// to, nil for none.
func (c *cache) keep(e, owner *entry, size int, drop func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if owner != nil && !owner.held {
		return // a response of a network's site dropped meanwhile, which no request reaches any more
	}
	e.used.Store(c.clock.Add(1))
	if e.held {
		c.used -= e.size
	} else {
		e.index, e.held = len(c.held), true
		c.held = append(c.held, e)
	}
	e.size, e.drop, e.owner = size, drop, owner
	c.used += size
	for c.used > c.limit && len(c.held) > 1 {
		oldest := c.held[0]
		for _, h := range c.held[1:] {
			if h.used.Load() < oldest.used.Load() {
				oldest = h
			}
		}
		if oldest == e {
			// A clock that moved past the newest meanwhile: keep it.
			break
		}
		c.remove(oldest)
	}
}

// remove drops a held entry, and the responses of a network's site with
// the site.
func (c *cache) remove(e *entry) {
	if !e.held {
		return
	}
	last := c.held[len(c.held)-1]
	c.held[e.index], last.index = last, e.index
	c.held[len(c.held)-1] = nil
	c.held = c.held[:len(c.held)-1]
	e.held = false
	c.used -= e.size
	e.drop()
	if e.owns {
		var owned []*entry
		for _, h := range c.held {
			if h.owner == e {
				owned = append(owned, h)
			}
		}
		for _, h := range owned {
			c.remove(h)
		}
	}
}

// forget drops the entries that pass a test.
func (c *cache) forget(test func(*entry) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var gone []*entry
	for _, h := range c.held {
		if test(h) {
			gone = append(gone, h)
		}
	}
	for _, h := range gone {
		c.remove(h)
	}
}

// clear drops everything the cache holds.
func (c *cache) clear() {
	c.forget(func(*entry) bool { return true })
}

// holds reports the bytes the cache counts, and how many entries.
func (c *cache) holds() (bytes, entries int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used, len(c.held)
}
