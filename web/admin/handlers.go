package admin

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"golang.org/x/text/language"

	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/account"
	"partnermap/data/diff"
	"partnermap/data/messages"
)

// path is an address of the admin.
func (a *Admin) path(p string) string { return a.prefix + p }

func (a *Admin) routes(r fiber.Router) {
	auth := a.requireUser
	r.Get(a.prefix, a.headers, func(c *fiber.Ctx) error { return c.Redirect(a.path("/"), fiber.StatusMovedPermanently) })
	r.Get(a.path("/sign-in"), a.headers, a.showSignIn)
	r.Post(a.path("/sign-in"), a.headers, a.handleSignIn)
	r.Get(a.path("/"), a.headers, auth, a.showHome)
	r.Post(a.path("/sign-out"), a.headers, auth, a.handleSignOut)
	r.Post(a.path("/language"), a.headers, auth, a.handleLanguage)
	r.Get(a.path("/networks/new"), a.headers, auth, a.showNewNetwork)
	r.Post(a.path("/networks/new"), a.headers, auth, a.handleNewNetwork)
	r.Get(a.path("/networks/:slug/"), a.headers, auth, a.showEditor)
	r.Get(a.path("/translations/"), a.headers, auth, a.showTranslator)
	r.Get(a.path("/networks/:slug/about"), a.headers, auth, a.showTableForm(aboutForm))
	r.Post(a.path("/networks/:slug/about"), a.headers, auth, a.handleTableForm(aboutForm))
	r.Get(a.path("/networks/:slug/cities/:city/edit"), a.headers, auth, a.showTableForm(cityForm))
	r.Post(a.path("/networks/:slug/cities/:city/edit"), a.headers, auth, a.handleTableForm(cityForm))
	r.Get(a.path("/networks/:slug/partners"), a.headers, auth, a.showPartners)
	r.Post(a.path("/networks/:slug/partners"), a.headers, auth, a.handlePartners)
	r.Get(a.path("/networks/:slug/translations/"), a.headers, auth, a.showNetworkTranslations)
	r.Get(a.path("/networks/:slug/translations/:lang"), a.headers, auth, a.showTranslate)
	r.Post(a.path("/networks/:slug/translations/:lang"), a.headers, auth, a.handleTranslate)
	r.Get(a.path("/networks/:slug/upload"), a.headers, auth, a.showUpload)
	r.Post(a.path("/networks/:slug/upload"), a.headers, auth, a.handleUpload)
	r.Get(a.path("/networks/:slug/history/"), a.headers, auth, a.showHistory)
	r.Get(a.path("/networks/:slug/history/:version/preview"), a.headers, auth, func(c *fiber.Ctx) error { return c.Redirect(c.Path()+"/", fiber.StatusMovedPermanently) })
	r.Get(a.path("/networks/:slug/history/:version/preview/*"), a.headers, auth, a.showVersionPreview)
	r.Post(a.path("/networks/:slug/history/:version/restore"), a.headers, auth, a.handleRestore)
	r.Get(a.path("/networks/:slug/remove"), a.headers, auth, a.showRemoveNetwork)
	r.Post(a.path("/networks/:slug/remove"), a.headers, auth, a.handleRemoveNetwork)
	r.Post(a.path("/networks/:slug/drafts"), a.headers, auth, a.handleCreateDraft)
	r.Get(a.path("/drafts/:id/"), a.headers, auth, a.showDraft)
	r.Post(a.path("/drafts/:id/"), a.headers, auth, a.handleUpdateDraft)
	a.placeRoutes(r, auth)
	r.Post(a.path("/drafts/:id/submit"), a.headers, auth, a.handleSubmit)
	r.Post(a.path("/drafts/:id/publish"), a.headers, auth, a.handlePublish)
	r.Post(a.path("/drafts/:id/send-back"), a.headers, auth, a.handleSendBack)
	r.Get(a.path("/drafts/:id/preview"), a.headers, auth, func(c *fiber.Ctx) error { return c.Redirect(c.Path()+"/", fiber.StatusMovedPermanently) })
	r.Get(a.path("/drafts/:id/preview/*"), a.headers, auth, a.showDraftPreview)
	// Any other address under /admin: sign-in first, then not found, so
	// that nobody learns which addresses exist without an account.
	r.All(a.path("/*"), a.headers, auth, func(*fiber.Ctx) error { return fiber.ErrNotFound })
}

