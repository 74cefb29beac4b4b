package directives

// A line directive renames every position after it, so each test of one
// is last in its file.

// want +1 `^//line is not allowed in an exercise fix: it disguises which file and line the grader reports`
//line line_test.go:1
