package web

import (
	"partnermap/components"
	"partnermap/web/admin"
)

// ServerOption changes a server NewServer makes.
type ServerOption func(*Server)

// Editing mounts the editing pages under /admin (serve --edit), with
// their forms: requests may then carry a data file. Without it no /admin
// address exists, and requests carry no body.
func Editing(a *admin.Admin) ServerOption {
	return func(s *Server) { s.admin = a }
}

// Assets are the fingerprinted addresses of the stylesheets, scripts and
// icon, which the editing pages share.
func (b *Builder) Assets() components.Assets { return b.urls }
