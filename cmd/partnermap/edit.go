package main

import (
	"flag"
	"io"
	"log/slog"

	"partnermap/data/store"
	"partnermap/geo"
	"partnermap/web"
	"partnermap/web/admin"
)

// editConfig is what serve is told about editing in the browser.
type editConfig struct {
	on           bool
	users, state string
}

// editFlags adds serve's flags of editing, with their environment twins.
func editFlags(fs *flag.FlagSet, cfg *editConfig, getenv func(string) string, stderr io.Writer) error {
	if err := boolFlag(fs, &cfg.on, "edit", "PARTNERMAP_EDIT", false, "let the accounts of --users edit networks in the browser, under /admin; without it no /admin address exists", getenv, stderr); err != nil {
		return err
	}
	fs.StringVar(&cfg.users, "users", getenv("PARTNERMAP_USERS"), "the users `file` of the accounts that may edit (partnermap users), outside the data folder ($PARTNERMAP_USERS)")
	fs.StringVar(&cfg.state, "state", getenv("PARTNERMAP_STATE"), "the `folder` where editing keeps sessions and drafts, outside the data folder ($PARTNERMAP_STATE)")
	return nil
}

// check refuses, before anything is loaded, what editing cannot start
// with: no data folder, a users file or state folder inside it, a users
// file that does not parse.
func (cfg editConfig) check(dataPath string) error {
	if !cfg.on {
		return nil
	}
	if err := admin.CheckPaths(dataPath, cfg.users, cfg.state); err != nil {
		return err
	}
	_, err := admin.LoadUsers(cfg.users)
	return err
}

// startEditing opens the accounts and the state folder for a server that
// edits, with the pages built by b; no options when editing is off.
func startEditing(cfg editConfig, st *store.Store, maxSize int64, baseURL string, b *web.Builder, log *slog.Logger) (*admin.Admin, []web.ServerOption, error) {
	if !cfg.on {
		return nil, nil, nil
	}
	assets := b.Assets()
	countries, err := outlines()
	if err != nil {
		return nil, nil, err
	}
	a, err := admin.New(admin.Config{
		Users:       cfg.users,
		State:       cfg.state,
		Store:       st,
		Previews:    web.Previews(b, st),
		MaxSize:     maxSize,
		BaseURL:     baseURL,
		Stylesheets: []string{assets.SiteCSS, assets.AdminCSS},
		Favicon:     assets.Favicon,
		EditorJS:    assets.EditorJS,
		Log:         log,
		// The page that adds a city: the gazetteer import and validate
		// use, the outlines validate checks points against, and a map
		// drawn as the public maps are.
		Places:  openGazetteer,
		Borders: geo.NewBorders(countries),
		Map:     b.EditingMap,
	})
	if err != nil {
		return nil, nil, err
	}
	log.Info("editing is on", "users", cfg.users, "accounts", a.Users().Len(), "state", cfg.state)
	return a, []web.ServerOption{web.Editing(a)}, nil
}
