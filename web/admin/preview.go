package admin

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	view "partnermap/components/admin"
	"partnermap/data"
)

// Previewer makes the sites that previews show: the data as it would be
// with one data file's text, rendered by the builder of the public site,
// with every address under a path of the admin's. The server provides it
// (package web), which the admin cannot import.
type Previewer interface {
	// Preview renders the data with the data file named file holding
	// text, its addresses under root. The error is the problems that
	// would keep the text from being published (data.Problems), or why
	// it could not be rendered.
	Preview(root, file string, text []byte) (Preview, error)
}

// Preview is the site a preview shows. Its answers are private to the
// browser that asked and kept out of search engines.
type Preview interface {
	// Entry is the address of a network's page in the site, below its
	// root: "/" for the data file of one network, /networks/{slug}/ in
	// an atlas.
	Entry(network string) string
	// Serve answers a request for path, below the root.
	Serve(c *fiber.Ctx, path string) error
}

// servePreview answers a request under root from the site the data would
// be with file holding text: the network's page at root itself, the
// problems when the text would not be published.
func (a *Admin) servePreview(c *fiber.Ctx, root, file, network string, text []byte, heading string) error {
	if a.cfg.Previews == nil {
		return fiber.ErrNotFound
	}
	p, err := a.cfg.Previews.Preview(root, file, text)
	var ps data.Problems
	if errors.As(err, &ps) {
		t := a.messages(c)
		return a.render(c, fiber.StatusConflict, view.PreviewProblemsPage(a.page(c, heading), heading, t.N("admin.preview.problems", len(ps)), problemsOf(ps)))
	}
	if err != nil {
		return err
	}
	rest := strings.TrimPrefix(c.Path(), root)
	if rest == "/" && p.Entry(network) != "/" {
		return c.Redirect(root+p.Entry(network), fiber.StatusSeeOther)
	}
	return p.Serve(c, utils.CopyString(rest))
}
