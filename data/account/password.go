package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's costs: memory in KiB, passes over it, and lanes.
type Params struct {
	Memory  uint32
	Time    uint32
	Threads uint8
}

// OWASP are the costs the OWASP Password Storage Cheat Sheet gives as
// argon2id's baseline: 19 MiB, two passes, one lane. A hash takes some
// tens of milliseconds, which a sign-in can afford and a guesser cannot.
func OWASP() Params { return Params{Memory: 19 * 1024, Time: 2, Threads: 1} }

// Limits of a hash read from a users file, so that a file edited by hand
// cannot make each sign-in take the machine's memory or minutes.
const (
	maxMemory  = 1 << 20 // KiB: 1 GiB
	maxTime    = 20
	maxThreads = 16
	saltSize   = 16
	keySize    = 32
)

// Hash hashes a password with a new random salt, in the PHC string
// format that argon2's reference implementation and libraries such as
// passlib read: $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH, base64 without
// padding.
func (p Params) Hash(password string) (string, error) {
	salt := make([]byte, saltSize)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keySize)
	return p.encode(salt, key), nil
}

func (p Params) encode(salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// hash is a PHC string taken apart.
type hash struct {
	params    Params
	salt, key []byte
}

// parseHash reads an argon2id hash in the PHC string format, refusing
// costs beyond the limits.
func parseHash(s string) (hash, error) {
	var h hash
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return h, errors.New("not an argon2id hash in the PHC format ($argon2id$v=19$m=...,t=...,p=...$salt$hash): set the password again with partnermap users passwd")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return h, fmt.Errorf("argon2 version %q is not v=%d", parts[2], argon2.Version)
	}
	var threads uint32
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.params.Memory, &h.params.Time, &threads); err != nil || n != 3 {
		return h, fmt.Errorf("argon2 costs %q are not m=...,t=...,p=...", parts[3])
	}
	if h.params.Memory < 8*threads || h.params.Memory > maxMemory || h.params.Time < 1 || h.params.Time > maxTime || threads < 1 || threads > maxThreads {
		return h, fmt.Errorf("argon2 costs %q are out of bounds (m up to %d KiB, t 1 to %d, p 1 to %d)", parts[3], maxMemory, maxTime, maxThreads)
	}
	h.params.Threads = uint8(threads)
	var err error
	b64 := base64.RawStdEncoding
	if h.salt, err = b64.DecodeString(parts[4]); err != nil || len(h.salt) < 8 {
		return h, errors.New("the hash's salt is not base64 of at least 8 bytes")
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil || len(h.key) < 16 {
		return h, errors.New("the hash is not base64 of at least 16 bytes")
	}
	return h, nil
}

// CheckHash says what is wrong with a hash as the users file holds it.
func CheckHash(s string) error {
	_, err := parseHash(s)
	return err
}

// Verify reports whether password is the one hashed. The comparison
// takes the same time wherever the two differ.
func Verify(hashed, password string) (bool, error) {
	h, err := parseHash(hashed)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(password), h.salt, h.params.Time, h.params.Memory, h.params.Threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1, nil
}
