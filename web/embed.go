package web

import (
	"net/url"
	"strings"

	"partnermap/components"
)

// parseEmbedOptions reads an embed's options from its raw query string,
// such as "list=0&lines=no", with the words of components.EmbedOptions.
// A later value of a key wins over an earlier one; unknown keys and
// malformed pairs are ignored.
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
		o.Set(key, value)
	}
	return o
}
