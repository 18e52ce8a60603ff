// Command partnermap serves a partner network as an interactive map with a
// page for every city, and checks network data files.
//
//	partnermap serve [flags]       serve the network
//	partnermap validate [flags] FILE|DIR...  check data files, or an atlas's folder
//	partnermap import FILE         turn a spreadsheet of partners into a data file
//	partnermap fmt FILE|DIR...     rewrite data files in the canonical form
//	partnermap export DIR          write the site as static files
//	partnermap history [NETWORK]   list the versions of the data
//	partnermap restore VERSION     write a version of the data back
//	partnermap users ACTION        manage the accounts that may edit
//	partnermap check-messages DIR  check the interface's message files
//	partnermap healthcheck [flags] ask a running server whether it serves
//	partnermap version             print the version and the commit built
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"partnermap/data"
	"partnermap/data/gazetteer"
	"partnermap/data/gazetteer/geonames"
	"partnermap/data/messages"
	"partnermap/data/store"
	"partnermap/geo"
	"partnermap/static"
	"partnermap/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// A signal asks the program to stop. It stops within the
		// shutdown time, whatever it is doing; a second signal stops
		// it at once, as signals do by default again.
		<-ctx.Done()
		stop()
		time.Sleep(stopTime)
		fmt.Fprintf(os.Stderr, "partnermap: not stopped %v after the signal; exiting\n", stopTime)
		os.Exit(1)
	}()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	var exit exitError
	switch {
	case errors.As(err, &exit):
		os.Exit(int(exit))
	case err != nil:
		fmt.Fprintln(os.Stderr, "partnermap:", err)
		os.Exit(1)
	}
}

// shutdownTime is how long the server takes at most to finish the
// requests it took on once asked to stop.
const shutdownTime = 10 * time.Second

// stopTime is how long after a signal the program ends, whatever it is
// doing: the server's shutdown, and a moment to return from it.
const stopTime = shutdownTime + 2*time.Second

// exitError ends the program with a status after the message was printed.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

const usage = `partnermap puts a partner network on an interactive map, with a page for
every city that partners can link to.

Usage:
  partnermap serve [flags]             serve the network over HTTP
  partnermap validate [flags] FILE|DIR...
                                       check data files, or an atlas's
                                       folder; print every problem as
                                       FILE:LINE:COL: message and exit 1 if
                                       any
  partnermap import [flags] FILE       turn a spreadsheet of partners (.xlsx
                                       or .csv) into a data file
  partnermap fmt [-l|-d|-w] FILE|DIR...
                                       rewrite data files in the canonical
                                       form, comments kept, as gofmt does
  partnermap export [flags] DIR        write the whole site into DIR as static
                                       files for nginx, GitHub Pages or Netlify
  partnermap history [--data DIR] [NETWORK]
                                       list the versions of the data in the
                                       git repository of its folder
  partnermap restore [--data DIR] VERSION [NETWORK]
                                       write a version of the data, or of one
                                       network, back as a new commit
  partnermap users add|set|passwd|remove|list --users FILE [NAME]
                                       manage the accounts that may edit
                                       networks in the browser
  partnermap check-messages DIR        check the interface's message files in
                                       DIR against English; print every
                                       problem as FILE:LINE: message and exit
                                       1 if any
  partnermap healthcheck [--addr]      exit 0 when the server at host:port
                                       answers /healthz, 1 when it does not
                                       (for containers and probes)
  partnermap version                   print the version, the commit built
                                       and its date (also --version)
  partnermap help [command]            show this help, or a command's flags

Run 'partnermap serve --help' for the server's flags, 'partnermap export
--help' for the export's, 'partnermap validate --help' for the check's,
'partnermap import --help' for the import's. The flags of serve, export and
validate can also be set through the environment variable named beside
each.
`

