package flow

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A Loop is a natural loop of an SSA function: its header and every block
// that can reach a back edge to the header without passing through it.
type Loop struct {
	Header *ssa.BasicBlock
	Blocks map[*ssa.BasicBlock]bool
}

// Loops returns the natural loops of fn, one per header.
func Loops(fn *ssa.Function) []*Loop {
	byHeader := map[*ssa.BasicBlock]*Loop{}
	var order []*Loop
	for _, b := range fn.Blocks {
		for _, h := range b.Succs {
			if !h.Dominates(b) {
				continue
			}
			l := byHeader[h]
			if l == nil {
				l = &Loop{Header: h, Blocks: map[*ssa.BasicBlock]bool{h: true}}
				byHeader[h] = l
				order = append(order, l)
			}
			stack := []*ssa.BasicBlock{b}
			for len(stack) > 0 {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if l.Blocks[x] {
					continue
				}
				l.Blocks[x] = true
				stack = append(stack, x.Preds...)
			}
		}
	}
	return order
}

// Enclosing returns the loops that contain b, innermost first.
func Enclosing(loops []*Loop, b *ssa.BasicBlock) []*Loop {
	var out []*Loop
	for _, l := range loops {
		if l.Blocks[b] {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Blocks) < len(out[j].Blocks) })
	return out
}

// Synchronizes reports whether the loop waits for other goroutines in its
// own body: a WaitGroup/errgroup/Cond Wait, a channel receive or a blocking
// select. Goroutines started in such a loop may run one after another.
func (l *Loop) Synchronizes() bool {
	for b := range l.Blocks {
		for _, instr := range b.Instrs {
			switch i := instr.(type) {
			case *ssa.UnOp:
				if i.Op == token.ARROW {
					return true
				}
			case *ssa.Select:
				if i.Blocking {
					return true
				}
			case *ssa.Call:
				if IsWaitMethod(FuncObj(i.Call.StaticCallee())) {
					return true
				}
			}
		}
	}
	return false
}

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
				if IsLaunchMethod(FuncObj(i.Call.StaticCallee())) && len(i.Call.Args) == 2 {
					add(i, i.Call.Args[1])
				}
			}
		}
	}
	return out
}

// Key returns a structural name for an address or value: two SSA values with
// the same key denote the same variable or field path within one function
// (s.mu at Lock and at Unlock, n at its load and its store).
func Key(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.FieldAddr:
		return Key(v.X) + "." + fieldName(v.X.Type(), v.Field)
	case *ssa.Field:
		return Key(v.X) + "." + fieldName(v.X.Type(), v.Field)
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return "*" + Key(v.X)
		}
	case *ssa.IndexAddr:
		return Key(v.X) + "[]"
	case *ssa.Index:
		return Key(v.X) + "[]"
	case *ssa.ChangeType:
		return Key(v.X)
	case *ssa.Global:
		return "global:" + v.RelString(nil)
	}
	return fmt.Sprintf("%p", v)
}

func fieldName(t types.Type, i int) string {
	t = t.Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	if s, ok := t.(*types.Struct); ok && i < s.NumFields() {
		return s.Field(i).Name()
	}
	return fmt.Sprint(i)
}

// FieldName is the name of the field selected by a FieldAddr or Field.
func FieldName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.FieldAddr:
		return fieldName(v.X.Type(), v.Field)
	case *ssa.Field:
		return fieldName(v.X.Type(), v.Field)
	}
	return ""
}

// lockOp classifies a call as acquiring (+1) or releasing (-1) a lock, with a
// key naming the lock.
func lockOp(c *ssa.CallCommon) (string, int) {
	if c.IsInvoke() {
		switch c.Method.Name() {
		case "Lock", "RLock":
			return Key(c.Value), +1
		case "Unlock", "RUnlock":
			return Key(c.Value), -1
		}
		return "", 0
	}
	callee := c.StaticCallee()
	if callee == nil {
		return "", 0
	}
	obj := FuncObj(callee)
	if obj != nil {
		if pkg, typ := RecvNamed(obj); pkg == "sync" && (typ == "Mutex" || typ == "RWMutex") && len(c.Args) > 0 {
			switch obj.Name() {
			case "Lock", "RLock", "TryLock", "TryRLock":
				return Key(c.Args[0]), +1
			case "Unlock", "RUnlock":
				return Key(c.Args[0]), -1
			}
			return "", 0
		}
	}
	// Project helpers such as s.lockShard(k) / s.unlockShard(k).
	name := callee.Name()
	lower := strings.ToLower(name)
	switch {
	case strings.Contains(lower, "unlock"):
		return "helper", -1
	case strings.HasPrefix(lower, "lock"), strings.HasPrefix(lower, "rlock"),
		strings.HasSuffix(name, "Lock") && !strings.HasSuffix(name, "Block") && !strings.HasSuffix(name, "Clock"):
		return "helper", +1
	}
	return "", 0
}

// Locks records, for each instruction of a function, whether some lock is
// held on every path that reaches it (deferred unlocks run at return and do
// not release anything earlier).
type Locks struct {
	held map[ssa.Instruction]bool
}

// HeldAt reports whether a lock is held on every path to instr.
func (l *Locks) HeldAt(instr ssa.Instruction) bool { return l.held[instr] }

// ComputeLocks runs the must-hold lock analysis over fn.
func ComputeLocks(fn *ssa.Function) *Locks {
	res := &Locks{held: map[ssa.Instruction]bool{}}
	n := len(fn.Blocks)
	if n == 0 {
		return res
	}
	in := make([]map[string]bool, n)
	in[0] = map[string]bool{}
	transfer := func(b *ssa.BasicBlock, set map[string]bool, record bool) map[string]bool {
		cur := make(map[string]bool, len(set))
		for k := range set {
			cur[k] = true
		}
		for _, instr := range b.Instrs {
			if record {
				res.held[instr] = len(cur) > 0
			}
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			key, op := lockOp(&call.Call)
			switch op {
			case +1:
				cur[key] = true
			case -1:
				delete(cur, key)
			}
		}
		return cur
	}
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			if in[b.Index] == nil {
				continue
			}
			out := transfer(b, in[b.Index], false)
			for _, s := range b.Succs {
				if in[s.Index] == nil {
					in[s.Index] = make(map[string]bool, len(out))
					for k := range out {
						in[s.Index][k] = true
					}
					changed = true
					continue
				}
				for k := range in[s.Index] {
					if !out[k] {
						delete(in[s.Index], k)
						changed = true
					}
				}
			}
		}
	}
	for _, b := range fn.Blocks {
		if in[b.Index] == nil {
			// Unreachable from the entry (a recover block): assume
			// protected rather than guess.
			for _, instr := range b.Instrs {
				res.held[instr] = true
			}
			continue
		}
		transfer(b, in[b.Index], true)
	}
	return res
}

// Referrers returns v's referrers, or nil.
func Referrers(v ssa.Value) []ssa.Instruction {
	if r := v.Referrers(); r != nil {
		return *r
	}
	return nil
}
