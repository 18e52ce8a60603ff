package web

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"partnermap/components"
	"partnermap/web/admin"
)

// Server answers requests from the current Site.
type Server struct {
	site    atomic.Pointer[Site]
	health  atomic.Pointer[[]byte] // what /healthz answers, rendered by SetHealth
	swapped chan *Site             // the latest site not yet improved
	swap    sync.Mutex
	app     *fiber.App
	log     *slog.Logger
	admin   *admin.Admin // the editing pages, nil unless editing is on
	root    string       // the path the site is under: see Root

	// improving is the site being improved, and stop ends its
	// improvement; both under swap. Swap stops it: a site no one is
	// served any longer is not worth the rest of the work.
	improving *Site
	stop      context.CancelFunc
}

// NewServer makes a server that answers from site until Swap replaces it.
func NewServer(site *Site, log *slog.Logger, opts ...ServerOption) *Server {
	s := &Server{log: log, swapped: make(chan *Site, 1), root: site.Root()}
	for _, o := range opts {
		o(s)
	}
	bodyLimit := 16 * 1024
	if s.admin != nil {
		bodyLimit = s.admin.BodyLimit()
	}
	s.site.Store(site)
	s.swapped <- site
	s.SetHealth(Health{})
	s.app = fiber.New(fiber.Config{
		AppName:               "partnermap",
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
		// One spelling per address: /HEALTHZ and /healthz/ are not /healthz.
		CaseSensitive: true,
		StrictRouting: true,
		// Slow or oversized requests are cut off: a site that is only read
		// needs small headers and no body.
		ReadTimeout:    10 * time.Second,
		WriteTimeout:   30 * time.Second,
		IdleTimeout:    60 * time.Second,
		ReadBufferSize: 8 * 1024,
		BodyLimit:      bodyLimit,
	})
	s.routes()
	// Fiber answers a method it does not know with a bare 400 before any
	// handler runs; such a request gets the 405 every other method but
	// GET and HEAD gets, from the site.
	known := s.app.Server().Handler
	s.app.Server().Handler = func(ctx *fasthttp.RequestCtx) {
		if knownMethod(ctx.Method()) {
			known(ctx)
			return
		}
		c := s.app.AcquireCtx(ctx)
		defer s.app.ReleaseCtx(c)
		s.handleError(c, fiber.ErrMethodNotAllowed)
	}
	return s
}

// knownMethod reports whether Fiber routes a method.
func knownMethod(method []byte) bool {
	for _, m := range fiber.DefaultMethods {
		if string(method) == m {
			return true
		}
	}
	return false
}

// Swap makes site the one every later request is answered from. Requests
// already running finish with the site they started with.
func (s *Server) Swap(site *Site) {
	s.swap.Lock()
	defer s.swap.Unlock()
	s.site.Store(site)
	if s.stop != nil && s.improving != site {
		s.stop()
	}
	select {
	case <-s.swapped: // a site swapped out before it was improved
	default:
	}
	s.swapped <- site
}

// Shed lets the site being served drop what it rendered on demand
// (Site.Shed), before a reload builds the site to replace it.
func (s *Server) Shed() { s.site.Load().Shed() }

// Improve replaces site with its best-compressed twin once that is ready,
// unless another site has been swapped in meanwhile, which stops the
// work. It takes a second or more.
func (s *Server) Improve(site *Site) bool {
	_, err := s.improve(context.Background(), site)
	return err == nil
}

// errSwappedOut is improve's answer for a site swapped out before its
// twin was ready.
var errSwappedOut = errors.New("swapped out")

// improve is Improve, with the better site, until ctx ends.
func (s *Server) improve(ctx context.Context, site *Site) (*Site, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.swap.Lock()
	if s.site.Load() != site {
		s.swap.Unlock()
		return nil, errSwappedOut
	}
	s.improving, s.stop = site, cancel
	s.swap.Unlock()
	defer func() {
		s.swap.Lock()
		s.improving, s.stop = nil, nil
		s.swap.Unlock()
	}()
	better, err := site.Best(ctx)
	if err != nil {
		if s.site.Load() != site {
			return nil, errSwappedOut
		}
		return nil, err
	}
	if !s.site.CompareAndSwap(site, better) {
		return nil, errSwappedOut
	}
	return better, nil
}

// ImproveSwapped improves each site NewServer or Swap put in place, until
// ctx ends. Sites swapped out before their turn are skipped, and a site
// swapped out while it is improved is left, so that a burst of reloads
// costs one improvement, not one each. It returns once the improvement
// under way has stopped.
func (s *Server) ImproveSwapped(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case site := <-s.swapped:
			start := time.Now()
			better, err := s.improve(ctx, site)
			switch {
			case err == nil:
				s.log.Info("compressed at the best levels", "took", time.Since(start).Round(time.Millisecond),
					"compressed", better.compressed, "unchanged", better.reused)
			case errors.Is(err, errSwappedOut):
				s.log.Debug("swapped out before it was compressed at the best levels", "after", time.Since(start).Round(time.Millisecond))
			case ctx.Err() != nil:
				return
			}
			// Compressing left much garbage behind, and the old site is
			// gone: give the memory back now rather than over minutes.
			debug.FreeOSMemory()
		}
	}
}

// App is the Fiber application, for tests through app.Test.
func (s *Server) App() *fiber.App { return s.app }

// Serve answers requests on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error { return s.app.Listener(ln) }

// Shutdown stops accepting requests and waits for those running to finish.
func (s *Server) Shutdown(timeout time.Duration) error {
	return s.app.ShutdownWithTimeout(timeout)
}

