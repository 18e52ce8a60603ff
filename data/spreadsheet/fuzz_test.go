package spreadsheet_test

import (
	"errors"
	"os"
	"testing"

	"partnermap/data"
	"partnermap/data/spreadsheet"
)

// FuzzImport feeds the import any bytes: it returns problems, or a data
// file that validate accepts, and never fails otherwise.
func FuzzImport(f *testing.F) {
	for _, name := range []string{"testdata/partners.csv", "testdata/mistakes.csv", "testdata/unicode-text.txt", "testdata/utf16be.csv", "testdata/mac.csv"} {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("partner,kind,role,city,country\nX,city,coordinator,Malmo,SE\n"))
	f.Add([]byte("partner;kind;role;city;country;latitude;longitude\n\"a\"\"b\";city;coordinator;Berlin;DE;52,52;13,405\n"))
	opts := options(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := spreadsheet.Import("fuzz.csv", src, opts)
		var ps spreadsheet.Problems
		switch {
		case errors.As(err, &ps):
			if len(ps) == 0 {
				t.Fatal("an import failed with no problem to show")
			}
		case err != nil:
			t.Fatalf("an error that is not a list of problems: %v", err)
		default:
			if _, _, err := data.ParseChecked("fuzz.toml", res.TOML, opts.Checks...); err != nil {
				t.Fatalf("the output does not validate: %v\n%s", err, res.TOML)
			}
		}
	})
}
