// Package harness stands in for drill's harness in a learner's workspace.
package harness

func Passed() bool { return true }
