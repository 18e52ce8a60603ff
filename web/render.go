package web

import (
	"bytes"
	"context"
	"fmt"

	"github.com/a-h/templ"
)

// renderResource makes a response from a component.
func renderResource(status int, c templ.Component) (*Resource, error) {
	body, err := render(c)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	res := newResource(typeHTML, cacheRevalidate, body)
	res.Status = status
	return res, nil
}

// render writes a component into bytes.
func render(c templ.Component) ([]byte, error) {
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
