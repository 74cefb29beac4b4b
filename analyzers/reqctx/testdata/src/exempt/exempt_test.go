package exempt

import (
	"context"
	"testing"
)

// A test has no client that goes away: its contexts are its own choice.
func helper(ctx context.Context) { use(context.TODO()) }

func TestHelper(t *testing.T) { helper(context.Background()) }
