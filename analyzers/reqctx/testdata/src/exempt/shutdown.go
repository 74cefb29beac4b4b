package exempt

import (
	"context"
	"net/http"
)

// Once ctx is done, shutdown needs a context of its own: one derived from
// ctx would already be cancelled.
func ServeUntilDone(ctx context.Context, srv *http.Server) error {
	go srv.ListenAndServe()
	<-ctx.Done()
	return srv.Shutdown(context.Background())
}

func ServeSelect(ctx context.Context, srv *http.Server, errc chan error) error {
	select {
	case <-ctx.Done():
		return srv.Shutdown(context.Background())
	case err := <-errc:
		// ctx is still live here: the server failed on its own.
		use(context.Background()) // want `context.Background\(\) drops the caller's cancellation`
		return err
	}
}

// Before the wait, and after waiting on something else, Background still
// drops the caller's context.
func BeforeDone(ctx context.Context, srv *http.Server, w waiter) error {
	use(context.TODO()) // want `context.TODO\(\) drops the caller's cancellation`
	<-w.Done()
	use(context.Background()) // want `context.Background\(\) drops the caller's cancellation`
	<-ctx.Done()
	return srv.Shutdown(context.Background())
}

type waiter struct{ ch chan struct{} }

func (w waiter) Done() <-chan struct{} { return w.ch }
