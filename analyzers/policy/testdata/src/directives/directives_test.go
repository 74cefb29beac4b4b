//go:build race || !race

package directives

import (
	"testing"
	_ "unsafe"
)

// Directives in test files belong to drill's hidden tests.

//go:norace
func TestRacy(t *testing.T) {}

//go:linkname testNanotime runtime.nanotime
func testNanotime() int64

//line renamed_test.go:1
