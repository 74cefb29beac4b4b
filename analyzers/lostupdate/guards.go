package lostupdate

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// What makes a read-modify-write safe even though the UPDATE writes an
// absolute value: a transaction strong enough to refuse the second
// writer, or a Go mutex held from the read to the write. Anything this
// file cannot see through counts as safe.

// isolation is what the analyzer knows about the transaction a statement
// runs in.
type isolation uint8

const (
	unknown isolation = iota // a parameter, a field, an interface: the caller may have locked
	weak                     // autocommit, or a transaction begun here at the default level
	strong                   // begun here at sql.LevelSerializable or above
)

// guards holds, for one function body, the transactions it begins and the
// mutexes it locks.
type guards struct {
	info *types.Info
	// txs is each local variable assigned only from a Begin call in this
	// function, with the weakest isolation among those calls.
	txs     map[types.Object]isolation
	locks   []mutexOp // Lock calls on a sync.Mutex or sync.RWMutex
	unlocks []mutexOp // Unlock calls not deferred
}

type mutexOp struct {
	pos token.Pos
	key string // the mutex, as written: s.mu, reserveMu
}

func newGuards(info *types.Info, body *ast.BlockStmt) *guards {
	g := &guards{info: info, txs: map[types.Object]isolation{}}
	other := map[types.Object]bool{} // assigned from anything but a Begin
	deferred := map[*ast.CallExpr]bool{}
	inspectOwn(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.DeferStmt:
			deferred[n.Call] = true
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				obj := localVar(info, lhs)
				if obj == nil {
					continue
				}
				level := unknown
				if len(n.Rhs) == 1 && i == 0 {
					if c, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok {
						if opts, begins := beginOptions(info, c); begins {
							level = g.levelOf(opts)
						}
					}
				}
				if level == unknown {
					other[obj] = true
				} else if old, seen := g.txs[obj]; !seen || level < old {
					g.txs[obj] = level
				}
			}
		case *ast.CallExpr:
			fn := predicate.CalleeFunc(info, n)
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok {
				return
			}
			op := mutexOp{pos: n.Pos(), key: types.ExprString(sel.X)}
			switch {
			case predicate.IsMethodNamed(fn, "sync", "Mutex", "Lock"), predicate.IsMethodNamed(fn, "sync", "RWMutex", "Lock"):
				g.locks = append(g.locks, op)
			case predicate.IsMethodNamed(fn, "sync", "Mutex", "Unlock"), predicate.IsMethodNamed(fn, "sync", "RWMutex", "Unlock"):
				if !deferred[n] {
					g.unlocks = append(g.unlocks, op)
				}
			}
		}
	})
	for obj := range other {
		delete(g.txs, obj)
	}
	return g
}

// localVar returns the variable e names when it is a plain identifier of
// a local variable, or nil.
func localVar(info *types.Info, e ast.Expr) types.Object {
	id := predicate.Ident(e)
	if id == nil || id.Name == "_" {
		return nil
	}
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}

// levelOf reads the options of a Begin: nil, or a sql.TxOptions literal
// whose Isolation is absent or constant. Anything else is unknown.
func (g *guards) levelOf(opts ast.Expr) isolation {
	if opts == nil {
		return weak // Begin() takes no options
	}
	if tv, ok := g.info.Types[opts]; ok && tv.IsNil() {
		return weak
	}
	e := ast.Unparen(opts)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok || !predicate.IsTypeNamed(g.info.TypeOf(lit), "database/sql", "TxOptions") {
		return unknown
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return unknown
		}
		if id := predicate.Ident(kv.Key); id == nil || id.Name != "Isolation" {
			continue
		}
		tv := g.info.Types[kv.Value]
		named, isNamed := types.Unalias(tv.Type).(*types.Named)
		if tv.Value == nil || !isNamed || named.Obj().Pkg() == nil {
			return unknown
		}
		serial, isConst := named.Obj().Pkg().Scope().Lookup("LevelSerializable").(*types.Const)
		if !isConst {
			return unknown
		}
		// Serializable (and Linearizable above it) makes the second
		// writer of a read row fail instead of overwrite.
		if constant.Compare(tv.Value, token.GEQ, serial.Val()) {
			return strong
		}
		return weak
	}
	return weak
}

// of returns the isolation of the statement sc: autocommit on the pool,
// the level of a transaction begun here, or unknown.
func (g *guards) of(sc *sqlCall) isolation {
	if sc.pool {
		return weak
	}
	if obj := localVar(g.info, sc.recv); obj != nil {
		if level, ok := g.txs[obj]; ok {
			return level
		}
	}
	return unknown
}

// mutexHeld reports whether a Lock taken before from is still held at to:
// no Unlock of the same mutex, other than a deferred one, lies between the
// Lock and to. A process-wide mutex does not help a second replica, but
// it is a deliberate choice this analyzer leaves to the reader.
func (g *guards) mutexHeld(from, to token.Pos) bool {
	for _, l := range g.locks {
		if l.pos >= from {
			continue
		}
		released := false
		for _, u := range g.unlocks {
			if u.key == l.key && u.pos > l.pos && u.pos < to {
				released = true
				break
			}
		}
		if !released {
			return true
		}
	}
	return false
}
