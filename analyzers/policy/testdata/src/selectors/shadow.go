package selectors

import "os"

func exe() (string, error) { return os.Executable() } // want `os\.Executable is not allowed`

// The parameter shadows the import.
func param(os struct{ Args []string }) []string { return os.Args }

// A method named like os's functions is not os's.
type environ struct{}

func (environ) Getenv(string) string { return "" }

func method(e environ) string { return e.Getenv("CI") }
