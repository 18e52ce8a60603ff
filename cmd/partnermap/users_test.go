package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"partnermap/data/account"
)

// runUsers runs the users command with stdin as standard input.
func runUsers(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errs bytes.Buffer
	err = users(args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errs)
	return out.String(), errs.String(), err
}

func TestUsersCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "users.toml")
	steps := []struct {
		name, stdin string
		args        []string
		fails       bool
		says        string // on stdout when it works, on stderr when it fails
	}{
		{"list before any", "", []string{"list", "--users", file}, true, "add the first account"},
		{"add the first admin", "correct horse battery staple\n", []string{"add", "--users", file, "anna", "--role", "admin"}, false, "added anna (admin)"},
		{"flags first", "violet kettle under the bridge\n", []string{"--users", file, "--role", "editor", "--networks", "conet,urbact", "add", "ben"}, false, "added ben (editor of conet, urbact)"},
		{"the name again, in another case", "violet kettle under the bridge\n", []string{"add", "--users", file, "Ben", "--networks", "conet"}, true, "has an account already"},
		{"a short password", "too short\n", []string{"add", "--users", file, "cleo", "--networks", "conet"}, true, "at least 12"},
		{"a common password", "Password2024!\n", []string{"add", "--users", file, "cleo", "--networks", "conet"}, true, "common"},
		{"no password", "", []string{"add", "--users", file, "cleo", "--networks", "conet"}, true, "no password on standard input"},
		{"an editor without networks", "violet kettle under the bridge\n", []string{"add", "--users", file, "cleo"}, true, "--networks"},
		{"an admin with networks", "violet kettle under the bridge\n", []string{"add", "--users", file, "cleo", "--role", "admin", "--networks", "conet"}, true, "leave --networks out"},
		{"a name with markup", "violet kettle under the bridge\n", []string{"add", "--users", file, "<script>alert(1)</script>", "--networks", "conet"}, true, "a name is letters"},
		{"an unknown role", "", []string{"set", "--users", file, "ben", "--role", "boss"}, true, "not one of admin, maintainer, editor"},
		{"promote ben", "", []string{"set", "--users", file, "ben", "--role", "maintainer"}, false, "changed ben (maintainer of conet, urbact)"},
		{"remove the last admin", "", []string{"remove", "--users", file, "anna"}, true, "no admin"},
		{"demote the last admin", "", []string{"set", "--users", file, "anna", "--role", "editor", "--networks", "conet"}, true, "no admin"},
		{"remove someone unknown", "", []string{"remove", "--users", file, "zoe"}, true, `no account named "zoe"`},
		{"an unknown action", "", []string{"rename", "--users", file, "ben"}, true, `unknown action "rename"`},
		{"remove ben", "", []string{"remove", "--users", file, "BEN"}, false, "removed ben"},
	}
	for _, s := range steps {
		before, _ := os.ReadFile(file)
		out, errs, err := runUsers(t, s.stdin, s.args...)
		switch {
		case s.fails && err == nil:
			t.Errorf("%s: worked, want a failure", s.name)
		case !s.fails && err != nil:
			t.Errorf("%s: %v\n%s", s.name, err, errs)
		case s.fails && !strings.Contains(errs, s.says):
			t.Errorf("%s: stderr %q does not say %q", s.name, errs, s.says)
		case !s.fails && !strings.Contains(out, s.says):
			t.Errorf("%s: stdout %q does not say %q", s.name, out, s.says)
		}
		if after, _ := os.ReadFile(file); s.fails && !bytes.Equal(before, after) {
			t.Errorf("%s failed but changed the file", s.name)
		}
	}
	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("the users file has mode %v, want 0600", info.Mode().Perm())
	}
	out, _, err := runUsers(t, "", "list", "--users", file)
	if err != nil || out != "anna\tadmin\t\n" {
		t.Errorf("list = %q, %v; want anna alone", out, err)
	}
}

func TestUsersPasswd(t *testing.T) {
	file := filepath.Join(t.TempDir(), "users.toml")
	if _, errs, err := runUsers(t, "correct horse battery staple\n", "add", "--users", file, "anna", "--role", "admin"); err != nil {
		t.Fatal(errs)
	}
	if _, errs, err := runUsers(t, "violet kettle under the bridge\r\n", "passwd", "--users", file, "anna"); err != nil {
		t.Fatal(errs)
	}
	us, err := account.LoadUsers(file)
	if err != nil {
		t.Fatal(err)
	}
	anna, _ := us.Find("anna")
	if ok, _ := account.Verify(anna.Password, "violet kettle under the bridge"); !ok {
		t.Error("the new password does not verify (a line ending in CR LF must lose both)")
	}
	if ok, _ := account.Verify(anna.Password, "correct horse battery staple"); ok {
		t.Error("the old password still verifies")
	}
	if !strings.HasPrefix(anna.Password, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not argon2id at OWASP's costs", anna.Password)
	}
	if raw, _ := os.ReadFile(file); bytes.Contains(raw, []byte("violet")) {
		t.Error("the users file holds the password in clear")
	}
}
