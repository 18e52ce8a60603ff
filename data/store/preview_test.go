package store_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"time"

	"partnermap/data"
	"partnermap/data/store"
)

// With reads a file's bytes as Write would, beside the other files as
// served, and writes nothing; Check says only whether Write would take
// them.
func TestWith(t *testing.T) {
	t.Parallel()
	dir := folder(t, map[string]string{"alpha.toml": network("alpha", 1), "beta.toml": network("beta", 1)})
	st := open(t, dir, store.LastGood)
	n, atlas, err := st.With("alpha.toml", []byte(network("alpha", 2)))
	if err != nil || n == nil || n.Name != "Net 2" || atlas == nil || len(atlas.Networks) != 2 {
		t.Fatalf("With: %v, %v, %v", n, atlas, err)
	}
	if served(st.Snapshot())["alpha.toml"] != "Net 1" || readFile(t, dir+"/alpha.toml") != network("alpha", 1) {
		t.Error("With changed what is served or on disk")
	}
	if _, atlas, err := st.With("gamma.toml", []byte(network("gamma", 1))); err != nil || len(atlas.Networks) != 3 {
		t.Errorf("With of a new file: %v, %v", atlas, err)
	}
	var ps data.Problems
	if err := st.Check("alpha.toml", []byte("[network\n")); !errors.As(err, &ps) {
		t.Errorf("Check of a file that does not parse: %v", err)
	}
	if err := st.Check("alpha.toml", []byte(strings.Replace(network("alpha", 2), "lat = 52.52", "lat = 51.98", 1))); err == nil || !strings.Contains(err.Error(), "lie within 25 km") {
		t.Errorf("Check of a file that breaks a rule across files: %v", err)
	}
	if err := st.Check("../alpha.toml", []byte(network("alpha", 2))); err == nil {
		t.Error("Check of a file outside the folder")
	}
	one := open(t, dir+"/alpha.toml", store.LastGood)
	if n, atlas, err := one.With("alpha.toml", []byte(network("alpha", 3))); err != nil || n.Name != "Net 3" || atlas != nil {
		t.Errorf("With on a data file: %v, %v, %v", n, atlas, err)
	}
}

// ReadAt reads a file as a version holds it; Follow gives a snapshot
// after each write, without watching the disk.
func TestReadAtAndFollow(t *testing.T) {
	t.Parallel()
	dir := folder(t, map[string]string{"alpha.toml": network("alpha", 1)})
	st := open(t, dir, store.LastGood)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan string, 4)
	st.Follow(ctx, func(snap store.Snapshot, changed bool) {
		if changed {
			got <- served(snap)["alpha.toml"]
		}
	})
	_, v1, _ := st.Read("alpha.toml")
	first, err := st.Write(ctx, "alpha.toml", []byte(network("alpha", 2)), v1, store.Change{Author: ada})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case name := <-got:
		if name != "Net 2" {
			t.Errorf("Follow gave %q, want Net 2", name)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Follow gave nothing after a write")
	}
	write(t, dir+"/alpha.toml", network("alpha", 3))
	select {
	case name := <-got:
		t.Errorf("Follow gave %q for a change on disk, which it does not watch", name)
	case <-time.After(300 * time.Millisecond):
	}
	if b, err := st.ReadAt(first.Commit, "alpha.toml"); err != nil || string(b) != network("alpha", 2) {
		t.Errorf("ReadAt: %v", err)
	}
	if _, err := st.ReadAt(first.Commit, "beta.toml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadAt of a file the version has not: %v", err)
	}
	if _, err := st.ReadAt("no-such-version", "alpha.toml"); err == nil {
		t.Error("ReadAt of a version that does not exist")
	}
}
