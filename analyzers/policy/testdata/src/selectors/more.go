package selectors

import (
	"io/fs"
	"log"
	"os"
)

// The environment read through expansion, as Getenv would read it.
func tmp() string { return os.ExpandEnv("$TMPDIR") } // want `^os\.ExpandEnv is not allowed in an exercise fix: graded code must not inspect how it is run`

func home() string { return os.Expand("$HOME", os.Getenv) } // want `os\.Expand is not allowed` `os\.Getenv is not allowed`

// Where and on what the process runs.
func where() string {
	dir, _ := os.Getwd()             // want `os\.Getwd is not allowed`
	host, _ := os.Hostname()         // the same under grading: allowed
	return dir + host + os.TempDir() // want `os\.TempDir is not allowed`
}

func cmdline() ([]byte, error) {
	return fs.ReadFile(os.DirFS("/"), "status") // want `os\.DirFS is not allowed`
}

func move() error { return os.Chdir("/") } // want `^os\.Chdir is not allowed in an exercise fix: graded code must not leave or control the test process`

// The user's folders lead to drill's progress key and module cache.
func dirs() string {
	h, _ := os.UserHomeDir()   // want `^os\.UserHomeDir is not allowed in an exercise fix: graded code must not look in the user's directories`
	c, _ := os.UserConfigDir() // want `os\.UserConfigDir is not allowed`
	k, _ := os.UserCacheDir()  // want `os\.UserCacheDir is not allowed`
	return h + c + k
}

// A logger's caller positions name the test's file.
var (
	short = log.New(os.Stderr, "", log.Lshortfile) // want `^log\.Lshortfile is not allowed in an exercise fix: caller positions are runtime\.Caller by another name`
	long  = log.Llongfile | log.LstdFlags          // want `log\.Llongfile is not allowed`
)

// Look-alikes that are allowed: other flags, other os functions.
var (
	plain  = log.New(os.Stderr, "sum: ", log.LstdFlags|log.Lmicroseconds|log.Lmsgprefix|log.LUTC)
	files  = os.ReadDir
	mkdir  = os.MkdirAll
	pgsize = os.Getpagesize
	create = os.Create
)
