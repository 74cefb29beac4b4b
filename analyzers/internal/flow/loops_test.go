package flow_test

import (
	"testing"

	"github.com/drillhq/drill/analyzers/internal/flow"
)

const loopsSrc = `package p

import "sync"

func before() {}
func outer()  {}
func inner()  {}
func after()  {}
func cond() bool { return false }

func nested(n int) {
	before()
	for i := 0; i < n; i++ {
		outer()
		for j := 0; j < i; j++ {
			inner()
		}
	}
	after()
}

// A diamond merges two paths without a back edge: no loop.
func diamond(b bool) {
	if b {
		before()
	} else {
		outer()
	}
	after()
}

// A goto back edge makes a loop without a for statement.
func gotoLoop() {
top:
	inner()
	if cond() {
		goto top
	}
	after()
}

func waits(wg *sync.WaitGroup, n int) {
	for range n {
		inner()
		wg.Wait()
	}
}

func receives(ch chan int, n int) {
	for range n {
		inner()
		<-ch
	}
}

func selects(a, b chan int, n int) {
	for range n {
		inner()
		select {
		case <-a:
		case <-b:
		}
	}
}

// A select with a default never waits; Add does not wait either.
func polls(a chan int, wg *sync.WaitGroup, n int) {
	for range n {
		inner()
		wg.Add(1)
		select {
		case <-a:
		default:
		}
	}
}
`

// Loops finds one natural loop per header, and Enclosing lists the loops
// around a block innermost first; code before and after the loops, a
// diamond, and straight-line code are in none.
func TestLoopsAndEnclosing(t *testing.T) {
	pkg := buildSSA(t, loopsSrc)

	fn := function(t, pkg, "nested")
	loops := flow.Loops(fn)
	if len(loops) != 2 {
		t.Fatalf("nested: %d loops, want 2", len(loops))
	}
	innerBlock := call(t, fn, "inner").Block()
	outerBlock := call(t, fn, "outer").Block()
	encl := flow.Enclosing(loops, innerBlock)
	if len(encl) != 2 {
		t.Fatalf("inner(): in %d loops, want 2", len(encl))
	}
	if !encl[0].Blocks[innerBlock] || encl[0].Blocks[outerBlock] {
		t.Errorf("innermost loop around inner() should hold inner() and not outer()")
	}
	if !encl[1].Blocks[outerBlock] || !encl[1].Blocks[innerBlock] {
		t.Errorf("outer loop should hold both inner() and outer()")
	}
	if got := flow.Enclosing(loops, outerBlock); len(got) != 1 || got[0] != encl[1] {
		t.Errorf("outer(): Enclosing = %d loops, want just the outer loop", len(got))
	}
	for _, name := range []string{"before", "after"} {
		if got := flow.Enclosing(loops, call(t, fn, name).Block()); len(got) != 0 {
			t.Errorf("%s(): in %d loops, want 0", name, len(got))
		}
	}

	if got := flow.Loops(function(t, pkg, "diamond")); len(got) != 0 {
		t.Errorf("diamond: %d loops, want 0", len(got))
	}

	fn = function(t, pkg, "gotoLoop")
	loops = flow.Loops(fn)
	if len(loops) != 1 {
		t.Fatalf("gotoLoop: %d loops, want 1", len(loops))
	}
	if len(flow.Enclosing(loops, call(t, fn, "inner").Block())) != 1 {
		t.Errorf("gotoLoop: inner() should be in the goto loop")
	}
	if len(flow.Enclosing(loops, call(t, fn, "after").Block())) != 0 {
		t.Errorf("gotoLoop: after() should be outside the goto loop")
	}
}

// Synchronizes holds for loops that wait (Wait, a receive, a blocking
// select) and not for one that only polls or counts.
func TestSynchronizes(t *testing.T) {
	pkg := buildSSA(t, loopsSrc)
	for name, want := range map[string]bool{"waits": true, "receives": true, "selects": true, "polls": false} {
		fn := function(t, pkg, name)
		encl := flow.Enclosing(flow.Loops(fn), call(t, fn, "inner").Block())
		if len(encl) != 1 {
			t.Fatalf("%s: inner() in %d loops, want 1", name, len(encl))
		}
		if got := encl[0].Synchronizes(); got != want {
			t.Errorf("%s: Synchronizes() = %v, want %v", name, got, want)
		}
	}
}
