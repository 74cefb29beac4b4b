package imports

import (
	"drill.workspace/harness" // want `import "drill.workspace/harness" is not allowed`
	"expvar"                  // want `import "expvar" is not allowed`
	"flag"                    // want `import "flag" is not allowed in an exercise fix: graded code must not inspect how it is run`
	"go/build"                // want `import "go/build" is not allowed`
	"golang.org/x/sys/unix"   // want `import "golang.org/x/sys/\.\.\." is not allowed`
	"modernc.org/libc"        // want `import "modernc.org/libc" is not allowed in an exercise fix: graded code must not leave or control the test process`
	_ "modernc.org/sqlite"    // the driver is for exercise code
	"os/exec"                 // want `import "os/exec" is not allowed in an exercise fix: graded code must not leave or control the test process`
	"os/signal"               // graceful shutdown: signal.NotifyContext is ordinary server code
	"plugin"                  // want `import "plugin" is not allowed`
	"reflect"                 // reflection reads values, not how the process runs
	. "runtime/debug"         // want `import "runtime/debug" is not allowed`
	sc "syscall"              // want `import "syscall" is not allowed`
	"testing"                 // want `import "testing" is not allowed`
	"testing/iotest"          // want `import "testing/iotest" is not allowed`
	_ "unsafe"                // want `import "unsafe" is not allowed in an exercise fix: it hides code from the race detector`
)

var (
	_ = flag.Parse
	_ = exec.Command
	_ = signal.Notify
	_ = plugin.Open
	_ = reflect.TypeOf
	_ = SetGCPercent
	_ = sc.Getpid
	_ = testing.Testing
	_ = iotest.ErrTimeout
	_ = unix.Getpid
	_ = expvar.Get
	_ = build.Default
	_ = libc.Xsystem
	_ = harness.Passed
)
