package flow

import (
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// A Launch is a function started on a new goroutine: by a go statement, by
// sync.WaitGroup.Go, or by errgroup.Group.Go.
type Launch struct {
	Site    ssa.Instruction  // the *ssa.Go or the *ssa.Call of Go/TryGo
	Closure *ssa.MakeClosure // the closure launched, when it captures variables
	Fn      *ssa.Function    // the function launched
}

// Launches lists the goroutine launch sites in fn.
func Launches(fn *ssa.Function) []Launch {
	var out []Launch
	add := func(site ssa.Instruction, v ssa.Value) {
		switch v := v.(type) {
		case *ssa.MakeClosure:
			out = append(out, Launch{Site: site, Closure: v, Fn: v.Fn.(*ssa.Function)})
		case *ssa.Function:
			out = append(out, Launch{Site: site, Fn: v})
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch i := instr.(type) {
			case *ssa.Go:
				add(i, i.Call.Value)
			case *ssa.Call:
				if IsLaunchMethod(predicate.FuncOf(i.Call.StaticCallee())) && len(i.Call.Args) == 2 {
					add(i, i.Call.Args[1])
				}
			}
		}
	}
	return out
}
