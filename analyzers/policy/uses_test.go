package policy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"github.com/drillhq/drill/analyzers/policy"
)

func TestUsesOfSource(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name: "imports in every form",
			files: map[string]string{"a.go": `package p

import (
	"C"
	_ "unsafe"
	. "os/exec"
	sig "os/signal"
	"golang.org/x/sys/unix"
	"golang.org/x/sys/cpu"
	"testing/fstest"
	"drill.workspace/harness"
	"reflect"
	"runtime"
	"debug/elf"
	"debug/dwarf"
	"runtime/pprof"
	"runtime/trace"
	pp "net/http/pprof"
	"net/http/cgi"
	"os/user"
	"net/http"
	"runtime/metrics"
)
`},
			want: []string{"import C", "import debug/dwarf", "import debug/elf", "import drill.workspace/harness",
				"import golang.org/x/sys", "import net/http/cgi", "import net/http/pprof",
				"import os/exec", "import os/user", "import runtime/pprof",
				"import runtime/trace", "import testing/fstest", "import unsafe"},
		},
		{
			name: "every refused selector, renamed and dotted",
			files: map[string]string{"a.go": `package p

import (
	"log"
	o "os"
	"runtime"
)

var (
	_ = o.Args
	_ = o.Executable
	_ = o.Getpid
	_ = o.Getppid
	_ = o.Getenv
	_ = o.LookupEnv
	_ = o.Environ
	_ = o.Setenv
	_ = o.Unsetenv
	_ = o.StartProcess
	_ = o.FindProcess
	_ = runtime.Callers
	_ = runtime.Caller
	_ = runtime.CallersFrames
	_ = runtime.Stack
	_ = runtime.FuncForPC
	_ = runtime.Goexit
	_ = runtime.GOROOT
	_ = runtime.SetFinalizer
	_ = runtime.NumGoroutine
	_ = o.ExpandEnv
	_ = o.Expand
	_ = o.Getwd
	_ = o.TempDir
	_ = o.Hostname
	_ = o.UserHomeDir
	_ = o.UserConfigDir
	_ = o.UserCacheDir
	_ = o.DirFS
	_ = o.Chdir
	_ = o.NewFile
	_ = o.ReadFile
	_ = log.Lshortfile
	_ = log.Llongfile
	_ = log.LstdFlags
)
`, "b.go": `package p

import . "runtime"

var _ = Stack
`},
			want: []string{"log.Llongfile", "log.Lshortfile",
				"os.Args", "os.Chdir", "os.DirFS", "os.Environ", "os.Executable", "os.Expand", "os.ExpandEnv",
				"os.FindProcess", "os.Getenv", "os.Getppid", "os.Getwd",
				"os.LookupEnv", "os.NewFile", "os.Setenv", "os.StartProcess", "os.TempDir", "os.Unsetenv",
				"os.UserCacheDir", "os.UserConfigDir", "os.UserHomeDir",
				"runtime.Caller", "runtime.Callers", "runtime.CallersFrames", "runtime.FuncForPC",
				"runtime.GOROOT", "runtime.Goexit", "runtime.Stack"},
		},
		{
			name: "a package named os that is not os",
			files: map[string]string{"a.go": `package p

import os "example.com/fakeos"

var _ = os.Args
`},
		},
		{
			name: "a method named like a dot-imported function",
			files: map[string]string{"a.go": `package p

import . "os"

type env struct{}

func (env) Getenv(string) string { return "" }

var _ = env{}.Getenv("CI")

var _ = Getpagesize
`},
		},
		{
			name: "build constraints in the header, both spellings",
			files: map[string]string{
				"race.go":  "//go:build race\n\npackage p\n",
				"plus.go":  "// +build !race\n\npackage p\n",
				"embed.go": "package p\n\nimport _ \"embed\"\n\n//go:embed x.txt\nvar x string\n",
			},
			want: []string{"//go:build", "//go:embed"},
		},
		{
			name: "directives and strings",
			files: map[string]string{"a.go": `package p

//go:generate stringer -type=T

//go:fix inline
func g() { f() }

// Nothing here uses go:linkname; // go:norace has a space.

//go:norace
func f() {}

var _ = "/proc/self/status" + "!"

var _ = "../.drill/state.json"

var _ = "SELECT r.drill_id FROM reports r"

var _ = "/" + "proc"

var _ = "proc/self/mem"

var _ = "self/exe"

var _ = "self/fd/3"

var _ = "self/cmdline"

var _ = "self/environ"

/*line b.go:1*/
`},
			want: []string{"//go:norace", "//line", "string .drill", "string /proc", "string /proc/",
				"string self/cmdline", "string self/environ", "string self/exe", "string self/fd", "string self/mem"},
		},
		{
			name: "look-alike strings and go:fix",
			files: map[string]string{"a.go": `package p

//go:fix inline
func f() {}

const q = "SELECT r.drill_id, r.total FROM reports r"

var _ = []string{"/procs", "proc", "notes.drill", "drill", "self/status", "myself", "/process/x"}
`},
		},
		{
			name:  "a //line directive naming a test file does not hide the file",
			files: map[string]string{"a.go": "//line a_test.go:1\npackage p\n\nimport \"os/exec\"\n\nvar _ = exec.Command\n"},
			want:  []string{"//line", "import os/exec"},
		},
		{
			name: "test files and non-Go files are not judged",
			files: map[string]string{
				"a_test.go": "package p\n\nimport \"testing\"\n\nvar _ = testing.Testing\n",
				"x_test.go": "//go:norace\npackage p_test\n",
				"notes.txt": "import \"unsafe\"",
				"b.go":      "package p\n\nimport \"syscall\"\n\nvar _ = syscall.Getpid\n",
			},
			want: []string{"import syscall"},
		},
		{
			name: "duplicates collapse",
			files: map[string]string{
				"a.go": "package p\n\nimport \"os\"\n\nvar _, _ = os.Args, os.Args\n",
				"b.go": "package p\n\nimport \"os\"\n\nvar _ = os.Args\n",
			},
			want: []string{"os.Args"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := map[string][]byte{}
			for name, s := range tc.files {
				src[name] = []byte(s)
			}
			got, err := policy.UsesOfSource(src)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("UsesOfSource = %q\nwant            %q", got, tc.want)
			}
			for _, k := range got {
				if strings.Contains(k, ",") {
					t.Errorf("key %q holds a comma, which -policy.allow cannot carry", k)
				}
			}
		})
	}
}

