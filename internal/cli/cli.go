// Package cli implements the drill command line. main stays a thin shell
// around Main: every input (arguments, working folder, environment) and
// output stream is passed in, so tests drive the whole CLI in-process.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/drillhq/drill/analyzers"
	"github.com/drillhq/drill/exercises"
	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/grade"
	"github.com/drillhq/drill/internal/term"
	"github.com/drillhq/drill/internal/workspace"
)

// Exit codes, documented in drill help.
const (
	ExitOK       = 0 // done; for check and verify: solved / proven
	ExitFail     = 1 // not solved yet, or the command failed
	ExitUsage    = 2 // bad command line
	ExitNoGrader = 3 // this machine cannot grade: no Go toolchain or no C compiler for -race
)

// PackEnv names the environment variable that points drill at an exercise
// pack folder instead of the embedded curriculum.
const PackEnv = "DRILL_EXERCISES"

// Env is everything a command may touch of the outside world.
type Env struct {
	Stdin          io.Reader // drill check's spot prompt reads it, on a terminal only
	Stdout, Stderr io.Writer
	Dir            string              // the working folder
	Getenv         func(string) string // the environment
	Self           string              // this binary: the vettool drill check runs
	Now            func() time.Time
}

type command struct {
	name    string
	args    string
	summary string
	run     func(ctx context.Context, c *inv, args []string) error
}

// inv is one invocation: the environment plus output printers.
type inv struct {
	Env
	out, err *term.Printer
	// packArg is --exercises given before the command (drill --exercises
	// DIR next), which every command's own --exercises overrides.
	packArg string
}

func commands() []command {
	return []command{
		{"init", "[DIR]", "make DIR (default: here) a drill workspace", runInit},
		{"next", "[ID] [--skip]", "write the next exercise into the workspace and show its brief", runNext},
		{"check", "[ID] [--watch] [--force] [--json]", "grade your fix: build, analyzers, hidden tests under -race", runCheck},
		{"spot", "FILE:LINE[-LINE] [--as FAMILY] [ID]", "point at the bug before you fix it: right, close or wrong, recorded", runSpot},
		{"interview", "[--minutes N] [--count K] [--skip] [--stop]", "a timed mock code-review interview: spot then fix K unseen exercises, then a scorecard", runInterview},
		{"hint", "[ID]", "show the next hint for the exercise", runHint},
		{"list", "[--json]", "every exercise with its status, and your progress", runList},
		{"report", "[--json] [--name NAME] | --merge FILE... [--out DIR]", "your progress per bug family, or a class's merged reports (CSV + HTML)", runReport},
		{"solution", "[ID] [--reveal] [--apply]", "the reference fix as a diff against your code, and why", runSolution},
		{"reset", "[ID]", "restore the original code (your version is kept in .drill/backup/)", runReset},
		{"verify", "[ID...] [-j N]", "prove exercises: the bug and its mistakes fail grading, the fix and its alternatives pass", runVerify},
		{"doctor", "", "check Go, cgo and a C compiler for -race, the module cache and the workspace", runDoctor},
		{"explain", "[ANALYZER]", "what an analyzer finds, with a bad and a good example", runExplain},
		{"help", "[COMMAND]", "show help", nil},
		{"version", "", "print drill's version", runVersion},
	}
}

