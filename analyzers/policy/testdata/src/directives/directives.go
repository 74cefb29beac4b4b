// want +2 `^a build constraint \(//go:build or // \+build\) is not allowed in an exercise fix: build constraints can compile other code under the race detector or the grader`
// want +2 `a build constraint`
//go:build race || !race
// +build race !race

package directives

import _ "unsafe" // want `import "unsafe" is not allowed`

// want +2 `//go:linkname is not allowed in an exercise fix: it reaches the runtime's`

//go:linkname nanotime runtime.nanotime
func nanotime() int64

// want +2 `^//go:norace is not allowed in an exercise fix: it hides code from the race detector \(the shipped code does not use it\)$`

//go:norace
func racy() {}

// want +2 `//go:noinline is not allowed in an exercise fix: compiler directives change how the graded code is built`

//go:noinline
func small() {}

func later() {
	// A directive is a directive anywhere in the file.
	// want +1 `//go:nosplit is not allowed`
	//go:nosplit
}

//go:generate echo go generate is not part of the graded build

// Neither is go fix, whose directive only tells it what to inline.
//
//go:fix inline
func oldName() { small() }

// Prose written as a directive is one, and refused as such.
// want +1 `//go:note is not allowed`
//go:note to self: try a map

// Prose that mentions go:linkname, or //go:norace in the middle of a
// line, is no directive.
// go:norace with a space after the slashes is none either.
/* //go:norace inside a block comment is none either. */
// Old constraints were written as +build lines; this one is prose.
