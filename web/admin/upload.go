package admin

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/pelletier/go-toml/v2"

	view "partnermap/components/admin"
	"partnermap/data"
	"partnermap/data/account"
	"partnermap/data/messages"
	"partnermap/data/spreadsheet"
)

// An uploaded spreadsheet is read by the import's own code, partnermap
// import's: its problems are shown by cell and nothing is saved, or its
// cities and partners are written into a draft of the network by the
// writer that keeps the rest of the file as it was (data.Edit), the
// network's [network] table, results, translations, links and meetings
// among it. Nothing reaches the site but through review.

// maxUploadSize is the largest spreadsheet an upload takes: as large a
// file as the editor's text area, which the server's body limit (see
// BodyLimit) leaves room for with the rest of the form. A body larger
// than the limit is refused before it is read.
func (a *Admin) maxUploadSize() int { return a.maxTextSize() }

// maxFileName is how many characters of an uploaded file's name are
// kept, for messages and the draft's.
const maxFileName = 100

// uploadPath is where a network's upload form posts.
func (a *Admin) uploadPath(slug string) string { return a.path("/networks/" + slug + "/upload") }

// ownDraft is the account's latest draft of a network that it is still
// writing (a draft, or one sent back to it), where a spreadsheet may go;
// nil when it has none.
func ownDraft(drafts []Draft, u account.User) *Draft {
	for _, d := range drafts { // the latest first
		if (d.Status == StatusDraft || d.Status == StatusReturned) && account.NameKey(d.Author) == u.Key() {
			return &d
		}
	}
	return nil
}

// stamp is the version of a draft's text, as the upload form sends it
// back: a draft whose text changed since the form was shown is not
// written over.
func stamp(d Draft) string { return Version([]byte(d.Text)) }

// uploadView is the upload form of a network's editor, where own is the
// account's draft it may go into.
func (a *Admin) uploadView(c *fiber.Ctx, n Network, own *Draft) view.Upload {
	t := a.messages(c)
	u := view.Upload{
		Action:   a.uploadPath(n.Slug),
		Template: a.workbookPath(n.Slug),
		MaxSize:  data.Size(int64(a.maxUploadSize())),
		Version:  n.Version,
		Into:     "new",
	}
	if own != nil {
		u.Draft = &view.UploadDraft{ID: own.ID, Href: a.path("/drafts/" + own.ID + "/"), Updated: when(t, own.Updated), Stamp: stamp(*own)}
	}
	return u
}

// workbookPath is the network's workbook on the public site: the
// network's own in an atlas.
func (a *Admin) workbookPath(slug string) string {
	root := strings.TrimSuffix(a.prefix, "/admin")
	if a.isAtlas() {
		root += "/networks/" + slug
	}
	return root + "/api/network.xlsx"
}

// showUpload sends the address the form posts to, asked for again (a
// reload of a page of problems), to the network's editor.
func (a *Admin) showUpload(c *fiber.Ctx) error {
	n, _, err := a.network(c, utils.CopyString(c.Params("slug")))
	if err != nil {
		return err
	}
	return c.Redirect(a.path("/networks/"+n.Slug+"/"), fiber.StatusSeeOther)
}