// headers marks every admin response as private to the browser that
// asked, kept out of search engines and never framed, and answers errors
// with the admin's own pages.
func (a *Admin) headers(c *fiber.Ctx) error {
	private(c)
	err := c.Next()
	if err == nil {
		return nil
	}
	c.Response().Reset()
	return a.Error(c, err)
}

// private marks a response as private to the browser that asked, kept
// out of search engines and never framed.
func private(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex, nofollow")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
}

// Owns reports whether a path is one of the admin's.
func (a *Admin) Owns(path string) bool {
	return path == a.prefix || strings.HasPrefix(path, a.prefix+"/")
}

// Error answers an error with the admin's error page: the errors of its
// handlers, and those the server meets before any handler runs for an
// address the admin Owns, such as a body over the limit (an upload too
// large).
func (a *Admin) Error(c *fiber.Ctx, err error) error {
	status, heading, text := a.explain(c, err)
	private(c)
	return a.render(c, status, view.ErrorPage(a.page(c, heading), heading, text))
}

// explain turns an error into its status and words.
func (a *Admin) explain(c *fiber.Ctx, err error) (int, string, string) {
	t := a.messages(c)
	var fe *fiber.Error
	code := fiber.StatusInternalServerError
	if errors.As(err, &fe) {
		code = fe.Code
	}
	switch {
	case errors.Is(err, errCSRF):
		return code, t.T("admin.error.csrf"), t.T("admin.error.csrfText")
	case code == fiber.StatusNotFound:
		return code, t.T("admin.error.notFound"), t.T("admin.error.notFoundText")
	case code == fiber.StatusForbidden:
		return code, t.T("admin.error.forbidden"), t.T("admin.error.forbiddenText")
	case code == fiber.StatusRequestEntityTooLarge && strings.HasSuffix(c.Path(), "/upload"):
		return code, t.T("admin.error.tooLarge"), t.T("admin.error.uploadTooLargeText", "Size", data.Size(int64(a.maxUploadSize())))
	case code == fiber.StatusRequestEntityTooLarge:
		return code, t.T("admin.error.tooLarge"), t.T("admin.error.tooLargeText", "Size", data.Size(int64(a.maxTextSize())))
	case code == fiber.StatusUnprocessableEntity:
		return code, t.T("admin.error.tooLong"), t.T("admin.error.tooLongText", "Count", MaxMessage)
	}
	a.log.Error("editing request failed", "method", c.Method(), "path", c.Path(), "err", err)
	return fiber.StatusInternalServerError, t.T("admin.error.server"), t.T("admin.error.serverText")
}

// render writes a page with a status.
func (a *Admin) render(c *fiber.Ctx, status int, page templ.Component) error {
	c.Status(status)
	c.Type("html", "utf-8")
	return page.Render(c.UserContext(), c.Response().BodyWriter())
}

// lang is the interface language of a request: the session's choice,
// the sign-in page's ?lang= (before signing in only: the translator's
// view names the language translated into so), or the browser's
// preference.
func (a *Admin) lang(c *fiber.Ctx) string {
	s := user(c)
	if s != nil && messages.Has(s.lang) {
		return s.lang
	}
	if l := c.Query("lang"); s == nil && messages.Has(l) {
		return utils.CopyString(l)
	}
	tags := messages.Tags()
	supported := make([]language.Tag, len(tags))
	for i, t := range tags {
		supported[i] = language.Make(t)
	}
	prefs, _, _ := language.ParseAcceptLanguage(c.Get(fiber.HeaderAcceptLanguage))
	_, i, _ := language.NewMatcher(supported).Match(prefs...)
	return tags[i]
}

func (a *Admin) messages(c *fiber.Ctx) messages.Messages {
	m, ok := a.languages.In(a.lang(c))
	if !ok {
		m, _ = a.languages.In(messages.Default)
	}
	return m
}

