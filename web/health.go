package web

import (
	"encoding/json"
	"path/filepath"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

// Health is what /healthz reports: which data the site is built from, and
// why the last reload failed, if it did. A failed reload leaves the last
// good site serving, so the status stays ok.
type Health struct {
	Status    string       `json:"status"`
	Build     string       `json:"build"` // the program's version, revision and date
	Network   string       `json:"network"`
	File      string       `json:"file"`    // the data file's name, without its folder
	Version   string       `json:"version"` // of the data file's bytes
	LoadedAt  time.Time    `json:"loaded_at"`
	LastError *ReloadError `json:"last_reload_error"`
	// Networks are an atlas's network files as served: each its last good
	// version. File and Version are then the folder's, and Network the
	// atlas's name.
	Networks []NetworkHealth `json:"networks,omitempty"`
}

// NetworkHealth is a network file of an atlas as served.
type NetworkHealth struct {
	Network string `json:"network"`
	File    string `json:"file"`
	Version string `json:"version"`
}

// ReloadError is a reload that was refused: how many problems the file
// has, and the first of them.
type ReloadError struct {
	At       time.Time `json:"at"`
	Count    int       `json:"problems_count"`
	Problems []string  `json:"problems"` // FILE:LINE:COL: message, or why the file could not be read
}

// What /healthz, which anyone may ask for, shows of a refused reload: a
// few problems, each cut to a line's length. The log has more.
const (
	healthProblems    = 10
	healthProblemSize = 500
)

// SetHealth records what /healthz reports, rendered now: the answer costs
// the same however bad the file. File is shown without its folder, and a
// reload error keeps its first problems, each cut short.
func (s *Server) SetHealth(h Health) {
	h.Status = "ok"
	h.File = filepath.Base(h.File)
	if e := h.LastError; e != nil {
		shown := *e
		shown.Count = max(e.Count, len(e.Problems))
		shown.Problems = make([]string, 0, min(len(e.Problems), healthProblems))
		for _, p := range e.Problems[:min(len(e.Problems), healthProblems)] {
			shown.Problems = append(shown.Problems, cut(p, healthProblemSize))
		}
		h.LastError = &shown
	}
	body, err := json.Marshal(h)
	if err != nil {
		s.log.Error("rendering /healthz", "err", err)
		return
	}
	s.health.Store(&body)
}

// cut shortens s to at most n bytes, at a character's start.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// handleHealth reports the current Health, never cached.
func (s *Server) handleHealth(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(*s.health.Load())
}
