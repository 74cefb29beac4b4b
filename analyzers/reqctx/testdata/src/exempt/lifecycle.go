package exempt

import (
	"context"
	"time"
)

type Worker struct {
	ctx    context.Context
	cancel context.CancelFunc
	stop   context.CancelFunc
}

// Start gives the worker a lifetime of its own: Stop cancels it.
func (w *Worker) Start(ctx context.Context) {
	w.ctx, w.cancel = context.WithCancel(context.Background())
	go w.loop()
}

// The cancel kept in a field after the fact is the same.
func (w *Worker) StartLater(ctx context.Context) {
	runCtx, cancel := context.WithTimeout(context.Background(), time.Hour)
	w.stop = cancel
	w.ctx = runCtx
}

// Returned to the caller, who decides when it ends.
func Detached(ctx context.Context) (context.Context, context.CancelFunc) {
	c, cancel := context.WithCancel(context.Background())
	return c, cancel
}

// A cancel that stays local means the work is this call's: the caller's
// context is dropped.
func Local(ctx context.Context) {
	c, cancel := context.WithTimeout(context.Background(), time.Second) // want `context.Background\(\) drops the caller's cancellation`
	defer cancel()
	use(c)
}

// A kept cancel of a context derived from something else is not an excuse
// for a Background elsewhere.
func Elsewhere(ctx context.Context, w *Worker) {
	w.ctx, w.cancel = context.WithCancel(ctx)
	use(context.TODO()) // want `context.TODO\(\) drops the caller's cancellation`
}

func (w *Worker) loop() { <-w.ctx.Done() }