// page is what every admin page carries, for a request.
func (a *Admin) page(c *fiber.Ctx, title string) view.Page {
	t := a.messages(c)
	p := view.Page{
		T:           t,
		Title:       title,
		Stylesheets: a.cfg.Stylesheets,
		Favicon:     a.cfg.Favicon,
		Paths:       view.Paths{Home: a.path("/"), SignIn: a.path("/sign-in"), SignOut: a.path("/sign-out"), Language: a.path("/language")},
		Here:        c.Path(),
	}
	if s := user(c); s != nil {
		p.Account = &view.Account{Name: s.user.Name, Role: t.T("admin.role." + string(s.user.Role))}
		p.CSRF = s.csrf
	}
	for _, l := range a.languages.Languages() {
		p.Languages = append(p.Languages, view.Language{Tag: l.Tag, Name: l.Name, Href: a.path("/sign-in?lang=" + l.Tag), Current: l.Tag == t.Lang})
	}
	return p
}

// showSignIn asks for a name and a password, with a new token for the
// form in a cookie of its own, as there is no session yet.
func (a *Admin) showSignIn(c *fiber.Ctx) error {
	f := view.SignIn{
		Next:      a.localNext(c.Query("next")),
		Ended:     c.Query("ended") != "",
		SignedOut: c.Query("signed-out") != "",
	}
	if l := c.Query("lang"); messages.Has(l) {
		f.Lang = utils.CopyString(l)
	}
	return a.renderSignIn(c, fiber.StatusOK, f)
}

func (a *Admin) renderSignIn(c *fiber.Ctx, status int, f view.SignIn) error {
	f.Action = a.path("/sign-in")
	// A token the browser has already serves again, so that two tabs
	// of the sign-in page both work.
	if f.Token = c.Cookies(a.signInCk); len(f.Token) != len(randomToken()) {
		f.Token = randomToken()
	}
	f.Token = utils.CopyString(f.Token)
	c.Cookie(&fiber.Cookie{Name: a.signInCk, Value: f.Token, Path: "/", MaxAge: 3600, Secure: a.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode})
	t := a.messages(c)
	return a.render(c, status, view.SignInPage(a.page(c, t.T("admin.signIn.heading")), f))
}

// handleSignIn signs an account in, or shows the form again saying why
// not: the same words for an unknown name as for a wrong password.
func (a *Admin) handleSignIn(c *fiber.Ctx) error {
	f := view.SignIn{
		Name: utils.CopyString(c.FormValue("name")),
		Next: a.localNext(c.FormValue("next")),
	}
	if l := c.FormValue("lang"); messages.Has(l) {
		f.Lang = utils.CopyString(l)
		c.Request().URI().QueryArgs().Set("lang", f.Lang) // this answer in it too
	}
	if !a.sameOrigin(c) || !sameToken(c.FormValue("token"), c.Cookies(a.signInCk)) {
		f.Expired = true
		a.log.Warn("sign-in form refused: its token is missing or wrong", "addr", c.IP())
		return a.renderSignIn(c, fiber.StatusForbidden, f)
	}
	u, wait, ok := a.signIn(c, f.Name, c.FormValue("password"))
	switch {
	case wait > 0:
		f.Wait = int(math.Ceil(wait.Minutes()))
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		return a.renderSignIn(c, fiber.StatusTooManyRequests, f)
	case !ok:
		f.Failed = true
		return a.renderSignIn(c, fiber.StatusOK, f)
	}
	if err := a.startSession(c, u, f.Lang); err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{Name: a.signInCk, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0), Secure: a.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode})
	a.log.Info("signed in", "name", u.Name, "role", u.Role, "addr", c.IP())
	return c.Redirect(f.Next, fiber.StatusSeeOther)
}

// handleSignOut ends the session.
func (a *Admin) handleSignOut(c *fiber.Ctx) error {
	s := user(c)
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Destroy(); err != nil {
		return err
	}
	a.log.Info("signed out", "name", s.user.Name, "addr", c.IP())
	return c.Redirect(a.path("/sign-in?signed-out=1"), fiber.StatusSeeOther)
}

