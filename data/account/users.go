package account

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"partnermap/data"
)

// Users is the accounts of a users file, in the file's order.
type Users struct{ list []User }

// fileUser is an account as the users file writes it.
type fileUser struct {
	Name     string   `toml:"name"`
	Role     string   `toml:"role"`
	Networks []string `toml:"networks,omitempty"`
	Password string   `toml:"password"`
}

type usersFile struct {
	User []fileUser `toml:"user"`
}

// header opens every users file the command writes.
const header = `# partnermap's accounts, written by 'partnermap users' and read by
# 'partnermap serve --edit --users FILE'. Keep this file outside the data
# folder, readable by the server's user alone (mode 0600). Passwords are
# argon2id hashes; set them with 'partnermap users passwd'.

`

// ParseUsers reads a users file's bytes; name is the file, for problems.
// Unknown keys are errors, and so is any account that CheckUser refuses
// or a name given twice: each problem is written FILE:LINE:COL where the
// file says where, FILE: otherwise.
func ParseUsers(name string, src []byte) (*Users, error) {
	var f usersFile
	dec := toml.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, decodeError(name, err)
	}
	us := &Users{}
	var problems []string
	for i, fu := range f.User {
		u := User{Name: fu.Name, Role: Role(fu.Role), Networks: fu.Networks, Password: fu.Password}
		label := fmt.Sprintf("%s: user %d", name, i+1)
		if err := CheckUser(u); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s", label, err))
			continue
		}
		if _, dup := us.Find(u.Name); dup {
			problems = append(problems, fmt.Sprintf("%s: the name %s is given twice (names differ in more than case)", label, u.Name))
			continue
		}
		us.list = append(us.list, u)
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return us, nil
}

// decodeError writes go-toml's errors as FILE:LINE:COL: message.
func decodeError(name string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		lines := make([]string, len(strict.Errors))
		for i, e := range strict.Errors {
			row, col := e.Position()
			lines[i] = fmt.Sprintf("%s:%d:%d: unknown key %s: an account has name, role, networks and password", name, row, col, strings.Join(e.Key(), "."))
		}
		return errors.New(strings.Join(lines, "\n"))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return fmt.Errorf("%s:%d:%d: %s", name, row, col, de.Error())
	}
	return fmt.Errorf("%s: %w", name, err)
}

// CheckUser says what is wrong with an account, if anything.
func CheckUser(u User) error {
	if err := CheckName(u.Name); err != nil {
		return err
	}
	if _, err := ParseRole(string(u.Role)); err != nil {
		return fmt.Errorf("%s: %w", u.Name, err)
	}
	if u.Role == Admin && len(u.Networks) > 0 {
		return fmt.Errorf("%s: an admin may edit every network; leave networks out", u.Name)
	}
	for i, n := range u.Networks {
		if !data.IsSlug(n) {
			return fmt.Errorf("%s: network %q is not a network's slug (lowercase letters and digits joined by hyphens, such as conet)", u.Name, data.Printable(n))
		}
		if slices.Contains(u.Networks[:i], n) {
			return fmt.Errorf("%s: network %s is listed twice", u.Name, n)
		}
	}
	if err := CheckHash(u.Password); err != nil {
		return fmt.Errorf("%s: password: %w", u.Name, err)
	}
	return nil
}

// LoadUsers reads and parses a users file.
func LoadUsers(path string) (*Users, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseUsers(path, src)
}

// Find returns the account of a name, in any case.
func (us *Users) Find(name string) (User, bool) {
	if i := us.index(name); i >= 0 {
		return us.list[i], true
	}
	return User{}, false
}

func (us *Users) index(name string) int {
	key := NameKey(name)
	return slices.IndexFunc(us.list, func(u User) bool { return u.Key() == key })
}

// All lists the accounts in the file's order.
func (us *Users) All() []User { return slices.Clone(us.list) }

// Len is the number of accounts.
func (us *Users) Len() int { return len(us.list) }

// Put adds an account, or replaces the one of the same name.
func (us *Users) Put(u User) error {
	if err := CheckUser(u); err != nil {
		return err
	}
	u.Networks = slices.Clone(u.Networks)
	if i := us.index(u.Name); i >= 0 {
		us.list[i] = u
		return nil
	}
	us.list = append(us.list, u)
	return nil
}

// Remove takes an account out; false if there was none of that name.
func (us *Users) Remove(name string) bool {
	i := us.index(name)
	if i < 0 {
		return false
	}
	us.list = slices.Delete(us.list, i, i+1)
	return true
}

// Admins counts the accounts with the admin role.
func (us *Users) Admins() int {
	n := 0
	for _, u := range us.list {
		if u.Role == Admin {
			n++
		}
	}
	return n
}

// Encode writes the accounts as a users file.
func (us *Users) Encode() ([]byte, error) {
	f := usersFile{User: make([]fileUser, len(us.list))}
	for i, u := range us.list {
		f.User[i] = fileUser{Name: u.Name, Role: string(u.Role), Networks: u.Networks, Password: u.Password}
	}
	body, err := toml.Marshal(f)
	if err != nil {
		return nil, err
	}
	return append([]byte(header), body...), nil
}

// SaveUsers writes the accounts to path as a whole or not at all: into a
// new file beside it, readable by its owner alone (mode 0600), synced,
// then renamed over the old. A path that is a symbolic link has the file
// it points to replaced, and the link kept.
func SaveUsers(path string, us *Users) error {
	body, err := us.Encode()
	if err != nil {
		return err
	}
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	return WriteFileAtomic(path, body, 0o600)
}

// WriteFileAtomic writes a file whole or not at all: a temporary file in
// the same folder with mode perm, synced, renamed over path, and the
// folder synced so that the rename survives a crash.
func WriteFileAtomic(path string, body []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if _, err := tmp.Write(body); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	done = true
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
