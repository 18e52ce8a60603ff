package admin

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"partnermap/data"
)

func TestStorage(t *testing.T) {
	db, err := openState(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := &clock{t: time.Unix(1_000_000, 0)}
	s := newStorage(db, sessionsBucket, c.Now, time.Hour)
	defer s.Close()
	if v, err := s.Get("a"); v != nil || err != nil {
		t.Errorf("Get of nothing = %q, %v", v, err)
	}
	s.Set("a", []byte("one"), time.Minute)
	s.Set("b", []byte("two"), 0)
	s.Set("c", []byte("three"), time.Hour)
	if v, _ := s.Get("a"); string(v) != "one" {
		t.Errorf("Get(a) = %q", v)
	}
	db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(sessionsBucket).Get([]byte("a")) != nil {
			t.Error("the key is kept as given, not hashed")
		}
		return nil
	})
	c.Add(time.Minute)
	if v, _ := s.Get("a"); v != nil {
		t.Errorf("an expired value reads %q", v)
	}
	if n, _ := s.Sweep(func(v []byte) bool { return bytes.Equal(v, []byte("three")) }); n != 2 || s.Len() != 1 {
		t.Errorf("Sweep removed %d and left %d; want the expired and the dropped gone, 1 left", n, s.Len())
	}
	if v, _ := s.Get("b"); string(v) != "two" {
		t.Errorf("a value for good reads %q", v)
	}
	s.Delete("b")
	if v, _ := s.Get("b"); v != nil {
		t.Error("Delete left the value")
	}
	s.Set("d", []byte("four"), 0)
	if err := s.Reset(); err != nil || s.Len() != 0 {
		t.Errorf("Reset: %v, %d left", err, s.Len())
	}
}

func TestStateIsOneServers(t *testing.T) {
	dir := t.TempDir()
	db, err := openState(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := openState(dir); err == nil || !strings.Contains(err.Error(), "in use by another partnermap serve") {
		t.Errorf("a second server on the same state folder: %v", err)
	}
	if info, _ := os.Stat(filepath.Join(dir, stateFile)); info.Mode().Perm() != 0o600 {
		t.Errorf("the state database has mode %v, want 0600", info.Mode().Perm())
	}
}

func TestDelay(t *testing.T) {
	for _, tc := range []struct {
		count int
		want  time.Duration
	}{{4, 0}, {5, time.Second}, {6, 2 * time.Second}, {10, 32 * time.Second}, {15, maxWait}, {1000, maxWait}} {
		if got := delay(tc.count); got != tc.want {
			t.Errorf("delay(%d) = %v, want %v", tc.count, got, tc.want)
		}
	}
}

func TestThrottleForgets(t *testing.T) {
	c := &clock{t: time.Unix(1_000_000, 0)}
	th := newThrottle(c.Now)
	for i := 0; i < 7; i++ {
		th.fail("name:a", "addr:1")
	}
	if th.wait("addr:1") != 4*time.Second || th.wait("addr:2") != 0 {
		t.Errorf("waits %v and %v", th.wait("addr:1"), th.wait("addr:2"))
	}
	c.Add(forgetAfter + time.Second)
	th.fail("name:a")
	if th.wait("name:a") != 0 {
		t.Error("failures a day old still count")
	}
	th.succeed("name:a")
	if _, ok := th.entries["name:a"]; ok {
		t.Error("a sign-in did not forget the account's failures")
	}
}

func TestCheckPaths(t *testing.T) {
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	os.Mkdir(dataDir, 0o755)
	file := filepath.Join(dataDir, "conet.toml")
	os.WriteFile(file, data.DefaultSource(), 0o644)
	os.Symlink(dataDir, filepath.Join(dir, "link"))
	outside := filepath.Join(dir, "users.toml")
	state := filepath.Join(dir, "state")
	cases := []struct {
		name, data, users, state, says string
	}{
		{"outside", dataDir, outside, state, ""},
		{"a file's folder", file, outside, state, ""},
		{"users in the folder", dataDir, filepath.Join(dataDir, "users.toml"), state, "--users " + filepath.Join(dataDir, "users.toml") + " is inside the data folder"},
		{"users beside the data file", file, filepath.Join(dataDir, "users.toml"), state, "is inside the data folder"},
		{"users through a link", dataDir, filepath.Join(dir, "link", "users.toml"), state, "is inside the data folder"},
		{"state in a subfolder", dataDir, outside, filepath.Join(dataDir, "a", "state"), "--state"},
		{"the data folder itself", dataDir, outside, dataDir, "--state"},
		{"the embedded network", "", outside, state, "needs --data"},
		{"no users file", dataDir, "", state, "needs --users"},
		{"no state", dataDir, outside, "", "needs --state"},
	}
	for _, tc := range cases {
		err := CheckPaths(tc.data, tc.users, tc.state)
		switch {
		case tc.says == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.says != "" && (err == nil || !strings.Contains(err.Error(), tc.says)):
			t.Errorf("%s: %v, want an error that says %q", tc.name, err, tc.says)
		}
	}
}

func TestDataFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "b.toml"), data.DefaultSource(), 0o644)
	os.WriteFile(filepath.Join(dir, "a.toml"), []byte("[network]\nslug = \"alpha\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "atlas.toml"), []byte("[atlas]\nname = \"x\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.toml"), []byte("[network\n"), 0o644)
	files := &DataFiles{Path: dir, MaxSize: data.DefaultMaxSize}
	list, err := files.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Slug != "alpha" || list[0].Name != "alpha" || list[1].Slug != "conet" || list[1].Name != "CoNet" || list[1].Version != Version(data.DefaultSource()) {
		t.Errorf("List = %+v", list)
	}
	n, src, err := files.Source("conet")
	if err != nil || n.File != filepath.Join(dir, "b.toml") || !bytes.Equal(src, data.DefaultSource()) {
		t.Errorf("Source(conet) = %+v, %v", n, err)
	}
	if _, _, err := files.Source("none"); err != ErrNoNetwork {
		t.Errorf("Source(none) = %v", err)
	}
	one := &DataFiles{Path: filepath.Join(dir, "b.toml"), MaxSize: data.DefaultMaxSize}
	if list, _ := one.List(); len(list) != 1 || list[0].Slug != "conet" {
		t.Errorf("a data file lists %+v", list)
	}
}
