package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"math/bits"
	"runtime"
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
// (brotli's window is 2^n - 16 bytes). A larger one compresses no better,
// and costs memory in proportion at the best level: 32 MB for the default
// window, per body.
func brotliWindow(size int) int {
	return min(max(bits.Len(uint(size+16)), 10), 24)
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
	headers      [][2]string // replace the site's headers of the same name
}

// variant is the body in one content coding, with its strong ETag.
type variant struct {
	body []byte
	etag string
}

func newVariant(body []byte) *variant {
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

// compressed returns a copy of r with brotli and gzip variants at the
// given level, each kept only when it is smaller than the body.
func (r *Resource) compressed(l level) *Resource {
	c := *r
	c.brotli, c.gzip = nil, nil
	if !compressible(r.ContentType) {
		return &c
	}
	body := r.identity.body
	var br bytes.Buffer
	w := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: l.brotli(len(body)), LGWin: brotliWindow(len(body))})
	w.Write(body)
	w.Close()
	if br.Len() < len(body) {
		c.brotli = newVariant(br.Bytes())
	}
	var gz bytes.Buffer
	g, _ := gzip.NewWriterLevel(&gz, l.gzip())
	g.Write(body)
	g.Close()
	if gz.Len() < len(body) {
		c.gzip = newVariant(gz.Bytes())
	}
	return &c
}

// compressAll compresses resources on every core, keeping their order.
func compressAll(rs []*Resource, l level) []*Resource {
	out := make([]*Resource, len(rs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range workers() {
		wg.Go(func() {
			for i := range work {
				out[i] = rs[i].compressed(l)
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

// workers is how many responses to render or compress at once: one per core.
func workers() int { return runtime.GOMAXPROCS(0) }

// size is the memory the response's bodies take.
func (r *Resource) size() int {
	n := len(r.identity.body)
	if r.brotli != nil {
		n += len(r.brotli.body)
	}
	if r.gzip != nil {
		n += len(r.gzip.body)
	}
	return n
}

// write sends the variant the client accepts, or 304 when its cached copy
// is current. Fiber answers HEAD with the same headers and no body.
func (r *Resource) write(c *fiber.Ctx) error {
	v, encoding := &r.identity, ""
	if r.brotli != nil || r.gzip != nil {
		c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
		switch accept := c.Get(fiber.HeaderAcceptEncoding); {
		case r.brotli != nil && accepts(accept, "br"):
			v, encoding = r.brotli, "br"
		case r.gzip != nil && accepts(accept, "gzip"):
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

// accepts reports whether an Accept-Encoding header allows a coding: it is
// listed (or "*" is) without q=0.
func accepts(header, coding string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		if !strings.EqualFold(name, coding) && name != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return !(strings.HasPrefix(q, "q=0") && strings.Trim(q[3:], ".0") == "")
	}
	return false
}

// matches reports whether an If-None-Match header names the etag, by weak
// comparison as RFC 9110 asks for this header.
func matches(header, etag string) bool {
	if header == "" {
		return false
	}
	for part := range strings.SplitSeq(header, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == etag || part == "*" {
			return true
		}
	}
	return false
}