func TestUsesOfSourceParseError(t *testing.T) {
	_, err := policy.UsesOfSource(map[string][]byte{"a.go": []byte("package p\n\nfunc {")})
	if err == nil || !strings.Contains(err.Error(), "a.go") {
		t.Errorf("UsesOfSource of broken source: err = %v, want one naming a.go", err)
	}
	// A broken test file is not the shipped code's business.
	if _, err := policy.UsesOfSource(map[string][]byte{"a_test.go": []byte("func {")}); err != nil {
		t.Errorf("UsesOfSource of a broken test file: %v, want it skipped", err)
	}
}

// Uses gives each use its own position, in source order, skipping test
// files by their real names.
func TestUsesPositions(t *testing.T) {
	fset := token.NewFileSet()
	parse := func(name, src string) *ast.File {
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	files := []*ast.File{
		parse("/ws/ex/b.go", "package ex\n\nimport \"os\"\n\nvar _ = os.Getenv(\"A\") + os.Getenv(\"B\")\n"),
		parse("/ws/ex/b_test.go", "package ex\n\nimport \"os\"\n\nvar _ = os.Args\n"),
	}
	var got []string
	for _, u := range policy.Uses(fset, files) {
		got = append(got, u.Key+"@"+fset.Position(u.Pos).String())
	}
	want := []string{"os.Getenv@/ws/ex/b.go:5:9", "os.Getenv@/ws/ex/b.go:5:26"}
	if !slices.Equal(got, want) {
		t.Errorf("Uses = %q\nwant   %q", got, want)
	}
}