// handleUpload reads a spreadsheet sent from a network's editor. A file
// with problems shows them by cell on the editor again, and nothing is
// saved; a clean one becomes a new draft of the network, begun from the
// version the editor showed, or, when the form says so, the cities and
// partners of the account's draft, unless that draft was saved since
// the form was shown. The answer is then the draft, with what it changes.
func (a *Admin) handleUpload(c *fiber.Ctx) error {
	n, src, err := a.network(c, utils.CopyString(c.Params("slug")))
	if err != nil {
		return err
	}
	a.uploading.Lock()
	defer a.uploading.Unlock()
	drafts, err := a.drafts.List(n.Slug)
	if err != nil {
		return err
	}
	s := user(c)
	t := a.messages(c)
	own := ownDraft(drafts, s.user)
	u := a.uploadView(c, n, own)
	again := func(status int, notice string, problem bool) error {
		u.Notice, u.Problem = notice, problem
		return a.renderEditor(c, status, n, src, drafts, u)
	}
	switch into := c.FormValue("into"); {
	case own != nil && into == own.ID:
		u.Into = own.ID
	case isNumber(into):
		// A draft that is no longer the account's latest one being
		// written: published, submitted, or another saved since.
		return again(fiber.StatusConflict, t.T("admin.upload.draftChanged", "ID", strings.Clone(into)), true)
	}
	fh, err := c.FormFile("file")
	if err != nil || fh.Filename == "" && fh.Size == 0 {
		return again(fiber.StatusUnprocessableEntity, t.T("admin.upload.noFile"), true)
	}
	if fh.Size > int64(a.maxUploadSize()) {
		return again(fiber.StatusRequestEntityTooLarge, t.T("admin.upload.tooLarge", "Size", u.MaxSize), true)
	}
	sheet, err := readUpload(fh, a.maxUploadSize())
	if err != nil {
		return err
	}
	name := fileName(fh.Filename)

	// The text the sheet goes into: the account's draft, or the network
	// at the version the editor showed, as Save draft begins a draft.
	file := filepath.Base(n.File)
	var target *Draft
	var text []byte
	base, baseText := n.Version, string(src)
	if own != nil && u.Into == own.ID {
		if c.FormValue("stamp") != stamp(*own) {
			return again(fiber.StatusConflict, t.T("admin.upload.draftChanged", "ID", own.ID), true)
		}
		target, text = own, []byte(own.Text)
	} else {
		if v := c.FormValue("base"); isVersion(v) && v != n.Version {
			if shown, err := a.textAt(file, v); err == nil && shown != "" {
				base, baseText = strings.Clone(v), shown
			}
		}
		text = []byte(baseText)
	}
	current, err := data.Decode(file, text)
	if err != nil {
		return again(fiber.StatusUnprocessableEntity, t.T("admin.upload.brokenDraft"), true)
	}
	res, err := a.importSheet(name, sheet, current)
	var ps spreadsheet.Problems
	if errors.As(err, &ps) {
		u.File, u.Problems = name, sheetProblems(t, ps)
		return again(fiber.StatusUnprocessableEntity, "", false)
	}
	if err != nil {
		return err
	}
	out, err := withSheet(text, current, res.TOML)
	if err != nil {
		a.log.Error("writing a spreadsheet into a draft", "network", n.Slug, "err", err)
		return again(fiber.StatusUnprocessableEntity, t.T("admin.upload.brokenDraft"), true)
	}
	if bytes.Equal(out, text) {
		notice := t.T("admin.upload.unchanged")
		if target != nil {
			notice = t.T("admin.upload.unchangedDraft")
		}
		return again(fiber.StatusOK, notice, false)
	}
	notes := sheetNotes(name, append(slices.Clip(res.Warnings), res.Notes...))
	if target == nil {
		d, err := a.drafts.Create(Draft{Network: n.Slug, File: file, Author: s.user.Name, Base: base, BaseText: baseText,
			Message: t.T("admin.upload.message", "File", name), Text: string(out), Status: StatusDraft, Sheet: notes})
		if err != nil {
			return err
		}
		target = &d
	} else {
		// A change takes a draft sent back to its author back to writing.
		target.Text, target.Status, target.Conflicts, target.Sheet = string(out), StatusDraft, nil, notes
		if *target, err = a.drafts.Update(*target); err != nil {
			return err
		}
	}
	a.log.Info("spreadsheet uploaded into a draft", "name", s.user.Name, "network", n.Slug, "draft", target.ID, "file", name, "bytes", len(sheet), "cities", res.Cities, "partners", res.Partners)
	return c.Redirect(a.path("/drafts/"+target.ID+"/?done=uploaded"), fiber.StatusSeeOther)
}

// sheetNotes are an import's warnings and notes as a draft keeps them;
// nil for none.
func sheetNotes(file string, ps spreadsheet.Problems) *SheetNotes {
	if len(ps) == 0 {
		return nil
	}
	notes := &SheetNotes{File: file}
	for _, p := range ps {
		args := make([]string, len(p.Args))
		for i, v := range p.Args {
			args[i] = fmt.Sprint(v)
		}
		notes.Notes = append(notes.Notes, SheetNote{Sheet: p.Sheet, Cell: p.Cell, Header: p.Header, ID: p.ID, Args: args, Message: p.Message})
	}
	return notes
}

