// Package report is part of exercise ex and imports the exercise itself.
package report

import "drill.workspace/ex"

func Line() int { return ex.Answer() }
