package vetdriver

import (
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// A plain standalone run is served by RunText, -sarif by RunSARIF, and
// everything of go vet's protocol or multichecker's other modes by
// multichecker.
func TestModeOf(t *testing.T) {
	all := []*analysis.Analyzer{{Name: "sqlleak"}, {Name: "txerror"}}
	for _, tc := range []struct {
		args []string
		want Mode
		rest []string
	}{
		{[]string{"./..."}, Text, []string{"./..."}},
		{[]string{"-test=false", "-sqlleak", "./..."}, Text, nil},
		{[]string{"--txerror=false", "./a", "./b"}, Text, nil},
		{[]string{"-sqlleak.strict=true", "./..."}, Text, nil},
		{[]string{"-sarif", "./..."}, SARIF, []string{"./..."}},
		{[]string{"-sarif=false", "./..."}, Text, []string{"./..."}},
		{[]string{"-json", "./..."}, Multichecker, nil},
		{[]string{"-fix", "./..."}, Multichecker, nil},
		{[]string{"-c=2", "./..."}, Multichecker, nil},
		{[]string{"-V=full"}, Multichecker, nil},
		{[]string{"-flags"}, Multichecker, nil},
		{[]string{"-sqlleak.strict", "./..."}, Multichecker, nil}, // value may be the next argument
		{[]string{"-unknown", "./..."}, Multichecker, nil},        // multichecker says what is wrong
		{[]string{"/tmp/go-build/vet.cfg"}, Multichecker, nil},
		{[]string{"-sqlleak", "/tmp/go-build/vet.cfg"}, Multichecker, nil},
		{[]string{"help"}, Multichecker, nil},
		{nil, Multichecker, nil},
		{[]string{"-test"}, Multichecker, nil}, // no packages: multichecker prints its usage
	} {
		got, rest := ModeOf(tc.args, all)
		if got != tc.want {
			t.Errorf("ModeOf(%q) = %v, want %v", tc.args, got, tc.want)
		}
		if tc.rest != nil && !slices.Equal(rest, tc.rest) {
			t.Errorf("ModeOf(%q) rest = %q, want %q", tc.args, rest, tc.rest)
		}
	}
}
