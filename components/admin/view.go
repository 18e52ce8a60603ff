// Package admin holds the markup of the editing pages under /admin as
// templ components: the sign-in page, the list of a user's networks, a
// network's editor and a draft. Every text an account typed (names,
// messages, the data file) reaches the page through templ, which escapes
// it.
package admin

import "partnermap/data/messages"

// Page is what every editing page carries besides its content.
type Page struct {
	T     messages.Messages
	Title string
	// Stylesheets and Favicon are the site's fingerprinted addresses: the
	// public pages' stylesheet, then the editing pages' own.
	Stylesheets []string
	Favicon     string
	// Scripts are the page's own scripts, deferred: only the pages that
	// need one have it.
	Scripts []string
	// Account is who is signed in; nil on the sign-in page.
	Account *Account
	// CSRF is the token every form of the session sends back.
	CSRF  string
	Paths Paths
	// Languages are the interface languages to choose from.
	Languages []Language
	// Here is the page's address, where changing the language returns to.
	Here string
}

// Paths are the addresses every page links or posts to.
type Paths struct {
	Home, SignIn, SignOut, Language string
}

// Account is the signed-in account as the header names it.
type Account struct{ Name, Role string }

// Language is one interface language to choose; Href is the sign-in page
// in it, which has no session to keep the choice in.
type Language struct {
	Tag, Name, Href string
	Current         bool
}

// SignIn is the sign-in form.
type SignIn struct {
	Action string
	Name   string // as typed, when a sign-in failed
	Token  string // the form's token, also in a cookie
	Next   string // the editing page to go to once signed in
	Lang   string
	// What to tell before the form: one of these, if any.
	Failed, Ended, SignedOut, Expired bool
	Wait                              int // minutes to wait before trying again, 0 if none
}

// Home is the first page after sign-in.
type Home struct {
	Networks []NetworkLink
	Drafts   []DraftLink
}

// NetworkLink is a network the account may edit.
type NetworkLink struct{ Slug, Name, Href, Version string }

// DraftLink is a draft in a list.
type DraftLink struct {
	Href, ID, Network, Author, Message, Status, Updated string
}

// Editor is a network's editor: its data file in a text area.
type Editor struct {
	Network, Slug, Version string
	Action                 string // where Save draft posts to
	Text                   string
	Drafts                 []DraftLink
	// AddCity is the page that adds a city, "" where there is none.
	AddCity string
}

// Draft is a draft's page.
type Draft struct {
	ID, Network, NetworkHref string
	Author, Status           string
	Base, Current            string // the version begun from, and the file's version now
	Created, Updated         string
	Message, Text            string
	// Action is where Save draft posts to; "" when the account may only
	// read the draft.
	Action   string
	Saved    bool
	Problems []Problem
}

// Problem is one thing wrong with a draft's data file, at its line.
type Problem struct {
	Line, Column int
	Message      string
}
