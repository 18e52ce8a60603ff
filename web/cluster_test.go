package web

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnermap/components"
	"partnermap/data/datatest"
)

// assetsOf lists the scripts and stylesheets a page loads, in order, by
// file name without the fingerprint.
func assetsOf(doc *goquery.Document) (scripts, styles []string) {
	base := func(src string) string {
		name := src[strings.LastIndex(src, "/")+1:]
		parts := strings.Split(name, ".")
		return strings.Join(append(parts[:len(parts)-2:len(parts)-2], parts[len(parts)-1]), ".")
	}
	doc.Find("head script[src]").Each(func(_ int, s *goquery.Selection) { scripts = append(scripts, base(s.AttrOr("src", ""))) })
	doc.Find("head link[rel=stylesheet]").Each(func(_ int, s *goquery.Selection) { styles = append(styles, base(s.AttrOr("href", ""))) })
	return scripts, styles
}

func mapConfig(t *testing.T, doc *goquery.Document) components.MapConfig {
	t.Helper()
	var cfg components.MapConfig
	if err := json.Unmarshal([]byte(doc.Find("#map-config").Text()), &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Leaflet.markercluster is loaded by the pages of a network large enough
// to cluster, between Leaflet and the map script, and by no other.
func TestClusterAssetsOnlyForLargeNetworks(t *testing.T) {
	plain := []string{"leaflet.js", "map.js"}
	plainCSS := []string{"leaflet.css", "site.css"}
	clustered := []string{"leaflet.js", "leaflet.markercluster.js", "map.js"}
	clusteredCSS := []string{"leaflet.css", "MarkerCluster.css", "site.css"}
	en := in(t, "en")
	for _, tc := range []struct {
		name    string
		src     string
		cluster bool
	}{
		{"default network", "", false},
		{"as many cities as clusterFrom", string(datatest.Generate(clusterFrom, clusterFrom)), false},
		{"one city more", string(datatest.Generate(clusterFrom+1, clusterFrom+1)), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := testServer(t, tc.src)
			slug := "city-1"
			if tc.src == "" {
				slug = "palermo"
			}
			for _, path := range []string{"/", "/cities/" + slug + "/", "/embed/", "/embed/cities/" + slug + "/?details=0"} {
				r := get(t, s, path)
				if r.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d", path, r.StatusCode)
				}
				doc := document(t, r)
				scripts, styles := assetsOf(doc)
				wantScripts, wantStyles := plain, plainCSS
				if tc.cluster {
					wantScripts, wantStyles = clustered, clusteredCSS
				}
				if !slices.Equal(scripts, wantScripts) || !slices.Equal(styles, wantStyles) {
					t.Errorf("%s loads %v and %v, want %v and %v", path, scripts, styles, wantScripts, wantStyles)
				}
				cfg := mapConfig(t, doc)
				if cfg.Cluster != tc.cluster {
					t.Errorf("%s: map config cluster = %v, want %v", path, cfg.Cluster, tc.cluster)
				}
				// The cluster's words come with clusters, the search
				// field's with the field: the default network has neither.
				wantCluster, wantMatches := map[string]string(nil), map[string]string(nil)
				if tc.cluster {
					wantCluster = en.Forms("map.cluster")
				}
				if tc.src != "" {
					wantMatches = en.Forms("cities.matches")
				}
				if !maps.Equal(cfg.Labels.Cluster, wantCluster) || !maps.Equal(cfg.Labels.Matches, wantMatches) || len(cfg.Labels.Showing) == 0 {
					t.Errorf("%s: labels %+v, want the cluster's %v and the search field's %v", path, cfg.Labels, wantCluster, wantMatches)
				}
			}
			if tc.cluster {
				doc := document(t, get(t, s, "/"))
				for _, sel := range []string{"head script[src*='markercluster']", "head link[href*='MarkerCluster']"} {
					addr := doc.Find(sel).AttrOr("src", doc.Find(sel).AttrOr("href", ""))
					r := get(t, s, addr)
					if r.StatusCode != http.StatusOK || len(r.body) < 100 || r.Header.Get("Cache-Control") != cacheImmutable {
						t.Errorf("%s: %d, %d bytes, Cache-Control %q", addr, r.StatusCode, len(r.body), r.Header.Get("Cache-Control"))
					}
				}
			}
		})
	}
}
