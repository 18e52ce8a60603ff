package components

import "strings"

// EmbedOptions are what a host page chooses to show of an embedded map,
// written as query parameters of the embed's address: ?list=0&lines=0.
type EmbedOptions struct {
	List    bool // the list of cities
	Lines   bool // the lead-partner links on the map
	Details bool // the details panel; without it, cities link to their pages
}

// DefaultEmbed shows everything.
func DefaultEmbed() EmbedOptions { return EmbedOptions{List: true, Lines: true, Details: true} }

// AllEmbeds is every combination of options, in Index order, so that every
// variant of an embed can be rendered once.
func AllEmbeds() []EmbedOptions {
	all := make([]EmbedOptions, 8)
	for i := range all {
		all[i] = EmbedOptions{List: i&1 == 0, Lines: i&2 == 0, Details: i&4 == 0}
	}
	return all
}

// Index numbers the combination; the default is 0.
func (o EmbedOptions) Index() int {
	i := 0
	if !o.List {
		i |= 1
	}
	if !o.Lines {
		i |= 2
	}
	if !o.Details {
		i |= 4
	}
	return i
}

// Query is the canonical query string of the options: only what differs
// from the default, in a fixed order, or "" for the default.
func (o EmbedOptions) Query() string {
	var parts []string
	if !o.List {
		parts = append(parts, "list=0")
	}
	if !o.Lines {
		parts = append(parts, "lines=0")
	}
	if !o.Details {
		parts = append(parts, "details=0")
	}
	if len(parts) == 0 {
		return ""
	}
	return "?" + strings.Join(parts, "&")
}
