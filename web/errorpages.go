package web

import (
	"net/http"

	"github.com/a-h/templ"

	"partnermap/components"
)

// errorStatuses are the statuses with error pages of their own, besides
// 404's; any other 4xx takes 400's words and 5xx 500's.
var errorStatuses = []int{http.StatusBadRequest, http.StatusMethodNotAllowed, http.StatusRequestEntityTooLarge, http.StatusRequestHeaderFieldsTooLarge, http.StatusInternalServerError}

// addErrorPages renders the error pages in every language: a visitor who
// gets lost in Italian reads Italian.
func (r *routeBuilder) addErrorPages() {
	n := r.network
	page := func(l locale, title string) components.Page { return r.page(l, l.full, "", title, "", nil) }
	notFound := func(l locale, p components.Page) templ.Component {
		p.SkipTo = "cities"
		if r.compact {
			p.Map.List = l.full.CityList()
		}
		return components.NotFoundPage(p)
	}
	addErrorPages(r.site, r.locales, n.Name, page, notFound, r.render)
}

// addErrorPages renders a site's error pages in every language: name is
// the site's in titles, page makes the view of a page with a title, and
// notFound the 404 page's content, which lists where to go instead.
func addErrorPages(s *Site, locales map[string]locale, name string, page func(l locale, title string) components.Page,
	notFound func(l locale, p components.Page) templ.Component, render func(status int, c templ.Component) *Resource) {
	s.notFound = map[string]*Resource{}
	s.statusPages = map[int]map[string]*Resource{}
	for _, status := range errorStatuses {
		s.statusPages[status] = map[string]*Resource{}
	}
	for lang, l := range locales {
		t := l.t
		plain := func(title string) components.Page {
			p := page(l, title)
			p.Stylesheets, p.Scripts, p.SkipTo = []string{p.Assets.SiteCSS}, nil, ""
			return p
		}
		errorPage := func(status int, heading, message string) *Resource {
			p := plain(t.T("title.error", "Error", heading, "Network", name))
			return render(status, components.ErrorPage(p, heading, message))
		}
		s.notFound[lang] = render(http.StatusNotFound, notFound(l, plain(t.T("title.notFound", "Network", name))))
		s.statusPages[http.StatusBadRequest][lang] = errorPage(http.StatusBadRequest, t.T("error.400.heading"), t.T("error.400.text"))
		s.statusPages[http.StatusMethodNotAllowed][lang] = errorPage(http.StatusMethodNotAllowed, t.T("error.405.heading"), t.T("error.405.text"))
		s.statusPages[http.StatusRequestEntityTooLarge][lang] = errorPage(http.StatusRequestEntityTooLarge, t.T("error.413.heading"), t.T("error.413.text"))
		s.statusPages[http.StatusRequestHeaderFieldsTooLarge][lang] = errorPage(http.StatusRequestHeaderFieldsTooLarge, t.T("error.413.heading"), t.T("error.431.text"))
		s.statusPages[http.StatusInternalServerError][lang] = errorPage(http.StatusInternalServerError, t.T("error.heading"), t.T("error.text"))
	}
}

// errorPage is the page that answers a status in a language: its own, or
// for a status without one, 400's for a 4xx and 500's otherwise.
func (s *Site) errorPage(status int, lang string) *Resource {
	if status == http.StatusNotFound {
		return s.notFound[lang]
	}
	pages, ok := s.statusPages[status]
	switch {
	case ok:
	case status >= 400 && status < 500:
		pages = s.statusPages[http.StatusBadRequest]
	default:
		pages = s.statusPages[http.StatusInternalServerError]
	}
	return pages[lang]
}
