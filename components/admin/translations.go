package admin

import "strconv"

// Translations lists a network's languages to translate its texts into.
type Translations struct {
	Network, Back string
	// Original is the name of the language the texts are written in.
	Original  string
	Languages []TranslationLanguage
}

// TranslationLanguage is a language to translate into, and how many
// texts still need it.
type TranslationLanguage struct {
	Tag, Name, Href string
	Missing         int
	Current         bool
}

// Translate is the form that translates a network's texts into a
// language, each beside the text as written.
type Translate struct {
	Network string
	// Lang and Language are the language translated into, its tag and
	// name; Original and OriginalLanguage the texts' own.
	Lang, Language, Original, OriginalLanguage string
	Action, Back                               string
	// Draft is the account's draft the translations go into, "" for a
	// new one.
	Draft, DraftHref string
	Notice           string
	Problem          bool
	Fields           []TranslationField
}

// Missing are the fields that still need translating.
func (t Translate) Missing() []TranslationField {
	var out []TranslationField
	for _, f := range t.Fields {
		if f.Missing {
			out = append(out, f)
		}
	}
	return out
}

// TranslationField is one text and its translation. ID is the form
// field's name after "t.", Anchor the element's id.
type TranslationField struct {
	ID, Anchor            string
	Group, Field          string // what it belongs to, and which of its texts
	Original, Translation string
	List, Long, Optional  bool
	Missing               bool
	// Was identifies the translation the field was shown with, which the
	// form sends back: a translation changed since is not written over.
	// Clash marks one that was, and Now is what it holds now.
	Was   string
	Clash bool
	Now   string
}

// Translator lists, per language, every text of the account's networks
// that still needs translating.
type Translator struct {
	Lang, Language, Action string
	Languages              []TranslationLanguage
	Networks               []TranslatorNetwork
}

// TranslatorNetwork is a network's texts still to translate.
type TranslatorNetwork struct {
	Name, Href string
	Texts      []TranslatorText
}

// TranslatorText is a text still to translate, leading to its field.
// Original is its start, in the language Lang.
type TranslatorText struct {
	Href, Owner, Field, Original, Lang string
}

// rowsFor is how many rows a translation's text area has: enough for the
// text as written, within reason.
func rowsFor(f TranslationField) string {
	n := 2
	for _, s := range []string{f.Original, f.Translation} {
		lines := 1
		for _, r := range s {
			if r == '\n' {
				lines++
			}
		}
		lines += len(s) / 80
		n = max(n, lines+1)
	}
	return strconv.Itoa(min(n, 16))
}
