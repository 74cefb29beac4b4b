package flow

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Key returns a structural name for an address or value: two SSA values with
// the same key denote the same variable or field path within one function
// (s.mu at Lock and at Unlock, n at its load and its store).
func Key(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.FieldAddr:
		return Key(v.X) + "." + fieldKey(v, v.Field)
	case *ssa.Field:
		return Key(v.X) + "." + fieldKey(v, v.Field)
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

// fieldKey names field i of a selection by its name, or by its index when
// the selected type is not a struct the type checker can name fields of.
func fieldKey(v ssa.Value, i int) string {
	if name := predicate.FieldName(v); name != "" {
		return name
	}
	return fmt.Sprint(i)
}
