package policy_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/drillhq/drill/analyzers/policy"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), policy.Analyzer,
		"imports", "selectors", "directives", "strs",
		"drill.workspace/ex", "drill.workspace/ex/sub", "drill.workspace/ex/report",
		"drill.workspace/ex/cmd/try")
}

// allowKeys sets -policy.allow for one test, as drill check would, and
// resets it afterwards so the other tests see the default.
func allowKeys(t *testing.T, keys string) {
	t.Helper()
	if err := policy.Analyzer.Flags.Set("allow", keys); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := policy.Analyzer.Flags.Set("allow", ""); err != nil {
			t.Error(err)
		}
	})
}

// The allowed package wants only os.Getenv: everything else it uses is on
// the list, whose keys hold spaces and slashes.
func TestAllow(t *testing.T) {
	allowKeys(t, "os.Args, import unsafe,//go:norace,string /proc/")
	analysistest.Run(t, analysistest.TestData(), policy.Analyzer, "allowed")
}

// recorder collects analysistest's complaints instead of failing.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// Without the list, the same package is refused for each construct the
// list allowed: the constructs are found, and only the flag spares them.
func TestAllowIsNeeded(t *testing.T) {
	var r recorder
	analysistest.Run(&r, analysistest.TestData(), policy.Analyzer, "allowed")
	all := strings.Join(r.errs, "\n")
	for _, what := range []string{"os.Args", `import "unsafe"`, "//go:norace", "a string containing /proc/"} {
		if !strings.Contains(all, "unexpected diagnostic: "+what+" is not allowed") {
			t.Errorf("without -policy.allow, %s was not reported; analysistest said:\n%s", what, all)
		}
	}
}

// A key allows only itself: allowing the os.Args key leaves os.Getenv
// refused, and a list that is replaced forgets the old keys.
func TestAllowFlagValue(t *testing.T) {
	allowKeys(t, "import unsafe,os.Getenv")
	f := policy.Analyzer.Flags.Lookup("allow")
	if f == nil {
		t.Fatal("the policy analyzer has no allow flag")
	}
	if got, want := f.Value.String(), "import unsafe,os.Getenv"; got != want {
		t.Errorf("allow = %q, want %q", got, want)
	}
	if err := policy.Analyzer.Flags.Set("allow", " os.Args ,, string .drill "); err != nil {
		t.Fatal(err)
	}
	if got, want := f.Value.String(), "os.Args,string .drill"; got != want {
		t.Errorf("after a second Set, allow = %q, want %q (Set replaces the list)", got, want)
	}
	if err := policy.Analyzer.Flags.Set("allow", ""); err != nil {
		t.Fatal(err)
	}
	if got := f.Value.String(); got != "" {
		t.Errorf("after Set(\"\"), allow = %q, want empty", got)
	}
}
