package data

// IsSlug reports whether s may be a slug of a network, a city or a
// partner, for the parts outside the data files that name one, such as
// the networks an account may edit.
func IsSlug(s string) bool { return len(s) <= maxSlug && isSlug(s) }
