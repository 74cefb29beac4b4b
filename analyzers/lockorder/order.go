package lockorder

import (
	"fmt"
	"go/token"
	"sort"
)

// Lock-order inversion: one place takes mutex X then Y while holding X,
// another takes Y then X while holding Y. Two goroutines running one each
// can each hold the mutex the other waits for.

// reportInversions reports both acquisition sites of each pair of mutex
// classes that the package nests in both orders.
func (c *checker) reportInversions(edges []edge) {
	type pair struct{ from, to string }
	byPair := map[pair][]edge{}
	var order []pair
	for _, e := range edges {
		if e.via != nil && lockedByConvention(e.via.Name()) {
			continue
		}
		k := pair{e.from.p.class, e.to.p.class}
		if byPair[k] == nil {
			order = append(order, k)
		}
		byPair[k] = append(byPair[k], e)
	}
	sort.SliceStable(order, func(i, j int) bool { return byPair[order[i]][0].to.pos < byPair[order[j]][0].to.pos })
	reported := map[token.Pos]bool{}
	for _, k := range order {
		if k.from > k.to {
			continue // each unordered pair once, from its lesser class
		}
		back := byPair[pair{k.to, k.from}]
		if back == nil {
			continue
		}
		e1, e2, ok := conflicting(byPair[k], back)
		if !ok {
			continue
		}
		for _, r := range [][2]edge{{e1, e2}, {e2, e1}} {
			if !reported[r[0].to.pos] {
				reported[r[0].to.pos] = true
				c.reportInversion(r[0], r[1])
			}
		}
	}
}

// conflicting picks one edge of each direction that really deadlock
// together: on each of the two mutexes, the hold of one side and the
// acquisition of the other are not both read locks (readers do not wait
// for readers).
func conflicting(xy, yx []edge) (edge, edge, bool) {
	for _, a := range xy {
		for _, b := range yx {
			onY := !b.from.shared || !a.to.shared
			onX := !a.from.shared || !b.to.shared
			if onX && onY {
				return a, b, true
			}
		}
	}
	return edge{}, edge{}, false
}

// reportInversion reports e's acquisition, naming other, the opposite
// order.
func (c *checker) reportInversion(e, other edge) {
	what := fmt.Sprintf("%s.%s()", e.to.p, lockName(e.to.shared))
	if e.via != nil {
		what = fmt.Sprintf("%s() locks %s", e.via.Name(), e.to.p)
	}
	c.pass.Reportf(e.to.pos, "lock-order inversion: %s while holding %s (%s at %s), but %s at %s locks %s while holding %s: two goroutines running both deadlock (take them in one order everywhere)",
		what, e.from.p, lockName(e.from.shared), c.where(e.from.pos, e.to.pos),
		other.fn.Name(), c.where(other.to.pos, e.to.pos), other.to.p, other.from.p)
}
