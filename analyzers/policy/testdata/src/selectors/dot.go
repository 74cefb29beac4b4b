package selectors

import (
	. "os"
	o2 "os"
)

func pid() int { return Getpid() } // request IDs use the pid: allowed

func cwd() (string, error) { return Getwd() } // want `os\.Getwd is not allowed`

func page() int { return Getpagesize() }

// A local function of the same name shadows the dot import.
func shadowed() string {
	Getenv := func(string) string { return "" }
	return Getenv("CI")
}

// A selector is one use, though its name is also dot-imported.
func twice() string { return o2.Getenv("CI") } // want `os\.Getenv is not allowed`

// The name after a dot is the method's, not the dot-imported function's.
func viaMethod(e environ) string { return e.Getenv("CI") }
