package cli

import (
	"strings"
	"testing"
)

// A race report runs to dozens of lines before the test's own message; the
// learner must see the message first and each racing access with its line.
func TestTrimOutputPutsTestMessagesFirstAndSummarisesRaces(t *testing.T) {
	out := `=== RUN   TestCounts
==================
WARNING: DATA RACE
Read at 0x00c0000e2018 by goroutine 26:
  shop.Send.func1()
      /w/shop/send.go:38 +0x251

Previous write at 0x00c0000e2018 by goroutine 27:
  shop.Send.func1()
      /w/shop/send.go:38 +0x266

Goroutine 26 (running) created at:
  shop.Send()
      /w/shop/send.go:24 +0xc4
==================
==================
WARNING: DATA RACE
Write at 0x00c0000e2020 by goroutine 30:
  shop.Send.func1()
      /w/shop/send.go:41 +0x10
==================
    send_hidden_test.go:40: sent 29 reminders, want 32: increments were lost
        (3 workers overwrote each other)
    testing.go:1712: race detected during execution of test
--- FAIL: TestCounts (1.50s)
`
	got := strings.Split(trimOutput(out, 30), "\n")
	want := []string{
		"send_hidden_test.go:40: sent 29 reminders, want 32: increments were lost",
		"  (3 workers overwrote each other)",
		"testing.go:1712: race detected during execution of test",
		"DATA RACE:",
		"  Read at 0x00c0000e2018 by goroutine 26: shop.Send.func1() at /w/shop/send.go:38",
		"  Previous write at 0x00c0000e2018 by goroutine 27: shop.Send.func1() at /w/shop/send.go:38",
		"(2 data races reported in all; drill check --json shows every report)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("trimOutput =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTrimOutputCapsLength(t *testing.T) {
	var b strings.Builder
	for range 50 {
		b.WriteString("noise line\n")
	}
	got := strings.Split(trimOutput(b.String(), 10), "\n")
	if len(got) != 11 || !strings.Contains(got[10], "40 more lines") {
		t.Fatalf("trimOutput kept %d lines, last %q; want 10 plus a note of 40 more", len(got), got[len(got)-1])
	}
}
