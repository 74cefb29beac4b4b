package imports

// Packages that tell how the process runs, read its own binary or start
// other programs.
import (
	"debug/buildinfo"  // want `^import "debug/buildinfo" is not allowed in an exercise fix: graded code must not read the process's own memory and symbols`
	"debug/elf"        // want `import "debug/elf" is not allowed`
	"debug/gosym"      // want `import "debug/gosym" is not allowed`
	"net/http/cgi"     // want `^import "net/http/cgi" is not allowed in an exercise fix: graded code must not start processes`
	_ "net/http/pprof" // want `^import "net/http/pprof" is not allowed in an exercise fix: graded code must not inspect how it is run`
	"os/user"          // want `import "os/user" is not allowed in an exercise fix: graded code must not inspect how it is run`
	"runtime/pprof"    // want `import "runtime/pprof" is not allowed in an exercise fix: graded code must not inspect how it is run`
	"runtime/trace"    // want `import "runtime/trace" is not allowed`

	// Look-alikes that are allowed.
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime/metrics"
)

var (
	_ = buildinfo.ReadFile
	_ = elf.Open
	_ = gosym.NewTable
	_ = cgi.Serve
	_ = user.Current
	_ = pprof.Lookup
	_ = trace.Start
	_ = json.Marshal
	_ = http.NewRequest
	_ = httptest.NewRecorder
	_ = metrics.All
)
