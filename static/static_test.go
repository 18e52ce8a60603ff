package static

import (
	"bytes"
	"io/fs"
	"testing"
)

// The scripts of the map pages start with V8's compile hint, which make
// writes: without it each of their functions is compiled on the page's
// main thread when it is first called, as the map is made.
func TestScriptsCarryTheCompileHint(t *testing.T) {
	for _, name := range []string{LeafletJS, MapJS, AtlasJS} {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("//# allFunctionsCalledOnLoad\n")) {
			t.Errorf("%s starts with %q, not the compile hint", name, b[:min(len(b), 40)])
		}
	}
}
