package admin

import (
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/account"
	"partnermap/data/messages"
)

// Translations side by side: for each language of a network, every text
// the data file can translate (the network's, its results', its cities')
// beside its translation, which goes into the account's draft as every
// edit does. The texts are found as validation finds them: a field of a
// translation's type (data.NetworkText, data.ResultText, data.CityText)
// translates the field of the same key of the table it is in.

// text is one translatable text of a network in one language.
type text struct {
	// ID names the text in forms and addresses: "network.summary",
	// "results.0.title", "cities.palermo.description".
	ID    string
	Owner string // what it belongs to, in words: "", a result's title, a city's name
	Kind  string // "network", "result" or "city"
	Key   string // its key in the data file: summary, title, name
	// Original is the text as written, Translation its translation ("" for
	// none). A list's items are a line each.
	Original, Translation string
	List, Long            bool
	// Optional marks a text that needs no translation where the language
	// writes it as written: a city's name.
	Optional bool
}

// missing reports whether the text still needs translating.
func (t text) missing() bool { return !t.Optional && t.Translation == "" }

// textsOf are a network's translatable texts with their translations
// into lang, in the file's order: the network's, its results', its
// cities'.
func textsOf(n *data.Network, lang string) []text {
	var out []text
	out = append(out, fieldsOf("network", "network", "", reflect.ValueOf(*n), reflect.ValueOf(n.Translations[lang]))...)
	for i, r := range n.Results {
		out = append(out, fieldsOf("results."+strconv.Itoa(i), "result", r.Title, reflect.ValueOf(r), reflect.ValueOf(r.Translations[lang]))...)
	}
	for _, c := range n.Cities {
		out = append(out, fieldsOf("cities."+c.Slug, "city", c.Name, reflect.ValueOf(c), reflect.ValueOf(c.Translations[lang]))...)
	}
	return out
}

// fieldsOf are the texts of one table: each field of its translation's
// type whose original is written.
func fieldsOf(id, kind, owner string, original, translation reflect.Value) []text {
	var out []text
	for f := range translation.Type().Fields() {
		key := f.Tag.Get("toml")
		of, ok := fieldByKey(original.Type(), key)
		if !ok {
			continue
		}
		t := text{ID: id + "." + key, Kind: kind, Owner: owner, Key: key, Optional: kind == "city" && key == "name"}
		switch v := original.FieldByIndex(of.Index).Interface().(type) {
		case string:
			t.Original = v
		case data.Markdown:
			t.Original, t.Long = string(v), true
		case []string:
			t.Original, t.List = strings.Join(v, "\n"), true
		}
		if strings.TrimSpace(t.Original) == "" {
			continue
		}
		switch v := translation.FieldByIndex(f.Index).Interface().(type) {
		case string:
			t.Translation = v
		case data.Markdown:
			t.Translation = string(v)
		case []string:
			t.Translation = strings.Join(v, "\n")
		}
		out = append(out, t)
	}
	return out
}

