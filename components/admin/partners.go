package admin

// Partners is the form that edits a network's partners as rows: added,
// removed and moved by buttons that post the form, so that it works
// without a script, and saved into the account's draft.
type Partners struct {
	Network, Action, Back string
	// Was identifies the text the form was shown with: a form of before
	// is not written over a draft changed since.
	Was string
	// Cities are the network's cities, to choose a partner's from.
	Cities []PartnerCity
	// NewCities says a partner's city may also be a new one, found by
	// its name in the gazetteer.
	NewCities bool
	Rows      []PartnerRow
	// Now are the draft's partners as they are, shown beside a form
	// refused because the draft changed since it was shown.
	Now []PartnerRow
	// Draft is the account's draft the partners go into, at DraftHref;
	// "" for a new one.
	Draft, DraftHref string
	Notice           string
	Problem          bool
}

// cityName is the name of the city of slug among cities, or the slug.
func cityName(cities []PartnerCity, slug string) string {
	for _, c := range cities {
		if c.Slug == slug {
			return c.Name
		}
	}
	return slug
}

// PartnerCity is a city a partner may be based in.
type PartnerCity struct {
	Slug, Name string
}

// PartnerRow is a partner as typed. Slug is its slug in the file, ""
// for one added on the form, which is named after it. NewCity names a
// city to add to the network for it, when City is not chosen.
type PartnerRow struct {
	Slug, Name, Kind, City, NewCity, Website string
	Coordinator                              bool
	Problems                                 PartnerProblems
}

// PartnerProblems are what is wrong with each field of a row, in the
// reader's language, "" for nothing.
type PartnerProblems struct {
	Name, Kind, City, Website, Row string
}

// Any reports whether a row has a problem.
func (p PartnerProblems) Any() bool { return p != PartnerProblems{} }