// notesView are a draft's sheet notes as the draft's page shows them.
func notesView(t messages.Messages, notes *SheetNotes) []view.SheetProblem {
	if notes == nil {
		return nil
	}
	out := make([]view.SheetProblem, len(notes.Notes))
	for i, n := range notes.Notes {
		args := make([]any, len(n.Args))
		for j, v := range n.Args {
			args[j] = v
		}
		sp := view.SheetProblem{Sheet: n.Sheet, Cell: n.Cell, Column: n.Header, Warning: true}
		if n.Cell == "" {
			sp.At = t.T("admin.upload.wholeFile")
		}
		sp.Problem, sp.Write, sp.English = translated(t, n.ID, args, n.Message)
		out[i] = sp
	}
	return out
}

// readUpload reads an uploaded file of at most limit bytes whole: the
// import reads a workbook as a zip archive, from its end.
func readUpload(fh *multipart.FileHeader, limit int) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > limit {
		return nil, fiber.ErrRequestEntityTooLarge
	}
	return b, nil
}

// fileName is an uploaded file's name as messages give it: without the
// folders some browsers send, on one line, printable, and not too long.
func fileName(name string) string {
	name = strings.ToValidUTF8(name, "�")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Bidi_Control, r):
			return -1
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	if utf8.RuneCountInString(name) > maxFileName {
		name = string([]rune(name)[:maxFileName-1]) + "…"
	}
	if name == "" {
		name = "spreadsheet"
	}
	return strings.Clone(name)
}

// importSheet imports a spreadsheet as a new version of the network
// current, as partnermap import does: the gazetteer finds the new cities'
// coordinates, validate's checks run on every city, and in an atlas the
// cities that are its places take their slugs.
func (a *Admin) importSheet(name string, sheet []byte, current *data.Network) (*spreadsheet.Result, error) {
	opts := spreadsheet.Options{
		Current: current,
		Network: spreadsheet.Network{Slug: current.Slug, Name: current.Name, Language: current.Language},
	}
	if a.places != nil {
		opts.Checks = append(opts.Checks, a.places.borders.CheckCity)
		if g, err := a.places.open(); err != nil {
			a.log.Error("the gazetteer did not open: the upload finds no coordinates", "err", err)
		} else {
			opts.Gazetteer, opts.PlaceOf = g, g.PlaceOf
			opts.Checks = append(opts.Checks, g.CheckCity)
			opts.Atlas = a.cfg.Store.Snapshot().Atlas
		}
	}
	return spreadsheet.Import(name, sheet, opts)
}

// withSheet writes the cities and partners of the data file an import
// made into text, whose network is current, keeping the rest of the
// file: the network's cities keep their order, with the new ones after
// them in the sheet's, and the partners take the sheet's order, which
// the sheet gives.
func withSheet(text []byte, current *data.Network, imported []byte) ([]byte, error) {
	sheet, err := data.Decode("sheet.toml", imported)
	if err != nil {
		return nil, err
	}
	next := *current
	next.Cities = nil
	for _, c := range current.Cities {
		if i := slices.IndexFunc(sheet.Cities, func(s data.City) bool { return s.Slug == c.Slug }); i >= 0 {
			next.Cities = append(next.Cities, sheet.Cities[i])
		}
	}
	for _, s := range sheet.Cities {
		if !slices.ContainsFunc(current.Cities, func(c data.City) bool { return c.Slug == s.Slug }) {
			next.Cities = append(next.Cities, s)
		}
	}
	next.Partners = sheet.Partners
	return data.Edit(text, &next)
}

