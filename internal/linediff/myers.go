package linediff

import "slices"

// match pairs line a[i] with an equal line b[j] that the diff keeps.
type match struct{ i, j int }

// matches returns the kept line pairs of a shortest edit script from a to
// b (Myers' O(ND) greedy algorithm), in order. A common prefix and suffix
// are matched first, without search: a fix touches a few lines of a file,
// so the search runs on the short middle only.
func matches(a, b []string) []match {
	var out []match
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		out = append(out, match{pre, pre})
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	for _, m := range myers(a[pre:len(a)-suf], b[pre:len(b)-suf]) {
		out = append(out, match{m.i + pre, m.j + pre})
	}
	for k := suf; k > 0; k-- {
		out = append(out, match{len(a) - k, len(b) - k})
	}
	return out
}

// myers finds the kept pairs of a shortest edit script. Round d keeps,
// for each diagonal k = x-y in [-d, d], the furthest x reached with d
// edits; the rounds' frontiers are saved (2d+1 entries each, so memory is
// O(D²) for D edits) and walked back from the end to recover the path.
func myers(a, b []string) []match {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil
	}
	// frontier[d][k+d] is the furthest x on diagonal k after d edits.
	var frontier [][]int
	var prev []int
	at := func(v []int, d, k int) int { return v[k+d] }
	for d := 0; ; d++ {
		v := make([]int, 2*d+1)
		for k := -d; k <= d; k += 2 {
			var x int
			switch {
			case d == 0:
				x = 0
			case k == -d || (k != d && at(prev, d-1, k-1) < at(prev, d-1, k+1)):
				x = at(prev, d-1, k+1) // an insertion: down from diagonal k+1
			default:
				x = at(prev, d-1, k-1) + 1 // a deletion: right from diagonal k-1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[k+d] = x
			if x >= n && y >= m {
				frontier = append(frontier, v)
				return backtrack(a, b, frontier)
			}
		}
		frontier = append(frontier, v)
		prev = v
	}
}

// backtrack walks the saved frontiers from (n, m) back to (0, 0). Round
// d ended at (x, y) on diagonal k after a snake from the point its one edit
// reached; the snake's diagonal steps are kept lines, and the edit came
// from where round d-1 ended on diagonal k+1 (an insertion) or k-1 (a
// deletion), chosen the same way the forward pass chose it.
func backtrack(a, b []string, frontier [][]int) []match {
	var rev []match // kept pairs, last first
	x, y := len(a), len(b)
	for d := range slices.Backward(frontier) {
		k := x - y
		startX, fromX, fromK := 0, 0, 0
		if d > 0 {
			prev := frontier[d-1]
			at := func(k int) int { return prev[k+d-1] }
			if k == -d || (k != d && at(k-1) < at(k+1)) {
				fromK = k + 1
				fromX = at(fromK)
				startX = fromX
			} else {
				fromK = k - 1
				fromX = at(fromK)
				startX = fromX + 1
			}
		}
		for x > startX {
			x, y = x-1, y-1
			rev = append(rev, match{x, y})
		}
		x, y = fromX, fromX-fromK
	}
	slices.Reverse(rev)
	return rev
}
