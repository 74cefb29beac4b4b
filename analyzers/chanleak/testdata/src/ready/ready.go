// Package ready holds goroutines meant to signal readiness, whose error
// paths return before the signal while the function that started them
// waits on a bare <-ready; and the look-alikes that signal on every path
// or wait in a select.
package ready

import (
	"context"
	"log"
	"net"
	"sync"
	"testing"
	"time"
)

func serve(ln net.Listener) {}

// --- positives ---------------------------------------------------------

// Start waits for the listener, but a failed Listen never closes ready.
func Start(addr string) {
	ready := make(chan struct{})
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			log.Print(err)
			return // want `goroutine finishes here without closing ready, so Start blocks forever on <-ready: close\(ready\) on every path \(defer it\), or wait in a select that also receives the error`
		}
		close(ready)
		serve(ln)
	}()
	<-ready
}

// StartSend signals by sending; the error path sends nothing.
func StartSend(addr string) net.Addr {
	ready := make(chan net.Addr)
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return // want `goroutine finishes here without sending on ready, so StartSend blocks forever on <-ready: send on ready on every path, or wait`
		}
		ready <- ln.Addr()
		serve(ln)
	}()
	return <-ready
}

// StartLateDefer defers the close only after the error return.
func StartLateDefer(addr string) {
	ready := make(chan struct{})
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return // want `goroutine finishes here without closing ready`
		}
		defer close(ready)
		serve(ln)
	}()
	<-ready
}

// StartFallsOff closes only when warming up worked and otherwise just ends.
func StartFallsOff(addr string) {
	ready := make(chan struct{})
	go func() {
		if ln, err := net.Listen("tcp", addr); err == nil {
			close(ready)
			serve(ln)
		}
	}() // want `goroutine finishes here without closing ready, so StartFallsOff blocks`
	<-ready
}

// StartErrc sends the error on a channel, but the caller never looks at it.
func StartErrc(addr string) error {
	ready := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			errc <- err
			return // want `goroutine finishes here without closing ready`
		}
		close(ready)
		serve(ln)
	}()
	<-ready
	select {
	case err := <-errc:
		return err
	default:
		return nil
	}
}

// --- negatives ---------------------------------------------------------

// StartDefer closes ready however the goroutine finishes.
func StartDefer(addr string) {
	ready := make(chan struct{})
	go func() {
		defer close(ready)
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return
		}
		serve(ln)
	}()
	<-ready
}

// StartEveryPath closes on the error path too.
func StartEveryPath(addr string) {
	ready := make(chan struct{})
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			close(ready)
			return
		}
		close(ready)
		serve(ln)
	}()
	<-ready
}

// StartSendEveryPath sends the outcome on every path.
func StartSendEveryPath(addr string) error {
	ready := make(chan error)
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			ready <- err
			return
		}
		ready <- nil
		serve(ln)
	}()
	return <-ready
}

// StartSelect waits on ready or the error the goroutine sends instead.
func StartSelect(addr string) error {
	ready := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			errc <- err
			return
		}
		close(ready)
		serve(ln)
	}()
	select {
	case <-ready:
		return nil
	case err := <-errc:
		return err
	}
}

// StartTimeout gives up waiting after a while.
func StartTimeout(ctx context.Context, addr string) error {
	ready := make(chan struct{})
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return
		}
		close(ready)
		serve(ln)
	}()
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Second):
		return context.DeadlineExceeded
	}
}

// StartFatal's error path ends the process, not just the goroutine.
func StartFatal(addr string) {
	ready := make(chan struct{})
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			log.Fatal(err)
		}
		close(ready)
		serve(ln)
	}()
	<-ready
}

// StartPanic panics on the error path.
func StartPanic(addr string) {
	ready := make(chan struct{})
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			panic(err)
		}
		close(ready)
		serve(ln)
	}()
	<-ready
}

// StartOnce closes through sync.Once in a nested literal: not modelled.
func StartOnce(addr string) {
	ready := make(chan struct{})
	var once sync.Once
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return
		}
		once.Do(func() { close(ready) })
		serve(ln)
	}()
	<-ready
}

// StartTwo has a second goroutine that also closes ready: who signals on
// which path is not visible here.
func StartTwo(addr string, stop <-chan struct{}) {
	ready := make(chan struct{})
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return
		}
		close(ready)
		serve(ln)
	}()
	go func() {
		<-stop
		close(ready)
	}()
	<-ready
}

// StartMany starts one goroutine per address and waits for one of them.
func StartMany(addrs []string) {
	ready := make(chan struct{})
	for _, a := range addrs {
		go func() {
			ln, err := net.Listen("tcp", a)
			if err != nil {
				return
			}
			ready <- struct{}{}
			serve(ln)
		}()
	}
	<-ready
}

// StartSendSelect gives up sending when the context ends: the fan-out
// shape, not a readiness signal.
func StartSendSelect(ctx context.Context, addr string) net.Addr {
	ready := make(chan net.Addr)
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return
		}
		select {
		case ready <- ln.Addr():
		case <-ctx.Done():
		}
	}()
	return <-ready
}

func register(ch chan struct{}) {}

// StartHanded also hands ready to someone who may close it: who signals
// on the error path is not visible here.
func StartHanded(addr string) {
	ready := make(chan struct{})
	register(ready)
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return
		}
		close(ready)
		serve(ln)
	}()
	<-ready
}

// StartStream sends one value per address: a stream, not one readiness
// signal, even though an empty list sends nothing.
func StartStream(addrs []string) string {
	ready := make(chan string)
	go func() {
		for _, a := range addrs {
			ready <- a
		}
	}()
	return <-ready
}

// StartT calls t.Fatal on the error path, which ends the goroutine through
// runtime.Goexit: go vet's testinggoroutine check owns that mistake.
func StartT(t *testing.T, addr string) {
	ready := make(chan struct{})
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		close(ready)
		serve(ln)
	}()
	<-ready
}
