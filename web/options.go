package web

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"partnermap/components"
	"partnermap/geo"
)

// Options are the operator's settings for a site, as flags and the
// environment give them. Check says what is wrong with them in the words
// of the flags that set them, and NewBuilder takes only options that
// pass, so that the rules live here and nowhere else.
type Options struct {
	// BaseURL is where the site is public, such as https://map.example.org
	// or, under a path, https://example.org/map/, from which canonical and
	// other absolute links are made, and the path every address is under.
	BaseURL string
	// Tiles, when set, adds a raster tile layer under the outlines.
	Tiles Tiles
	// EmbedOrigins are the origins allowed to frame the embeds, such as
	// https://www.example.org; none means any site may.
	EmbedOrigins []string
	// Countries are the decoded outlines the maps are cut from, when the
	// caller has them already; NewBuilder decodes its own otherwise.
	Countries []geo.Country
	// MaxMemory is the most a site keeps of what it renders on demand, in
	// bytes: its pages, and an atlas's networks' sites. 0 is
	// DefaultMaxMemory.
	MaxMemory int64
}

// Tiles is a raster tile server: a URL template such as
// https://tile.example.org/{z}/{x}/{y}.png, and the credit its provider
// requires. Both are given, or neither.
type Tiles struct {
	URL, Attribution string
}

// settings are Options parsed, as the builder uses them.
type settings struct {
	base *url.URL
	// tiles is the map's tile layer, nil without one; tileOrigin is its
	// Content-Security-Policy source.
	tiles      *components.Tiles
	tileOrigin string
	// frameAncestors is the Content-Security-Policy source list of the
	// sites that may frame the embeds.
	frameAncestors string
}

// Check reports the first thing wrong with the options, if any. An empty
// BaseURL passes: a server told none takes the address it listens on,
// which it knows only once it listens; NewBuilder needs one.
func (o Options) Check() error {
	_, err := o.parse()
	return err
}

// parse checks the options and parses each once, in the order the
// flags are listed.
func (o Options) parse() (settings, error) {
	var s settings
	var err error
	if o.BaseURL != "" {
		if s.base, err = parseBaseURL(o.BaseURL); err != nil {
			return s, err
		}
	}
	if s.tileOrigin, err = o.Tiles.origin(); err != nil {
		return s, err
	}
	if s.tileOrigin != "" {
		s.tiles = &components.Tiles{URL: o.Tiles.URL, Attribution: o.Tiles.Attribution}
	}
	s.frameAncestors, err = frameAncestors(o.EmbedOrigins)
	return s, err
}

// parseBaseURL checks a --base-url value: an http or https origin, and
// optionally a path the site is under, without a query or fragment. The
// URL it returns has no slash at its end: https://example.org/map/ is
// https://example.org/map, to which the site's addresses are joined.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSuffix(raw, "/"))
	switch {
	case err != nil:
		return nil, fmt.Errorf("base URL %q is not a URL: write it as https://map.example.org", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("base URL %q must start with http:// or https://, such as https://map.example.org", raw)
	case u.Host == "":
		return nil, fmt.Errorf("base URL %q has no host: write it as https://map.example.org", raw)
	case u.User != nil || strings.ContainsAny(raw, "?#"):
		return nil, fmt.Errorf("base URL %q must be an origin and a path only, without a user, query or fragment: write it as %s://%s%s/", raw, u.Scheme, u.Host, strings.TrimSuffix(u.Path, "/"))
	case u.RawPath != "" || !plainPath(u.Path):
		return nil, fmt.Errorf("base URL %q has a path that is not plain folders: write each with letters, digits and . - _ ~ only, such as %s://%s/map/", raw, u.Scheme, u.Host)
	}
	return u, nil
}

// plainPath reports whether p is a path a site may be served under:
// folders of letters, digits and . - _ ~, none of them . or .., without
// a slash at the end. Pages write it in front of every address as it is,
// and a proxy passes it on unchanged.
func plainPath(p string) bool {
	if p == "" {
		return true
	}
	folders := strings.Split(p, "/")
	if folders[0] != "" {
		return false
	}
	for _, f := range folders[1:] {
		if f == "" || f == "." || f == ".." || strings.Trim(f, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_~") != "" {
			return false
		}
	}
	return true
}

