package account_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"partnermap/data/account"
)

func TestMay(t *testing.T) {
	editor := account.User{Name: "ed", Role: account.Editor, Networks: []string{"conet"}}
	maintainer := account.User{Name: "mo", Role: account.Maintainer, Networks: []string{"conet"}}
	admin := account.User{Name: "ad", Role: account.Admin}
	cases := []struct {
		name    string
		user    account.User
		right   account.Right
		network string
		want    bool
	}{
		{"editor proposes to a listed network", editor, account.Propose, "conet", true},
		{"editor proposes to another network", editor, account.Propose, "other", false},
		{"editor publishes", editor, account.Publish, "conet", false},
		{"editor manages users", editor, account.ManageUsers, "", false},
		{"maintainer publishes a listed network", maintainer, account.Publish, "conet", true},
		{"maintainer publishes another network", maintainer, account.Publish, "other", false},
		{"maintainer creates networks", maintainer, account.ManageNetworks, "", false},
		{"admin publishes any network", admin, account.Publish, "other", true},
		{"admin manages users", admin, account.ManageUsers, "", true},
		{"no network named", editor, account.Propose, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.user.May(tc.right, tc.network); got != tc.want {
				t.Errorf("May = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCheckName(t *testing.T) {
	for _, name := range []string{"anna", "Anna.Rossi@example.org", "józef_k", "Σοφία", "a-1"} {
		if err := account.CheckName(name); err != nil {
			t.Errorf("CheckName(%q) = %v, want nil", name, err)
		}
	}
	for _, name := range []string{"", "anna rossi", "<script>", "-anna", "evil\u202Eanna", "a\tb", strings.Repeat("a", 65), "e\u0301"} {
		if err := account.CheckName(name); err == nil {
			t.Errorf("CheckName(%q) = nil, want an error", name)
		}
	}
}

func TestNameKey(t *testing.T) {
	if account.NameKey("Anna") != account.NameKey("anna") || account.NameKey("Jose\u0301") != account.NameKey("josé") {
		t.Error("names that differ in case or composition have different keys")
	}
}

// cheap are costs that keep the tests fast; the hashes are argon2id all
// the same.
var cheap = account.Params{Memory: 64, Time: 1, Threads: 1}

func TestHashVerify(t *testing.T) {
	h, err := account.OWASP().Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not PHC argon2id with OWASP's costs", h)
	}
	if ok, err := account.Verify(h, "correct horse battery staple"); !ok || err != nil {
		t.Errorf("Verify(right password) = %v, %v", ok, err)
	}
	if ok, err := account.Verify(h, "correct horse battery stapler"); ok || err != nil {
		t.Errorf("Verify(wrong password) = %v, %v", ok, err)
	}
	again, _ := account.OWASP().Hash("correct horse battery staple")
	if again == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestVerifyRefusesBadHashes(t *testing.T) {
	good, _ := cheap.Hash("a long enough password")
	parts := strings.Split(good, "$")
	for name, h := range map[string]string{
		"bcrypt":         "$2a$10$abcdefghijklmnopqrstuu",
		"argon2i":        strings.Replace(good, "argon2id", "argon2i", 1),
		"old version":    strings.Replace(good, "v=19", "v=16", 1),
		"huge memory":    strings.Replace(good, "m=64", "m=99999999", 1),
		"many passes":    strings.Replace(good, "t=1", "t=1000", 1),
		"short salt":     "$argon2id$v=19$m=64,t=1,p=1$YWJj$" + parts[5],
		"not base64":     "$argon2id$v=19$m=64,t=1,p=1$" + parts[4] + "$%%%",
		"missing fields": "$argon2id$v=19$m=64,t=1,p=1",
	} {
		if ok, err := account.Verify(h, "a long enough password"); ok || err == nil {
			t.Errorf("%s: Verify(%q) = %v, %v; want an error", name, h, ok, err)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	list := map[string]bool{}
	for _, p := range []string{"password", "dragon", "iloveyou", "sunshine", "qwerty123456"} {
		list[account.FoldPassword(p)] = true
	}
	common := func(folded string) bool { return list[folded] }
	cases := []struct {
		password string
		ok       bool
		says     string
	}{
		{"correct horse battery staple", true, ""},
		{"x7#9$2!8@4%6", true, ""},
		{"Tramonto a Palermo 2010", true, ""},
		{"short one", false, "at least 12"},
		{"Password2024!", false, "common one with digits"},
		{"P@ssw0rd12345", false, "common one with digits"},
		{"QWERTY123456", false, "most common"},
		{"IL0VEY0U!!!!", false, "common"},
		{"aaaaaaaaaaaa", false, "repeats"},
		{"abcabcabcabc", false, "repeats"},
		{"dragondragondragon", false, "repeats"},
		{"123456789012", false, "in order"},
		{"zyxwvutsrqponm", false, "in order"},
		{"annarossi123", false, "account's name"},
		{"tab\there in it", false, "control"},
		{strings.Repeat("long words ", 30), false, "more than"},
	}
	for _, tc := range cases {
		t.Run(tc.password, func(t *testing.T) {
			err := account.CheckPassword(tc.password, "annarossi", common)
			switch {
			case tc.ok && err != nil:
				t.Errorf("refused: %v", err)
			case !tc.ok && err == nil:
				t.Error("accepted")
			case !tc.ok && !strings.Contains(err.Error(), tc.says):
				t.Errorf("error %q does not say %q", err, tc.says)
			}
		})
	}
}

func TestUsersFile(t *testing.T) {
	hash, _ := cheap.Hash("a long enough password")
	us := &account.Users{}
	for _, u := range []account.User{
		{Name: "Anna", Role: account.Admin, Password: hash},
		{Name: "ben", Role: account.Editor, Networks: []string{"conet", "urbact-two"}, Password: hash},
	} {
		if err := us.Put(u); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "users.toml")
	if err := account.SaveUsers(path, us); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("users file mode %v, want 0600", info.Mode().Perm())
	}
	back, err := account.LoadUsers(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.Len() != 2 {
		t.Fatalf("read %d users, want 2", back.Len())
	}
	ben, ok := back.Find("BEN")
	if !ok || ben.Role != account.Editor || strings.Join(ben.Networks, ",") != "conet,urbact-two" || ben.Password != hash {
		t.Errorf("ben read back as %+v", ben)
	}
	// A symbolic link keeps pointing at the file, which is replaced.
	link := filepath.Join(dir, "link.toml")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	back.Remove("anna")
	if err := account.SaveUsers(link, back); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("saving through a link replaced the link")
	}
	if again, _ := account.LoadUsers(path); again.Len() != 1 {
		t.Errorf("the linked file has %d users, want 1", again.Len())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("the folder holds %d files, want the file and the link: a temporary file was left", len(entries))
	}
}

func TestParseUsersProblems(t *testing.T) {
	hash, _ := cheap.Hash("a long enough password")
	cases := []struct{ name, src, says string }{
		{"unknown key", "[[user]]\nname = \"a\"\nrole = \"admin\"\npasword = \"x\"\n", "users.toml:4:1: unknown key user.pasword"},
		{"bad role", "[[user]]\nname = \"a\"\nrole = \"boss\"\npassword = \"" + hash + "\"\n", `role "boss" is not one of`},
		{"bad name", "[[user]]\nname = \"<b>\"\nrole = \"admin\"\npassword = \"" + hash + "\"\n", "a name is letters"},
		{"twice", "[[user]]\nname = \"a\"\nrole = \"admin\"\npassword = \"" + hash + "\"\n[[user]]\nname = \"A\"\nrole = \"admin\"\npassword = \"" + hash + "\"\n", "user 2: the name A is given twice"},
		{"bad hash", "[[user]]\nname = \"a\"\nrole = \"admin\"\npassword = \"secret\"\n", "not an argon2id hash"},
		{"admin with networks", "[[user]]\nname = \"a\"\nrole = \"admin\"\nnetworks = [\"conet\"]\npassword = \"" + hash + "\"\n", "leave networks out"},
		{"bad slug", "[[user]]\nname = \"a\"\nrole = \"editor\"\nnetworks = [\"Co Net\"]\npassword = \"" + hash + "\"\n", "not a network's slug"},
		{"not toml", "[[user]\n", "users.toml:1:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := account.ParseUsers("users.toml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("error %v, want one that says %q", err, tc.says)
			}
		})
	}
}

// The list is the same bytes from the same passwords in any order: the
// binary that embeds it builds reproducibly.
func TestEncodeCommonIsDeterministic(t *testing.T) {
	passwords := []string{"correct horse", "Tr0ub4dor&3", "password123", "Password123", "letmein"}
	var first, again bytes.Buffer
	if err := account.EncodeCommon(&first, passwords); err != nil {
		t.Fatal(err)
	}
	slices.Reverse(passwords)
	if err := account.EncodeCommon(&again, passwords); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), again.Bytes()) {
		t.Errorf("two encodings of the same passwords differ: %d and %d bytes", first.Len(), again.Len())
	}
}