// handleLanguage keeps the interface language chosen in the session.
func (a *Admin) handleLanguage(c *fiber.Ctx) error {
	lang := utils.CopyString(c.FormValue("lang"))
	if messages.Has(lang) {
		sess, err := a.sessions.Get(c)
		if err != nil {
			return err
		}
		sess.Set(keyLang, lang)
		if err := sess.Save(); err != nil {
			return err
		}
	}
	return c.Redirect(a.localNext(c.FormValue("next")), fiber.StatusSeeOther)
}

// showHome lists the networks the account may edit, and its drafts.
func (a *Admin) showHome(c *fiber.Ctx) error {
	s := user(c)
	networks, err := a.cfg.Networks.List()
	if err != nil {
		return err
	}
	var h view.Home
	for _, n := range networks {
		if s.user.May(account.Propose, n.Slug) {
			h.Networks = append(h.Networks, view.NetworkLink{Slug: n.Slug, Name: n.Name, Href: a.path("/networks/" + n.Slug + "/"), Version: n.Version, HistoryHref: a.path("/networks/" + n.Slug + "/history/")})
		}
	}
	if s.user.May(account.ManageNetworks, "") && a.isAtlas() {
		h.NewNetwork = a.path("/networks/new")
	}
	removed, err := a.removed()
	if err != nil {
		return err
	}
	for _, r := range removed {
		if s.user.May(account.Propose, r.slug) {
			h.Removed = append(h.Removed, view.NetworkLink{Slug: r.slug, Name: r.name, HistoryHref: a.path("/networks/" + r.slug + "/history/")})
		}
	}
	drafts, err := a.drafts.List("")
	if err != nil {
		return err
	}
	t := a.messages(c)
	names := names(networks)
	h.Reviews = s.user.Role != account.Editor
	h.Translator = a.path("/translations/")
	for _, d := range drafts {
		switch {
		case account.NameKey(d.Author) == s.user.Key() && s.user.May(account.Propose, d.Network):
			h.Drafts = append(h.Drafts, a.draftLink(t, d, names))
		case d.Status == StatusSubmitted && s.user.May(account.Publish, d.Network):
			h.ToReview = append(h.ToReview, a.draftLink(t, d, names))
		}
	}
	return a.render(c, fiber.StatusOK, view.HomePage(a.page(c, t.T("admin.home.heading")), h))
}

// names are the networks' names by slug.
func names(networks []Network) map[string]string {
	m := make(map[string]string, len(networks))
	for _, n := range networks {
		m[n.Slug] = n.Name
	}
	return m
}

func (a *Admin) draftLink(t messages.Messages, d Draft, names map[string]string) view.DraftLink {
	name := names[d.Network]
	if name == "" {
		name = d.Network
	}
	return view.DraftLink{Href: a.path("/drafts/" + d.ID + "/"), ID: d.ID, Network: name, Author: d.Author, Message: d.Message, Status: t.T("admin.status." + string(d.Status)), Updated: when(t, d.Updated)}
}

// when writes a moment as the language writes days, with the time in UTC.
func when(t messages.Messages, at time.Time) string {
	at = at.UTC()
	return t.Date(at) + " " + at.Format("15:04") + " UTC"
}

// network is the network of a request's :slug that the account may
// propose changes to: 403 for one it may not, 404 for none.
func (a *Admin) network(c *fiber.Ctx, slug string) (Network, []byte, error) {
	if !user(c).user.May(account.Propose, slug) {
		return Network{}, nil, fiber.ErrForbidden
	}
	n, src, err := a.cfg.Networks.Source(slug)
	if errors.Is(err, ErrNoNetwork) {
		return n, nil, fiber.ErrNotFound
	}
	return n, src, err
}

// showEditor shows a network's data file, to save as a draft, and the
// form that uploads a spreadsheet.
func (a *Admin) showEditor(c *fiber.Ctx) error {
	n, src, err := a.network(c, utils.CopyString(c.Params("slug")))
	if err != nil {
		return err
	}
	drafts, err := a.drafts.List(n.Slug)
	if err != nil {
		return err
	}
	return a.renderEditor(c, fiber.StatusOK, n, src, drafts, a.uploadView(c, n, ownDraft(drafts, user(c).user)))
}

