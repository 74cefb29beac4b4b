package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/drillhq/drill/exercises"
	"github.com/drillhq/drill/internal/grade"
	"github.com/drillhq/drill/internal/pgserver"
	"github.com/drillhq/drill/internal/workspace"
)

// checkup is one line of drill doctor.
type checkup struct {
	name   string
	ok     bool
	detail string
	remedy string
	// grading is true when a failure means drill cannot grade at all.
	grading bool
}

func runDoctor(cx context.Context, c *inv, args []string) error {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	pos, err := parseFlags(c, "doctor", fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("takes no arguments")
	}
	checks := doctorChecks(cx, c)
	gradingBroken, otherBroken := false, false
	for _, ch := range checks {
		state := c.out.Good("ok  ")
		if !ch.ok {
			state = c.out.Bad("FAIL")
			if ch.grading {
				gradingBroken = true
			} else {
				otherBroken = true
			}
		}
		c.out.Printf("%s %-13s %s\n", state, ch.name, ch.detail)
		if !ch.ok && ch.remedy != "" {
			c.out.Printf("     %-13s remedy: %s\n", "", ch.remedy)
		}
	}
	switch {
	case gradingBroken:
		return &exitError{code: ExitNoGrader, msg: "this machine cannot grade exercises yet; apply the remedies above"}
	case otherBroken:
		return &exitError{code: ExitFail, msg: "some checks failed; apply the remedies above"}
	}
	c.out.Printf("\nAll good: drill can grade here.\n")
	return nil
}

func doctorChecks(cx context.Context, c *inv) []checkup {
	goPath, err := exec.LookPath("go")
	if err != nil {
		return []checkup{{name: "go", detail: "the go command is not on PATH", remedy: "install Go 1.26 or newer from https://go.dev/dl", grading: true}}
	}
	goEnv := func(key string) string {
		out, _ := exec.CommandContext(cx, goPath, "env", key).Output()
		return strings.TrimSpace(string(out))
	}
	var checks []checkup

	goVersion := goEnv("GOVERSION")
	need := "go" + goDirective(workspace.GoMod())
	checks = append(checks, checkup{name: "go", ok: versionAtLeast(goVersion, need), grading: true,
		detail: fmt.Sprintf("%s at %s (exercises need %s or newer)", goVersion, goPath, need),
		remedy: "install a newer Go from https://go.dev/dl"})

	// Grading runs the go command with cgo on and without the shell's CC
	// (a fixed environment), so the compiler that matters is the default.
	ccCmd := exec.CommandContext(cx, goPath, "env", "CC")
	ccCmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "GOENV=off", "CGO_ENABLED=1"}
	ccOut, _ := ccCmd.Output()
	cc := strings.Fields(string(ccOut))
	ccOK := len(cc) > 0
	ccDetail := "no C compiler configured"
	if ccOK {
		if p, err := exec.LookPath(cc[0]); err == nil {
			ccDetail = "C compiler " + p
		} else {
			ccOK, ccDetail = false, "C compiler "+cc[0]+" not found"
		}
	}
	checks = append(checks, checkup{name: "C compiler", ok: ccOK, grading: true, detail: ccDetail,
		remedy: "install gcc or clang (Debian/Ubuntu: apt install gcc; macOS: xcode-select --install; Windows: MinGW-w64)"})

	checks = append(checks, moduleCheckup(cx, c))

	checks = append(checks, postgresCheckup(c))

	ws, err := workspace.Find(c.Dir)
	switch {
	case errors.Is(err, workspace.ErrNotFound):
		checks = append(checks, checkup{name: "workspace", ok: true, detail: "none here yet; drill next creates one"})
	case err != nil:
		checks = append(checks, checkup{name: "workspace", detail: err.Error()})
	default:
		_, stErr := ws.LoadState()
		_, modErr := os.Stat(filepath.Join(ws.Root, "go.mod"))
		switch {
		case stErr != nil:
			checks = append(checks, checkup{name: "workspace", detail: stErr.Error()})
		case modErr != nil:
			checks = append(checks, checkup{name: "workspace", detail: ws.Root + " has no go.mod",
				remedy: "run drill init " + ws.Root + " to restore it"})
		default:
			checks = append(checks, checkup{name: "workspace", ok: true, detail: ws.Root})
		}
	}
	return checks
}

