package greeting

import "testing"

func TestGreetEmpty(t *testing.T) {
	if got := Greet(""); got != "hello, stranger" {
		t.Fatalf("Greet(\"\") = %q", got)
	}
}

func TestGreetName(t *testing.T) {
	if got := Greet("ada"); got != "hello, ada" {
		t.Fatalf("Greet(\"ada\") = %q", got)
	}
}
