package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

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

	version := goEnv("GOVERSION")
	need := "go" + goDirective()
	checks = append(checks, checkup{name: "go", ok: versionAtLeast(version, need), grading: true,
		detail: fmt.Sprintf("%s at %s (exercises need %s or newer)", version, goPath, need),
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

	modcache := goEnv("GOMODCACHE")
	missing := missingModules(modcache)
	checks = append(checks, checkup{name: "module cache", ok: len(missing) == 0, grading: true,
		detail: moduleDetail(modcache, missing),
		remedy: "connect to the network once and run make install in drill's source folder (it runs go mod download)"})

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

// goDirective is the Go version a workspace's go.mod asks for.
func goDirective() string {
	sc := bufio.NewScanner(bytes.NewReader(workspace.GoMod()))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go "); ok {
			return strings.TrimSpace(v)
		}
	}
	return "1.26"
}

// requiredModules lists "path@version" for each module the workspace needs.
func requiredModules() []string {
	var mods []string
	sc := bufio.NewScanner(bytes.NewReader(workspace.GoMod()))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && strings.Contains(f[0], ".") && strings.HasPrefix(f[1], "v") {
			mods = append(mods, f[0]+"@"+f[1])
		}
	}
	return mods
}

func missingModules(modcache string) []string {
	var missing []string
	for _, m := range requiredModules() {
		path, version, _ := strings.Cut(m, "@")
		if _, err := os.Stat(filepath.Join(modcache, "cache", "download", escapeModule(path), "@v", version+".zip")); err != nil {
			missing = append(missing, m)
		}
	}
	return missing
}

// escapeModule applies the module cache's case encoding (Uppercase → !lowercase).
func escapeModule(path string) string {
	var b strings.Builder
	for _, r := range path {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return filepath.FromSlash(b.String())
}

func moduleDetail(modcache string, missing []string) string {
	if len(missing) == 0 {
		return fmt.Sprintf("%d modules the hidden tests need are in %s", len(requiredModules()), modcache)
	}
	return "missing from " + modcache + ": " + strings.Join(missing, ", ")
}

// versionAtLeast compares Go versions like go1.26.8 and go1.26.
func versionAtLeast(have, need string) bool {
	parse := func(v string) [3]int {
		var n [3]int
		v = strings.TrimPrefix(v, "go")
		for i, part := range strings.SplitN(v, ".", 3) {
			fmt.Sscanf(part, "%d", &n[i])
		}
		return n
	}
	h, n := parse(have), parse(need)
	for i := range h {
		if h[i] != n[i] {
			return h[i] > n[i]
		}
	}
	return true
}
