package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"math/bits"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
)

// Cache policies: pages are revalidated on every visit (cheap, thanks to
// the ETag), fingerprinted assets never change under their address.
const (
	cacheRevalidate = "no-cache"
	cacheImmutable  = "public, max-age=31536000, immutable"
)

// level is how hard to compress. A site is served as soon as it is
// compressed quickly; the best levels, which take tens of milliseconds per
// page, then replace it in the background (see Site.Best).
type level int

const (
	quick level = iota
	best
)

// hugeBody is the size past which brotli's best level would hold memory
// many times the body's size while it works. Only a network of thousands
// of cities has bodies that large: its GeoJSON, its network page.
const hugeBody = 512 << 10

// brotli is the brotli quality for a body of the given size.
func (l level) brotli(size int) int {
	switch {
	case l == best && size > hugeBody:
		return 9
	case l == best:
		return brotli.BestCompression
	}
	return 5
}

// brotliWindow is the smallest window that holds a body of the given size
// (brotli's window is 2^n - 16 bytes), up to a megabyte. A larger one
// compresses no better, and costs memory in proportion: what repeats in a
// large network's page or GeoJSON is one city's markup and the next, and
// a window of 16 MB took over 100 MB to compress a body at 30,000 cities,
// 1 MB about 40 MB, for a body 1% smaller (the GeoJSON's 12%).
func brotliWindow(size int) int {
	return min(max(bits.Len(uint(size+16)), 10), 20)
}

func (l level) gzip() int {
	if l == best {
		return gzip.BestCompression
	}
	return gzip.DefaultCompression
}

// Resource is one response of the site, rendered and compressed at load:
// the request path only picks a variant and writes its bytes.
type Resource struct {
	Status       int
	ContentType  string
	CacheControl string
	identity     variant
	brotli, gzip *variant    // nil when compression does not pay
	level        level       // of brotli and gzip
	headers      [][2]string // replace the site's headers of the same name
}

// variant is the body in one content coding, with its strong ETag.
type variant struct {
	body []byte
	etag string
}

