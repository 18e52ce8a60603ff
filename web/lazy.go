package web

import (
	"context"
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
	cached entry // in the site's cache while rendered, unless kept
	// forget removes a translation from its site when the cache drops
	// it, so that languages no one reads take no room.
	forget func()
	// kept responses, too large for the cache, are rendered once and
	// kept outside it for as long as the site is served (keep).
	kept bool
}

// keep renders a kept response, compressed quickly, unless a request did
// already.
func (l *lazyResource) keep(z *compressor) (*Resource, error) {
	return l.renderOnce(z.quick, func(r *Resource) { l.done.Store(r) })
}

// renderOnce renders the response, compresses it, and hands it to store,
// unless another request rendered it meanwhile.
func (l *lazyResource) renderOnce(compress func(*Resource) *Resource, store func(*Resource)) (*Resource, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r := l.done.Load(); r != nil {
		return r, nil
	}
	r, err := l.render(l.lang)
	if err != nil {
		return nil, err
	}
	r = compress(r)
	store(r)
	return r, nil
}

// neutral makes a response that reads the same in every language.
func neutral(render func() (*Resource, error)) *lazyResource {
	return &lazyResource{render: func(string) (*Resource, error) { return render() }}
}

// remember keeps a rendered response in the site's cache, which counts it
// with the network's site it belongs to, if any.
func (s *Site) remember(l *lazyResource, r *Resource) {
	l.done.Store(r)
	s.cache.keep(&l.cached, s.owner, r.size(), func() {
		l.done.Store(nil)
		if l.forget != nil {
			l.forget()
		}
	})
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
}

// get returns the lazy response, rendering and compressing it quickly if it
// is not kept: a visitor should not wait for the best levels. A response
// whose bytes the site compressed at the best levels before, rendered
// again once the cache dropped it, takes those.
func (s *Site) get(l *lazyResource) (*Resource, error) {
	if r := l.done.Load(); r != nil {
		if !l.kept {
			s.cache.use(&l.cached)
		}
		return r, nil
	}
	if l.kept {
		return l.keep(s.compressor)
	}
	return l.renderOnce(s.onDemand, func(r *Resource) { s.remember(l, r) })
}

// onDemand compresses a response rendered for a request: quickly, unless
// its bytes were compressed at the best levels already.
func (s *Site) onDemand(r *Resource) *Resource {
	if c, ok := s.best.taken(r); ok {
		return c
	}
	return s.compressor.quick(r)
}

// warm brings lazy responses to the best levels on every core, in the
// site's order, until they take warmLimit bytes or the cache's whole
// budget, or ctx ends: it compresses again those rendered already, and
// renders the others.
func (s *Site) warm(ctx context.Context) {
	work := make(chan *lazyResource)
	var warmed atomic.Int64
	var wg sync.WaitGroup
	for range workers() {
		wg.Go(func() {
			for lr := range work {
				lr.mu.Lock()
				r, err := lr.done.Load(), error(nil)
				if r == nil {
					r, err = lr.render(lr.lang)
				}
				if err == nil && r.level != best {
					r = s.best.compress(r)
					if lr.kept {
						lr.done.Store(r)
					} else {
						s.remember(lr, r)
					}
				}
				if err == nil {
					warmed.Add(int64(r.size()))
				}
				lr.mu.Unlock()
			}
		})
	}
	for _, lr := range s.order {
		if warmed.Load() >= int64(min(warmLimit, s.cache.limit)) || ctx.Err() != nil {
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
