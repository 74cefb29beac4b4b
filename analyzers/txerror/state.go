package txerror

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// state is what the walker knows on one path: the SSA values that hold
// the failed statement's error, and the local variables it was stored in.
type state struct {
	vals     map[ssa.Value]bool
	held     map[ssa.Value]bool
	sawLog   bool
	sawCheck bool
}

func newState() *state {
	return &state{vals: map[ssa.Value]bool{}, held: map[ssa.Value]bool{}}
}

func (s *state) clone() *state {
	n := &state{vals: make(map[ssa.Value]bool, len(s.vals)), held: make(map[ssa.Value]bool, len(s.held)), sawLog: s.sawLog, sawCheck: s.sawCheck}
	for v := range s.vals {
		n.vals[v] = true
	}
	for v := range s.held {
		n.held[v] = true
	}
	return n
}

func (s *state) key(b *ssa.BasicBlock) string {
	var parts []string
	for v := range s.vals {
		parts = append(parts, fmt.Sprintf("v%p", v))
	}
	for v := range s.held {
		parts = append(parts, fmt.Sprintf("h%p", v))
	}
	sort.Strings(parts)
	return fmt.Sprintf("%d|%s", b.Index, strings.Join(parts, ","))
}
