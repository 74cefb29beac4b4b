package selectors

import (
	o "os"
	"reflect"
	"runtime"
)

func args() []string {
	return o.Args // want `^os\.Args is not allowed in an exercise fix: graded code must not inspect how it is run \(the shipped code does not use it\)$`
}

func env() string { return o.Getenv("CI") } // want `os\.Getenv is not allowed`

// A function value is a use as much as a call.
var lookup = o.LookupEnv // want `os\.LookupEnv is not allowed`

// The verdict channel's descriptors.
var verdict = o.NewFile(3, "verdict") // want `os\.NewFile is not allowed in an exercise fix: graded code must not open the descriptors it inherited`

func who() string {
	pc, _, _, _ := runtime.Caller(1)    // want `runtime\.Caller is not allowed`
	return runtime.FuncForPC(pc).Name() // want `runtime\.FuncForPC is not allowed`
}

func toolchain() string { return runtime.GOROOT() } // want `runtime\.GOROOT is not allowed`

func quit() { runtime.Goexit() } // want `runtime\.Goexit is not allowed in an exercise fix: graded code must not leave or control the test process`

// Look-alikes that are allowed.

func read() ([]byte, error) { return o.ReadFile("config.json") }

func busy() int { return runtime.NumGoroutine() }

func yield() { runtime.Gosched() }

func finalize(p *int) { runtime.SetFinalizer(p, nil) }

func kind(v any) string { return reflect.TypeOf(v).String() }

// os is free in this file (the import is called o): a local of that name
// with a field Args is no package.
func local() []string {
	os := struct{ Args []string }{}
	return os.Args
}
