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
)

// oembedTarget is a page that can be embedded, in one language.
type oembedTarget struct {
	title    string
	page     string // path of the page
	embed    string // path of its embed
	linkText string
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
	q.maxWidth = positive(values.Get("maxwidth"))
	q.maxHeight = positive(values.Get("maxheight"))
	if h := values.Get("height"); h == "auto" {
		q.autoHeight = true
	} else {
		q.height = positive(h)
	}
	// Options may come with the embed address itself and as parameters;
	// the parameters win.
	q.options = parseEmbedOptions(u.RawQuery + "&" + rawQuery)
	return q, nil
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

// cleanPath reads a path the way people paste it: /cities/palermo/ and
// /cities/./palermo are /cities/palermo.
func cleanPath(p string) string {
	return path.Clean("/" + p)
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
	lang, rest := components.SplitLanguage(cleanPath(q.url.Path))
	slug, ok := s.targets[rest]
	if !ok {
		return oembedResponse{}, errUnknown
	}
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
	return oembedResponse{
		Type:         "rich",
		Version:      "1.0",
		Title:        t.title,
		ProviderName: t.provider,
		ProviderURL:  s.abs("/"),
		HTML: components.Snippet(components.SnippetView{
			Src:      s.abs(t.embed) + q.options.Query(),
			Title:    t.title,
			Height:   strconv.Itoa(height),
			Auto:     q.autoHeight,
			Script:   s.abs(components.Paths{}.EmbedScript()),
			Link:     s.abs(t.page),
			LinkText: t.linkText,
		}),
		Width:  width,
		Height: height,
	}, nil
}

// handleOEmbed is the oEmbed endpoint: 404 for an address that is not one
// of the site's pages, 501 for a format other than JSON or XML.
func (s *Server) handleOEmbed(c *fiber.Ctx) error {
	site := s.site.Load()
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	q, err := parseOEmbedQuery(string(c.Request().URI().QueryString()))
	var resp oembedResponse
	if err == nil {
		resp, err = site.oembed(q)
	}
	switch {
	case errors.Is(err, errFormat):
		return c.Status(fiber.StatusNotImplemented).SendString("oEmbed: " + err.Error() + "\n")
	case errors.Is(err, errNoURL):
		return c.Status(fiber.StatusBadRequest).SendString("oEmbed: " + err.Error() + "\n")
	case err != nil:
		return c.Status(fiber.StatusNotFound).SendString("oEmbed: " + err.Error() + "\n")
	}
	body, contentType, err := resp.encode(q.xml)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, contentType)
	return c.Send(body)
}

const typeOEmbedJSON = "application/json; charset=utf-8"

// encode writes the response as the endpoint sends it, in XML or JSON.
func (o oembedResponse) encode(asXML bool) (body []byte, contentType string, err error) {
	if asXML {
		body, err := xml.Marshal(o)
		return append([]byte(xml.Header), body...), "text/xml; charset=utf-8", err
	}
	body, err = json.Marshal(o)
	return body, typeOEmbedJSON, err
}

// addOEmbedFiles registers each page's oEmbed description as a file, in
// every language: /oembed/network.json and /oembed/cities/{slug}.json, the
// bytes /oembed?url=PAGE&format=json answers. Pages point to them for
// JSON, so that an exported site on a static host, which cannot answer a
// query, keeps its discovery links.
func (s *Site) addOEmbedFiles() {
	var full components.Paths
	// The renderers keep what oEmbed needs, not this site, which the site
	// compressed at the best levels takes them from and replaces.
	o := &Site{base: s.base, targets: s.targets, target: s.target}
	for path, slug := range s.targets {
		if path != full.Home() && path != full.City(slug) {
			continue // an embed's address, which pages do not announce
		}
		l := &lazyResource{render: func(lang string) (*Resource, error) {
			q, err := parseOEmbedQuery("url=" + url.QueryEscape(o.abs(o.target(lang, slug).page)) + "&format=json")
			if err != nil {
				return nil, err
			}
			resp, err := o.oembed(q)
			if err != nil {
				return nil, err
			}
			body, contentType, err := resp.encode(false)
			if err != nil {
				return nil, err
			}
			r := newResource(contentType, cacheRevalidate, body)
			r.headers = [][2]string{{"Cross-Origin-Resource-Policy", "cross-origin"}, {"Access-Control-Allow-Origin", "*"}}
			return r, nil
		}}
		s.pages[full.OEmbedFile(slug)] = l
		if s.order != nil {
			s.order = append(s.order, l)
		}
	}
}