// origin checks the tile options, both or neither, and returns the tile
// server's origin as a Content-Security-Policy source; "" without tiles.
func (t Tiles) origin() (string, error) {
	switch {
	case t.URL == "" && t.Attribution == "":
		return "", nil
	case t.URL == "":
		return "", errors.New("--tile-attribution is set without --tile-url: give both, or neither")
	case t.Attribution == "":
		return "", errors.New("--tile-url needs --tile-attribution: write the credit the tile provider asks for, such as \"© OpenStreetMap contributors\"")
	}
	return tileOrigin(t.URL)
}

// tileOrigin checks a raster tile URL template, such as
// https://{s}.tile.example.org/{z}/{x}/{y}.png, and returns its origin as
// a Content-Security-Policy source. The source is made of the parsed
// scheme, host and port alone, never copied from the template, so no
// template can add to the policy; a {s} subdomain placeholder, Leaflet's
// way of spreading requests over a.tile..., b.tile..., becomes a wildcard
// (https://*.tile.example.org). A template with a user, a query or a
// fragment is refused.
func tileOrigin(template string) (string, error) {
	example := "write a template such as https://tile.example.org/{z}/{x}/{y}.png"
	scheme, rest, _ := strings.Cut(template, "://")
	authority := rest[:strings.IndexAny(rest+"/", "/?#")]
	wildcard := strings.HasPrefix(authority, "{s}.")
	switch {
	case scheme != "https" && scheme != "http":
		return "", fmt.Errorf("--tile-url %q must start with https:// (or http://): %s", template, example)
	case strings.Contains(authority, "@"):
		return "", fmt.Errorf("--tile-url %q names a user: leave the user and password out, %s", template, example)
	case strings.Contains(strings.TrimPrefix(authority, "{s}."), "{"):
		return "", fmt.Errorf("--tile-url %q has a placeholder in its host other than {s} at its start: %s, or https://{s}.tile.example.org/{z}/{x}/{y}.png", template, example)
	case strings.ContainsAny(template, "?#"):
		return "", fmt.Errorf("--tile-url %q has a query or a fragment (? or #): the map asks for tiles by their path only; %s", template, example)
	}
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(template, p) {
			return "", fmt.Errorf("--tile-url %q lacks %s: %s", template, p, example)
		}
	}
	// Leaflet's placeholders ({s}, {z}, {x}, {y}, {r}...) become a
	// subdomain and numbers, which a URL may hold; then the host must be
	// a host name or an IPv4 address, and the port a number.
	placeholder := regexp.MustCompile(`\{[^{}/]*\}`)
	hostName := regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$`)
	portNumber := regexp.MustCompile(`^([0-9]{1,5})?$`)
	u, err := url.Parse(placeholder.ReplaceAllStringFunc(template, func(p string) string {
		if p == "{s}" {
			return "a"
		}
		return "0"
	}))
	if err != nil || u.User != nil || u.RawQuery != "" || u.Fragment != "" || !hostName.MatchString(u.Hostname()) || !portNumber.MatchString(u.Port()) {
		return "", fmt.Errorf("--tile-url %q does not name a host: %s", template, example)
	}
	host := u.Hostname()
	if wildcard {
		_, parent, _ := strings.Cut(host, ".")
		host = "*." + parent
	}
	if u.Port() != "" {
		host += ":" + u.Port()
	}
	return u.Scheme + "://" + host, nil
}

// frameAncestors checks the --embed-origins list, each an http or https
// origin without a path, and returns the Content-Security-Policy source
// list of the sites that may frame the embeds: any, without origins.
func frameAncestors(origins []string) (string, error) {
	if len(origins) == 0 {
		return "'self' *", nil
	}
	// A host name or address with an optional port: the origins go into
	// the header as they are.
	plainHost := regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]+)?$`)
	sources := []string{"'self'"}
	for _, o := range origins {
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !plainHost.MatchString(u.Host) ||
			strings.TrimSuffix(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
			return "", fmt.Errorf("--embed-origins: %q is not an origin: write it as https://www.example.org, without a path", o)
		}
		sources = append(sources, u.Scheme+"://"+u.Host)
	}
	return strings.Join(sources, " "), nil
}