// usageError is a bad command line (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// exitError carries a specific exit code with a message already printed
// (or none to print).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// Main runs drill with args (without the program name) and returns the
// exit code.
func Main(cx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	c := &inv{Env: env, out: term.New(env.Stdout, env.Getenv), err: term.New(env.Stderr, env.Getenv)}
	args, packArg, err := leadingPack(args)
	if err != nil {
		fmt.Fprintf(c.Stderr, "drill: %v\n", err)
		return ExitUsage
	}
	c.packArg = packArg
	if len(args) == 0 {
		printUsage(c.Stdout)
		return ExitOK
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			if cmd, ok := lookup(rest[0]); ok && cmd.run != nil {
				_ = cmd.run(cx, c, []string{"-h"}) // prints the help, flags included
				return ExitOK
			}
			fmt.Fprintf(c.Stderr, "drill: no command %q: run drill help for the list\n", rest[0])
			return ExitUsage
		}
		printUsage(c.Stdout)
		return ExitOK
	case "-v", "--version":
		name = "version"
	}
	cmd, ok := lookup(name)
	if !ok || cmd.run == nil {
		fmt.Fprintf(c.Stderr, "drill: unknown command %q: run drill help for the list\n", name)
		return ExitUsage
	}
	err = cmd.run(cx, c, rest)
	var (
		ue *usageError
		ee *exitError
		ge *grade.EnvError
	)
	// failed is what went wrong when the command could not do its work;
	// with --json (or --format) it also goes to stdout as an error object,
	// so a script that asked for JSON never reads an empty stdout.
	var failed *ErrorDetail
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(c.Stderr, "drill %s: %s\nusage: drill %s %s (drill help %s)\n", cmd.name, ue.msg, cmd.name, cmd.args, cmd.name)
		failed = &ErrorDetail{Code: ExitUsage, Message: ue.msg, Remedy: "usage: drill " + cmd.name + " " + cmd.args + " (drill help " + cmd.name + ")"}
	case errors.As(err, &ee):
		if ee.msg == "" {
			// The command reported already (drill check's verdict).
			return ee.code
		}
		fmt.Fprintf(c.Stderr, "drill %s: %s\n", cmd.name, ee.msg)
		failed = &ErrorDetail{Code: ee.code, Message: ee.msg}
	case errors.As(err, &ge):
		fmt.Fprintf(c.Stderr, "drill %s: cannot grade on this machine: %s\n  remedy: %s\n", cmd.name, ge.Problem, ge.Remedy)
		failed = &ErrorDetail{Code: ExitNoGrader, Message: "cannot grade on this machine: " + ge.Problem, Remedy: ge.Remedy}
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(c.Stderr, "drill %s: interrupted\n", cmd.name)
		failed = &ErrorDetail{Code: ExitFail, Message: "interrupted"}
	default:
		fmt.Fprintf(c.Stderr, "drill %s: %v\n", cmd.name, err)
		failed = &ErrorDetail{Code: ExitFail, Message: err.Error()}
	}
	writeError(c.Stdout, requestedFormat(cmd.name, rest), *failed)
	return failed.Code
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `drill trains you to review Go backend code: each exercise is a small,
realistic snippet with a production bug. Find it, fix it, and drill grades the
fix with its analyzers and hidden tests run under the race detector.

Usage: drill <command> [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, `
Start with: drill next. Read the files it names, point at the bug with
drill spot FILE:LINE, fix it, and run: drill check.

Exercise packs: drill --exercises DIR COMMAND (or $%s) points drill at a
pack folder in the curriculum's format instead of the built-in exercises;
drill next and drill init remember it for the workspace (--exercises
builtin goes back). Bug families show once spotted, solved or revealed;
$%s=1 shows them all.