// run is the whole program behind main, with its surroundings passed in so
// that tests can drive it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError(2)
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "validate":
		return validate(rest, getenv, stdout, stderr)
	case "import":
		return importSheet(rest, getenv, stdout, stderr)
	case "fmt":
		return formatFiles(rest, getenv, stdout, stderr)
	case "export":
		return export(ctx, rest, getenv, stdout, stderr)
	case "check-messages":
		return checkMessages(rest, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, rest, getenv, stdout, stderr)
	case "version", "--version", "-version":
		return printVersion(rest, stdout, stderr)
	case "users":
		return users(rest, getenv, os.Stdin, stdout, stderr)
	case "history":
		return history(rest, getenv, stdout, stderr)
	case "restore":
		return restore(ctx, rest, getenv, stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && rest[0] == "serve" {
			return serve(ctx, []string{"--help"}, getenv, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "validate" {
			return validate([]string{"--help"}, getenv, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "export" {
			return export(ctx, []string{"--help"}, getenv, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "import" {
			return importSheet([]string{"--help"}, getenv, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "fmt" {
			return formatFiles([]string{"--help"}, getenv, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "users" {
			return users([]string{"--help"}, getenv, os.Stdin, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "check-messages" {
			return checkMessages([]string{"--help"}, stdout, stderr)
		}
		if len(rest) > 0 && (rest[0] == "healthcheck" || rest[0] == "version" || rest[0] == "history" || rest[0] == "restore") {
			return run(ctx, []string{rest[0], "--help"}, getenv, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "partnermap: unknown command %q\n\n%s", cmd, usage)
		return exitError(2)
	}
}

// serveConfig is what serve is told by flags and environment.
type serveConfig struct {
	addr, dataFile string
	site           web.Options // checked by Options.Check
	maxSize        int64
	watch          bool
	best           bool // compress at the best levels after each build
	edit           editConfig
}

// boolFlag adds a boolean flag to fs, into p: def, unless its
// environment twin env says otherwise.
func boolFlag(fs *flag.FlagSet, p *bool, name, env string, def bool, help string, getenv func(string) string, stderr io.Writer) error {
	if v := getenv(env); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			fmt.Fprintf(stderr, "partnermap %s: %s=%q: write true or false\n", fs.Name(), env, v)
			return exitError(2)
		}
		def = b
	}
	fs.BoolVar(p, name, def, help+" ($"+env+")")
	return nil
}

// maxSizeFlag adds --max-data-size to a command's flags, with its
// environment twin, into p.
func maxSizeFlag(fs *flag.FlagSet, p *int64, getenv func(string) string) error {
	*p = data.DefaultMaxSize
	if v := getenv("PARTNERMAP_MAX_DATA_SIZE"); v != "" {
		n, err := parseSize(v)
		if err != nil {
			return fmt.Errorf("PARTNERMAP_MAX_DATA_SIZE: %w", err)
		}
		*p = n
	}
	fs.Var(sizeFlag{p}, "max-data-size", "the largest data file (or spreadsheet, for import) read, such as `32MB`; a larger one is refused, whatever it is ($PARTNERMAP_MAX_DATA_SIZE)")
	return nil
}

func parseServe(args []string, getenv func(string) string, stdout, stderr io.Writer) (serveConfig, error) {
	var cfg serveConfig
	var embedOrigins string
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	str := func(p *string, name, env, def, help string) {
		if v := getenv(env); v != "" {
			def = v
		}
		fs.StringVar(p, name, def, help+" ($"+env+")")
	}
	str(&cfg.addr, "addr", "PARTNERMAP_ADDR", "127.0.0.1:8080", "`host:port` to listen on")
	str(&cfg.dataFile, "data", "PARTNERMAP_DATA", "", "network data `file` (TOML); empty serves the embedded CoNet network")
	str(&cfg.site.BaseURL, "base-url", "PARTNERMAP_BASE_URL", "", "public `address` of the site, for canonical and absolute links: an origin such as https://map.example.org, or with the path a proxy passes on, https://example.org/map/; empty means http://ADDR")
	str(&cfg.site.Tiles.URL, "tile-url", "PARTNERMAP_TILE_URL", "", "raster tile `template` such as https://tile.example.org/{z}/{x}/{y}.png, drawn under the outlines; empty keeps every request on this site")
	str(&cfg.site.Tiles.Attribution, "tile-attribution", "PARTNERMAP_TILE_ATTRIBUTION", "", "credit `text` the tile provider requires; needed with --tile-url")
	str(&embedOrigins, "embed-origins", "PARTNERMAP_EMBED_ORIGINS", "", "`origins` allowed to frame /embed pages, separated by commas or spaces, such as https://www.example.org; empty lets any site embed the map")
	if err := boolFlag(fs, &cfg.watch, "watch", "PARTNERMAP_WATCH", false, "reload the data file whenever it changes; a bad file is logged and the last good site keeps serving", getenv, stderr); err != nil {
		return cfg, err
	}
	if err := boolFlag(fs, &cfg.best, "best-compression", "PARTNERMAP_BEST_COMPRESSION", true, "once the site is served, and after each reload, compress it again at the best levels in the background: about a tenth fewer bytes for some seconds of processor time; false serves the quick compression only", getenv, stderr); err != nil {
		return cfg, err
	}
	if err := maxSizeFlag(fs, &cfg.maxSize, getenv); err != nil {
		fmt.Fprintln(stderr, "partnermap serve:", err)
		return cfg, exitError(2)
	}
	if err := maxMemoryFlag(fs, &cfg.site.MaxMemory, getenv); err != nil {
		fmt.Fprintln(stderr, "partnermap serve:", err)
		return cfg, exitError(2)
	}
	if err := editFlags(fs, &cfg.edit, getenv, stderr); err != nil {
		return cfg, err
	}
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprint(out, "Usage: partnermap serve [flags]\n\nServe the network: the map, a page for every city, and its GeoJSON.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if askedForHelp(args) {
		fs.SetOutput(stdout)
		fs.Usage()
		return cfg, exitError(0)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, exitError(2)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "partnermap serve: unexpected argument %q; flags start with --\n", fs.Arg(0))
		return cfg, exitError(2)
	}
	cfg.site.EmbedOrigins = strings.FieldsFunc(embedOrigins, func(r rune) bool { return r == ',' || r == ' ' })
	if err := cfg.edit.check(cfg.dataFile); err != nil {
		return cfg, err
	}
	return cfg, cfg.site.Check()
}

// displayAddr turns a listen address into one a browser can open.
func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseServe(args, getenv, stdout, stderr)
	if err != nil {
		if errors.Is(err, exitError(0)) {
			return nil
		}
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	memory := memoryLimit{fixed: getenv("GOMEMLIMIT") != "", budget: cfg.site.MaxMemory}
	memory.building()
	countries, err := outlines()
	if err != nil {
		return err
	}
	check := geo.NewBorders(countries).CheckCity
	st, snap, err := openData(cfg.dataFile, cfg.maxSize, check, log)
	if err != nil {
		printError(stderr, err)
		return exitError(1)
	}
	if cfg.watch && cfg.dataFile == "" {
		return errors.New("--watch needs --data: the embedded network never changes")
	}
	start := time.Now()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	url := "http://" + displayAddr(ln.Addr().String())
	if cfg.site.BaseURL == "" {
		cfg.site.BaseURL = url
	}
	cfg.site.Countries = countries
	builder, site, err := render(snap, cfg.site)
	if err != nil {
		return err
	}
	memory.built()
	editing, opts, err := startEditing(cfg.edit, st, cfg.maxSize, cfg.site.BaseURL, builder, log)
	if err != nil {
		return err
	}
	if editing != nil {
		defer editing.Close()
	}
	srv := web.NewServer(site, log, opts...)
	h := health(snap)
	srv.SetHealth(h)
	log.Info("serving", "build", h.Build, "network", h.Network, "data", h.File, "version", h.Version, "url", url, "base_url", cfg.site.BaseURL, "ready_in", time.Since(start).Round(time.Millisecond))

	ctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	r := &reloader{builder: builder, server: srv, log: log, memory: memory}
	switch {
	case cfg.watch:
		// The folders are watched before the first answer: a save after
		// it is never missed.
		if err := st.Watch(ctx, r.update); err != nil {
			return err
		}
	case editing != nil:
		// What is published is served, though the disk is not watched.
		st.Follow(ctx, r.update)
	}
	go func() { done <- srv.Serve(ln) }()
	// The compression at the best levels stops with the server, and
	// ends before serve returns: no work outlives it.
	improved := make(chan struct{})
	go func() {
		defer close(improved)
		if cfg.best {
			srv.ImproveSwapped(ctx)
		}
	}()
	defer func() {
		stop()
		<-improved
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		log.Info("shutting down")
		return srv.Shutdown(shutdownTime)
	}
}

// openData opens the data, a file of at most maxSize bytes or an atlas's
// folder of such files, or the embedded network when path is empty, with
// check run on every city, to be served: any problem in any file is an
// error, as a bad data file stops the server before it listens.
func openData(path string, maxSize int64, check data.Check, log *slog.Logger) (*store.Store, store.Snapshot, error) {
	st, err := store.Open(path, store.Options{Mode: store.LastGood, MaxSize: maxSize, Checks: []data.Check{check}, Log: log})
	if err != nil {
		return nil, store.Snapshot{}, err
	}
	snap := st.Snapshot()
	return st, snap, snap.Err()
}

// buildSite renders the data into a site.
func buildSite(b *web.Builder, snap store.Snapshot) (*web.Site, error) {
	if snap.Atlas != nil {
		return b.BuildAtlas(snap.Atlas)
	}
	return b.Build(snap.Network)
}

// render makes the builder the options describe, which later reloads
// reuse, and renders the data with it.
func render(snap store.Snapshot, opts web.Options) (*web.Builder, *web.Site, error) {
	b, err := web.NewBuilder(opts)
	if err != nil {
		return nil, nil, err
	}
	site, err := buildSite(b, snap)
	return b, site, err
}

// health is what /healthz says of the data: the data file, or every
// network file of an atlas as served, and the problems of the files not
// taken as they are.
func health(snap store.Snapshot) web.Health {
	h := web.Health{Network: snap.Name(), File: snap.Path, Version: snap.Version, LoadedAt: snap.LoadedAt, Build: readBuild().String()}
	if snap.Atlas != nil {
		for _, f := range snap.Files {
			if f.Network != nil {
				h.Networks = append(h.Networks, web.NetworkHealth{Network: f.Network.Name, File: filepath.Base(f.Path), Version: f.Version})
			}
		}
	}
	if _, shown := snap.Problems(); len(shown) > 0 {
		h.LastError = &web.ReloadError{At: time.Now().UTC(), Count: len(shown), Problems: shown}
	}
	return h
}

// outlines are Natural Earth's countries, which the site draws its maps
// from and cities are checked against: decoded once, for both. They, and
// the gazetteer, are decoded once a process, as they never change; a
// test runs many commands in one.
var outlines = sync.OnceValues(func() ([]geo.Country, error) {
	topo, err := fs.ReadFile(static.FS(), static.Countries)
	if err != nil {
		return nil, fmt.Errorf("country outlines: %w (run make to copy third-party files)", err)
	}
	return geo.DecodeCountries(topo)
})

// openGazetteer opens the gazetteer built into the program (see outlines).
var openGazetteer = sync.OnceValues(geonames.Open)

func validate(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var maxSize int64
	if err := maxSizeFlag(fs, &maxSize, getenv); err != nil {
		fmt.Fprintln(stderr, "partnermap validate:", err)
		return exitError(2)
	}
	strict := fs.Bool("strict", false, "fail on warnings too")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: partnermap validate [flags] FILE|DIR...

Check network data files, or an atlas's folder: every *.toml directly in it
is a network, atlas.toml describes the atlas, and cities of one slug in
different files must be one place (one country, within 25 km); cities of
two slugs that look like one place (within 2 km in one country, or one
place in GeoNames) are a warning. Every
problem is printed as FILE:LINE:COL: message; the exit status is 1 if
there is any. A city more than 25 km outside its
country's outline is a problem. A warning is printed when GeoNames knows
places of the city's name (by any of their names, as import finds them)
in its country but all more than 30 km from its point; warnings do not
fail the check unless --strict is given.

Flags:
`)
		fs.PrintDefaults()
	}
	if askedForHelp(args) {
		fs.SetOutput(stdout)
		fs.Usage()
		return nil
	}
	if err := fs.Parse(args); err != nil {
		return exitError(2)
	}
	files := fs.Args()
	if len(files) == 0 {
		fs.Usage()
		return exitError(2)
	}
	checks, places, err := cityChecks()
	if err != nil {
		return err
	}
	failed := false
	for _, f := range files {
		summary, warnings, err := check(f, maxSize, checks, places.PlaceOf)
		if err != nil {
			printError(stderr, err)
			failed = true
			continue
		}
		for _, w := range warnings {
			fmt.Fprintln(stderr, w)
		}
		switch {
		case len(warnings) > 0 && *strict:
			fmt.Fprintf(stderr, "%s: %s, which --strict makes fail\n", f, plural(len(warnings), "warning"))
			failed = true
			continue
		case len(warnings) > 0:
			summary += fmt.Sprintf(" (%s)", plural(len(warnings), "warning"))
		}
		fmt.Fprintln(stdout, summary)
	}
	if failed {
		return exitError(1)
	}
	return nil
}

// check reads and checks a data file, or an atlas's folder with every
// rule that spans its files, and says what it holds. placeOf tells which
// cities of an atlas are one place (Atlas.DuplicatePlaces).
func check(path string, maxSize int64, checks []data.Check, placeOf data.PlaceOf) (summary string, warnings data.Problems, err error) {
	st, err := store.Open(path, store.Options{Mode: store.Strict, MaxSize: maxSize, Checks: checks})
	if err != nil {
		return "", nil, err
	}
	snap := st.Snapshot()
	if err := snap.Err(); err != nil {
		return "", nil, err
	}
	if a := snap.Atlas; a != nil {
		warnings := append(snap.Warnings(), a.DuplicatePlaces(placeOf)...)
		name := "an atlas without atlas.toml"
		if a.Info != nil {
			name = "atlas " + data.Printable(a.Info.Name)
		}
		shared := 0
		for _, p := range a.Places {
			if len(p.Visits) > 1 {
				shared++
			}
		}
		return fmt.Sprintf("%s: ok: %s, %d networks, %d places, %d of them in more than one network", path, name, len(a.Networks), len(a.Places), shared), warnings, nil
	}
	n := snap.Network
	return fmt.Sprintf("%s: ok: %s, %d cities, %d partners", path, data.Printable(n.Name), len(n.Cities), len(n.Partners)), snap.Warnings(), nil
}

// cityChecks are what validate and import check every city with: its
// country's outline, and the gazetteer, which import also finds places in.
func cityChecks() ([]data.Check, *gazetteer.Gazetteer, error) {
	countries, err := outlines()
	if err != nil {
		return nil, nil, err
	}
	places, err := openGazetteer()
	if err != nil {
		return nil, nil, err
	}
	return []data.Check{geo.NewBorders(countries).CheckCity, places.CheckCity}, places, nil
}

// plural writes a count of things: "1 warning", "2 warnings".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// checkMessages checks a folder of message files, such as the repository's
// data/messages/ with a language added, before they are built into the binary.
func checkMessages(args []string, stdout, stderr io.Writer) error {
	const help = "Usage: partnermap check-messages DIR\n\nCheck the interface's message files in DIR (data/messages/ in the source) against\nEnglish: every message, placeholder and plural form. Every problem is printed\nas FILE:LINE: message; the exit status is 1 if there is any.\n"
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help"):
		fmt.Fprint(stdout, help)
		return nil
	case len(args) != 1 || strings.HasPrefix(args[0], "-"):
		fmt.Fprint(stderr, help)
		return exitError(2)
	}
	dir := args[0]
	names, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil || len(names) == 0 {
		fmt.Fprintf(stderr, "partnermap check-messages: %s holds no message files (*.toml)\n", dir)
		return exitError(1)
	}
	// Only regular files are read, as data files are: a named pipe would
	// wait for a writer.
	for _, name := range names {
		if info, err := os.Stat(name); err == nil && !info.Mode().IsRegular() {
			printError(stderr, &data.NotRegularError{Path: name, Mode: info.Mode()})
			return exitError(1)
		}
	}
	problems := messages.Check(os.DirFS(dir))
	for _, p := range problems {
		p.File = filepath.Join(dir, p.File)
		fmt.Fprintln(stderr, p)
	}
	if len(problems) > 0 {
		return exitError(1)
	}
	fmt.Fprintf(stdout, "%s: ok: %d languages\n", dir, len(names))
	return nil
}

// printError prints why a data file cannot be used: every problem on a
// line of its own, or the error, path first, with control characters
// escaped. Errors joined, as of the files of a folder, are each printed.
func printError(w io.Writer, err error) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			printError(w, e)
		}
		return
	}
	var ps data.Problems
	var pathErr *fs.PathError
	switch {
	case errors.As(err, &ps):
		fmt.Fprintln(w, ps.Error()) // each problem is printable already
	case errors.As(err, &pathErr):
		fmt.Fprintln(w, data.Printable(pathErr.Path+": "+pathErr.Err.Error()))
	default:
		fmt.Fprintln(w, data.Printable(err.Error()))
	}
}
