// Package ex is an exercise in a workspace: it may import its own
// subpackages, and no other package of the workspace.
package ex

import (
	"drill.workspace/ex/sub"
	"drill.workspace/exam"    // want `import "drill.workspace/exam" is not allowed in an exercise fix: graded code must not reach drill's harness, other exercises or progress`
	"drill.workspace/harness" // want `import "drill.workspace/harness" is not allowed`
)

var _ = sub.Rows + exam.Answer

func done() bool { return harness.Passed() }

// Answer is what the exercise's other packages import it for.
func Answer() int { return sub.Rows }
