// Package diff writes the difference between two versions of a text as a
// unified diff, as diff -u and gofmt -d print it: what partnermap fmt -d
// shows, and what the writer's tests keep as golden files.
//
// Lines that occur once in each version anchor the comparison, in the
// longest run that keeps their order; between anchors the lines are
// compared exactly when the part is small, so the cost stays near linear
// for the long files a network may have.
package diff

import (
	"bytes"
	"fmt"
	"slices"
)

// context is how many unchanged lines a hunk shows around a change.
const context = 3

// Unified returns the difference from old to new as a unified diff whose
// headers name them oldName and newName; nil when they are the same.
func Unified(oldName, newName string, old, new []byte) []byte {
	if bytes.Equal(old, new) {
		return nil
	}
	a, b := lines(old), lines(new)
	ops := compare(a, b)
	var out bytes.Buffer
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for start := 0; start < len(ops); {
		// Find the next change, and the end of the hunk around it.
		first := start
		for first < len(ops) && ops[first].kind == ' ' {
			first++
		}
		if first == len(ops) {
			break
		}
		from := max(first-context, start)
		end := first
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, run)
				break
			}
			end = run
		}
		hunk := ops[from:end]
		aStart, bStart := ops[from].a, ops[from].b
		aLen, bLen := 0, 0
		for _, o := range hunk {
			if o.kind != '+' {
				aLen++
			}
			if o.kind != '-' {
				bLen++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", span(aStart, aLen), span(bStart, bLen))
		for _, o := range hunk {
			line := o.line
			out.WriteByte(o.kind)
			out.Write(line)
			if !bytes.HasSuffix(line, []byte("\n")) {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		start = end
	}
	return out.Bytes()
}

// span writes a hunk's range as unified diffs do: its first line,
// 1-based, and its length unless 1; an empty range names the line
// before it.
func span(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// lines splits text after each line break.
func lines(text []byte) [][]byte {
	var out [][]byte
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			i = len(text) - 1
		}
		out = append(out, text[:i+1])
		text = text[i+1:]
	}
	return out
}

// op is a line of the diff: kept (' '), removed ('-') or added ('+'),
// with its index in old (a) and new (b), or where it would be.
type op struct {
	kind byte
	a, b int
	line []byte
}

// compare lists the lines of a and b as kept, removed and added.
func compare(a, b [][]byte) []op {
	var ops []op
	var walk func(a0, a1, b0, b1 int)
	keep := func(i, j int) { ops = append(ops, op{' ', i, j, a[i]}) }
	walk = func(a0, a1, b0, b1 int) {
		// The lines alike at the start and at the end.
		for a0 < a1 && b0 < b1 && bytes.Equal(a[a0], b[b0]) {
			keep(a0, b0)
			a0++
			b0++
		}
		var tail []op
		for a0 < a1 && b0 < b1 && bytes.Equal(a[a1-1], b[b1-1]) {
			a1--
			b1--
			tail = append(tail, op{' ', a1, b1, a[a1]})
		}
		defer func() {
			slices.Reverse(tail)
			ops = append(ops, tail...)
		}()
		if a0 == a1 || b0 == b1 {
			for i := a0; i < a1; i++ {
				ops = append(ops, op{'-', i, b0, a[i]})
			}
			for j := b0; j < b1; j++ {
				ops = append(ops, op{'+', a1, j, b[j]})
			}
			return
		}
		if anchors := unique(a, b, a0, a1, b0, b1); len(anchors) > 0 {
			for _, an := range anchors {
				walk(a0, an[0], b0, an[1])
				keep(an[0], an[1])
				a0, b0 = an[0]+1, an[1]+1
			}
			walk(a0, a1, b0, b1)
			return
		}
		exact(a, b, a0, a1, b0, b1, &ops)
	}
	walk(0, len(a), 0, len(b))
	return ops
}

// unique finds the lines that occur once in a[a0:a1] and once in
// b[b0:b1], and keeps the longest run of them in the same order in both.
func unique(a, b [][]byte, a0, a1, b0, b1 int) [][2]int {
	type seen struct{ na, nb, ia, ib int }
	count := map[string]*seen{}
	for i := a0; i < a1; i++ {
		s := count[string(a[i])]
		if s == nil {
			s = &seen{}
			count[string(a[i])] = s
		}
		s.na++
		s.ia = i
	}
	for j := b0; j < b1; j++ {
		if s := count[string(b[j])]; s != nil {
			s.nb++
			s.ib = j
		}
	}
	var pairs [][2]int
	for i := a0; i < a1; i++ {
		if s := count[string(a[i])]; s.na == 1 && s.nb == 1 {
			pairs = append(pairs, [2]int{s.ia, s.ib})
		}
	}
	// The longest increasing run of b's indices, by patience sorting.
	var piles []int // index into pairs of the top of each pile
	prev := make([]int, len(pairs))
	for k, p := range pairs {
		n, _ := slices.BinarySearchFunc(piles, p[1], func(top, target int) int { return pairs[top][1] - target })
		if n > 0 {
			prev[k] = piles[n-1]
		} else {
			prev[k] = -1
		}
		if n == len(piles) {
			piles = append(piles, k)
		} else {
			piles[n] = k
		}
	}
	if len(piles) == 0 {
		return nil
	}
	run := make([][2]int, len(piles))
	for k, n := piles[len(piles)-1], len(piles)-1; k >= 0; k, n = prev[k], n-1 {
		run[n] = pairs[k]
	}
	return run
}

// exact compares a part with no unique lines by the longest common
// subsequence when it is small, and as removed then added otherwise.
func exact(a, b [][]byte, a0, a1, b0, b1 int, ops *[]op) {
	n, m := a1-a0, b1-b0
	if n*m > 1<<22 {
		for i := a0; i < a1; i++ {
			*ops = append(*ops, op{'-', i, b0, a[i]})
		}
		for j := b0; j < b1; j++ {
			*ops = append(*ops, op{'+', a1, j, b[j]})
		}
		return
	}
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if bytes.Equal(a[a0+i], b[b0+j]) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && bytes.Equal(a[a0+i], b[b0+j]):
			*ops = append(*ops, op{' ', a0 + i, b0 + j, a[a0+i]})
			i++
			j++
		case j == m || i < n && lcs[i+1][j] >= lcs[i][j+1]:
			*ops = append(*ops, op{'-', a0 + i, b0 + j, a[a0+i]})
			i++
		default:
			*ops = append(*ops, op{'+', a0 + i, b0 + j, b[b0+j]})
			j++
		}
	}
}
