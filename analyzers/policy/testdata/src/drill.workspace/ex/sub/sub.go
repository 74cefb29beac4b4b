// Package sub is part of exercise ex: it may import the exercise's other
// packages, siblings included, and no other package of the workspace.
package sub

import (
	"drill.workspace/ex/internal/money"
	"drill.workspace/exam"    // want `import "drill.workspace/exam" is not allowed`
	"drill.workspace/harness" // want `import "drill.workspace/harness" is not allowed`
)

const Rows = 3 * money.Cents

var _ = exam.Answer

func passed() bool { return harness.Passed() }