// renderEditor shows a network's editor, with its drafts and the upload
// form u.
func (a *Admin) renderEditor(c *fiber.Ctx, status int, n Network, src []byte, drafts []Draft, u view.Upload) error {
	t := a.messages(c)
	e := view.Editor{Network: n.Name, Slug: n.Slug, Version: n.Version, Action: a.path("/networks/" + n.Slug + "/drafts"), Text: string(src), HistoryHref: a.path("/networks/" + n.Slug + "/history/"), Upload: u,
		Translate: a.translationPath(n.Slug, ""), Partners: a.partnersPath(n.Slug), About: a.aboutPath(n.Slug)}
	// The cities' forms edit the account's draft, when it has one.
	text := src
	if d := ownDraft(drafts, user(c).user); d != nil {
		text = []byte(d.Text)
	}
	if network, err := data.Decode("draft.toml", text); err == nil {
		for _, city := range network.Cities {
			e.Cities = append(e.Cities, view.Link{Text: city.Name, Href: a.cityFormPath(n.Slug, city.Slug)})
		}
	}
	if a.places != nil {
		e.AddCity = a.path("/networks/" + n.Slug + "/cities/new")
	}
	if user(c).user.May(account.ManageNetworks, "") && a.isAtlas() {
		e.RemoveHref = a.path("/networks/" + n.Slug + "/remove")
	}
	for _, d := range drafts {
		e.Drafts = append(e.Drafts, a.draftLink(t, d, map[string]string{n.Slug: n.Name}))
	}
	return a.render(c, status, view.EditorPage(a.page(c, t.T("admin.editor.heading", "Network", n.Name)), e))
}

// draftForm reads the text and message a form sends: 413 for a text
// larger than the editor takes, 422 for a message too long. A message
// is one line.
func (a *Admin) draftForm(c *fiber.Ctx) (text, message string, err error) {
	text = strings.ReplaceAll(c.FormValue("text"), "\r\n", "\n") // browsers send text areas with CR LF
	if len(text) > a.maxTextSize() {
		return "", "", fiber.ErrRequestEntityTooLarge
	}
	message = strings.Join(strings.Fields(c.FormValue("message")), " ")
	if utf8.RuneCountInString(message) > MaxMessage || !utf8.ValidString(message) {
		return "", "", fiber.ErrUnprocessableEntity
	}
	return strings.Clone(text), strings.Clone(message), nil
}

// handleCreateDraft saves a new draft of a network, from the version the
// editor showed.
func (a *Admin) handleCreateDraft(c *fiber.Ctx) error {
	s := user(c)
	n, _, err := a.network(c, utils.CopyString(c.Params("slug")))
	if err != nil {
		return err
	}
	text, message, err := a.draftForm(c)
	if err != nil {
		return err
	}
	file := filepath.Base(n.File)
	base := c.FormValue("base")
	if !isVersion(base) {
		base = n.Version
	}
	baseText, err := a.textAt(file, base)
	if err != nil {
		return err
	}
	d, err := a.drafts.Create(Draft{Network: n.Slug, File: file, Author: s.user.Name, Base: strings.Clone(base), BaseText: baseText, Message: message, Text: text, Status: StatusDraft})
	if err != nil {
		return err
	}
	a.log.Info("draft saved", "name", s.user.Name, "network", n.Slug, "draft", d.ID, "base", d.Base)
	return c.Redirect(a.path("/drafts/"+d.ID+"/?saved=1"), fiber.StatusSeeOther)
}

// isVersion reports whether s is a version as Version writes them.
func isVersion(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789abcdef") == ""
}

// draft is the draft of a request's :id, if the account may see it: the
// drafts of the networks it may propose changes to.
func (a *Admin) draft(c *fiber.Ctx) (Draft, error) {
	d, err := a.drafts.Get(utils.CopyString(c.Params("id")))
	if errors.Is(err, ErrNoDraft) {
		return d, fiber.ErrNotFound
	}
	if err != nil {
		return d, err
	}
	if !user(c).user.May(account.Propose, d.Network) {
		return d, fiber.ErrForbidden
	}
	return d, nil
}

// notice is what a page says first: what the last action did, or why it
// was refused (problem), with what the data says in its own words.
type notice struct {
	text    string
	problem bool
	details []string
}

