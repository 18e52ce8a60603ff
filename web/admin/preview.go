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
	// Serve answers a request for path, below the root.
	Serve(c *fiber.Ctx, path string) error
}

// showDraftPreview shows a draft's site as publishing it would make it
// now: merged with what changed meanwhile, if it was.
func (a *Admin) showDraftPreview(c *fiber.Ctx) error {
	d, err := a.draft(c)
	if err != nil {
		return err
	}
	text := []byte(d.Text)
	if d.Open() {
		if _, _, m, err := a.outcome(d); err == nil && m.Text != nil {
			text = m.Text
		}
	}
	t := a.messages(c)
	heading := t.T("admin.preview.draft", "ID", d.ID, "Network", d.Network)
	return a.servePreview(c, a.path("/drafts/"+d.ID+"/preview"), a.fileOf(d), text, heading)
}

// entry is where a network's page is in a preview, below its root: at
// the root for the data file of one network, in its section of an atlas.
func (a *Admin) entry(network string) string {
	if a.cfg.Store.Snapshot().Atlas != nil {
		return "/networks/" + network + "/"
	}
	return "/"
}

// servePreview answers a request under root from the site the data would
// be with file holding text, or says which problems keep the text from
// being published.
func (a *Admin) servePreview(c *fiber.Ctx, root, file string, text []byte, heading string) error {
	if a.cfg.Previews == nil {
		return fiber.ErrNotFound
	}
	p, err := a.cfg.Previews.Preview(root, file, text)
	var ps data.Problems
	if errors.As(err, &ps) {
		t := a.messages(c)
		return a.render(c, fiber.StatusConflict, view.PreviewProblemsPage(a.page(c, heading), heading, t.N("admin.preview.problems", len(ps)), a.problemsOf(ps, file)))
	}
	if err != nil {
		return err
	}
	return p.Serve(c, utils.CopyString(strings.TrimPrefix(c.Path(), root)))
}
