// Package exempt holds the places context.Background may appear in a
// function that has a caller's context, beside look-alikes that drop it.
package exempt

import "context"

func use(context.Context) {}

// Parentheses do not hide a default for a nil parameter or a comparison.
func Parens(ctx context.Context) bool {
	if ctx == nil {
		ctx = (context.Background())
	}
	return (context.Background()) == ctx
}

// An unkeyed composite literal element is a value being built, as a keyed
// one is.
func Unkeyed(ctx context.Context) []context.Context {
	return []context.Context{context.Background(), ctx}
}

// A map key is not an element value: the call is still made and used.
func MapKey(ctx context.Context) map[context.Context]int {
	return map[context.Context]int{context.Background(): 1} // want `context.Background\(\) drops the caller's cancellation`
}

// Ordering is not comparing for equality.
func Less(ctx context.Context) bool {
	return len(fmtCtx(context.TODO())) < len(fmtCtx(ctx)) // want `context.TODO\(\) drops the caller's cancellation`
}

func fmtCtx(c context.Context) string { return "" }

// Assigning the second of two parameters, by position.
func Second(a, b context.Context) {
	var local context.Context
	local, b = context.Background(), context.TODO() // want `context.Background\(\) drops the caller's cancellation`
	use(local)
	use(b)
}
