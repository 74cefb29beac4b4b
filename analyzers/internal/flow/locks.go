package flow

import (
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

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
	obj := predicate.FuncOf(callee)
	if obj != nil {
		if pkg, typ := predicate.ReceiverName(obj); pkg == "sync" && (typ == "Mutex" || typ == "RWMutex") && len(c.Args) > 0 {
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