// sheetProblems are an import's problems as the upload's table shows
// them: where, and what is wrong apart from what to write, in the
// reader's language where the import's message has an ID, else in
// English.
func sheetProblems(t messages.Messages, ps spreadsheet.Problems) []view.SheetProblem {
	out := make([]view.SheetProblem, len(ps))
	for i, p := range ps {
		sp := view.SheetProblem{Sheet: p.Sheet, Cell: p.Cell, Column: p.Header, Warning: p.Warning}
		sp.Problem, sp.Write, sp.English = translated(t, p.ID, p.Args, p.Message)
		switch line, col, ok := strings.Cut(p.At, ":"); {
		case p.Cell != "":
		case ok && isNumber(line) && isNumber(col):
			sp.At = t.T("admin.upload.at", "Line", line, "Column", col)
		default:
			sp.At = t.T("admin.upload.wholeFile")
		}
		out[i] = sp
	}
	return out
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// translated is a problem's message in t's language, split into what is
// wrong and what to write, when its ID has the message; else the English
// message, and english true. A translation says what to write after the
// first colon outside the quoted texts it names.
func translated(t messages.Messages, id string, args []any, message string) (problem, write string, english bool) {
	if id == "" || t.Lang == messages.Default {
		problem, write = splitFix(message)
		return problem, write, t.Lang != messages.Default
	}
	msg := t.T(id, args...)
	if msg == id {
		problem, write = splitFix(message)
		return problem, write, true
	}
	quoted := false
	for i := 0; i < len(msg); i++ {
		switch {
		case msg[i] == '"':
			quoted = !quoted
		case msg[i] == '\\':
			i++
		case !quoted && strings.HasPrefix(msg[i:], ": "):
			write = strings.TrimSpace(msg[i+2:])
			r, size := utf8.DecodeRuneInString(write)
			return strings.TrimSpace(msg[:i]), string(unicode.ToUpper(r)) + write[size:], false
		}
	}
	return msg, "", false
}

// fixes are the words with which the import's messages turn from what is
// wrong to what to write: "kind is empty: write city or organisation",
// "did you swap lat and lon? Write lat = 45.764".
var fixes = []string{
	": write ", ": add ", ": delete ", ": save ", ": open ", ": put ", ": end ", ": give ", ": leave ", ": mend ",
	": split ", ": move ", ": shorten ", ": use ", ": rename ", ": replace ", ": remove ", ": did you ",
	"; write ", "? Write ", ". Write ", "? Otherwise write ",
}

// splitFix splits a problem's message into what is wrong and what to
// write, where it says so outside the quoted texts it names; the second
// is "" where it does not.
func splitFix(msg string) (problem, write string) {
	quoted := false
	for i := 0; i < len(msg); i++ {
		switch msg[i] {
		case '\\':
			i++
			continue
		case '"':
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		for _, f := range fixes {
			if strings.HasPrefix(msg[i:], f) {
				write = msg[i+2:]
				r, size := utf8.DecodeRuneInString(write)
				return msg[:i], string(unicode.ToUpper(r)) + write[size:]
			}
		}
	}
	return msg, ""
}

// summaryOf lists the cities and partners that differ between two
// versions of a data file, by name: added, changed (any field), removed.
// A file that does not decode lists nothing.
func summaryOf(before, after []byte) view.Summary {
	var a, b map[string]any
	if toml.Unmarshal(before, &a) != nil || toml.Unmarshal(after, &b) != nil {
		return view.Summary{}
	}
	var s view.Summary
	s.CitiesAdded, s.CitiesChanged, s.CitiesRemoved = compareBySlug(a["cities"], b["cities"])
	s.PartnersAdded, s.PartnersChanged, s.PartnersRemoved = compareBySlug(a["partners"], b["partners"])
	return s
}

// compareBySlug compares two lists of tables by their slugs, naming each
// table by its name (or its slug).
func compareBySlug(before, after any) (added, changed, removed []string) {
	al, _ := tables(before)
	bl, _ := tables(after)
	bySlug := func(list []map[string]any) map[string]map[string]any {
		m := map[string]map[string]any{}
		for _, t := range list {
			if slug, ok := t["slug"].(string); ok {
				m[slug] = t
			}
		}
		return m
	}
	am, bm := bySlug(al), bySlug(bl)
	name := func(t map[string]any) string {
		if n, ok := t["name"].(string); ok && strings.TrimSpace(n) != "" {
			return n
		}
		s, _ := t["slug"].(string)
		return s
	}
	for _, t := range bl {
		slug, _ := t["slug"].(string)
		switch old, ok := am[slug]; {
		case !ok:
			added = append(added, name(t))
		case !reflect.DeepEqual(old, t):
			changed = append(changed, name(t))
		}
	}
	for _, t := range al {
		if slug, _ := t["slug"].(string); bm[slug] == nil {
			removed = append(removed, name(t))
		}
	}
	return added, changed, removed
}
