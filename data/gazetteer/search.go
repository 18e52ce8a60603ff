package gazetteer

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
)

// exactBonus is how much more a place whose name is what was typed counts
// than one whose name only starts with it, as a factor of population in
// tens: a hundred times, so that "Bern" finds Bern before Berlin, while
// "Den" still finds Den Haag before a hamlet called Den.
const exactBonus = 2

// otherPenalty is how much less a place counts when what was typed only
// starts another of its names, not its own: GeoNames lists many names
// for a large city, in many languages, and typing "M" should find Moscow
// before Istanbul by its Old Norse name.
const otherPenalty = 1

// MaxSearch is the most places Search returns.
const MaxSearch = 20

// Search finds the places of every country that have a name starting with
// what a person typed (see Key), letter by letter as they type it, for a
// list to choose from: "Münc" finds Munich by its name München, "Torino"
// Turin, "Мюнхен" Munich. Up to n places come back (at most MaxSearch),
// the likeliest first: those known by exactly what was typed before those
// whose name goes on, and those whose own name goes on before those whose
// other names do, each counted by its population. A place comes once,
// under the name that matched best, its own first.
//
// Search reads the same indexes as Find, the names of each country sorted
// by key, which it makes for every country the first time (see Warm).
func (g *Gazetteer) Search(text string, n int) []Found {
	key := Key(text)
	n = min(n, MaxSearch)
	if key == "" || n <= 0 {
		return nil
	}
	type candidate struct {
		name  int32 // in g.names
		exact bool
		score float64
	}
	var best []candidate // the n best, best first
	worst := math.Inf(-1)
	seen := map[int32]int{} // place -> index in best
	for _, code := range g.codes {
		ix := g.index(g.countries[code])
		for i := sort.SearchStrings(ix.keys, key); i < len(ix.keys) && strings.HasPrefix(ix.keys[i], key); i++ {
			ni := ix.names[i]
			nm := g.names[ni]
			exact := len(ix.keys[i]) == len(key)
			score := math.Log10(float64(g.places[nm.place].population) + 10)
			switch {
			case exact:
				score += exactBonus
			case ni != g.places[nm.place].name:
				score -= otherPenalty
			}
			if len(best) == n && score <= worst {
				continue
			}
			c := candidate{ni, exact, score}
			if at, ok := seen[nm.place]; ok {
				// The same place by another of its names: the better
				// match, and between two alike, its own name.
				if was := best[at]; score > was.score || score == was.score && ni == g.places[nm.place].name {
					best = slices.Delete(best, at, at+1)
				} else {
					continue
				}
			}
			at, _ := slices.BinarySearchFunc(best, score, func(c candidate, s float64) int { return cmp.Compare(s, c.score) })
			best = slices.Insert(best, at, c)
			if len(best) > n {
				best = best[:n]
			}
			clear(seen)
			for j, c := range best {
				seen[g.names[c.name].place] = j
			}
			if len(best) == n {
				worst = best[n-1].score
			}
		}
	}
	found := make([]Found, len(best))
	for i, c := range best {
		found[i] = g.found(g.names[c.name])
	}
	return found
}

// Warm makes the index of every country, so that the first Search does
// not wait for them: a server that suggests places calls it when it
// starts.
func (g *Gazetteer) Warm() {
	for _, code := range g.codes {
		g.index(g.countries[code])
	}
}

// ID is the place's number in its gazetteer, by which Place finds it
// again: a form that lists places sends back the one chosen by it. It
// holds for the gazetteer it came from, not across versions of the table.
func (f Found) ID() int { return int(f.id) }

// Place returns the place of an ID that Found.ID gave, by its own name;
// false when the gazetteer has no such place.
func (g *Gazetteer) Place(id int) (Found, bool) {
	if id < 0 || id >= len(g.places) {
		return Found{}, false
	}
	return g.found(g.names[g.places[id].name]), true
}
