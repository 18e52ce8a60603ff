package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"partnermap/components"
)

// ExportMarker is the file every export holds. A folder with it is an
// earlier export, which a new one replaces whole; any other folder that is
// not empty is refused, so that an export never deletes someone's files.
const ExportMarker = ".partnermap-export"

// HeadersFile is the export's headers for Netlify and Cloudflare Pages.
const HeadersFile = "_headers"

// ExportOptions say how to export a site.
type ExportOptions struct {
	// Version goes into the marker.
	Version string
	// Precompress writes .br and .gz twins beside each response the server
	// has those codings of, for a host configured to send them (nginx with
	// brotli_static and gzip_static, web/export/nginx.conf). GitHub Pages,
	// Netlify, Cloudflare Pages and python3 -m http.server never use
	// them, and they are two files in three.
	Precompress bool
}

// ExportSummary is what an export wrote.
type ExportSummary struct {
	Dir   string // absolute
	Files int
	Bytes int64
}

// The limits of common static hosts that an export is held to: Cloudflare
// Pages takes at most 20,000 files per deployment, and GitHub Pages asks
// that a site stay under 1 GB.
const (
	CloudflarePagesFiles = 20000
	GitHubPagesBytes     = 1_000_000_000
)

// Warnings say which hosts' limits the export passes, and what to do.
func (s ExportSummary) Warnings() []string {
	var w []string
	if s.Files > CloudflarePagesFiles {
		w = append(w, fmt.Sprintf("%s files, more than the %s that Cloudflare Pages takes in one deployment: publish it elsewhere (GitHub Pages, Netlify, nginx), or with fewer networks or languages", thousands(int64(s.Files)), thousands(CloudflarePagesFiles)))
	}
	if s.Bytes > GitHubPagesBytes {
		w = append(w, fmt.Sprintf("%s bytes, more than the 1 GB that GitHub Pages allows a site: publish it elsewhere (Netlify, nginx), or with fewer networks or languages", thousands(s.Bytes)))
	}
	return w
}

// thousands writes a count with commas between thousands: 20,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ExportName is the file static hosts serve for an address of the site,
// and false for an address no file can stand for: an embed with options,
// chosen by its query. A page's address is a folder, whose index.html
// every static host serves: /cities/palermo/ -> cities/palermo/index.html,
// / -> index.html. Addresses that end in an extension are files already.
func ExportName(p string) (string, bool) {
	switch {
	case strings.Contains(p, "?"):
		return "", false
	case strings.HasSuffix(p, "/"):
		return strings.TrimPrefix(p, "/") + "index.html", true
	case path.Ext(p) != "":
		return strings.TrimPrefix(p, "/"), true
	}
	return "", false
}

// notFoundFile is the 404 page, where GitHub Pages, Netlify and nginx's
// error_page look for it.
const notFoundFile = "404.html"

// exportEntry is one address of the site, the file it becomes and the
// headers it is sent with. The response itself is not kept: a large
// network's would not fit in memory at once.
type exportEntry struct {
	path, file string
	headers    [][2]string
}

// Export writes the rendered site into dir: for every address the bytes
// the server sends (with .br and .gz twins where the server has those
// codings, if opts.Precompress), the 404 page, _headers and the marker.
// It writes a folder beside dir and renames it over dir, so a failure, or
// ctx ending, leaves dir as it was.
func (s *Site) Export(ctx context.Context, dir string, opts ExportOptions) (ExportSummary, error) {
	return s.export(ctx, dir, opts, os.WriteFile)
}

// writeFunc writes one file of an export: os.WriteFile, or in tests a
// disk that fills half-way.
type writeFunc func(name string, body []byte, perm fs.FileMode) error

// export is Export writing each file with writeFile.
func (s *Site) export(ctx context.Context, dir string, opts ExportOptions, writeFile writeFunc) (ExportSummary, error) {
	dir, err := ExportDir(dir)
	if err != nil {
		return ExportSummary{}, err
	}
	replace, err := CheckExportTarget(dir)
	if err != nil {
		return ExportSummary{}, err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return ExportSummary{}, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".export-")
	if err != nil {
		return ExportSummary{}, err
	}
	summary, err := s.writeExport(ctx, tmp, opts, writeFile)
	if err == nil {
		err = swapIn(tmp, dir, replace)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return ExportSummary{}, err
	}
	summary.Dir = dir
	return summary, nil
}

// ExportDir is the folder an export into dir writes, as an absolute path.
// A symbolic link is followed: the export replaces the folder it points
// to and the link stays, as deployments that switch a link between
// releases expect. A link that points nowhere is refused, since nothing
// says whether the folder it names should be made.
func ExportDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	info, err := os.Lstat(abs)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return abs, nil // a folder, a file or nothing yet: CheckExportTarget says which may be exported into
	}
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		to, _ := os.Readlink(abs)
		return "", fmt.Errorf("%s is a link to %s, which does not exist: make that folder first, or export into another folder", dir, to)
	}
	return target, nil
}