// fieldByKey is the field of a struct type that the data file writes as
// key.
func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for f := range t.Fields() {
		if f.Tag.Get("toml") == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// setTranslations writes the translations of a form into n's texts in
// lang: a field left empty has none, and a language left with none is
// removed. It reports whether anything changed.
func setTranslations(n *data.Network, lang string, values map[string]string) bool {
	changed := false
	set := func(id string, original reflect.Value, m any) {
		mv := reflect.ValueOf(m).Elem() // the map of translations
		tv := reflect.New(mv.Type().Elem()).Elem()
		if old := mv.MapIndex(reflect.ValueOf(lang)); old.IsValid() {
			tv.Set(old)
		}
		for f := range tv.Type().Fields() {
			key := f.Tag.Get("toml")
			v, ok := values[id+"."+key]
			if _, written := fieldByKey(original.Type(), key); !ok || !written {
				continue
			}
			field := tv.FieldByIndex(f.Index)
			var next reflect.Value
			switch field.Interface().(type) {
			case string:
				next = reflect.ValueOf(strings.Join(strings.Fields(v), " "))
			case data.Markdown:
				next = reflect.ValueOf(data.Markdown(strings.TrimSpace(v)))
			case []string:
				var items []string
				for line := range strings.Lines(v) {
					if line = strings.TrimSpace(line); line != "" {
						items = append(items, line)
					}
				}
				next = reflect.ValueOf(items)
			}
			if !reflect.DeepEqual(field.Interface(), next.Interface()) && !(field.Len() == 0 && next.Len() == 0) {
				field.Set(next)
				changed = true
			}
		}
		if tv.IsZero() || emptyText(tv) {
			if mv.Len() > 0 {
				mv.SetMapIndex(reflect.ValueOf(lang), reflect.Value{})
			}
			return
		}
		if mv.IsNil() {
			mv.Set(reflect.MakeMap(mv.Type()))
		}
		mv.SetMapIndex(reflect.ValueOf(lang), tv)
	}
	set("network", reflect.ValueOf(*n), &n.Translations)
	for i := range n.Results {
		r := &n.Results[i]
		set("results."+strconv.Itoa(i), reflect.ValueOf(*r), &r.Translations)
	}
	for i := range n.Cities {
		c := &n.Cities[i]
		set("cities."+c.Slug, reflect.ValueOf(*c), &c.Translations)
	}
	return changed
}

// emptyText reports whether a translation holds no text.
func emptyText(v reflect.Value) bool {
	for i := range v.NumField() {
		if v.Field(i).Len() > 0 {
			return false
		}
	}
	return true
}

// translationLanguages are the languages a network's texts translate
// into: the interface's, but the one it is written in.
func (a *Admin) translationLanguages(own string) []messages.Language {
	var out []messages.Language
	for _, l := range a.languages.Languages() {
		if l.Tag != own {
			out = append(out, l)
		}
	}
	return out
}

// languageName is a language's name in its own words.
func (a *Admin) languageName(tag string) string {
	for _, l := range a.languages.Languages() {
		if l.Tag == tag {
			return l.Name
		}
	}
	return tag
}

// translationPath is where a network's texts are translated into lang
// ("" for the list of its languages).
func (a *Admin) translationPath(slug, lang string) string {
	return a.path("/networks/" + slug + "/translations/" + lang)
}

// brokenTranslations answers for a draft that no longer decodes.
func (a *Admin) brokenTranslations(c *fiber.Ctx, n Network) error {
	t := a.messages(c)
	title := t.T("admin.translate.heading", "Network", n.Name)
	return a.render(c, fiber.StatusUnprocessableEntity, view.ErrorPage(a.page(c, title), title, t.T("admin.translate.brokenDraft")))
}

// showNetworkTranslations lists a network's languages, each with how
// many texts still need translating, as the account's draft has them.
func (a *Admin) showNetworkTranslations(c *fiber.Ctx) error {
	n, _, src, err := a.cityTarget(c)
	if err != nil {
		return err
	}
	t := a.messages(c)
	network, err := data.Decode("draft.toml", src)
	if err != nil {
		return a.brokenTranslations(c, n)
	}
	v := view.Translations{Network: n.Name, Back: a.path("/networks/" + n.Slug + "/"), Original: a.languageName(cmpLang(network.Language))}
	for _, l := range a.translationLanguages(cmpLang(network.Language)) {
		missing := 0
		for _, x := range textsOf(network, l.Tag) {
			if x.missing() {
				missing++
			}
		}
		v.Languages = append(v.Languages, view.TranslationLanguage{Tag: l.Tag, Name: l.Name, Href: a.translationPath(n.Slug, l.Tag), Missing: missing})
	}
	return a.render(c, fiber.StatusOK, view.TranslationsPage(a.page(c, t.T("admin.translate.heading", "Network", n.Name)), v))
}

// cmpLang is a network's language, the default where it names none.
func cmpLang(lang string) string {
	if lang == "" {
		return data.DefaultLanguage
	}
	return lang
}

// translationLang is the language of a request's :lang that a network
// written in own translates into; 404 for any other.
func (a *Admin) translationLang(c *fiber.Ctx, own string) (string, error) {
	lang := utils.CopyString(c.Params("lang"))
	if !messages.Has(lang) || lang == own {
		return "", fiber.ErrNotFound
	}
	return lang, nil
}

// showTranslate shows a network's texts beside their translations into
// a language, what is missing first.
func (a *Admin) showTranslate(c *fiber.Ctx) error {
	n, d, src, err := a.cityTarget(c)
	if err != nil {
		return err
	}
	network, err := data.Decode("draft.toml", src)
	if err != nil {
		return a.brokenTranslations(c, n)
	}
	lang, err := a.translationLang(c, cmpLang(network.Language))
	if err != nil {
		return err
	}
	v := a.translateView(c, n, d, src, network, lang, nil)
	if c.Query("saved") != "" && d != nil {
		v.Notice = a.messages(c).T("admin.translate.saved")
	}
	return a.renderTranslate(c, fiber.StatusOK, v)
}

// translateView is the form that translates a network's texts into lang,
// from the text src of the draft d (nil for the network as published);
// typed are the values a refused form changed, shown instead of the
// file's.
func (a *Admin) translateView(c *fiber.Ctx, n Network, d *Draft, src []byte, network *data.Network, lang string, typed map[string]string) view.Translate {
	t := a.messages(c)
	own := cmpLang(network.Language)
	v := view.Translate{
		Network: n.Name, Lang: lang, Language: a.languageName(lang), Original: own, OriginalLanguage: a.languageName(own),
		Action: a.translationPath(n.Slug, lang), Back: a.translationPath(n.Slug, ""),
	}
	if d != nil {
		v.Draft, v.DraftHref = d.ID, a.path("/drafts/"+d.ID+"/")
	}
	for _, x := range textsOf(network, lang) {
		f := view.TranslationField{
			ID: x.ID, Anchor: "t-" + strings.ReplaceAll(x.ID, ".", "-"), Field: t.T("admin.translate.field." + x.Key + "_text"),
			Original: x.Original, Translation: x.Translation, List: x.List, Long: x.Long, Optional: x.Optional, Missing: x.missing(),
		}
		// Was is what the field holds now, as the form sends it back.
		f.Was = Version([]byte(x.Translation))
		if v, ok := typed[x.ID]; ok {
			f.Translation = v
		}
		switch x.Kind {
		case "network":
			f.Group = t.T("admin.translate.network")
		case "result":
			f.Group = t.T("admin.translate.result", "Title", x.Owner)
		default:
			f.Group = x.Owner
		}
		v.Fields = append(v.Fields, f)
	}
	return v
}

func (a *Admin) renderTranslate(c *fiber.Ctx, status int, v view.Translate) error {
	t := a.messages(c)
	return a.render(c, status, view.TranslatePage(a.page(c, t.T("admin.translate.languageHeading", "Network", v.Network, "Language", v.Language)), v))
}

// handleTranslate writes a form's translations into the account's draft
// of the network, a new draft when it has none, with the writer that
// keeps the rest of the file as it was. A translation changed since the
// form was shown is not written over: the form comes back with what was
// typed beside what it holds now, to save again.
func (a *Admin) handleTranslate(c *fiber.Ctx) error {
	a.uploading.Lock() // one write into a draft at a time, as uploads
	defer a.uploading.Unlock()
	n, d, src, err := a.cityTarget(c)
	if err != nil {
		return err
	}
	t := a.messages(c)
	network, err := data.Decode("draft.toml", src)
	if err != nil {
		return a.brokenTranslations(c, n)
	}
	lang, err := a.translationLang(c, cmpLang(network.Language))
	if err != nil {
		return err
	}
	// Only the fields the form changed are written, each only where it
	// still holds what the form showed: a field changed meanwhile too
	// comes back with both, for the writer to see.
	values, typed, clashes := map[string]string{}, map[string]string{}, map[string]string{}
	for _, x := range textsOf(network, lang) {
		if !formHas(c, "t."+x.ID) {
			continue
		}
		v := strings.ReplaceAll(strings.Clone(c.FormValue("t."+x.ID)), "\r\n", "\n")
		was := c.FormValue("w." + x.ID)
		if Version([]byte(v)) == was {
			continue // as shown: not the form's to change
		}
		typed[x.ID] = v
		if Version([]byte(x.Translation)) != was {
			clashes[x.ID] = x.Translation
			continue
		}
		values[x.ID] = v
	}
	if len(clashes) > 0 {
		v := a.translateView(c, n, d, src, network, lang, typed)
		for i, f := range v.Fields {
			if now, ok := clashes[f.ID]; ok {
				v.Fields[i].Clash, v.Fields[i].Now = true, now
			}
		}
		v.Notice, v.Problem = t.T("admin.translate.changed"), true
		return a.renderTranslate(c, fiber.StatusConflict, v)
	}
	if !setTranslations(network, lang, values) {
		v := a.translateView(c, n, d, src, network, lang, nil)
		v.Notice = t.T("admin.translate.unchanged")
		return a.renderTranslate(c, fiber.StatusOK, v)
	}
	out, err := data.Edit(src, network)
	if err != nil {
		a.log.Error("writing translations into a draft", "network", n.Slug, "err", err)
		return a.brokenTranslations(c, n)
	}
	s := user(c)
	if d == nil {
		created, err := a.drafts.Create(Draft{Network: n.Slug, File: filepath.Base(n.File), Author: s.user.Name, Base: n.Version, BaseText: string(src),
			Message: t.T("admin.translate.message", "Language", a.languageName(lang)), Text: string(out), Status: StatusDraft})
		if err != nil {
			return err
		}
		d = &created
	} else {
		// A change takes a draft sent back to its author back to writing.
		d.Text, d.Status, d.Conflicts = string(out), StatusDraft, nil
		if *d, err = a.drafts.Update(*d); err != nil {
			return err
		}
	}
	a.log.Info("translations saved in a draft", "name", s.user.Name, "network", n.Slug, "draft", d.ID, "lang", lang)
	return c.Redirect(a.translationPath(n.Slug, lang)+"?saved=1", fiber.StatusSeeOther)
}

// formHas reports whether a form sent a field, empty or not.
func formHas(c *fiber.Ctx, name string) bool {
	if c.Request().PostArgs().Has(name) {
		return true
	}
	if f, err := c.MultipartForm(); err == nil {
		_, ok := f.Value[name]
		return ok
	}
	return false
}

// showTranslator lists, for a language, every text of every network the
// account may edit that is not yet translated into it, as published, each
// leading to where it is translated; without a language, how many each
// language lacks.
func (a *Admin) showTranslator(c *fiber.Ctx) error {
	s := user(c)
	t := a.messages(c)
	lang := utils.CopyString(c.Query("lang"))
	if lang != "" && !messages.Has(lang) {
		return fiber.ErrNotFound
	}
	snap := a.cfg.Store.Snapshot()
	var networks []*data.Network
	switch {
	case snap.Atlas != nil:
		networks = snap.Atlas.Networks
	case snap.Network != nil:
		networks = []*data.Network{snap.Network}
	}
	v := view.Translator{Lang: lang, Language: a.languageName(lang), Action: a.path("/translations/")}
	counts := map[string]int{}
	for _, n := range networks {
		if !s.user.May(account.Propose, n.Slug) {
			continue
		}
		own := cmpLang(n.Language)
		for _, l := range a.translationLanguages(own) {
			var missing []view.TranslatorText
			for _, x := range textsOf(n, l.Tag) {
				if !x.missing() {
					continue
				}
				counts[l.Tag]++
				if l.Tag == lang {
					missing = append(missing, view.TranslatorText{
						Href:  a.translationPath(n.Slug, lang) + "#t-" + strings.ReplaceAll(x.ID, ".", "-"),
						Owner: ownerOf(t, x), Field: t.T("admin.translate.field." + x.Key + "_text"), Original: clipText(x.Original), Lang: own,
					})
				}
			}
			if l.Tag == lang && len(missing) > 0 {
				v.Networks = append(v.Networks, view.TranslatorNetwork{Name: n.Name, Href: a.translationPath(n.Slug, lang), Texts: missing})
			}
		}
	}
	for _, l := range a.languages.Languages() {
		v.Languages = append(v.Languages, view.TranslationLanguage{Tag: l.Tag, Name: l.Name, Href: a.path("/translations/?lang=" + l.Tag), Missing: counts[l.Tag], Current: l.Tag == lang})
	}
	title := t.T("admin.translate.all")
	if lang != "" {
		title = t.T("admin.translate.allLanguage", "Language", v.Language)
	}
	return a.render(c, fiber.StatusOK, view.TranslatorPage(a.page(c, title), v))
}

// ownerOf is what a text belongs to, in words.
func ownerOf(t messages.Messages, x text) string {
	switch x.Kind {
	case "network":
		return t.T("admin.translate.network")
	case "result":
		return t.T("admin.translate.result", "Title", x.Owner)
	}
	return x.Owner
}

// maxShown is how many characters of a text the translator's view shows.
const maxShown = 140

// clipText is a text as a list shows it: on one line, cut short.
func clipText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxShown {
		return string(r[:maxShown-1]) + "…"
	}
	return s
}
