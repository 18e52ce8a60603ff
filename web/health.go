package web

import (
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Health is what /healthz reports: which data the site is built from, and
// why the last reload failed, if it did. A failed reload leaves the last
// good site serving, so the status stays ok.
type Health struct {
	Status    string       `json:"status"`
	Network   string       `json:"network"`
	File      string       `json:"file"`
	Version   string       `json:"version"` // of the data file's bytes
	LoadedAt  time.Time    `json:"loaded_at"`
	LastError *ReloadError `json:"last_reload_error"`
}

// ReloadError is a reload that was refused.
type ReloadError struct {
	At       time.Time `json:"at"`
	Problems []string  `json:"problems"` // FILE:LINE:COL: message, or why the file could not be read
}

// SetHealth records what /healthz reports.
func (s *Server) SetHealth(h Health) {
	h.Status = "ok"
	s.health.Store(&h)
}

// handleHealth reports the current Health, never cached.
func (s *Server) handleHealth(c *fiber.Ctx) error {
	body, err := json.Marshal(s.health.Load())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(body)
}
