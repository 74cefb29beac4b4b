package totals

import "testing"

func TestTotalAddsEveryItem(t *testing.T) {
	if got := Total([]int{100, 250, 5}); got != 355 {
		t.Fatalf("Total = %d, want 355", got)
	}
}

func TestTotalEmpty(t *testing.T) {
	if got := Total(nil); got != 0 {
		t.Fatalf("Total(nil) = %d, want 0", got)
	}
}
