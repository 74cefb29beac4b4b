// Package allowed uses what its shipped code uses (the test allows os.Args,
// import unsafe, //go:norace and string /proc/) and one thing more.
package allowed

import (
	"os"
	_ "unsafe"
)

func args() []string { return os.Args }

//go:norace
func racy() {}

const status = "/proc/self/status"

func env() string { return os.Getenv("CI") } // want `os\.Getenv is not allowed`
