package common_test

import (
	"testing"

	"partnermap/data/account"
	"partnermap/data/account/common"
)

// The embedded list holds zxcvbn's common passwords, folded, and refuses
// their long spellings.
func TestList(t *testing.T) {
	list, err := common.Open()
	if err != nil {
		t.Fatal(err)
	}
	if list.Len() < 40000 {
		t.Errorf("the list has %d passwords, want zxcvbn's tens of thousands", list.Len())
	}
	for _, p := range []string{"password", "P@SSW0RD", "iloveyou", "qwerty123456", "1qaz2wsx3edc"} {
		if !list.Has(account.FoldPassword(p)) {
			t.Errorf("%q is not on the list", p)
		}
	}
	for _, p := range []string{"Sunshine2024!", "Football12345", "Princess!!!!1"} {
		if err := account.CheckPassword(p, "anna", list.Has); err == nil {
			t.Errorf("CheckPassword(%q) = nil, want it refused", p)
		}
	}
	if err := account.CheckPassword("violet kettle under the bridge", "anna", list.Has); err != nil {
		t.Errorf("a passphrase was refused: %v", err)
	}
}
