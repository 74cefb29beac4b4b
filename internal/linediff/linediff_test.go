package linediff

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// lines builds a file of the given lines, each ending in "\n".
func lines(ls ...string) []byte {
	if len(ls) == 0 {
		return nil
	}
	return []byte(strings.Join(ls, "\n") + "\n")
}

func TestChanged(t *testing.T) {
	base := lines("a", "b", "c", "d", "e")
	tests := []struct {
		name     string
		old, new []byte
		want     []int
	}{
		{"equal", base, base, nil},
		{"both empty", nil, nil, nil},
		{"old empty", nil, lines("a"), nil},
		{"new empty", base, nil, []int{1, 2, 3, 4, 5}},
		{"replace one", base, lines("a", "b", "X", "d", "e"), []int{3}},
		{"delete one", base, lines("a", "b", "d", "e"), []int{3}},
		{"replace two with three", base, lines("a", "X", "Y", "Z", "d", "e"), []int{2, 3}},
		{"insert between 3 and 4", base, lines("a", "b", "c", "new", "d", "e"), []int{3, 4}},
		{"insert at start", base, lines("new", "a", "b", "c", "d", "e"), []int{1}},
		{"insert at end", base, lines("a", "b", "c", "d", "e", "new"), []int{5}},
		{"two hunks", base, lines("X", "b", "c", "d", "e", "f"), []int{1, 5}},
		{"adjacent insertions merge", lines("a", "b", "c"), lines("a", "x", "b", "y", "c"), []int{1, 2, 3}},
		{"no final newline is not a change", base, []byte("a\nb\nc\nd\ne"), nil},
		{"CRLF is not a change", base, []byte("a\r\nb\r\nc\r\nd\r\ne\r\n"), nil},
		{"final line changed without newline", []byte("a\nb"), []byte("a\nc"), []int{2}},
		{"blank lines count", lines("a", "", "b"), lines("a", "b"), []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Changed(tt.old, tt.new); !slices.Equal(got, tt.want) {
				t.Errorf("Changed = %v, want %v", got, tt.want)
			}
		})
	}
}

// The case drill verify proves most: a defer added after a query, a
// repeated closing brace nearby, and the site on the query.
func TestChangedInsertionAfterQuery(t *testing.T) {
	old := lines("func f() {", "\trows, err := q()", "\tif err != nil {", "\t\treturn err", "\t}", "\tfor rows.Next() {", "\t}", "}")
	new := lines("func f() {", "\trows, err := q()", "\tif err != nil {", "\t\treturn err", "\t}", "\tdefer rows.Close()", "\tfor rows.Next() {", "\t}", "}")
	if got, want := Changed(old, new), []int{5, 6}; !slices.Equal(got, want) {
		t.Fatalf("Changed = %v, want %v", got, want)
	}
}

func TestMapToOld(t *testing.T) {
	base := lines("a", "b", "c", "d", "e")
	type want struct {
		line  int
		exact bool
	}
	tests := []struct {
		name     string
		old, new []byte
		want     []want // for new's lines 1..n in order
	}{
		{"equal", base, base, []want{{1, true}, {2, true}, {3, true}, {4, true}, {5, true}}},
		{"insert in the middle", base, lines("a", "b", "new", "c", "d", "e"),
			[]want{{1, true}, {2, true}, {2, false}, {3, true}, {4, true}, {5, true}}},
		{"insert at start", base, lines("new", "a", "b", "c", "d", "e"),
			[]want{{1, false}, {1, true}, {2, true}, {3, true}, {4, true}, {5, true}}},
		{"insert at end", base, lines("a", "b", "c", "d", "e", "x", "y"),
			[]want{{1, true}, {2, true}, {3, true}, {4, true}, {5, true}, {5, false}, {5, false}}},
		{"delete", base, lines("a", "d", "e"), []want{{1, true}, {4, true}, {5, true}}},
		{"replace longer", base, lines("a", "X", "Y", "Z", "W", "e"),
			[]want{{1, true}, {2, false}, {3, false}, {4, false}, {4, false}, {5, true}}},
		{"old empty", nil, lines("a", "b"), []want{{0, false}, {0, false}}},
		{"new without final newline", base, []byte("a\nb\nc\nd\ne"), []want{{1, true}, {2, true}, {3, true}, {4, true}, {5, true}}},
		{"CRLF edited", base, []byte("a\r\nb\r\nnew\r\nc\r\nd\r\ne\r\n"),
			[]want{{1, true}, {2, true}, {2, false}, {3, true}, {4, true}, {5, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, w := range tt.want {
				line, exact := MapToOld(tt.old, tt.new, i+1)
				if line != w.line || exact != w.exact {
					t.Errorf("MapToOld(new line %d) = %d, %v; want %d, %v", i+1, line, exact, w.line, w.exact)
				}
			}
		})
	}
}

func TestMapToOldOutOfRange(t *testing.T) {
	base := lines("a", "b")
	for _, n := range []int{-1, 0, 3} {
		if line, exact := MapToOld(base, base, n); line != 0 || exact {
			t.Errorf("MapToOld(%d) = %d, %v; want 0, false", n, line, exact)
		}
	}
}

// On random small files over a tiny alphabet (many repeated lines, like
// braces and blank lines in Go), the kept pairs are a common subsequence,
// strictly increasing, and as long as the longest one: the script is
// minimal, so Changed never reports a line a shorter diff would keep.
func TestMatchesAreALongestCommonSubsequence(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 2000 {
		a, b := randomLines(r), randomLines(r)
		ms := matches(a, b)
		for n, m := range ms {
			if a[m.i] != b[m.j] {
				t.Fatalf("case %d: %v / %v: pair %v matches unequal lines", iter, a, b, m)
			}
			if n > 0 && (m.i <= ms[n-1].i || m.j <= ms[n-1].j) {
				t.Fatalf("case %d: %v / %v: pairs %v not increasing", iter, a, b, ms)
			}
		}
		if want := lcsLen(a, b); len(ms) != want {
			t.Fatalf("case %d: %v / %v: %d kept lines, longest common subsequence has %d", iter, a, b, len(ms), want)
		}
		// MapToOld agrees with the pairs for every kept line.
		oldText, newText := lines(a...), lines(b...)
		for _, m := range ms {
			if line, exact := MapToOld(oldText, newText, m.j+1); line != m.i+1 || !exact {
				t.Fatalf("case %d: %v / %v: MapToOld(%d) = %d, %v; want %d, true", iter, a, b, m.j+1, line, exact, m.i+1)
			}
		}
	}
}

func randomLines(r *rand.Rand) []string {
	out := make([]string, r.IntN(12))
	for i := range out {
		out[i] = fmt.Sprint(r.IntN(4))
	}
	return out
}

// lcsLen is the textbook dynamic program, the reference myers must meet.
func lcsLen(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := range slices.Backward(a) {
		for j := range slices.Backward(b) {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}
