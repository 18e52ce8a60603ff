package web

import (
	"slices"
	"sync"
	"sync/atomic"

	"partnermap/components"
)

// lazyResource is a response rendered when it is first asked for, then
// kept while the site's cache has room. A small network has room for all of
// its responses, which the site renders in the background at the best
// levels (Site.Best); a network of thousands of cities renders a city's
// pages and images when someone visits them.
type lazyResource struct {
	render func(lang string) (*Resource, error) // the response, not yet compressed
	lang   string                               // the interface language, "" for the default
	mu     sync.Mutex                           // one rendering at a time
	done   atomic.Pointer[Resource]
	// forget removes a translation from its site when the cache drops
	// it, so that languages no one reads take no room.
	forget func()
	// kept responses, too large for the cache, are rendered once and
	// kept outside it for as long as the site is served (keep).
	kept bool
	// used is the cache's clock when the response was last asked for.
	used atomic.Uint64
}

// fresh is an empty copy, to be rendered again at other levels. A kept
// response is kept as it is.
func (l *lazyResource) fresh() *lazyResource {
	if l.kept {
		return l
	}
	return &lazyResource{render: l.render}
}

// keep renders a kept response, compressed quickly, unless a request did
// already.
func (l *lazyResource) keep() (*Resource, error) {
	return l.renderOnce(func(r *Resource) { l.done.Store(r) })
}

// renderOnce renders the response, compressed quickly, and hands it to
// store, unless another request rendered it meanwhile.
func (l *lazyResource) renderOnce(store func(*Resource)) (*Resource, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r := l.done.Load(); r != nil {
		return r, nil
	}
	r, err := l.render(l.lang)
	if err != nil {
		return nil, err
	}
	r = r.compressed(quick)
	store(r)
	return r, nil
}

// neutral makes a response that reads the same in every language.
func neutral(render func() (*Resource, error)) *lazyResource {
	return &lazyResource{render: func(string) (*Resource, error) { return render() }}
}

// cache bounds the memory lazily rendered responses take: past its limit,
// the ones asked for least recently are dropped, to be rendered again if
// asked for.
type cache struct {
	mu    sync.Mutex
	limit int
	used  int
	kept  []*lazyResource
	// clock orders the uses of kept responses: each use of a response
	// other than the last one used moves it on.
	clock atomic.Uint64
}

// cacheLimit is the room for lazily rendered responses, in bytes of every
// content coding together: all of a small network, and the most visited
// pages of a large one.
const cacheLimit = 32 << 20

// full reports whether the cache has no room left.
func (c *cache) full() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used >= c.limit
}

// use records that a kept response was asked for. Asking again for the
// response last used, as a busy page is, writes nothing.
func (c *cache) use(l *lazyResource) {
	if l.used.Load() != c.clock.Load() {
		l.used.Store(c.clock.Add(1))
	}
}

// keep stores a rendered response and makes room for it, dropping the
// least recently used. It always keeps the newest.
func (c *cache) keep(l *lazyResource, r *Resource) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l.done.Store(r)
	l.used.Store(c.clock.Add(1))
	c.used += r.size()
	c.kept = append(c.kept, l)
	for c.used > c.limit && len(c.kept) > 1 {
		oldest := 0
		for i, k := range c.kept {
			if k.used.Load() < c.kept[oldest].used.Load() {
				oldest = i
			}
		}
		old := c.kept[oldest]
		c.kept = slices.Delete(c.kept, oldest, oldest+1)
		if r := old.done.Swap(nil); r != nil {
			c.used -= r.size()
		}
		if old.forget != nil {
			old.forget()
		}
	}
}

// clear drops every response the cache keeps.
func (c *cache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, l := range c.kept {
		l.done.Store(nil)
		if l.forget != nil {
			l.forget()
		}
	}
	c.kept, c.used = nil, 0
}

// Shed drops every response the site rendered on demand, its large
// network's downloads too, and an atlas's networks' sites: each is rendered
// again if asked for. A reload sheds the site it replaces before it builds
// the next, so that the two do not hold those megabytes at once.
func (s *Site) Shed() {
	s.cache.clear()
	for _, l := range s.lazy {
		if l.kept {
			l.done.Store(nil)
		}
	}
	if s.networks != nil {
		s.networks.clear()
	}
}

// get returns the lazy response, rendering and compressing it quickly if it
// is not kept: a visitor should not wait for the best levels.
func (s *Site) get(l *lazyResource) (*Resource, error) {
	if r := l.done.Load(); r != nil {
		if !l.kept {
			s.cache.use(l)
		}
		return r, nil
	}
	if l.kept {
		return l.keep()
	}
	return l.renderOnce(func(r *Resource) { s.cache.keep(l, r) })
}

// warm renders lazy responses at a level on every core, in the site's
// order, until the cache is full.
func (s *Site) warm(l level) {
	work := make(chan *lazyResource)
	var wg sync.WaitGroup
	for range workers() {
		wg.Go(func() {
			for lr := range work {
				lr.mu.Lock()
				if lr.done.Load() == nil {
					if r, err := lr.render(lr.lang); err == nil {
						s.cache.keep(lr, r.compressed(l))
					}
				}
				lr.mu.Unlock()
			}
		})
	}
	for _, lr := range s.order {
		if s.cache.full() {
			break
		}
		work <- lr
	}
	close(work)
	wg.Wait()
}

// embedVariants are an embed, or one of its panels, in every combination
// of its options (components.EmbedOptions.Index), each made when first
// asked for: a network of thousands of cities has many times as many
// combinations, and few are ever visited.
type embedVariants struct {
	render      func(o components.EmbedOptions, lang string) (*Resource, error)
	withDetails bool // only the combinations that show the details exist
	made        [components.EmbedVariants]atomic.Pointer[lazyResource]
}

// variant is the lazy response of one combination, or nil where there is
// none.
func (v *embedVariants) variant(o components.EmbedOptions) *lazyResource {
	if v.withDetails && !o.Details {
		return nil
	}
	i := o.Index()
	if l := v.made[i].Load(); l != nil {
		return l
	}
	l := &lazyResource{render: func(lang string) (*Resource, error) { return v.render(o, lang) }}
	if v.made[i].CompareAndSwap(nil, l) {
		return l
	}
	return v.made[i].Load()
}

// fresh is a copy without responses: each variant made is replaced by
// what renew gives for it, so that the copy and a site's background order
// share their fresh variants.
func (v *embedVariants) fresh(renew func(*lazyResource) *lazyResource) *embedVariants {
	f := &embedVariants{render: v.render, withDetails: v.withDetails}
	for i := range v.made {
		if l := v.made[i].Load(); l != nil {
			f.made[i].Store(renew(l))
		}
	}
	return f
}
