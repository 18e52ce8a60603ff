package admin

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Storage keeps Fiber's sessions in the state database, so that they
// survive a restart: a fiber.Storage (Get, Set, Delete, Reset, Close) on
// bbolt. Keys are kept hashed, so that the database's copy holds no
// session id a reader could present as a cookie. Each value carries its
// expiry, by the storage's clock; expired values read as absent, and are
// swept now and then.
type Storage struct {
	db     *bolt.DB
	bucket []byte
	now    func() time.Time
	stop   chan struct{}
	once   sync.Once
}

// newStorage keeps values in a bucket of db, sweeping expired ones every
// sweep.
func newStorage(db *bolt.DB, bucket []byte, now func() time.Time, sweep time.Duration) *Storage {
	s := &Storage{db: db, bucket: bucket, now: now, stop: make(chan struct{})}
	go s.sweepEvery(sweep)
	return s
}

// storageKey is the key a session id is kept under.
func storageKey(key string) []byte {
	sum := sha256.Sum256([]byte(key))
	return sum[:]
}

// Get returns the value of key, nil when there is none or it expired.
func (s *Storage) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(s.bucket).Get(storageKey(key))
		if v == nil || len(v) < 8 || s.expired(v) {
			return nil
		}
		out = append([]byte(nil), v[8:]...)
		return nil
	})
	return out, err
}

// expired reports whether a stored value's time is up.
func (s *Storage) expired(v []byte) bool {
	at := int64(binary.BigEndian.Uint64(v[:8]))
	return at != 0 && s.now().UnixNano() >= at
}

// Set keeps val under key for exp, or for good when exp is 0.
func (s *Storage) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	v := make([]byte, 8+len(val))
	if exp > 0 {
		binary.BigEndian.PutUint64(v[:8], uint64(s.now().Add(exp).UnixNano()))
	}
	copy(v[8:], val)
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(s.bucket).Put(storageKey(key), v)
	})
}

// Delete removes key's value.
func (s *Storage) Delete(key string) error {
	if key == "" {
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(s.bucket).Delete(storageKey(key))
	})
}

// Reset removes every value.
func (s *Storage) Reset() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(s.bucket); err != nil {
			return err
		}
		_, err := tx.CreateBucket(s.bucket)
		return err
	})
}

// Close stops the sweeps. The database is the state's, closed with it.
func (s *Storage) Close() error {
	s.once.Do(func() { close(s.stop) })
	return nil
}

// Len counts the values kept, expired ones included until swept.
func (s *Storage) Len() int {
	n := 0
	s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(s.bucket).Stats().KeyN
		return nil
	})
	return n
}

// Sweep removes the expired values, and those drop reports true for.
func (s *Storage) Sweep(drop func(val []byte) bool) (int, error) {
	removed := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket(s.bucket).Cursor()
		for k, v := c.First(); k != nil; {
			if len(v) < 8 || s.expired(v) || (drop != nil && drop(v[8:])) {
				at := append([]byte(nil), k...)
				if err := c.Delete(); err != nil {
					return err
				}
				removed++
				k, v = c.Seek(at) // the first key after the deleted one
				continue
			}
			k, v = c.Next()
		}
		return nil
	})
	return removed, err
}

func (s *Storage) sweepEvery(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.Sweep(nil)
		}
	}
}
