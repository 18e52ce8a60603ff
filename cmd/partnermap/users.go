package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"golang.org/x/term"

	"partnermap/data/account"
	"partnermap/data/account/common"
)

const usersHelp = `Usage: partnermap users add|set|passwd|remove|list --users FILE [NAME] [flags]

Manage the accounts that may edit networks in the browser (serve --edit).

  users add NAME [--role editor|maintainer|admin] [--networks a,b]
                         add an account; its password is asked for
  users set NAME [--role ROLE] [--networks a,b]
                         change an account's role or networks
  users passwd NAME      set an account's password
  users remove NAME      remove an account; its sessions end
  users list             list the accounts, their roles and networks

Roles: an editor proposes changes to the networks listed; a maintainer also
publishes and restores them; an admin does everything on every network,
creates and removes networks, and manages accounts.

The password is read from standard input (its first line), or asked for
twice without echo on a terminal. It needs at least 12 characters and may
not be a common password. The file keeps argon2id hashes; it is written
whole, readable by its owner alone (mode 0600). Keep it outside the data
folder. A server that edits reloads it when it changes.

Flags:
`

// users runs the users command; stdin is where passwords come from.
func users(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("users", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var file, role, networks string
	fset.StringVar(&file, "users", getenv("PARTNERMAP_USERS"), "the users `file` (TOML) ($PARTNERMAP_USERS)")
	fset.StringVar(&role, "role", "", "the account's `role`: editor, maintainer or admin (add: editor)")
	fset.StringVar(&networks, "networks", "", "the `slugs` of the networks an editor or a maintainer may change, separated by commas")
	fset.Usage = func() {
		fmt.Fprint(fset.Output(), usersHelp)
		fset.PrintDefaults()
	}
	if askedForHelp(args) {
		fset.SetOutput(stdout)
		fset.Usage()
		return nil
	}
	// Flags may come before or after the action and the name.
	var words []string
	for {
		if err := fset.Parse(args); err != nil {
			return exitError(2)
		}
		if fset.NArg() == 0 {
			break
		}
		words = append(words, fset.Arg(0))
		args = fset.Args()[1:]
	}
	fail := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "partnermap users: "+format+"\n", a...)
		return exitError(1)
	}
	if len(words) == 0 {
		fset.Usage()
		return exitError(2)
	}
	action, words := words[0], words[1:]
	wantName := action != "list"
	if !map[string]bool{"add": true, "set": true, "passwd": true, "remove": true, "list": true}[action] {
		fmt.Fprintf(stderr, "partnermap users: unknown action %q: write add, set, passwd, remove or list\n", action)
		return exitError(2)
	}
	switch {
	case file == "":
		return fail("give the users file with --users FILE (or $PARTNERMAP_USERS)")
	case wantName && len(words) != 1:
		return fail("%s needs one NAME, such as: partnermap users %s --users %s anna", action, action, file)
	case !wantName && len(words) != 0:
		return fail("list takes no name")
	case (role != "" || networks != "") && action != "add" && action != "set":
		return fail("--role and --networks go with add and set")
	}
	us, err := account.LoadUsers(file)
	switch {
	case errors.Is(err, fs.ErrNotExist) && action == "add":
		us = &account.Users{}
	case errors.Is(err, fs.ErrNotExist):
		return fail("%s does not exist: add the first account with partnermap users add --users %s NAME --role admin", file, file)
	case err != nil:
		return fail("%v", err)
	}
	if action == "list" {
		for _, u := range us.All() {
			fmt.Fprintf(stdout, "%s\t%s\t%s\n", u.Name, u.Role, strings.Join(u.Networks, ","))
		}
		return nil
	}
	name := words[0]
	u, found := us.Find(name)
	switch {
	case action == "add" && found:
		return fail("%s has an account already: change it with users set or users passwd", u.Name)
	case action != "add" && !found:
		return fail("there is no account named %q in %s", name, file)
	case action == "add":
		if err := account.CheckName(name); err != nil {
			return fail("%v", err)
		}
		u = account.User{Name: name, Role: account.Editor}
	}
	if action == "add" || action == "set" {
		if u, err = withRole(u, role, networks); err != nil {
			return fail("%v", err)
		}
	}
	var done string
	switch action {
	case "remove":
		us.Remove(name)
		done = "removed " + u.Name
	case "add", "passwd":
		password, err := readPassword(u.Name, stdin, stderr)
		if err != nil {
			return fail("%v", err)
		}
		list, err := common.Open()
		if err != nil {
			return err
		}
		if err := account.CheckPassword(password, u.Name, list.Has); err != nil {
			return fail("%v", err)
		}
		if u.Password, err = account.OWASP().Hash(password); err != nil {
			return err
		}
		done = map[string]string{"add": "added ", "passwd": "set the password of "}[action] + describe(u)
	case "set":
		done = "changed " + describe(u)
	}
	if action != "remove" {
		if err := us.Put(u); err != nil {
			return fail("%v", err)
		}
	}
	if us.Len() > 0 && us.Admins() == 0 {
		return fail("that would leave no admin to manage the accounts: make another account admin first")
	}
	if err := account.SaveUsers(file, us); err != nil {
		return fail("%v", err)
	}
	fmt.Fprintln(stdout, done)
	return nil
}

// withRole gives an account the role and networks the flags name, those
// not given staying as they were.
func withRole(u account.User, role, networks string) (account.User, error) {
	if role != "" {
		r, err := account.ParseRole(role)
		if err != nil {
			return u, err
		}
		if r == account.Admin {
			u.Networks = nil
		}
		u.Role = r
	}
	if networks != "" {
		if u.Role == account.Admin {
			return u, errors.New("an admin may edit every network: leave --networks out")
		}
		u.Networks = strings.FieldsFunc(networks, func(r rune) bool { return r == ',' || r == ' ' })
	}
	if u.Role != account.Admin && len(u.Networks) == 0 {
		return u, fmt.Errorf("the role %s changes the networks listed alone: give them with --networks, such as --networks conet", u.Role)
	}
	return u, nil
}

// describe names an account with its role and networks.
func describe(u account.User) string {
	if u.Role == account.Admin {
		return fmt.Sprintf("%s (admin)", u.Name)
	}
	return fmt.Sprintf("%s (%s of %s)", u.Name, u.Role, strings.Join(u.Networks, ", "))
}

// readPassword reads a password: asked for twice without echo when stdin
// is a terminal, the first line of stdin otherwise.
func readPassword(name string, stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(stderr, "Password for %s: ", name)
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(stderr, "The same again: ")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		if string(first) != string(second) {
			return "", errors.New("the two passwords differ")
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", errors.New("no password on standard input: pipe one in, such as: printf '%s\\n' \"$PASSWORD\" | partnermap users ...")
	}
	return line, nil
}
