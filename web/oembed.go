package web

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"partnermap/components"
)

// Embed heights: the default fits the list, the map and a short panel; the
// limits keep a snippet usable whatever a consumer asks for.
const (
	defaultEmbedHeight = 560
	minEmbedHeight     = 200
	maxEmbedHeight     = 2000
	defaultEmbedWidth  = 720
	// smallFrame is the tallest frame too small for more than the map: in
	// it, an embed shows its map alone, centred on its city or place, with
	// the name of what it shows (static/site.css, static/map/embed.js).
	// oEmbed gives a network's frames this small the embed without list
	// and details, whose cities open their full pages.
	smallFrame = 240
)

// oembedTarget is a page that can be embedded, in one language.
type oembedTarget struct {
	title    string
	page     string // path of the page
	embed    string // path of its embed
	provider string // the site's name
}

// oembedQuery is a parsed /oembed request.
type oembedQuery struct {
	url        *url.URL
	xml        bool
	maxWidth   int // 0 when not given
	maxHeight  int
	height     int // asked for exactly (builder), 0 when not
	autoHeight bool
	options    components.EmbedOptions
}

var (
	errFormat  = errors.New("format must be json or xml")
	errNoURL   = errors.New("url is missing")
	errBadURL  = errors.New("url is not an address of this site")
	errUnknown = errors.New("no page of this site has that address")
)

// parseOEmbedQuery reads the parameters of an oEmbed request. Besides the
// standard url, format, maxwidth and maxheight it takes the embed options
// (list, lines, details), height (pixels or "auto") for the builder.
// Malformed numbers are ignored, as consumers send what they send.
func parseOEmbedQuery(rawQuery string) (oembedQuery, error) {
	values, _ := url.ParseQuery(rawQuery)
	var q oembedQuery
	switch values.Get("format") {
	case "", "json":
	case "xml":
		q.xml = true
	default:
		return q, errFormat
	}
	raw := values.Get("url")
	if raw == "" {
		return q, errNoURL
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return q, errBadURL
	}
	q.url = u
	q.size(values)
	// Options may come with the embed address itself and as parameters;
	// the parameters win.
	q.options = parseEmbedOptions(u.RawQuery + "&" + rawQuery)
	return q, nil
}

// size reads the parameters that size the embed: maxwidth and maxheight,
// which consumers append to the discovered address of an oEmbed file too,
// and height.
func (q *oembedQuery) size(values url.Values) {
	q.maxWidth = positive(values.Get("maxwidth"))
	q.maxHeight = positive(values.Get("maxheight"))
	if h := values.Get("height"); h == "auto" {
		q.autoHeight = true
	} else {
		q.height = positive(h)
	}
}

