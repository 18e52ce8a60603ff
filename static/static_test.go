package static

import (
	"bytes"
	"io/fs"
	"testing"
)

// The scripts of the map pages start with V8's compile hint, which make
// writes: without it each of their functions is compiled on the page's
// main thread when it is first called, as the map is made. The builder's
// and the editors' scripts, which mostly wait for what a person does, go
// without it, so that their pages do not compile what they may never run.
func TestScriptsCarryTheCompileHint(t *testing.T) {
	const hint = "//# allFunctionsCalledOnLoad"
	for name, hinted := range map[string]bool{LeafletJS: true, MapJS: true, AtlasJS: true, BuilderJS: false, CityJS: false, EditorJS: false} {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(b, []byte(hint+"\n")) != hinted {
			t.Errorf("%s starts with %q: want the compile hint %v", name, b[:min(len(b), 40)], hinted)
		}
		if !hinted && bytes.Contains(b, []byte(hint)) {
			t.Errorf("%s carries the compile hint", name)
		}
	}
}
