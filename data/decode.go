package data

import (
	"bytes"

	"github.com/pelletier/go-toml/v2"
)

// Decode reads a data file into a network as written, without validating
// it, for a form that changes a file validate still has problems with,
// such as a draft with a city and no partner yet: Edit writes the change
// back. The error is Problems, for a file that does not decode, at the
// place Parse would report; the network is nil then.
func Decode(name string, src []byte) (*Network, error) {
	ix := index(src, networkSchema())
	if ix.crowded != "" {
		return nil, crowdedProblems(name, ix)
	}
	if ps := ceilings(name, ix); ps != nil {
		return nil, ps
	}
	var f file
	if err := toml.NewDecoder(bytes.NewReader(src)).Decode(&f); err != nil {
		return nil, decodeProblems(name, ix, err)
	}
	n := f.Network
	n.Cities = f.Cities
	n.Partners = f.Partners
	return &n, nil
}
