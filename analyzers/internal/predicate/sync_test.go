package predicate

import (
	"go/token"
	"go/types"
	"path"
	"testing"
)

// syncTestNamed returns a fresh named struct type pkgPath.name.
func syncTestNamed(pkgPath, name string) *types.Named {
	pkg := types.NewPackage(pkgPath, path.Base(pkgPath))
	return types.NewNamed(types.NewTypeName(token.NoPos, pkg, name, nil), types.NewStruct(nil, nil), nil)
}

// IsSyncType accepts the named types of sync and sync/atomic, also through
// an alias, and rejects pointers to them, look-alikes of the same name in
// other packages, and unnamed types.
func TestIsSyncType(t *testing.T) {
	mutex := syncTestNamed("sync", "Mutex")
	alias := types.NewAlias(types.NewTypeName(token.NoPos, types.NewPackage("example.com/app", "app"), "Lock", nil), mutex)
	for _, tc := range []struct {
		name string
		t    types.Type
		want bool
	}{
		{"sync.Mutex", mutex, true},
		{"atomic.Int64", syncTestNamed("sync/atomic", "Int64"), true},
		{"alias of sync.Mutex", alias, true},
		{"*sync.Mutex", types.NewPointer(mutex), false},
		{"example.com/sync.Mutex", syncTestNamed("example.com/sync", "Mutex"), false},
		{"example.com/app.Counter", syncTestNamed("example.com/app", "Counter"), false},
		{"int64", types.Typ[types.Int64], false},
		{"error", types.Universe.Lookup("error").Type(), false},
	} {
		if got := IsSyncType(tc.t); got != tc.want {
			t.Errorf("IsSyncType(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