// refused is a notice of why something was refused.
func refused(text string, details ...string) notice {
	return notice{text: text, problem: true, details: details}
}

// doneNotice is the draft page's notice after each action, by the done=
// of its address.
func doneNotice(t messages.Messages, done string) notice {
	switch done {
	case "submitted":
		return notice{text: t.T("admin.review.submitted")}
	case "returned":
		return notice{text: t.T("admin.review.returned")}
	case "published":
		return notice{text: t.T("admin.review.published")}
	case "conflict":
		return refused(t.T("admin.review.conflict"))
	case "saved":
		return notice{text: t.T("admin.draft.saved")}
	case "uploaded":
		return notice{text: t.T("admin.upload.uploaded")}
	}
	return notice{}
}

// showDraft shows a draft: see renderDraft.
func (a *Admin) showDraft(c *fiber.Ctx) error {
	d, err := a.draft(c)
	if err != nil {
		return err
	}
	done := c.Query("done")
	if c.Query("saved") != "" {
		done = "saved"
	}
	return a.renderDraft(c, d, fiber.StatusOK, doneNotice(a.messages(c), done))
}

// renderDraft shows a draft with a notice: where it stands in review and
// what may be done with it now, what publishing it would change, its
// problems, the conflicts that keep it from being published, and, to its
// author, the text to go on with.
func (a *Admin) renderDraft(c *fiber.Ctx, d Draft, status int, n notice) error {
	s := user(c)
	t := a.messages(c)
	network, _, err := a.cfg.Networks.Source(d.Network)
	if err != nil && !errors.Is(err, ErrNoNetwork) {
		return err
	}
	name := network.Name
	if name == "" {
		name = d.Network
	}
	file := a.fileOf(d)
	v := view.Draft{
		ID: d.ID, Network: name, NetworkHref: a.path("/networks/" + d.Network + "/"),
		Author: d.Author, Status: t.T("admin.status." + string(d.Status)), State: string(d.Status),
		Base:    d.Base,
		Created: when(t, d.Created), Updated: when(t, d.Updated),
		Message: d.Message, Text: d.Text,
		Problems: a.problems(file, d.Text),
		Reviewer: d.Reviewer, Comment: d.Comment,
	}
	v.Notice, v.Problem = n.text, n.problem
	if d.Sheet != nil && d.Open() {
		v.SheetFile, v.SheetNotes = d.Sheet.File, notesView(t, d.Sheet)
	}
	if d.Version != "" {
		v.Version = d.Version[:min(len(d.Version), 8)]
		v.VersionHref = a.path("/networks/" + d.Network + "/history/")
	}
	if d.Open() {
		now, version, m, err := a.outcome(d)
		if err != nil {
			return err
		}
		v.Current, v.CurrentText = version, string(now)
		v.Merges = m.Text != nil && version != d.Base
		for _, c := range m.Conflicts {
			v.Conflicts = append(v.Conflicts, view.Conflict{Path: c.Path, Draft: c.Draft, Current: c.Current})
		}
		if m.Text != nil {
			for _, fc := range fieldChanges(now, m.Text) {
				v.Changes = append(v.Changes, view.FieldChange(fc))
			}
			v.Diff = diffLines(file, now, m.Text)
			v.Summary = summaryOf(now, m.Text)
		}
		if a.cfg.Previews != nil {
			v.PreviewHref = a.path("/drafts/"+d.ID+"/preview") + a.entry(d.Network)
		}
		if isAuthor(s.user, d) {
			v.Action = a.path("/drafts/" + d.ID + "/")
			if len(m.Conflicts) > 0 {
				v.Rebase = version
			}
		}
		if isAuthor(s.user, d) && (d.Status == StatusDraft || d.Status == StatusReturned) {
			v.Submit = a.path("/drafts/" + d.ID + "/submit")
		}
		if mayPublish(s.user, d) && len(m.Conflicts) == 0 {
			v.Publish = a.path("/drafts/" + d.ID + "/publish")
		}
		if s.user.May(account.Publish, d.Network) && d.Status == StatusSubmitted {
			v.SendBack = a.path("/drafts/" + d.ID + "/send-back")
		}
	}
	p := a.page(c, t.T("admin.draft.name", "ID", d.ID, "Network", name))
	if len(v.Problems) > 0 && a.cfg.EditorJS != "" {
		p.Scripts = []string{a.cfg.EditorJS}
	}
	return a.render(c, status, view.DraftPage(p, v))
}

