package web

import (
	"net/url"
	"slices"
	"strings"

	"partnermap/components"
)

// Words that switch an embed option off or on. Anything else leaves the
// option at its default, so a mistyped snippet still shows a working map.
var (
	offWords = []string{"0", "false", "no", "off", "hide", "none"}
	onWords  = []string{"1", "true", "yes", "on", "show"}
)

// parseEmbedOptions reads an embed's options from its raw query string,
// such as "list=0&lines=no". A later value of a key wins over an earlier
// one; unknown keys and malformed pairs are ignored.
func parseEmbedOptions(rawQuery string) components.EmbedOptions {
	o := components.DefaultEmbed()
	for pair := range strings.SplitSeq(rawQuery, "&") {
		key, value, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(key)
		if err != nil {
			continue
		}
		if value, err = url.QueryUnescape(value); err != nil {
			continue
		}
		var option *bool
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "list":
			option = &o.List
		case "lines":
			option = &o.Lines
		case "details":
			option = &o.Details
		default:
			continue
		}
		switch value = strings.ToLower(strings.TrimSpace(value)); {
		case slices.Contains(offWords, value):
			*option = false
		case slices.Contains(onWords, value):
			*option = true
		}
	}
	return o
}
