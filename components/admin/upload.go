package admin

// Upload is the form on a network's editor that brings in a spreadsheet,
// and, when one was refused, why.
type Upload struct {
	Action string // where the form posts (multipart)
	// Template is the network's own workbook, to begin a spreadsheet
	// from.
	Template string
	// MaxSize is the largest file taken, in words (4 MB).
	MaxSize string
	// Version is the network's version shown, which a new draft begins
	// from.
	Version string
	// Draft is the account's draft of the network, which the spreadsheet
	// may go into rather than a new draft; nil when it has none. Into is
	// the choice made: "new", or the draft's ID.
	Draft *UploadDraft
	Into  string
	// Notice is why nothing was saved, or that nothing needed to be;
	// Problem marks a refusal. Problems are the spreadsheet's, of File.
	Notice   string
	Problem  bool
	File     string
	Problems []SheetProblem
}

// English reports whether some of the problems are in English, which the
// page is not.
func English(ps []SheetProblem) bool {
	for _, p := range ps {
		if p.English {
			return true
		}
	}
	return false
}

// UploadDraft is a draft the spreadsheet may go into. Stamp is the
// version of its text, as the form sends it back, so that a draft changed
// since the page was shown is not written over.
type UploadDraft struct {
	ID, Href, Updated, Stamp string
}

// SheetProblem is a problem of a spreadsheet at its cell: the sheet, the
// cell (B7), the header of its column, what is wrong and what to write
// instead. At is where it is when it is at no cell ("line 3, character
// 7", or the whole file).
type SheetProblem struct {
	Sheet, Cell, Column, At string
	Problem, Write          string
	// Warning marks what may be meant: the import went on. English says
	// that the problem is in English, which the page is not: the import
	// has no words of its own for it.
	Warning, English bool
}

// Summary is what a draft changes among the network's cities and
// partners, by name.
type Summary struct {
	CitiesAdded, CitiesChanged, CitiesRemoved       []string
	PartnersAdded, PartnersChanged, PartnersRemoved []string
}

// Any reports whether the summary lists anything.
func (s Summary) Any() bool {
	return len(s.CitiesAdded)+len(s.CitiesChanged)+len(s.CitiesRemoved)+len(s.PartnersAdded)+len(s.PartnersChanged)+len(s.PartnersRemoved) > 0
}
