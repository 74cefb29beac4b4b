package predicate

import (
	"go/types"
	"slices"
)

// Unpointer returns the element type of a pointer type (through aliases),
// or t itself.
func Unpointer(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// IsTypeNamed reports whether t (through aliases) is the named type
// pkgPath.N for one of names. A pointer to it is not.
func IsTypeNamed(t types.Type, pkgPath string, names ...string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == pkgPath && slices.Contains(names, obj.Name())
}

// IsPointerToNamed reports whether t is a pointer to the named type
// pkgPath.N for one of names.
func IsPointerToNamed(t types.Type, pkgPath string, names ...string) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && IsTypeNamed(p.Elem(), pkgPath, names...)
}

// TypeName returns the package path and name of the named type behind t,
// looking through one pointer; "", "" when there is none (a basic type, a
// type literal, a universe type such as error).
func TypeName(t types.Type) (pkgPath, name string) {
	n, ok := types.Unalias(Unpointer(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", ""
	}
	return n.Obj().Pkg().Path(), n.Obj().Name()
}

// ReceiverName returns the package path and type name of a method's
// receiver, through one pointer; "", "" for functions and for methods of
// unnamed interfaces.
func ReceiverName(fn *types.Func) (pkgPath, typeName string) {
	if fn == nil {
		return "", ""
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return "", ""
	}
	return TypeName(sig.Recv().Type())
}

// IsFunctionNamed reports whether fn is the package-level function
// pkgPath.N for one of names (not a method).
func IsFunctionNamed(fn *types.Func, pkgPath string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkgPath {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	return slices.Contains(names, fn.Name())
}

// IsMethodNamed reports whether fn is a method, called one of names, of
// the named type pkgPath.typeName (value or pointer receiver).
func IsMethodNamed(fn *types.Func, pkgPath, typeName string, names ...string) bool {
	return IsMethodOf(fn, pkgPath, typeName) && slices.Contains(names, fn.Name())
}

// IsMethodOf reports whether fn is any method of the named type
// pkgPath.typeName (value or pointer receiver).
func IsMethodOf(fn *types.Func, pkgPath, typeName string) bool {
	p, n := ReceiverName(fn)
	return p != "" && p == pkgPath && n == typeName
}

// IsErrorType reports whether t is the predeclared error interface.
func IsErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// IsBasicKind reports whether t's underlying type is the basic type k
// (types.String, types.Byte, ...). byte and uint8 are the same kind.
func IsBasicKind(t types.Type, k types.BasicKind) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == k
}

// HasBasicInfo reports whether t's underlying type is a basic type with
// all of the given properties (types.IsString, types.IsBoolean, ...).
func HasBasicInfo(t types.Type, info types.BasicInfo) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&info == info
}
