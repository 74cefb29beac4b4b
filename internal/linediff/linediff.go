// Package linediff compares two versions of a text file line by line. It
// answers the two questions drill asks of an exercise's files: which lines
// of the shipped code does a fix touch (drill verify proves a declared bug
// site is among them), and which shipped line does a line of a learner's
// edited file stand for (drill spot grades a pointer into the edited file
// against sites declared on the shipped one).
//
// Lines are compared without their terminator, and a "\r" before the "\n"
// is ignored, so a missing final newline or an editor that saves CRLF does
// not turn unchanged lines into changed ones.
package linediff

// Changed returns the sorted 1-based lines of old that new deletes or
// replaces. A pure insertion between old lines k and k+1 counts as
// changing both (clamped to old's lines): "add defer rows.Close() after
// line 30" changes lines 30 and 31, so a site on the line the fix goes
// after, or the one it goes before, is proven. Equal files, and an empty
// old file, give none.
func Changed(old, new []byte) []int {
	a := split(old)
	var out []int
	add := func(line int) {
		if line < 1 || line > len(a) || (len(out) > 0 && out[len(out)-1] >= line) {
			return
		}
		out = append(out, line)
	}
	for _, h := range hunks(a, split(new)) {
		if h.oldEnd > h.oldStart {
			for i := h.oldStart; i < h.oldEnd; i++ {
				add(i + 1)
			}
			continue
		}
		// Insertion after 0-based old index oldStart-1: 1-based lines
		// oldStart and oldStart+1 surround it.
		add(h.oldStart)
		add(h.oldStart + 1)
	}
	return out
}

// MapToOld returns the line of old that new's 1-based line newLine stands
// for. A line new kept maps to itself in old, exact. A line new added maps
// inexactly: inside a replacement, to the replaced old line at the same
// offset (the last one when the replacement is longer), so a pointer at a
// reworded line still lands on what it rewords; for a pure insertion, to
// the nearest preceding kept old line (line 1 for an insertion at the top).
// A newLine outside new, or an empty old file, gives 0.
func MapToOld(old, new []byte, newLine int) (oldLine int, exact bool) {
	a, b := split(old), split(new)
	if newLine < 1 || newLine > len(b) || len(a) == 0 {
		return 0, false
	}
	j := newLine - 1
	for _, h := range hunks(a, b) {
		if j < h.newStart {
			// Before this hunk, so on the diagonal ending at it.
			return j - h.newStart + h.oldStart + 1, true
		}
		if j < h.newEnd {
			if h.oldEnd > h.oldStart {
				return min(h.oldStart+j-h.newStart, h.oldEnd-1) + 1, false
			}
			return max(h.oldStart, 1), false
		}
	}
	// After the last hunk: kept lines run to the end of both files.
	return j - len(b) + len(a) + 1, true
}

// hunk is one run of edits between kept lines: old[oldStart:oldEnd] is
// replaced by new[newStart:newEnd] (0-based, either may be empty).
type hunk struct{ oldStart, oldEnd, newStart, newEnd int }

// hunks lists the edits turning a into b, in order.
func hunks(a, b []string) []hunk {
	var out []hunk
	i, j := 0, 0
	for _, m := range matches(a, b) {
		if m.i > i || m.j > j {
			out = append(out, hunk{i, m.i, j, m.j})
		}
		i, j = m.i+1, m.j+1
	}
	if i < len(a) || j < len(b) {
		out = append(out, hunk{i, len(a), j, len(b)})
	}
	return out
}

// split cuts data into lines without their terminators (see the package
// doc). A final line without "\n" is a line; the empty text has none.
func split(data []byte) []string {
	var lines []string
	start := 0
	for i, c := range data {
		if c == '\n' {
			lines = append(lines, trimCR(data[start:i]))
			start = i + 1
		}
	}
	if start < len(data) {
		lines = append(lines, trimCR(data[start:]))
	}
	return lines
}

func trimCR(line []byte) string {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return string(line)
}
