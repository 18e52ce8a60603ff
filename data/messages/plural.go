package messages

import (
	"strconv"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// samples are the numbers asked about to learn a language's plural forms.
// CLDR's rules look at a number's last two digits, at whether it is a
// multiple of a million (French, Italian and Spanish say "de"/"di" after
// whole millions) and at its fraction, so these meet every form a
// language has.
func samples() []any {
	var s []any
	for i := range 120 {
		s = append(s, i)
	}
	return append(s, 1000000, "0.5", "1.5", "2.5", "21.5")
}

// pluralForms returns the CLDR plural categories a language tells apart,
// each with the first numbers it is used for, as go-i18n chooses them
// when the site counts; nil for a language go-i18n has no rule for. It
// adds a message to bundle, which serves for every language asked about.
func pluralForms(bundle *i18n.Bundle, tag language.Tag) map[string][]string {
	probe := &i18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	if bundle.AddMessages(tag, probe) != nil {
		return nil
	}
	localizer := i18n.NewLocalizer(bundle, tag.String())
	forms := map[string][]string{}
	for _, n := range samples() {
		form, err := localizer.Localize(&i18n.LocalizeConfig{MessageID: probe.ID, PluralCount: n})
		if err != nil {
			return nil
		}
		if len(forms[form]) < 6 {
			forms[form] = append(forms[form], number(n))
		} else if len(forms[form]) == 6 {
			forms[form] = append(forms[form], "...")
		}
	}
	return forms
}

func number(n any) string {
	if i, ok := n.(int); ok {
		return strconv.Itoa(i)
	}
	return n.(string)
}
