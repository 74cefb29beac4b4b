// Package flow holds the control-flow and concurrency helpers shared by
// drill's loop and goroutine analyzers (nplusone, sharedwrite, chanleak):
// natural loops in SSA, goroutine launch sites, a must-hold lock set,
// structural keys for SSA addresses, and per-iteration reachability on the
// AST control-flow graph. Type and SSA predicates (is this *sql.Rows, which
// function does this call invoke) live in analyzers/internal/predicate.
package flow

import (
	"go/types"
	"strings"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// The sync vocabulary: which methods start goroutines and which wait for
// them.

// IsErrgroupPath reports whether path is the errgroup package (or a vendored
// or forked copy of it ending in /errgroup).
func IsErrgroupPath(path string) bool {
	return path == "golang.org/x/sync/errgroup" || len(path) > len("/errgroup") && strings.HasSuffix(path, "/errgroup")
}

// IsLaunchMethod reports whether f starts its function argument on a new
// goroutine: sync.WaitGroup.Go and errgroup.Group.Go/TryGo.
func IsLaunchMethod(f *types.Func) bool {
	if f == nil {
		return false
	}
	pkg, typ := predicate.ReceiverName(f)
	switch {
	case pkg == "sync" && typ == "WaitGroup":
		return f.Name() == "Go"
	case IsErrgroupPath(pkg) && typ == "Group":
		return f.Name() == "Go" || f.Name() == "TryGo"
	}
	return false
}

// IsWaitMethod reports whether f blocks until other goroutines have finished
// or signalled: WaitGroup.Wait, errgroup.Group.Wait, sync.Cond.Wait.
func IsWaitMethod(f *types.Func) bool {
	if f == nil || f.Name() != "Wait" {
		return false
	}
	pkg, typ := predicate.ReceiverName(f)
	return pkg == "sync" && (typ == "WaitGroup" || typ == "Cond") ||
		IsErrgroupPath(pkg) && typ == "Group"
}