func newVariant(body []byte) *variant {
	// A body written into a growing buffer may hold twice the room it
	// needs, for as long as the site is served.
	if cap(body)-len(body) > 256 {
		body = bytes.Clone(body)
	}
	sum := sha256.Sum256(body)
	return &variant{body: body, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`}
}

// newResource makes a 200 response from a rendered body, not yet
// compressed.
func newResource(contentType, cacheControl string, body []byte) *Resource {
	return &Resource{
		Status:       fiber.StatusOK,
		ContentType:  contentType,
		CacheControl: cacheControl,
		identity:     *newVariant(body),
	}
}

// Body is the response's uncompressed body.
func (r *Resource) Body() []byte { return r.identity.body }

// compressible reports whether a content type is text that shrinks. An
// Office document is a zip archive, compressed already, although its type
// names XML.
func compressible(contentType string) bool {
	if strings.Contains(contentType, "officedocument") {
		return false
	}
	return strings.HasPrefix(contentType, "text/") ||
		strings.Contains(contentType, "json") ||
		strings.Contains(contentType, "javascript") ||
		strings.Contains(contentType, "xml") ||
		strings.Contains(contentType, "svg")
}

// compressor compresses responses. Its brotli and gzip writers are kept
// for reuse, by their settings: each holds a megabyte or more of tables,
// which a writer made for every response would leave to the collector.
type compressor struct {
	brotli sync.Map // brotli.WriterOptions -> *sync.Pool of *brotli.Writer
	gzip   sync.Map // gzip level -> *sync.Pool of *gzip.Writer
}

// pool is the pool of writers of one setting.
func pool(pools *sync.Map, setting any) *sync.Pool {
	if p, ok := pools.Load(setting); ok {
		return p.(*sync.Pool)
	}
	p, _ := pools.LoadOrStore(setting, &sync.Pool{})
	return p.(*sync.Pool)
}

// compress returns a copy of r with brotli and gzip variants at the given
// level, each kept only when it is smaller than the body.
func (z *compressor) compress(r *Resource, l level) *Resource {
	c := *r
	c.brotli, c.gzip, c.level = nil, nil, l
	if !compressible(r.ContentType) {
		return &c
	}
	body := r.identity.body
	var br bytes.Buffer
	options := brotli.WriterOptions{Quality: l.brotli(len(body)), LGWin: brotliWindow(len(body))}
	brotlis := pool(&z.brotli, options)
	w, ok := brotlis.Get().(*brotli.Writer)
	if ok {
		w.Reset(&br)
	} else {
		w = brotli.NewWriterOptions(&br, options)
	}
	w.Write(body)
	w.Close()
	w.Reset(nil) // lets go of the buffer
	brotlis.Put(w)
	if br.Len() < len(body) {
		c.brotli = newVariant(br.Bytes())
	}
	var gz bytes.Buffer
	gzips := pool(&z.gzip, l.gzip())
	g, ok := gzips.Get().(*gzip.Writer)
	if ok {
		g.Reset(&gz)
	} else {
		g, _ = gzip.NewWriterLevel(&gz, l.gzip())
	}
	g.Write(body)
	g.Close()
	g.Reset(nil)
	gzips.Put(g)
	if gz.Len() < len(body) {
		c.gzip = newVariant(gz.Bytes())
	}
	return &c
}

// quick compresses a response at the quick levels.
func (z *compressor) quick(r *Resource) *Resource { return z.compress(r, quick) }

// compressAll compresses resources with compress on every core, keeping
// their order.
func compressAll(rs []*Resource, compress func(*Resource) *Resource) []*Resource {
	out := make([]*Resource, len(rs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range workers() {
		wg.Go(func() {
			for i := range work {
				out[i] = compress(rs[i])
			}
		})
	}
	for i := range rs {
		work <- i
	}
	close(work)
	wg.Wait()
	return out
}

// bestLevels keeps the responses compressed at the best levels by the
// bytes they compress: a site compressed after a reload takes the
// variants of every body the site before it compressed, and compresses
// only what changed, so that an edit to one network of thousands costs
// the compression of what that edit changed. It keeps what the last site
// compressed, no more.
type bestLevels struct {
	compressor *compressor
	mu         sync.Mutex
	// last are the variants the last site took, until the next is
	// compressed; next are those the site being compressed took.
	last, next map[bestKey]codings
	// pending are the bodies being compressed, each closed once its
	// variants are in next: a response of the same bytes waits for them
	// instead of compressing them again.
	pending map[bestKey]chan struct{}
	// compressed and reused count the responses of the site being
	// compressed, compressed anew and taken as they were.
	compressed, reused int
}

// bestKey names the bytes of a response compressed: its identity ETag,
// a hash of its body, and its content type, which decides whether it is
// compressed at all.
type bestKey struct{ contentType, etag string }

// codings are a body's compressed variants.
type codings struct{ brotli, gzip *variant }

func newBestLevels(c *compressor) *bestLevels {
	return &bestLevels{compressor: c, next: map[bestKey]codings{}, pending: map[bestKey]chan struct{}{}}
}

// start begins the compression of a site: the variants the last one took
// are there to take, and no others.
func (b *bestLevels) start() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last, b.next = b.next, map[bestKey]codings{}
	b.compressed, b.reused = 0, 0
}

// finish ends it, and says how many responses were compressed and how
// many taken as they were: what the site did not take goes. A pass that
// was stopped (complete false) took only some of what it needed: what
// the last site took is kept beside what this one compressed, for the
// site that replaces it, which likely shares the bytes of both.
func (b *bestLevels) finish(complete bool) (compressed, reused int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !complete {
		for key, v := range b.last {
			if _, ok := b.next[key]; !ok {
				b.next[key] = v
			}
		}
	}
	b.last = nil
	return b.compressed, b.reused
}

// taken is the response with the best variants of its bytes, if the site
// or the last one compressed them.
func (b *bestLevels) taken(r *Resource) (*Resource, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.takenLocked(r)
}

// takenLocked is taken, with b.mu held.
func (b *bestLevels) takenLocked(r *Resource) (*Resource, bool) {
	key := bestKey{r.ContentType, r.identity.etag}
	v, ok := b.next[key]
	if !ok {
		if v, ok = b.last[key]; ok {
			b.next[key] = v
		}
	}
	if !ok {
		return nil, false
	}
	c := *r
	c.brotli, c.gzip, c.level = v.brotli, v.gzip, best
	return &c, true
}

// compress is the response at the best levels: taken, or compressed and
// kept for the next site. Responses of the same bytes compressed at once
// are compressed by one, and the others take its variants.
func (b *bestLevels) compress(r *Resource) *Resource {
	if !compressible(r.ContentType) {
		return b.compressor.compress(r, best) // nothing to compress
	}
	key := bestKey{r.ContentType, r.identity.etag}
	b.mu.Lock()
	for {
		if c, ok := b.takenLocked(r); ok {
			b.reused++
			b.mu.Unlock()
			return c
		}
		wait, busy := b.pending[key]
		if !busy {
			break
		}
		b.mu.Unlock()
		<-wait
		b.mu.Lock()
	}
	done := make(chan struct{})
	b.pending[key] = done
	b.mu.Unlock()
	c := b.compressor.compress(r, best)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next[key] = codings{c.brotli, c.gzip}
	b.compressed++
	delete(b.pending, key)
	close(done)
	return c
}

// workers is how many responses to render or compress at once: one per core.
func workers() int { return runtime.GOMAXPROCS(0) }

// resourceOverhead is what a response takes besides its bodies: the
// Resource, its variants and their ETags.
const resourceOverhead = 400

// size is the memory the response takes, its bodies' room and its
// overhead.
func (r *Resource) size() int {
	n := resourceOverhead + cap(r.identity.body)
	if r.brotli != nil {
		n += cap(r.brotli.body)
	}
	if r.gzip != nil {
		n += cap(r.gzip.body)
	}
	return n
}

// write sends the variant the client accepts, or 304 when its cached copy
// is current. Fiber answers HEAD with the same headers and no body.
func (r *Resource) write(c *fiber.Ctx) error {
	v, encoding := &r.identity, ""
	if r.brotli != nil || r.gzip != nil {
		c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
		accept := c.Get(fiber.HeaderAcceptEncoding)
		br, gz := 0.0, 0.0
		if r.brotli != nil {
			br = quality(accept, "br")
		}
		if r.gzip != nil {
			gz = quality(accept, "gzip")
		}
		switch {
		case br > 0 && br >= gz: // brotli is the smaller of the two
			v, encoding = r.brotli, "br"
		case gz > 0:
			v, encoding = r.gzip, "gzip"
		}
	}
	for _, h := range r.headers {
		c.Set(h[0], h[1])
	}
	c.Set(fiber.HeaderCacheControl, r.CacheControl)
	c.Set(fiber.HeaderETag, v.etag)
	if r.Status == fiber.StatusOK && matches(c.Get(fiber.HeaderIfNoneMatch), v.etag) {
		c.Status(fiber.StatusNotModified)
		return nil
	}
	c.Status(r.Status)
	c.Set(fiber.HeaderContentType, r.ContentType)
	if encoding != "" {
		c.Set(fiber.HeaderContentEncoding, encoding)
	}
	c.Response().SetBodyRaw(v.body)
	return nil
}

// quality is how much an Accept-Encoding header wants a content coding,
// from 0 (not at all) to 1, as RFC 9110 (12.5.3) reads it: the coding's
// own entry counts, or else "*"; parameters are case-insensitive and q
// may come after others; q=0 refuses a coding even where "*" would allow
// it; "x-gzip" is gzip. An entry whose weight does not parse counts as
// refusing, as does a coding not listed at all.
func quality(header, coding string) float64 {
	own, any := -1.0, -1.0
	for entry := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(entry, ";")
		name = strings.TrimSpace(name)
		if strings.EqualFold(name, "x-gzip") {
			name = "gzip"
		}
		q := 1.0
		for param := range strings.SplitSeq(params, ";") {
			key, value, _ := strings.Cut(param, "=")
			if strings.EqualFold(strings.TrimSpace(key), "q") {
				q = qvalue(strings.TrimSpace(value))
			}
		}
		switch {
		case strings.EqualFold(name, coding) && (own < 0 || q < own): // the lowest of its entries
			own = q
		case name == "*":
			any = q
		}
	}
	switch {
	case own >= 0:
		return own
	case any >= 0:
		return any
	}
	return 0
}

// qvalue reads a weight, 0 to 1 with up to three decimals; one that does
// not parse is 0.
func qvalue(s string) float64 {
	q, err := strconv.ParseFloat(s, 64)
	if err != nil || q < 0 || q > 1 || len(s) > 5 || strings.ContainsAny(s, "eE+-xXpP_") {
		return 0
	}
	return q
}

// matches reports whether an If-None-Match header names the etag, by weak
// comparison as RFC 9110 (13.1.2) asks for this header: "*" alone matches
// any, and otherwise each entry is an entity-tag, "W/" before it or not.
// "W/*" is no entity-tag and matches nothing.
func matches(header, etag string) bool {
	header = strings.TrimSpace(header)
	if header == "*" {
		return true
	}
	for part := range strings.SplitSeq(header, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if len(part) >= 2 && part[0] == '"' && part == etag {
			return true
		}
	}
	return false
}
