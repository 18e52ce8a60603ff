package components

import (
	"slices"
	"strings"
)

// EmbedOptions are what a host page chooses to show of an embedded map,
// written as query parameters of the embed's address: ?list=0&lines=0.
type EmbedOptions struct {
	List    bool // the list of cities
	Lines   bool // the lead-partner links on the map
	Details bool // the details panel; without it, cities link to their pages
}

// embedOptionCount is the number of options in the table.
const embedOptionCount = 3

// EmbedVariants is the number of combinations of options: each option
// is a bit of Index.
const EmbedVariants = 1 << embedOptionCount

// embedOption is a row of the table of options: the option's key, in an
// embed's address and in the builder's form, and what it shows.
type embedOption struct {
	key   string
	shown *bool
}

// table is the only definition of the options. An option's place in it
// is its bit in Index; its key names it in addresses, in the builder's
// form and to the scripts, which receive the table as an EmbedTable. A
// new option is a field, a row and embedOptionCount here, the words of
// its box in the builder (builder.KEY in the message files), and what it
// hides in the templates and in the map script (static/map/embed.js).
func (o *EmbedOptions) table() [embedOptionCount]embedOption {
	return [embedOptionCount]embedOption{{"list", &o.List}, {"lines", &o.Lines}, {"details", &o.Details}}
}

// embedWords are the words that switch an option off and on. Anything
// else leaves the option at its default, so a mistyped snippet still
// shows a working map. Addresses are written with the first off word.
func embedWords() (off, on []string) {
	return []string{"0", "false", "no", "off", "hide", "none"}, []string{"1", "true", "yes", "on", "show"}
}

// embedKeys are the options' keys in the table's order.
func embedKeys() []string {
	var o EmbedOptions
	var keys []string
	for _, opt := range o.table() {
		keys = append(keys, opt.key)
	}
	return keys
}

// DefaultEmbed shows everything.
func DefaultEmbed() EmbedOptions {
	var o EmbedOptions
	for _, opt := range o.table() {
		*opt.shown = true
	}
	return o
}

// AllEmbeds is every combination of options, in Index order, so that every
// variant of an embed can be rendered once.
func AllEmbeds() []EmbedOptions {
	all := make([]EmbedOptions, EmbedVariants)
	for i := range all {
		for bit, opt := range all[i].table() {
			*opt.shown = i&(1<<bit) == 0
		}
	}
	return all
}

// Index numbers the combination: the bits of the options it hides. The
// default is 0.
func (o EmbedOptions) Index() int {
	i := 0
	for bit, opt := range o.table() {
		if !*opt.shown {
			i |= 1 << bit
		}
	}
	return i
}

// Query is the canonical query string of the options: only what differs
// from the default, in the table's order, or "" for the default.
func (o EmbedOptions) Query() string {
	off, _ := embedWords()
	var parts []string
	for _, opt := range o.table() {
		if !*opt.shown {
			parts = append(parts, opt.key+"="+off[0])
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "?" + strings.Join(parts, "&")
}

// Set applies one parameter of an embed's address: an off word hides the
// option key names, an on word shows it. Case and the spaces around do
// not count; unknown keys and words change nothing.
func (o *EmbedOptions) Set(key, value string) {
	key = strings.ToLower(strings.TrimSpace(key))
	value = strings.ToLower(strings.TrimSpace(value))
	off, on := embedWords()
	for _, opt := range o.table() {
		switch {
		case opt.key != key:
		case slices.Contains(off, value):
			*opt.shown = false
		case slices.Contains(on, value):
			*opt.shown = true
		}
	}
}

// Shown is what the options show, by key.
func (o EmbedOptions) Shown() map[string]bool {
	shown := map[string]bool{}
	for _, opt := range o.table() {
		shown[opt.key] = *opt.shown
	}
	return shown
}

// EmbedTable is the table of options as the scripts receive it, so that
// the map script reads an embed's address and writes its options as the
// server does, and the builder writes them as snippets do.
type EmbedTable struct {
	// Off and On are the words that switch an option off and on.
	Off []string `json:"off"`
	On  []string `json:"on"`
	// Variants are every combination of options in Index order: what
	// each shows, by key, and its query string.
	Variants []EmbedVariant `json:"variants"`
}

// EmbedVariant is a combination of options as the scripts receive it.
type EmbedVariant struct {
	Shown map[string]bool `json:"shown"`
	Query string          `json:"query"`
}

// NewEmbedTable is the table of options for the scripts.
func NewEmbedTable() EmbedTable {
	var t EmbedTable
	t.Off, t.On = embedWords()
	for _, o := range AllEmbeds() {
		t.Variants = append(t.Variants, EmbedVariant{Shown: o.Shown(), Query: o.Query()})
	}
	return t
}
