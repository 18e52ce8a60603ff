package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
)

// Cache policies: pages are revalidated on every visit (cheap, thanks to
// the ETag), fingerprinted assets never change under their address.
const (
	cacheRevalidate = "no-cache"
	cacheImmutable  = "public, max-age=31536000, immutable"
)

// Resource is one response of the site, rendered and compressed once at
// load: the request path only picks a variant and writes its bytes.
type Resource struct {
	Status       int
	ContentType  string
	CacheControl string
	Body         []byte // identity
	Brotli       []byte // nil when compression does not pay
	Gzip         []byte
	etag         string      // of the identity body; variants add a suffix
	headers      [][2]string // replace the site's headers of the same name
}

// newResource makes a 200 response from a rendered body.
func newResource(contentType, cacheControl string, body []byte) *Resource {
	sum := sha256.Sum256(body)
	return &Resource{
		Status:       fiber.StatusOK,
		ContentType:  contentType,
		CacheControl: cacheControl,
		Body:         body,
		etag:         base64.RawURLEncoding.EncodeToString(sum[:18]),
	}
}

// compressible reports whether a content type is text that shrinks.
func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") ||
		strings.Contains(contentType, "json") ||
		strings.Contains(contentType, "javascript") ||
		strings.Contains(contentType, "xml") ||
		strings.Contains(contentType, "svg")
}

// compress makes the brotli and gzip variants at their best levels, and
// keeps each only when it is smaller than the identity body.
func (r *Resource) compress() {
	if !compressible(r.ContentType) {
		return
	}
	var br bytes.Buffer
	w := brotli.NewWriterLevel(&br, brotli.BestCompression)
	w.Write(r.Body)
	w.Close()
	if br.Len() < len(r.Body) {
		r.Brotli = br.Bytes()
	}
	var gz bytes.Buffer
	g, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	g.Write(r.Body)
	g.Close()
	if gz.Len() < len(r.Body) {
		r.Gzip = gz.Bytes()
	}
}

// write sends the variant the client accepts, or 304 when its cached copy
// is current. Fiber answers HEAD with the same headers and no body.
func (r *Resource) write(c *fiber.Ctx) error {
	body, etag, encoding := r.Body, `"`+r.etag+`"`, ""
	if r.Brotli != nil || r.Gzip != nil {
		c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
		switch accept := c.Get(fiber.HeaderAcceptEncoding); {
		case r.Brotli != nil && accepts(accept, "br"):
			body, etag, encoding = r.Brotli, `"`+r.etag+`-br"`, "br"
		case r.Gzip != nil && accepts(accept, "gzip"):
			body, etag, encoding = r.Gzip, `"`+r.etag+`-gz"`, "gzip"
		}
	}
	for _, h := range r.headers {
		c.Set(h[0], h[1])
	}
	c.Set(fiber.HeaderCacheControl, r.CacheControl)
	c.Set(fiber.HeaderETag, etag)
	if r.Status == fiber.StatusOK && matches(c.Get(fiber.HeaderIfNoneMatch), etag) {
		c.Status(fiber.StatusNotModified)
		return nil
	}
	c.Status(r.Status)
	c.Set(fiber.HeaderContentType, r.ContentType)
	if encoding != "" {
		c.Set(fiber.HeaderContentEncoding, encoding)
	}
	c.Response().SetBodyRaw(body)
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