Exit codes: 0 done/solved, 1 not solved or failed, 2 usage error,
3 this machine cannot grade (run drill doctor).
`, PackEnv, ShowFamiliesEnv)
}

func printCommandHelp(w io.Writer, cmd command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: drill %s %s\n\n%s.\n", cmd.name, cmd.args, capitalize(cmd.summary))
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// parseFlags parses a command's flags, allowing them after positional
// arguments too (drill check rows --json), and returns the positionals.
func parseFlags(c *inv, name string, fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	cmd, _ := lookup(name)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printCommandHelp(c.Stdout, cmd, fs)
				return nil, flag.ErrHelp
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// leadingPack takes --exercises DIR (or --exercises=DIR, one dash or two)
// from before the command name, where the help text documents it too.
func leadingPack(args []string) (rest []string, dir string, err error) {
	for len(args) > 0 {
		a := args[0]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "exercises" {
			return args, dir, nil
		}
		if !hasVal {
			if len(args) < 2 {
				return nil, "", errors.New("--exercises needs a pack folder: drill --exercises DIR COMMAND")
			}
			val, args = args[1], args[1:]
		}
		dir, args = val, args[1:]
	}
	return args, dir, nil
}

// packFlag registers --exercises on fs.
func packFlag(fs *flag.FlagSet) *string {
	return fs.String("exercises", "", "exercise pack `DIR` to use instead of the built-in curriculum (or $"+PackEnv+")")
}

// BuiltinPack is the --exercises value that names the embedded curriculum,
// for a workspace that remembers another pack.
const BuiltinPack = "builtin"

// loadPack returns the pack named by --exercises (the command's, else the
// one before the command), $DRILL_EXERCISES, the pack the workspace
// remembers, or the embedded curriculum, in that order.
func (c *inv) loadPack(flagDir string) (*exercise.Pack, error) {
	dir, _, err := c.packDir(flagDir)
	if err != nil {
		return nil, err
	}
	known := func(name string) bool { return analyzers.ByName(name) != nil }
	if dir == "" {
		return exercise.Load(exercises.Curriculum(), "embedded curriculum", known)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("exercise pack %s is not a folder: check --exercises or $%s", dir, PackEnv)
	}
	return exercise.Load(os.DirFS(dir), dir, known)
}

// packDir resolves where the pack comes from: an absolute folder, or ""
// for the embedded curriculum. explicit is true when the command line
// named it, which is what drill next and drill init remember.
func (c *inv) packDir(flagDir string) (dir string, explicit bool, err error) {
	dir = flagDir
	if dir == "" {
		dir = c.packArg
	}
	explicit = dir != ""
	if dir == "" {
		dir = c.Getenv(PackEnv)
	}
	if dir == "" {
		if ws, err := workspace.Find(c.Dir); err == nil {
			if dir, err = ws.Pack(); err != nil {
				return "", false, err
			}
		}
	}
	if dir == BuiltinPack || dir == "" {
		return "", explicit, nil
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(c.Dir, dir)
	}
	return filepath.Clean(dir), explicit, nil
}

// rememberPack records the pack named on this command line in ws, so that
// later commands there use it without --exercises.
func (c *inv) rememberPack(ws *workspace.Workspace, flagDir string) error {
	dir, explicit, err := c.packDir(flagDir)
	if err != nil || !explicit {
		return err
	}
	return ws.SetPack(dir)
}

// workspace finds the workspace containing the working folder.
func (c *inv) workspace() (*workspace.Workspace, error) {
	ws, err := workspace.Find(c.Dir)
	if errors.Is(err, workspace.ErrNotFound) {
		return nil, fmt.Errorf("no drill workspace in %s or above: run drill next (or drill init) first", c.Dir)
	}
	return ws, err
}

// pick resolves the exercise an ID-taking command works on: the named one,
// or the current one.
func (c *inv) pick(pack *exercise.Pack, st *workspace.State, args []string) (*exercise.Exercise, error) {
	if len(args) > 1 {
		return nil, usagef("expected at most one exercise id, got %d", len(args))
	}
	id := ""
	if len(args) == 1 {
		id = args[0]
	} else if st != nil {
		id = st.Current
	}
	if id == "" {
		return nil, errors.New("no current exercise: run drill next")
	}
	ex, ok := pack.Get(id)
	if !ok {
		return nil, &exitError{code: ExitUsage, msg: fmt.Sprintf("no exercise %q in the %s: run drill list for the ids", id, pack.Source)}
	}
	return ex, nil
}

// progress reads ws's progress record and the key that proves its solves
// and spots: together they say what the learner has really done.
func (c *inv) progress(ws *workspace.Workspace) (*workspace.State, *workspace.Evidence, error) {
	st, err := ws.LoadState()
	if err != nil {
		return nil, nil, err
	}
	ev, err := workspace.LoadEvidence(c.Getenv)
	if err != nil {
		return nil, nil, err
	}
	return st, ev, nil
}

// target is the exercise an ID-taking command works on, with its workspace,
// pack and the progress read when the command started.
type target struct {
	ws   *workspace.Workspace
	pack *exercise.Pack
	st   *workspace.State
	ex   *exercise.Exercise
}

// target finds the workspace, loads the pack and the progress, and picks the
// exercise named in args (or the current one).
func (c *inv) target(packDir string, args []string) (*target, error) {
	ws, err := c.workspace()
	if err != nil {
		return nil, err
	}
	pack, err := c.loadPack(packDir)
	if err != nil {
		return nil, err
	}
	st, err := ws.LoadState()
	if err != nil {
		return nil, err
	}
	ex, err := c.pick(pack, st, args)
	if err != nil {
		return nil, err
	}
	return &target{ws: ws, pack: pack, st: st, ex: ex}, nil
}

// rel shows path relative to the working folder when that is shorter.
func (c *inv) rel(path string) string {
	if r, err := filepath.Rel(c.Dir, path); err == nil && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && r != ".." {
		return r
	}
	return path
}

func sortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