// Root is the path the site is served under, such as /map, from the base
// URL; "" at a host's root. The server answers under it alone: behind a
// proxy that passes /map/ on as it is, /map/cities/palermo/ is the route
// table's /cities/palermo/.
func (s *Server) Root() string { return s.root }

func (s *Server) routes() {
	s.app.Use(s.setHeaders, rejectAmbiguous)
	if s.admin != nil {
		s.admin.Mount(s.app)
	}
	s.app.Use(allowReadOnly)
	s.app.Get(s.root+"/oembed", s.handleOEmbed)
	// Probes may know the port and not the path: the health check
	// answers at the host's root too.
	s.app.Get("/healthz", s.handleHealth)
	if s.root != "" {
		s.app.Get(s.root+"/healthz", s.handleHealth)
	}
	s.app.Get("/*", s.handleSite)
}

// local is a request's path below the root, as the route table keeps it,
// and whether the path is under the root at all.
func (s *Server) local(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, s.root)
	if !ok || !strings.HasPrefix(rest, "/") {
		return "", false
	}
	return rest, true
}

// outside answers a request outside the root: /map is sent to /map/, and
// the host's root, which visitors who reach the port itself ask for, to
// the site. Anything else is not the site's.
func (s *Server) outside(c *fiber.Ctx) error {
	switch c.Path() {
	case s.root:
		return c.Redirect(s.root+"/"+withQuery(c), fiber.StatusMovedPermanently)
	case "/":
		return c.Redirect(s.root+"/", fiber.StatusFound)
	}
	return fiber.ErrNotFound
}

// withQuery is a request's query string with its question mark, "" when
// it has none.
func withQuery(c *fiber.Ctx) string {
	if q := c.Request().URI().QueryString(); len(q) > 0 {
		return "?" + string(q)
	}
	return ""
}

// setHeaders puts the site's security headers on every response, errors
// included.
func (s *Server) setHeaders(c *fiber.Ctx) error {
	for _, h := range s.site.Load().headers {
		c.Set(h[0], h[1])
	}
	return c.Next()
}

// rejectAmbiguous refuses a request that gives both Content-Length and
// Transfer-Encoding: servers and proxies may read its end differently,
// which is how requests are smuggled past one to the other.
func rejectAmbiguous(c *fiber.Ctx) error {
	raw := c.Request().Header.RawHeaders()
	if hasHeader(raw, "Content-Length") && hasHeader(raw, "Transfer-Encoding") {
		return fiber.NewError(fiber.StatusBadRequest, "both Content-Length and Transfer-Encoding")
	}
	return c.Next()
}

// hasHeader reports whether raw request headers have a line for name.
func hasHeader(raw []byte, name string) bool {
	for len(raw) > 0 {
		line, rest, _ := bytes.Cut(raw, []byte("\n"))
		if len(line) > len(name) && line[len(name)] == ':' && bytes.EqualFold(line[:len(name)], []byte(name)) {
			return true
		}
		raw = rest
	}
	return false
}

// allowReadOnly refuses every method but GET and HEAD: the site is read,
// never written to.
func allowReadOnly(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead:
		return c.Next()
	}
	return fiber.ErrMethodNotAllowed
}

// handleSite answers from the rendered site. Each page has one address,
// which ends in a slash; the same without it, or with index.html, is sent
// there, as static hosts send a folder's address to its index.html.
func (s *Server) handleSite(c *fiber.Ctx) error {
	p, under := s.local(c.Path())
	if !under {
		return s.outside(c)
	}
	site := s.site.Load()
	query := string(c.Request().URI().QueryString())
	if query != "" {
		owner, f, lang, err := site.oembedFileAt(p)
		if err == nil {
			return s.answerOEmbedFile(c, owner, f, lang, query)
		}
		if !errors.Is(err, ErrNoAddress) {
			return err
		}
	}
	r, err := site.Lookup(p, query)
	if err == nil {
		return r.write(c)
	}
	if !errors.Is(err, ErrNoAddress) {
		return err // logged, and answered with the 500 page
	}
	if canonical, ok := site.Canonical(p, query); ok {
		if query != "" {
			canonical += "?" + query
		}
		return c.Redirect(s.root+canonical, fiber.StatusMovedPermanently)
	}
	return fiber.ErrNotFound
}

// handleError renders the error page for a status; users see a short
// message, the log gets the rest. It also answers requests refused before
// the middleware ran (a request that does not parse, a body or headers
// too large), so it sets the security headers itself.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	site := s.site.Load()
	for _, h := range site.headers {
		c.Set(h[0], h[1])
	}
	status := fiber.StatusInternalServerError
	var fe *fiber.Error
	switch {
	case errors.As(err, &fe):
		status = fe.Code
	case errors.Is(err, ErrBusy):
		// Every core builds other networks' sites: not a fault, and
		// over in a moment.
		status = fiber.StatusServiceUnavailable
		c.Set(fiber.HeaderRetryAfter, retryAfter)
	}
	if status == fiber.StatusRequestEntityTooLarge && s.admin != nil && s.admin.Owns(c.Path()) {
		// An upload over the body limit, refused before it was read: the
		// editing pages say how large a file may be.
		return s.admin.Error(c, err)
	}
	if status == fiber.StatusMethodNotAllowed {
		c.Set(fiber.HeaderAllow, "GET, HEAD")
	}
	if status >= fiber.StatusInternalServerError && status != fiber.StatusServiceUnavailable {
		s.log.Error("request failed", "method", c.Method(), "path", c.Path(), "err", err)
	}
	p, _ := s.local(c.Path()) // outside the root, the default language
	lang, _ := components.SplitLanguage(p)
	r := site.errorPage(status, lang)
	if err := r.write(c); err != nil {
		return err
	}
	c.Status(status)
	return nil
}
