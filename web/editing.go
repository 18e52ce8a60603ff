package web

import (
	"errors"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"partnermap/components"
	"partnermap/data/store"
	"partnermap/web/admin"
)

// ServerOption changes a server NewServer makes.
type ServerOption func(*Server)

// Editing mounts the editing pages under /admin (serve --edit), with
// their forms: requests may then carry a data file. Without it no /admin
// address exists, and requests carry no body.
func Editing(a *admin.Admin) ServerOption {
	return func(s *Server) { s.admin = a }
}

// Assets are the fingerprinted addresses of the stylesheets, scripts and
// icon, which the editing pages share.
func (b *Builder) Assets() components.Assets { return b.urls }

// Previews make the sites the editing pages preview: the data of st as it
// would be with one file's text, rendered by b as the public site is,
// with every address under the preview's path. Its pages say noindex, and
// each site has a small cache of its own; the last few sites are kept,
// as a reviewer goes from page to page of one.
func Previews(b *Builder, st *store.Store) admin.Previewer {
	return &previews{builder: b, store: st}
}

// Previews keep so many sites, and give each a cache of so many bytes.
const (
	keptPreviews  = 3
	previewMemory = 16 << 20
)

type previews struct {
	builder *Builder
	store   *store.Store
	mu      sync.Mutex
	kept    []*preview // the latest asked for first
}

// preview is a site made for a preview.
type preview struct {
	key  string
	site *Site
}

func (ps *previews) Preview(root, file string, text []byte) (admin.Preview, error) {
	key := strings.Join([]string{root, file, store.FileVersion(text), ps.store.Snapshot().Version}, "\x00")
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for i, p := range ps.kept {
		if p.key == key {
			copy(ps.kept[1:i+1], ps.kept[:i])
			ps.kept[0] = p
			return p, nil
		}
	}
	n, atlas, err := ps.store.With(file, text)
	if err != nil {
		return nil, err
	}
	b := ps.builder.previewUnder(root)
	var site *Site
	if atlas != nil {
		site, err = b.BuildAtlas(atlas)
	} else {
		site, err = b.Build(n)
	}
	if err != nil {
		return nil, err
	}
	p := &preview{key: key, site: site}
	ps.kept = append([]*preview{p}, ps.kept[:min(len(ps.kept), keptPreviews-1)]...)
	return p, nil
}

// previewUnder is the builder of previews under root: the same assets
// (their addresses stay the public site's, which browsers have cached),
// every page and file of the site under root, noindex on every page.
func (b *Builder) previewUnder(root string) *Builder {
	c := *b
	base := *b.base
	base.Path = root
	c.base, c.root = &base, root
	c.maxMemory = previewMemory
	c.preview = true
	return &c
}

// hiddenInPreview are the files of a site that speak to search engines:
// a preview has none.
func hiddenInPreview(path string) bool {
	return path == "/robots.txt" || path == "/sitemap.xml" || strings.HasPrefix(path, "/sitemaps/")
}

// Serve answers from the preview's site as the server answers from the
// public one, but privately: never kept by a shared cache, kept out of
// search engines, and under the public pages' security headers whatever
// the response, embeds and open data too.
func (p *preview) Serve(c *fiber.Ctx, path string) error {
	if hiddenInPreview(path) {
		return fiber.ErrNotFound
	}
	query := string(c.Request().URI().QueryString())
	r, err := p.site.Lookup(path, query)
	if errors.Is(err, ErrNoAddress) {
		if canonical, ok := p.site.Canonical(path, query); ok {
			if query != "" {
				canonical += "?" + query
			}
			return c.Redirect(p.site.Root()+canonical, fiber.StatusSeeOther)
		}
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	c.Request().Header.Del(fiber.HeaderIfNoneMatch)
	if err := r.write(c); err != nil {
		return err
	}
	for _, h := range p.site.headers {
		c.Set(h[0], h[1])
	}
	c.Response().Header.Del(fiber.HeaderAccessControlAllowOrigin)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set("X-Robots-Tag", "noindex, nofollow")
	return nil
}
