package store

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"partnermap/data"
)

// Person is someone history names: the author of a change, or who
// approved it.
type Person struct {
	Name, Email string
}

// ParsePerson reads a person as git writes one: "Ada Lovelace
// <ada@example.org>", or a name alone.
func ParsePerson(s string) (Person, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "<") {
		p := Person{Name: s}
		return p, p.check("the person")
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return Person{}, fmt.Errorf("\"%s\" is not a name and an email address: write it as \"Ada Lovelace <ada@example.org>\"", data.Printable(s))
	}
	p := Person{Name: a.Name, Email: a.Address}
	return p, p.check("the person")
}

// String writes the person as git does: "Name <email>", or the name alone
// without an email address.
func (p Person) String() string {
	if p.Email == "" {
		return p.Name
	}
	return p.Name + " <" + p.Email + ">"
}

// IsZero reports whether nobody is named.
func (p Person) IsZero() bool { return p == Person{} }

// check refuses what git cannot write in a name or an address: angle
// brackets and line breaks would end them.
func (p Person) check(who string) error {
	if strings.TrimSpace(p.Name) == "" {
		return fmt.Errorf("%s has no name: history names who made each change", who)
	}
	if strings.ContainsAny(p.Name+p.Email, "<>\n\r\x00") {
		return fmt.Errorf("%s \"%s\" has <, >, a line break or NUL in the name or address, which history cannot record", who, data.Printable(p.String()))
	}
	return nil
}

// Change is who changes the data and why, as history records it.
type Change struct {
	// Author made the change.
	Author Person
	// Approver, if anyone, approved it: the commit's committer, and an
	// Approved-by trailer in its message.
	Approver Person
	// Message says what changed and why; a message saying which files
	// changed is written when it is empty.
	Message string
}

func (c Change) check() error {
	if err := c.Author.check("the author"); err != nil {
		return err
	}
	if !c.Approver.IsZero() {
		return c.Approver.check("the approver")
	}
	return nil
}

// approvedBy is the trailer that names who approved a change.
const approvedBy = "Approved-by: "

// message is the commit's message: the change's, or else the one given,
// and the approver's trailer.
func (c Change) message(otherwise string) string {
	msg := strings.TrimSpace(strings.ReplaceAll(c.Message, "\r\n", "\n"))
	if msg == "" {
		msg = otherwise
	}
	msg += "\n"
	if !c.Approver.IsZero() {
		msg += "\n" + approvedBy + c.Approver.String() + "\n"
	}
	return msg
}

// Version is a version of the data in history: a commit that changed
// data files.
type Version struct {
	Commit    string // its hash, in full
	Time      time.Time
	Author    Person
	Committer Person
	// Approver is named by the Approved-by trailer, if the commit has
	// one.
	Approver Person
	Message  string
	// Files are the data files the commit changed, by name.
	Files []FileChange
}

// Short is the commit's hash shortened as history prints it; restore
// takes it as well as the whole.
func (v Version) Short() string { return v.Commit[:min(len(v.Commit), shortHash)] }

// shortHash is how many hex digits of a commit's hash history prints.
const shortHash = 8

// Subject is the first line of the message.
func (v Version) Subject() string {
	subject, _, _ := strings.Cut(v.Message, "\n")
	return subject
}

// FileChange is a data file as a commit changed it.
type FileChange struct {
	Name   string // the file's name in the data folder
	Action Action
}

// Action is what a commit did to a file.
type Action string

const (
	Added   Action = "added"
	Changed Action = "changed"
	Removed Action = "removed"
)

// ConflictError refuses a change to a file that changed since the
// version the writer began from: nothing is overwritten in silence.
type ConflictError struct {
	File          string
	Base, Current string // "" for a file that does not exist
}

func (e *ConflictError) Error() string {
	switch {
	case e.Current == "":
		return fmt.Sprintf("%s: the file was removed since version %s was read: nothing is written", e.File, e.Base)
	case e.Base == "":
		return fmt.Sprintf("%s: the file exists already (version %s): begin from it instead of a new file", e.File, e.Current)
	}
	return fmt.Sprintf("%s: the file changed since version %s was read, to version %s: begin again from it, nothing is written", e.File, e.Base, e.Current)
}

// ErrConflict is what a ConflictError is: errors.Is(err, ErrConflict).
var ErrConflict = errors.New("the file changed meanwhile")

func (e *ConflictError) Is(target error) bool { return target == ErrConflict }
