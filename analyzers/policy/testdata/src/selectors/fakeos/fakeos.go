// Package fakeos is not the os package, whatever a file names it.
package fakeos

var Args []string

func Getenv(string) string { return "" }
