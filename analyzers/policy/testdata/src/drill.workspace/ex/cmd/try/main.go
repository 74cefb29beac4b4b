// Command try is a learner's scratch program inside exercise ex. A package
// main without tests is never linked into the graded test binary, so
// nothing in it is reported: not flag, os.Args, the harness or unsafe.
package main

import (
	"flag"
	"fmt"
	"os"
	_ "unsafe"

	"drill.workspace/ex"
	"drill.workspace/ex/sub"
	"drill.workspace/harness"
)

//go:norace
func main() {
	flag.Parse()
	fmt.Println(ex.Answer(), sub.Rows, harness.Passed(), os.Args, "/proc/self/exe")
}
