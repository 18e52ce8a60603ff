package admin

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Status is where a draft stands in review.
type Status string

const (
	// StatusDraft is a draft its author is still writing.
	StatusDraft Status = "draft"
	// StatusSubmitted is a draft its author asked to be reviewed.
	StatusSubmitted Status = "submitted"
	// StatusReturned is a draft a reviewer sent back with a comment.
	StatusReturned Status = "returned"
	// StatusConflict is a draft that could not be published: its network
	// changed meanwhile in the same fields. It stays a draft until its
	// author saves it again from the version of now.
	StatusConflict Status = "conflict"
	// StatusPublished is a draft written to the data as a version.
	StatusPublished Status = "published"
)

// Draft is a proposed change to one network: the whole text of its data
// file as the author wants it, and the version of the file it began from,
// against which review checks that nothing else changed meanwhile.
type Draft struct {
	ID      string `json:"id"`
	Network string `json:"network"` // the network's slug
	// File is the data file's name in the data folder ("conet.toml"):
	// the network's file, or the new file a new network is written to.
	File    string `json:"file,omitempty"`
	Author  string `json:"author"`  // the account's name
	Base    string `json:"base"`    // the data file's version the draft began from, as /healthz reports versions; "" for a new file
	Message string `json:"message"` // what the author says the change is
	Text    string `json:"text"`    // the data file as proposed
	// BaseText is the data file as it was at Base, which a change made
	// meanwhile is merged against.
	BaseText string `json:"base_text,omitempty"`
	Status   Status `json:"status"`
	// Reviewer is who last published the draft or sent it back, and
	// Comment why it was sent back.
	Reviewer string `json:"reviewer,omitempty"`
	Comment  string `json:"comment,omitempty"`
	// Version is the version of the data the draft became, once
	// published: the commit in history.
	Version string `json:"version,omitempty"`
	// Conflicts are the fields that changed both in the draft and in the
	// network since the draft began, when publishing found them.
	Conflicts []string `json:"conflicts,omitempty"`
	// Sheet is what the import of the spreadsheet last uploaded into the
	// draft warned of, or chose for a person to check; nil when none.
	Sheet   *SheetNotes `json:"sheet,omitempty"`
	Created time.Time   `json:"created"`
	Updated time.Time   `json:"updated"`
}

// SheetNotes are the warnings and notes of a spreadsheet's import, kept
// with the draft it went into until another replaces them.
type SheetNotes struct {
	File  string      `json:"file"`
	Notes []SheetNote `json:"notes"`
}

// SheetNote is a warning or note of an import at its cell: its message's
// ID and placeholders (names and values, as text), and its English.
type SheetNote struct {
	Sheet   string   `json:"sheet,omitempty"`
	Cell    string   `json:"cell,omitempty"`
	Header  string   `json:"header,omitempty"`
	ID      string   `json:"id,omitempty"`
	Args    []string `json:"args,omitempty"`
	Message string   `json:"message"`
}

// Open reports whether a draft can still change: not published.
func (d Draft) Open() bool { return d.Status != StatusPublished }

// ErrNoDraft is the error for a draft id nobody made.
var ErrNoDraft = errors.New("no such draft")

// Drafts keeps drafts. Review and publishing change their Status
// through Update.
type Drafts interface {
	// Create keeps a new draft, giving it its ID and times.
	Create(d Draft) (Draft, error)
	// Update replaces a draft kept before, by its ID, and sets its
	// Updated time; ErrNoDraft if there is none.
	Update(d Draft) (Draft, error)
	// Get returns a draft by its ID; ErrNoDraft if there is none.
	Get(id string) (Draft, error)
	// List returns the drafts of a network, or of every network when
	// network is "", the latest changed first.
	List(network string) ([]Draft, error)
}

// boltDrafts keeps drafts in the state database, as JSON by ID.
type boltDrafts struct {
	db  *bolt.DB
	now func() time.Time
}

func (b *boltDrafts) Create(d Draft) (Draft, error) {
	err := b.db.Update(func(tx *bolt.Tx) error {
		bucket := tx.Bucket(draftsBucket)
		seq, err := bucket.NextSequence()
		if err != nil {
			return err
		}
		d.ID = strconv.FormatUint(seq, 10)
		d.Created = b.now().UTC()
		d.Updated = d.Created
		return put(bucket, d)
	})
	return d, err
}

func (b *boltDrafts) Update(d Draft) (Draft, error) {
	err := b.db.Update(func(tx *bolt.Tx) error {
		bucket := tx.Bucket(draftsBucket)
		old := bucket.Get([]byte(d.ID))
		if old == nil {
			return ErrNoDraft
		}
		var was Draft
		if err := json.Unmarshal(old, &was); err != nil {
			return err
		}
		d.Created = was.Created
		d.Updated = b.now().UTC()
		return put(bucket, d)
	})
	return d, err
}

func put(bucket *bolt.Bucket, d Draft) error {
	v, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return bucket.Put([]byte(d.ID), v)
}

func (b *boltDrafts) Get(id string) (Draft, error) {
	var d Draft
	err := b.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(draftsBucket).Get([]byte(id))
		if v == nil {
			return ErrNoDraft
		}
		return json.Unmarshal(v, &d)
	})
	return d, err
}

func (b *boltDrafts) List(network string) ([]Draft, error) {
	var list []Draft
	err := b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(draftsBucket).ForEach(func(_, v []byte) error {
			var d Draft
			if err := json.Unmarshal(v, &d); err != nil {
				return err
			}
			if network == "" || d.Network == network {
				list = append(list, d)
			}
			return nil
		})
	})
	slices.SortStableFunc(list, func(a, b Draft) int { return b.Updated.Compare(a.Updated) })
	return list, err
}
