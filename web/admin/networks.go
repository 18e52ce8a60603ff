package admin

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"

	"partnermap/data"
)

// Network is a network editing reaches: its slug and name, the data file
// it is kept in, and that file's version.
type Network struct {
	Slug, Name string
	File       string
	// Version identifies the file's bytes, as /healthz reports versions:
	// a draft records the one it began from.
	Version string
}

// ErrNoNetwork is the error for a slug no data file has.
var ErrNoNetwork = errors.New("no such network")

// Networks is the data that editing reads. The store, which owns the data
// on disk, history and publishing, provides it; DataFiles reads the files
// meanwhile.
type Networks interface {
	// List returns the networks in the order of their slugs.
	List() ([]Network, error)
	// Source returns a network and its data file's bytes, of the
	// version it gives; ErrNoNetwork if no file has the slug.
	Source(slug string) (Network, []byte, error)
}

// DataFiles are the networks of --data as they are on disk: a data file,
// or an atlas's folder of them. A file's slug and name are read once per
// version.
type DataFiles struct {
	Path    string
	MaxSize int64
	heads   sync.Map // version -> head
}

// head is what the list shows of a data file.
type head struct{ slug, name string }

// Version identifies a data file's bytes as the server reports it.
func Version(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:6])
}

func (f *DataFiles) files() ([]string, error) {
	info, err := os.Stat(f.Path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{f.Path}, nil
	}
	files, _, err := data.AtlasFolder(f.Path)
	return files, err
}

// read reads a data file and its head. A file whose head cannot be read
// is listed under its file name, so that it can still be mended.
func (f *DataFiles) read(path string) (Network, []byte, error) {
	src, err := data.ReadFile(path, f.MaxSize)
	if err != nil {
		return Network{}, nil, err
	}
	n := Network{File: path, Version: Version(src)}
	h, ok := f.heads.Load(n.Version)
	if !ok {
		var top struct {
			Network struct{ Slug, Name string } `toml:"network"`
		}
		toml.NewDecoder(bytes.NewReader(src)).Decode(&top) // a bad file keeps what it read
		h = head{top.Network.Slug, top.Network.Name}
		f.heads.Store(n.Version, h)
	}
	n.Slug, n.Name = h.(head).slug, h.(head).name
	if !data.IsSlug(n.Slug) {
		return Network{}, nil, errors.New(path + ": the network's slug is missing or not a slug")
	}
	if n.Name == "" {
		n.Name = n.Slug
	}
	return n, src, nil
}

func (f *DataFiles) List() ([]Network, error) {
	files, err := f.files()
	if err != nil {
		return nil, err
	}
	list := make([]Network, 0, len(files))
	for _, path := range files {
		if n, _, err := f.read(path); err == nil {
			list = append(list, n)
		}
	}
	slices.SortFunc(list, func(a, b Network) int { return strings.Compare(a.Slug, b.Slug) })
	return list, nil
}

func (f *DataFiles) Source(slug string) (Network, []byte, error) {
	files, err := f.files()
	if err != nil {
		return Network{}, nil, err
	}
	for _, path := range files {
		if n, src, err := f.read(path); err == nil && n.Slug == slug {
			return n, src, nil
		}
	}
	return Network{}, nil, ErrNoNetwork
}