// CheckExportTarget allows a folder that does not exist, an empty one, or
// an earlier export, which it reports to be replaced. Export checks it;
// callers may check first, before the site is built.
func CheckExportTarget(dir string) (replace bool, err error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case !info.IsDir():
		return false, fmt.Errorf("%s is a file, not a folder: choose a folder to export into", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	if len(entries) == 0 {
		return true, nil
	}
	if _, err := os.Stat(filepath.Join(dir, ExportMarker)); err != nil {
		return false, fmt.Errorf("%s is not empty and holds no earlier export (no %s in it): choose an empty or new folder, as an export replaces the folder whole", dir, ExportMarker)
	}
	return true, nil
}

// swapIn puts the written folder in dir's place: the old folder is
// renamed aside, the new one renamed in, and only then the old one
// removed.
func swapIn(tmp, dir string, replace bool) error {
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if !replace {
		return os.Rename(tmp, dir)
	}
	// The old one goes into a folder of its own, as a rename does not
	// replace a folder.
	aside, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".old-")
	if err != nil {
		return err
	}
	old := filepath.Join(aside, filepath.Base(dir))
	if err := os.Rename(dir, old); err != nil {
		os.Remove(aside)
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if back := os.Rename(old, dir); back != nil {
			return fmt.Errorf("%w; the earlier export is at %s", err, old)
		}
		os.Remove(aside)
		return err
	}
	return os.RemoveAll(aside)
}

// writeExport writes every file of the export into dir with writeFile,
// rendering on every core what is not rendered yet.
func (s *Site) writeExport(ctx context.Context, dir string, opts ExportOptions, writeFile writeFunc) (ExportSummary, error) {
	var entries []exportEntry
	for _, p := range s.exportPaths() {
		if file, ok := ExportName(p); ok {
			entries = append(entries, exportEntry{path: p, file: file})
		}
	}
	slices.SortFunc(entries, func(a, b exportEntry) int { return strings.Compare(a.file, b.file) })
	for i := 1; i < len(entries); i++ {
		if a, b := entries[i-1], entries[i]; a.file == b.file || a.file == notFoundFile {
			return ExportSummary{}, fmt.Errorf("%s and %s would both be %s", a.path, b.path, b.file)
		}
	}
	var (
		files    atomic.Int64
		bytes    atomic.Int64
		firstErr error
		errOnce  sync.Once
		failed   atomic.Bool
	)
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err; failed.Store(true) })
	}
	write := func(name string, body []byte) {
		if failed.Load() {
			return
		}
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			fail(err)
			return
		}
		if err := writeFile(full, body, 0o644); err != nil {
			fail(err)
			return
		}
		files.Add(1)
		bytes.Add(int64(len(body)))
	}
	writeResource := func(name string, r *Resource) {
		write(name, r.identity.body)
		if !opts.Precompress {
			return
		}
		if r.brotli != nil {
			write(name+".br", r.brotli.body)
		}
		if r.gzip != nil {
			write(name+".gz", r.gzip.body)
		}
	}
	// An atlas's networks are written one after another, each whole in
	// every language, so that each network's site is built once (an
	// atlas keeps a few dozen built).
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return strings.Compare(networkOf(entries[i].path), networkOf(entries[j].path)) })
	work := make(chan int)
	var wg sync.WaitGroup
	for range workers() {
		wg.Go(func() {
			for i := range work {
				e := &entries[i]
				r, err := s.exportResource(e.path, opts.Precompress)
				if err != nil {
					fail(fmt.Errorf("%s: %w", e.path, err))
					continue
				}
				e.headers = s.Headers(r)
				writeResource(e.file, r)
			}
		})
	}
	for _, i := range order {
		if failed.Load() {
			break
		}
		if err := ctx.Err(); err != nil {
			fail(err)
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return ExportSummary{}, firstErr
	}
	writeResource(notFoundFile, s.notFound[""])
	write(HeadersFile, s.headersFile(entries))
	write(ExportMarker, []byte("partnermap export\nversion "+opts.Version+"\n"))
	if firstErr != nil {
		return ExportSummary{}, firstErr
	}
	return ExportSummary{Files: int(files.Load()), Bytes: bytes.Load()}, nil
}

// exportResource is the response for a path, at the best levels when the
// export is precompressed, and not compressed at all when not. Responses
// the site has not kept are rendered for the export alone, so that a large
// network's export does not churn the site's cache.
func (s *Site) exportResource(p string, precompress bool) (*Resource, error) {
	if r, ok := s.routes[p]; ok {
		return s.exported(r, precompress), nil
	}
	if network := s.partOf(p, ""); network != nil {
		part, err := s.networks.built(network, nil)
		if err != nil {
			return nil, err
		}
		return part.exportResource(p, precompress)
	}
	l, lang := s.lazy[p], ""
	if l == nil {
		l, lang = s.find(p, "")
	}
	if l == nil {
		return nil, errors.New("not an address of the site")
	}
	// The basemap's tiles are kept for every site, at the best levels too.
	if isTile(p) {
		return s.assets.tiles.exported(p, precompress)
	}
	if r := l.done.Load(); r != nil && lang == "" {
		return s.exported(r, precompress), nil
	}
	r, err := l.render(lang)
	if err != nil || !precompress {
		return r, err
	}
	return s.compressor.compress(r, best), nil
}

