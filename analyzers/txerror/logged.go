package txerror

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Whether an error only reaches a log: a failure that is printed and then
// ignored is as good as swallowed.

// loggerPkg reports whether a package path looks like a logging library:
// the standard ones plus the usual third-party loggers and in-house
// ".../log" or ".../logger" packages.
func loggerPkg(path string) bool {
	switch path {
	case "log", "log/slog":
		return true
	}
	last := path[strings.LastIndex(path, "/")+1:]
	switch last {
	case "zap", "zapcore", "logrus", "zerolog", "klog", "glog", "log", "logger", "logging", "logr", "slog":
		return true
	}
	return false
}

// isLogSink reports whether fn writes its arguments somewhere for humans
// (a logger, stdout/stderr, a test log) without acting on them.
func isLogSink(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	switch path {
	case "fmt":
		return strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint")
	case "testing":
		return name == "Log" || name == "Logf"
	case "log":
		return strings.HasPrefix(name, "Print") || name == "Output"
	}
	if loggerPkg(path) {
		return true
	}
	// Interface loggers declared anywhere: logger.Errorf(...), l.Warn(...).
	if sig, _ := fn.Type().(*types.Signature); sig != nil && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
		if _, n := predicate.TypeName(sig.Recv().Type()); strings.Contains(strings.ToLower(n), "log") {
			return true
		}
	}
	return false
}

// isStringify reports whether fn only formats its arguments into a string.
func isStringify(fn *types.Func) bool {
	return predicate.IsFunctionNamed(fn, "fmt", "Sprint", "Sprintf", "Sprintln")
}

// onlyLogged reports whether every use of v ends in a log call (or
// nowhere): printed, formatted for printing, wrapped in a logger field, but
// never returned, stored, or acted upon.
func onlyLogged(v ssa.Value) bool {
	return logOnly(v, map[ssa.Value]bool{})
}

func logOnly(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return true
	}
	seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		if !logUse(v, r, seen) {
			return false
		}
	}
	return true
}

func logUse(v ssa.Value, r ssa.Instruction, seen map[ssa.Value]bool) bool {
	switch r := r.(type) {
	case *ssa.DebugRef:
		return true
	case *ssa.MakeInterface:
		return logOnly(r, seen)
	case *ssa.ChangeInterface:
		return logOnly(r, seen)
	case *ssa.ChangeType:
		return logOnly(r, seen)
	case *ssa.BinOp:
		if r.Op == token.ADD { // string concatenation
			return logOnly(r, seen)
		}
		return r.Op == token.EQL || r.Op == token.NEQ
	case *ssa.Store:
		// A variadic argument: *(&varargs[i]) = v; f(varargs[:]...).
		ia, ok := r.Addr.(*ssa.IndexAddr)
		if !ok || r.Val != v {
			return false
		}
		alloc, ok := ia.X.(*ssa.Alloc)
		if !ok {
			return false
		}
		for _, ar := range *alloc.Referrers() {
			switch ar := ar.(type) {
			case *ssa.IndexAddr:
			case *ssa.Slice:
				if !logOnly(ar, seen) {
					return false
				}
			default:
				return false
			}
		}
		return true
	case *ssa.Call:
		fn := predicate.Callee(&r.Call)
		switch {
		case r.Call.IsInvoke() && r.Call.Value == v && fn.Name() == "Error":
			return logOnly(r, seen)
		case isStringify(fn):
			return logOnly(r, seen)
		case isLogSink(fn):
			return logOnly(r, seen) // a logger builder (zerolog) or a field (zap.Error) flows on
		}
		return false
	case *ssa.Extract:
		return logOnly(r, seen)
	}
	return false
}

// isLogUse reports whether instruction in uses v only to log it.
func isLogUse(v ssa.Value, in ssa.Instruction) bool {
	return logUse(v, in, map[ssa.Value]bool{})
}
