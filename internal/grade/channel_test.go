package grade

import (
	"io"
	"strings"
	"testing"

	"github.com/drillhq/drill/exercises/harness"
)

// The harness and drill must agree on the channel's switch and its MAC:
// they live in different binaries and cannot share code at run time.
func TestChannelMatchesHarness(t *testing.T) {
	if verdictEnv != harness.VerdictEnv {
		t.Fatalf("verdictEnv = %q, harness.VerdictEnv = %q", verdictEnv, harness.VerdictEnv)
	}
	secret := []byte("0123456789abcdef0123456789abcdef")
	if got, want := sign(secret, "test", "TestA", "pass"), harness.Sign(secret, "test", "TestA", "pass"); got != want {
		t.Fatalf("sign = %s, harness.Sign = %s", got, want)
	}
}

func TestReadReports(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	other := []byte("fedcba9876543210fedcba9876543210")
	line := func(key []byte, kind, name, value string) string {
		return kind + " " + name + " " + value + " " + sign(key, kind, name, value) + "\n"
	}
	stream := line(secret, "test", "TestA", "pass") +
		line(other, "test", "TestB", "pass") + // signed with another check's secret
		"test TestC pass 00\n" + // no valid MAC
		"--- PASS: TestD (0.00s)\n" + // framing printed to the channel
		strings.Repeat("x", 10000) + "\n" + // an over-long line
		line(secret, "test", "TestE", "fail") +
		line(secret, "exit", "-", "0")
	rep := readReports(strings.NewReader(stream), secret)
	if rep.tests["TestA"] != "pass" || rep.tests["TestE"] != "fail" || len(rep.tests) != 2 {
		t.Errorf("tests = %v, want TestA pass and TestE fail only", rep.tests)
	}
	if rep.exit != 0 {
		t.Errorf("exit = %d, want 0", rep.exit)
	}
	if rep.forged < 4 {
		t.Errorf("forged = %d, want at least 4", rep.forged)
	}
}

func TestCappedBuffer(t *testing.T) {
	b := &cappedBuffer{max: 10}
	b.Write([]byte("0123456789abc"))
	// io.Copy is how os/exec fills it: it must not find a way around Write.
	io.Copy(b, strings.NewReader("more"))
	if string(b.Bytes()) != "0123456789" || b.dropped != 7 {
		t.Fatalf("kept %q, dropped %d; want the first 10 bytes and 7 dropped", b.Bytes(), b.dropped)
	}
	if !strings.Contains(b.note(), "7 more bytes were dropped") {
		t.Fatalf("note = %q", b.note())
	}
}
