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
	// NewNetwork is where an admin begins a network, "" for others;
	// Removed are the networks history can bring back.
	NewNetwork string
	Removed    []NetworkLink
	// ToReview are the drafts submitted that the account may publish;
	// Reviews says whether it may publish any.
	ToReview []DraftLink
	Reviews  bool
	// Translator lists what is left to translate in every network.
	Translator string
}

// NetworkLink is a network the account may edit, and its history.
type NetworkLink struct{ Slug, Name, Href, Version, HistoryHref string }

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
	// HistoryHref is the network's history; RemoveHref where an admin
	// removes it, "" for others.
	HistoryHref, RemoveHref string
	// Upload is the form that brings in a spreadsheet.
	Upload Upload
	// Translate lists the network's languages to translate its texts
	// into.
	Translate string
	// Partners is the form of the network's partners as rows.
	Partners string
	// About is the form of the network's own fields; Cities link each
	// city's form.
	About  string
	Cities []Link
}

// Link is a link's text and address.
type Link struct{ Text, Href string }

// Draft is a draft's page.
type Draft struct {
	ID, Network, NetworkHref string
	Author                   string
	// Status is the draft's status in words, State its name (draft,
	// submitted, returned, conflict, published), which styles may use.
	Status, State    string
	Base, Current    string // the version begun from, and the file's version now
	Created, Updated string
	Message, Text    string
	// Action is where Save draft posts to; "" when the account may only
	// read the draft. Rebase is the version a save begins the draft
	// from anew, when it is in conflict: the file's of now.
	Action, Rebase string
	// Notice is what the last action did, or why it was refused
	// (Problem).
	Notice  string
	Problem bool
	// Problems are the data file's, at their lines.
	Problems []Problem
	// SheetNotes are what the import of SheetFile, the spreadsheet last
	// uploaded into the draft, warned of or chose for a person to check.
	SheetFile  string
	SheetNotes []SheetProblem
	// Reviewer sent the draft back with Comment, or published it.
	Reviewer, Comment string
	// Version is the version the draft became once published, and
	// VersionHref its network's history.
	Version, VersionHref string
	// Merges says that the network changed since the draft began, and
	// that the draft merges with it.
	Merges bool
	// Submit, Publish and SendBack are where those buttons post to; ""
	// where the account may not, or not now.
	Submit, Publish, SendBack string
	// PreviewHref is the draft's site as it would be published.
	PreviewHref string
	// Changes are what publishing would change, field by field and as
	// lines of a unified diff; none once published.
	Changes []FieldChange
	Diff    []DiffLine
	// Summary is the cities and partners publishing adds, changes and
	// removes.
	Summary Summary
	// Conflicts are the fields changed both in the draft and in the
	// network since it began; a conflict of the whole file has no path.
	// CurrentText is the network's file of now, shown beside the draft's.
	Conflicts   []Conflict
	CurrentText string
}

// FieldChange is a field and its value before and after; "" for absent.
type FieldChange struct{ Path, Before, After string }

// Conflict is a field the draft and the network of now changed each in
// its own way, with both values.
type Conflict struct{ Path, Draft, Current string }

// DiffLine is a line of a unified diff: Kind is "add", "remove", "hunk"
// or "same".
type DiffLine struct{ Kind, Text string }

// History is a network's versions.
type History struct {
	Network, NetworkHref string
	// Removed says that the network is removed now: a version before
	// its removal brings it back.
	Removed bool
	// Notice is what the last action did, or why it was refused
	// (Problem), with the data's own words (Details).
	Notice   string
	Problem  bool
	Details  []string
	Versions []Version
}

// Version is a version in a network's history.
type Version struct {
	Short, Time, Author, Approver, Subject, Action string
	// Current is the version the network is at now.
	Current bool
	// PreviewHref is the version's site; "" for its removal. Restore is
	// where Restore posts to; "" where the account may not.
	PreviewHref, Restore string
}

// NewNetwork asks for a new network's slug and name.
type NewNetwork struct {
	Action, Slug, Name       string
	SlugProblem, NameProblem string
}

// RemoveNetwork asks to confirm a network's removal.
type RemoveNetwork struct {
	Network, Version, Action, HistoryHref string
	// Problems say why the removal was refused.
	Problems []string
}

// Problem is one thing wrong with a draft's data file, at its line and
// column, which counts bytes of UTF-8 as validate does.
type Problem struct {
	Line, Column int
	Message      string
	// File names the other file of an atlas that the problem is in, ""
	// for the draft's own: such a problem has no place in its text.
	File string
}

// areaText is a text area's content as the page writes it: HTML drops a
// line break right after <textarea>, so one is written before the text,
// which keeps a first line that is empty, and every line's number.
func areaText(s string) string { return "\n" + s }