// diffLines are the lines of the unified diff from one version of a data
// file to another.
func diffLines(file string, before, after []byte) []view.DiffLine {
	u := diff.Unified(file, file, before, after)
	if u == nil {
		return nil
	}
	var out []view.DiffLine
	for i, line := range strings.Split(strings.TrimSuffix(string(u), "\n"), "\n") {
		kind := "same"
		switch {
		case i < 2:
			continue // the files' names, which are one
		case strings.HasPrefix(line, "@@"):
			kind = "hunk"
		case strings.HasPrefix(line, "+"):
			kind = "add"
		case strings.HasPrefix(line, "-"):
			kind = "remove"
		}
		out = append(out, view.DiffLine{Kind: kind, Text: line})
	}
	return out
}

// problems are what publishing would find in a draft's text, at their
// lines: its own, and those of the rules across an atlas's files.
func (a *Admin) problems(file, text string) []view.Problem {
	err := a.cfg.Store.Check(file, []byte(text))
	var ps data.Problems
	if !errors.As(err, &ps) {
		if err != nil {
			return []view.Problem{{Line: 1, Column: 1, Message: a.withoutPaths(data.Printable(err.Error()))}}
		}
		return nil
	}
	return a.problemsOf(ps, file)
}

// problemsOf are problems of file as the pages list them. In an atlas a
// rule across files reports a problem in each: one in another file is
// named by that file, as its line and column are not file's, and the
// message names the other by its file's name alone.
func (a *Admin) problemsOf(ps data.Problems, file string) []view.Problem {
	out := make([]view.Problem, len(ps))
	for i, p := range ps {
		out[i] = view.Problem{Line: p.Line, Column: p.Column, Message: a.withoutPaths(p.Message)}
		if p.File != "" && filepath.Base(p.File) != filepath.Base(file) {
			out[i].File = filepath.Base(p.File)
		}
	}
	return out
}

// withoutPaths is a message of the data with the data folder's path taken
// out of the files it names, which keep their names: an account sees the
// files of the data, never where the server keeps them.
func (a *Admin) withoutPaths(msg string) string {
	dir := a.cfg.Store.Snapshot().Path
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	folders := []string{dir}
	if abs, err := filepath.Abs(dir); err == nil {
		folders = append(folders, abs)
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			folders = append(folders, real)
		}
	}
	slices.SortFunc(folders, func(x, y string) int { return len(y) - len(x) }) // the longest first
	for _, f := range folders {
		if f != "" && f != "." && f != string(filepath.Separator) {
			msg = strings.ReplaceAll(msg, strings.TrimSuffix(f, string(filepath.Separator))+string(filepath.Separator), "")
		}
	}
	return msg
}

// handleUpdateDraft saves its author's changes to a draft.
func (a *Admin) handleUpdateDraft(c *fiber.Ctx) error {
	d, err := a.draft(c)
	if err != nil {
		return err
	}
	s := user(c)
	if account.NameKey(d.Author) != s.user.Key() {
		return fiber.ErrForbidden
	}
	if !d.Open() {
		return fiber.ErrForbidden
	}
	if d.Text, d.Message, err = a.draftForm(c); err != nil {
		return err
	}
	if rebase := c.FormValue("rebase"); rebase != "" && rebase != d.Base {
		// Saved from the page that showed the network of now beside the
		// draft, in conflict: the draft begins from that version.
		if now, version, err := a.current(a.fileOf(d)); err == nil && version == rebase {
			d.Base, d.BaseText = version, string(now)
		}
	}
	// A change takes the draft back from review: it is submitted again.
	d.Status, d.Conflicts = StatusDraft, nil
	if d, err = a.drafts.Update(d); err != nil {
		return err
	}
	a.log.Info("draft saved", "name", s.user.Name, "network", d.Network, "draft", d.ID, "base", d.Base)
	return c.Redirect(a.path("/drafts/"+d.ID+"/?saved=1"), fiber.StatusSeeOther)
}