// positive reads a positive integer, or gives 0.
func positive(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// port is a URL's port, the scheme's default when none is written.
func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// pagePath reads a page's address the way people paste it:
// /cities/palermo, /cities/./palermo/ and /cities/palermo/index.html are
// /cities/palermo/.
func pagePath(p string) string {
	p = strings.TrimSuffix(path.Clean("/"+p), "/index.html")
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// oembedResponse is the oEmbed 1.0 "rich" response.
type oembedResponse struct {
	XMLName      xml.Name `json:"-" xml:"oembed"`
	Type         string   `json:"type" xml:"type"`
	Version      string   `json:"version" xml:"version"`
	Title        string   `json:"title" xml:"title"`
	ProviderName string   `json:"provider_name" xml:"provider_name"`
	ProviderURL  string   `json:"provider_url" xml:"provider_url"`
	HTML         string   `json:"html" xml:"html"`
	Width        int      `json:"width" xml:"width"`
	Height       int      `json:"height" xml:"height"`
}

// oembed answers an oEmbed request for one of the site's pages. It never
// fetches the address it is given: it only parses it and looks it up.
func (s *Site) oembed(q oembedQuery) (oembedResponse, error) {
	if !strings.EqualFold(q.url.Hostname(), s.base.Hostname()) || port(q.url) != port(s.base) {
		return oembedResponse{}, errBadURL
	}
	page, ok := strings.CutPrefix(pagePath(q.url.Path), s.Root())
	if !ok || !strings.HasPrefix(page, "/") {
		return oembedResponse{}, errUnknown // outside the site's path
	}
	if part, err := s.partAt(page, ""); part != nil {
		return part.oembed(q)
	} else if err != nil {
		return oembedResponse{}, err
	}
	lang, rest := components.SplitLanguage(page)
	slug, ok := s.targets[rest]
	if !ok {
		return oembedResponse{}, errUnknown
	}
	return s.oembedOf(lang, slug, q), nil
}

// oembedOf describes the network's page or a city's (slug), in a language,
// at the size q asks for. The HTML is a frame of exactly the size
// reported, which never grows past its column; /embed.js, on a page that
// includes it, sizes the frame to its content.
func (s *Site) oembedOf(lang, slug string, q oembedQuery) oembedResponse {
	t := s.target(lang, slug)
	width := defaultEmbedWidth
	if q.maxWidth > 0 {
		width = min(width, q.maxWidth)
	}
	height := defaultEmbedHeight
	if q.height > 0 {
		height = min(max(q.height, minEmbedHeight), maxEmbedHeight)
	}
	if q.maxHeight > 0 {
		height = min(height, q.maxHeight)
	}
	options := q.options
	if height <= smallFrame {
		options.List, options.Details = false, false
	}
	query := options.Query()
	if s.networks != nil {
		query = "" // an atlas's own embeds take no options
	}
	snippet := components.SnippetView{Src: s.abs(t.embed) + query, Title: t.title, Width: width, Height: strconv.Itoa(height), Grow: true}
	if q.autoHeight {
		snippet.Script = s.abs(components.Paths{}.EmbedScript())
	}
	return oembedResponse{
		Type:         "rich",
		Version:      "1.0",
		Title:        t.title,
		ProviderName: t.provider,
		ProviderURL:  s.abs("/"),
		HTML:         components.Snippet(snippet),
		Width:        width,
		Height:       height,
	}
}

// handleOEmbed is the oEmbed endpoint: 404 for an address that is not one
// of the site's pages, 501 for a format other than JSON or XML.
func (s *Server) handleOEmbed(c *fiber.Ctx) error {
	site := s.site.Load()
	q, err := parseOEmbedQuery(string(c.Request().URI().QueryString()))
	var resp oembedResponse
	if err == nil {
		resp, err = site.oembed(q)
	}
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	switch {
	case errors.Is(err, errFormat):
		return c.Status(fiber.StatusNotImplemented).SendString("oEmbed: " + err.Error() + "\n")
	case errors.Is(err, errNoURL):
		return c.Status(fiber.StatusBadRequest).SendString("oEmbed: " + err.Error() + "\n")
	case err != nil:
		return c.Status(fiber.StatusNotFound).SendString("oEmbed: " + err.Error() + "\n")
	}
	return sendOEmbed(c, resp, q.xml)
}

// sendOEmbed answers with an oEmbed response made for the request, which
// may be cached for a few minutes.
func sendOEmbed(c *fiber.Ctx, resp oembedResponse, asXML bool) error {
	body, contentType, err := resp.encode(asXML)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	c.Set("Cross-Origin-Resource-Policy", "cross-origin")
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	c.Set(fiber.HeaderContentType, contentType)
	return c.Send(body)
}

// oembedFile is a page's oEmbed description as a file: the page, and the
// file's format.
type oembedFile struct {
	slug string // the city's, "" for the network
	xml  bool
}

// oembedFileAt is the oEmbed file at a path in any language, and the
// site, an atlas's or one of its networks', whose file it is; err is
// ErrNoAddress for a path that is none, or why the network's site could
// not be built.
func (s *Site) oembedFileAt(path string) (site *Site, f oembedFile, lang string, err error) {
	part, err := s.partAt(path, "")
	if err != nil {
		return nil, f, "", err
	}
	if part != nil {
		return part.oembedFileAt(path)
	}
	lang, rest := components.SplitLanguage(path)
	f, ok := s.oembedFiles[rest]
	if !ok {
		return nil, f, "", ErrNoAddress
	}
	return s, f, lang, nil
}

// answerOEmbedFile answers an oEmbed file's address with a query, such as
// the maxwidth and maxheight consumers append to the address they
// discovered: the description made for the size asked, as /oembed makes
// it. Without a query the file is the rendered one.
func (s *Server) answerOEmbedFile(c *fiber.Ctx, site *Site, f oembedFile, lang, rawQuery string) error {
	values, _ := url.ParseQuery(rawQuery)
	q := oembedQuery{options: parseEmbedOptions(rawQuery)}
	q.size(values)
	return sendOEmbed(c, site.oembedOf(lang, f.slug, q), f.xml)
}

// encode writes the response as the endpoint sends it, in XML or JSON.
func (o oembedResponse) encode(asXML bool) (body []byte, contentType string, err error) {
	if asXML {
		body, err := xml.Marshal(o)
		return append([]byte(xml.Header), body...), typeXML, err
	}
	body, err = json.Marshal(o)
	return body, typeJSON, err
}

// addOEmbedFiles registers each page's oEmbed descriptions as files, in
// JSON and XML, in every language: /oembed/network.json,
// /oembed/cities/{slug}.xml, the bytes /oembed?url=PAGE answers. Pages
// announce them, so that an exported site on a static host, which cannot
// answer a query, keeps its discovery links.
func (s *Site) addOEmbedFiles(name func(p components.Paths, slug, format string) string) {
	full := s.paths
	s.oembedFiles = map[string]oembedFile{}
	// The renderers keep what oEmbed needs, not this site, which the site
	// compressed at the best levels takes them from and replaces.
	o := &Site{base: s.base, targets: s.targets, target: s.target, networks: s.networks}
	for _, page := range s.oembedPages {
		slug := page.slug
		for _, f := range []oembedFile{{slug, false}, {slug, true}} {
			format := "json"
			if f.xml {
				format = "xml"
			}
			l := &lazyResource{render: func(lang string) (*Resource, error) {
				body, contentType, err := o.oembedOf(lang, f.slug, oembedQuery{options: components.DefaultEmbed()}).encode(f.xml)
				if err != nil {
					return nil, err
				}
				return openData(newResource(contentType, cacheRevalidate, body)), nil
			}}
			file := name(full, slug, format)
			s.pages[file] = l
			s.oembedFiles[file] = f
			if s.order != nil {
				s.order = append(s.order, l)
			}
		}
	}
}
