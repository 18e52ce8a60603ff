// Package account is who may edit a network in the browser: named
// accounts with a role, the networks each may change, and passwords kept
// as argon2id hashes in a users file outside the data folder. It holds
// the rules alone; the server's sessions and forms use them, and so does
// the `partnermap users` command that writes the file.
package account

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"partnermap/data"
)

// Role is what an account may do, each role all that the one before may.
type Role string

// The roles, from the least to the most trusted.
const (
	// Editor proposes changes to the networks listed for the account.
	Editor Role = "editor"
	// Maintainer also publishes and restores the networks listed.
	Maintainer Role = "maintainer"
	// Admin does everything on every network: creates and removes
	// networks, and manages the accounts.
	Admin Role = "admin"
)

// Roles lists the roles, from the least trusted.
func Roles() []Role { return []Role{Editor, Maintainer, Admin} }

// ParseRole reads a role as written in the users file and on the
// command line.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !slices.Contains(Roles(), r) {
		return "", fmt.Errorf("role %q is not one of admin, maintainer, editor", s)
	}
	return r, nil
}

// Right is one thing an account may be allowed to do.
type Right int

// The rights, which the roles grant.
const (
	// Propose is saving drafts of a network and submitting them for
	// review.
	Propose Right = iota
	// Publish is publishing a network's drafts, sending them back, and
	// restoring its earlier versions.
	Publish
	// ManageNetworks is creating and removing networks of an atlas.
	ManageNetworks
	// ManageUsers is adding, changing and removing accounts.
	ManageUsers
)

// User is one account as the users file keeps it.
type User struct {
	Name string
	Role Role
	// Networks are the slugs of the networks an editor or a maintainer
	// may change; an admin may change every network and lists none.
	Networks []string
	// Password is the argon2id hash of the password, in the PHC string
	// format (see Params.Hash).
	Password string
}

// May reports whether the user has a right on a network; network is ""
// for rights that concern no network (ManageNetworks, ManageUsers).
func (u User) May(r Right, network string) bool {
	switch {
	case u.Role == Admin:
		return true
	case r == ManageNetworks || r == ManageUsers:
		return false
	case r == Publish && u.Role != Maintainer:
		return false
	}
	return network != "" && slices.Contains(u.Networks, network)
}

// Key is the user's name as accounts are told apart and signed in with:
// "Anna" and "anna" are one account.
func (u User) Key() string { return NameKey(u.Name) }

// Stamp changes whenever the user's password does, and only then: a
// session remembers the stamp it began with, and ends once it differs.
func (u User) Stamp() string {
	sum := sha256.Sum256([]byte(u.Password))
	return hex.EncodeToString(sum[:8])
}

// NameKey is a name as accounts are told apart: in Unicode's composed
// form and lower case.
func NameKey(name string) string { return strings.ToLower(norm.NFC.String(name)) }

// maxName is the longest name an account may have, in characters.
const maxName = 64

// CheckName says what is wrong with a name for an account, if anything.
// A name is what people type to sign in and what reviews show, so it is
// letters, digits and the marks of e-mail addresses (. _ - @), without
// spaces, markup or invisible characters.
func CheckName(name string) error {
	n := utf8.RuneCountInString(name)
	switch {
	case !utf8.ValidString(name):
		return fmt.Errorf("the name is not valid UTF-8")
	case n == 0:
		return fmt.Errorf("the name is empty: give one, such as anna or anna.rossi@example.org")
	case n > maxName:
		return fmt.Errorf("the name has %d characters, more than %d", n, maxName)
	case name != norm.NFC.String(name):
		return fmt.Errorf("the name %s is not in Unicode's composed form (NFC): type it again, or write it as %q", data.Printable(name), norm.NFC.String(name))
	}
	for i, r := range name {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r) || (i > 0 && unicode.Is(unicode.M, r))
		if !letter && (i == 0 || !strings.ContainsRune("._-@", r)) {
			return fmt.Errorf("the name %s has %q: a name is letters and digits, and . _ - @ after its first character", data.Printable(name), r)
		}
	}
	return nil
}