// exported is a response the site holds as the export writes it: at the
// best levels for the twins of a precompressed export, and as it is when
// only its plain body is written.
func (s *Site) exported(r *Resource, precompress bool) *Resource {
	if !precompress {
		return r
	}
	return s.atBest(r)
}

// atBest is a response the site holds, at the best levels: an atlas's
// networks' sites, and pages rendered on demand, hold theirs compressed
// quickly.
func (s *Site) atBest(r *Resource) *Resource {
	if r.level == best || !compressible(r.ContentType) {
		return r
	}
	return s.best.compress(r)
}

// networkOf is the slug of the network an address of an atlas is in, ""
// for the atlas's own.
func networkOf(p string) string {
	_, rest := components.SplitLanguage(p)
	rest, ok := strings.CutPrefix(rest, "/networks/")
	if !ok {
		return ""
	}
	slug, _, _ := strings.Cut(rest, "/")
	return slug
}

// Headers are the headers the server sends with a response beside its
// body, content type and ETag: the site's security headers, the response's
// own in place of those of the same name, and its Cache-Control.
func (s *Site) Headers(r *Resource) [][2]string {
	h := slices.Clone(s.headers)
	for _, own := range r.headers {
		i := slices.IndexFunc(h, func(e [2]string) bool { return strings.EqualFold(e[0], own[0]) })
		if i >= 0 {
			h[i] = own
		} else {
			h = append(h, own)
		}
	}
	return append(h, [2]string{"Cache-Control", r.CacheControl})
}

// headersFile is _headers for Netlify and Cloudflare Pages: the headers
// every response shares under /*, and the others on the fewest rules that
// give each address what the server sends. Both hosts join the values of
// a header that several matching rules set, so no two rules that can
// match one address set the same header: a folder's rule (/cities/*) is
// written only when every address under it agrees, and its addresses get
// none of their own. Pages are named by their address: both hosts send
// /cities/palermo.html to /cities/palermo, and Cloudflare Pages takes 100
// rules at most.
func (s *Site) headersFile(entries []exportEntry) []byte {
	type address struct {
		path    string
		headers map[string]string
	}
	var addresses []address
	var names []string
	add := func(p string, headers [][2]string) {
		h := map[string]string{}
		for _, kv := range headers {
			if !slices.Contains(names, kv[0]) {
				names = append(names, kv[0])
			}
			h[kv[0]] = kv[1]
		}
		addresses = append(addresses, address{p, h})
	}
	for _, e := range entries {
		add(e.path, e.headers)
	}
	add("/"+notFoundFile, s.Headers(s.notFound[""]))
	slices.SortFunc(addresses, func(a, b address) int { return strings.Compare(a.path, b.path) })

	rules := map[string][][2]string{}
	// uniform reports the value every address in a set has for a header.
	uniform := func(set []address, name string) (string, bool) {
		for _, a := range set[1:] {
			if a.headers[name] != set[0].headers[name] {
				return "", false
			}
		}
		return set[0].headers[name], true
	}
	set := func(pattern, name, value string) {
		if value != "" {
			rules[pattern] = append(rules[pattern], [2]string{name, value})
		}
	}
	// split emits a header's rules for the addresses under a folder
	// (prefix ends in /), which do not agree on it.
	var split func(prefix string, set []address, name string)
	split = func(prefix string, under []address, name string) {
		folders := map[string][]address{}
		var order []string
		for _, a := range under {
			rest := strings.TrimPrefix(a.path, prefix)
			folder, _, nested := strings.Cut(rest, "/")
			if !nested {
				set(a.path, name, a.headers[name])
				continue
			}
			if _, seen := folders[folder]; !seen {
				order = append(order, folder)
			}
			folders[folder] = append(folders[folder], a)
		}
		for _, f := range order {
			sub := prefix + f + "/"
			if v, ok := uniform(folders[f], name); ok {
				set(sub+"*", name, v)
			} else {
				split(sub, folders[f], name)
			}
		}
	}
	for _, name := range names {
		if v, ok := uniform(addresses, name); ok {
			set("/*", name, v)
		} else {
			split("/", addresses, name)
		}
	}
	patterns := slices.SortedFunc(maps.Keys(rules), byPattern)
	var b strings.Builder
	b.WriteString("# The headers partnermap sends, for Netlify and Cloudflare Pages.\n")
	for _, p := range patterns {
		// Under the path the site is served under, where its addresses are.
		b.WriteString(s.Root() + p + "\n")
		for _, h := range rules[p] {
			b.WriteString("  " + h[0] + ": " + h[1] + "\n")
		}
	}
	return []byte(b.String())
}

// byPattern orders the rules of _headers by the addresses they are for,
// a folder's rule before the rule of the folder's own page: /* first, for
// those who read the file, and the same order in every export.
func byPattern(a, b string) int {
	return cmp.Or(strings.Compare(strings.TrimSuffix(a, "*"), strings.TrimSuffix(b, "*")), -strings.Compare(a, b))
}
