// Package shapes holds leaks in less common shapes: a function literal
// that makes the channel, a select default, senders that loop, an integer
// range and a channel made afresh in each iteration.
package shapes

// The function literal is the function checked: its own body is the scope.
var First = func(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- x }() // want `goroutine sending on ch blocks forever when the func literal returns after the first value: make ch buffered \(len\(xs\)\)`
	}
	return <-ch
}

func Poll() int {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `goroutine sending on ch blocks forever when Poll returns through the select's default case: make ch buffered \(1\)`
	select {
	case v := <-ch:
		return v
	default:
		return 0
	}
}

// A sender that loops sends an unknown number of values.
func Stream(xs []int) error {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x // want `goroutine sending on ch blocks forever when Stream returns without receiving from it: make ch buffered \(the number of values sent\)`
		}
	}()
	return nil
}

// Once the caller has taken a value from a sender that loops, how many are
// left is unknown: not reported.
func StreamTaken(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
	}()
	return <-ch
}

func Counted(n int) int {
	ch := make(chan int)
	for i := range n {
		go func() { ch <- i }() // want `goroutine sending on ch blocks forever when Counted returns after the first value: make ch buffered \(n\)`
	}
	return <-ch
}

func Fresh(xs []int) {
	for _, x := range xs {
		ch := make(chan int)
		go func() { ch <- x }() // want `goroutine sending on ch blocks forever when Fresh moves on to the next iteration: make ch buffered \(1\)`
		if x > 0 {
			continue
		}
		<-ch
	}
}

// Buffered for every sender: no leak.
func Sized(n int) int {
	ch := make(chan int, n)
	for i := range n {
		go func() { ch <- i }()
	}
	return <-ch
}

// The hint counts the senders of one channel, not the outer loop's
// iterations.
func FreshNested(rounds int, xs []int) {
	for range rounds {
		for _, x := range xs {
			ch := make(chan int)
			go func() { ch <- x }() // want `goroutine sending on ch blocks forever when FreshNested moves on to the next iteration: make ch buffered \(1\)`
			if x > 0 {
				continue
			}
			<-ch
		}
	}
}