// postgresCheckup reports where the PostgreSQL exercises' server comes
// from. Its absence does not stop drill grading the SQLite exercises.
func postgresCheckup(c *inv) checkup {
	ch := checkup{name: "PostgreSQL", remedy: pgserver.Remedy}
	if url := c.Getenv(PostgresURLEnv); url != "" {
		ch.ok, ch.detail = true, "the server at "+PostgresURLEnv+" (used as it is; drill creates one database per test there)"
		return ch
	}
	bin, err := pgserver.FindBin(c.Getenv(PostgresBinEnv))
	if err != nil {
		ch.detail = err.Error() + "; the PostgreSQL exercises cannot be graded (drill list marks them), the others can"
		return ch
	}
	ch.ok, ch.detail = true, "private throwaway servers from "+bin+" (PostgreSQL exercises)"
	return ch
}

// fallbackGoDirective stands in should the workspace's go.mod name no Go
// version (the embedded template names one; its test holds it to that).
const fallbackGoDirective = "1.26"

// goDirective is the Go version a workspace's go.mod (gomod) asks for.
func goDirective(gomod []byte) string {
	f, err := modfile.Parse("go.mod", gomod, nil)
	if err != nil || f.Go == nil {
		return fallbackGoDirective
	}
	return f.Go.Version
}

// moduleCheckup resolves, offline, every package a graded build needs
// (go list -deps -test of a package importing what hidden tests import):
// what grading needs, not every line of go.mod (a module listed there but
// never built is not downloaded by the go command either).
func moduleCheckup(cx context.Context, c *inv) checkup {
	ch := checkup{name: "module cache", grading: true}
	n, err := grade.ProbeImports(cx, grade.PrepareRequest{
		GoMod:      workspace.GoMod(),
		GoSum:      workspace.GoSum(),
		Harness:    exercises.HarnessFiles(),
		HarnessDir: strings.TrimPrefix(exercises.HarnessImportPath, workspace.ModulePath+"/"),
		Imports:    workspace.DepImports(),
	})
	if envErr, ok := errors.AsType[*grade.EnvError](err); ok {
		ch.detail, ch.remedy = envErr.Problem, envErr.Remedy
		return ch
	}
	if err != nil {
		ch.detail, ch.remedy = "cannot list the packages grading needs: "+err.Error(), reinstallRemedy(c.Dir)
		return ch
	}
	ch.ok, ch.detail = true, fmt.Sprintf("%d modules the hidden tests build with resolve offline", n)
	return ch
}

// reinstallRemedy says how to reinstall drill: make install in a clone of
// its source (dir is in one), go install otherwise, as most users install.
func reinstallRemedy(dir string) string {
	if root := drillClone(dir); root != "" {
		return "run make install in " + root
	}
	return "reinstall drill: go install " + installPath
}

// installPath is what go install takes to install drill and drill-vet.
const installPath = "github.com/drillhq/drill/cmd/...@latest"

// drillClone returns the root of the clone of drill's source holding dir,
// or "".
func drillClone(dir string) string {
	for d := dir; d != ""; {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			if modfile.ModulePath(data) == drillModule {
				return d
			}
			return "" // the nearest module is another one
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
	return ""
}

// drillModule is drill's own module path.
const drillModule = "github.com/drillhq/drill"

// versionAtLeast reports whether the toolchain version have (go env
// GOVERSION: go1.26.8, or "go1.26.8 X:nodwarf5" from a toolchain built with
// experiments) is need (such as go1.26.0) or newer. A release candidate is
// older than its release, as the go command itself holds when it reads a
// go.mod. go/version knows no experiment suffix, so it is cut off first.
func versionAtLeast(have, need string) bool {
	have, _, _ = strings.Cut(have, " ")
	return version.Compare(have, need) >= 0
}
