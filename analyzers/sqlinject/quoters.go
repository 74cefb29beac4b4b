package sqlinject

import (
	"go/types"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// pgxPaths are the pgx major versions whose Identifier type quotes.
var pgxPaths = []string{"github.com/jackc/pgx/v5", "github.com/jackc/pgx/v4", "github.com/jackc/pgx"}

// isQuoter reports whether fn is a driver's quoting function: its result
// is one double-quoted identifier or one single-quoted literal with the
// quote character doubled inside, so whatever went in cannot end the name
// or string early and add SQL of its own. Table and schema names, which
// cannot be sent as parameters, are quoted this way.
func isQuoter(fn *types.Func) bool {
	if predicate.IsFunctionNamed(fn, "github.com/lib/pq", "QuoteIdentifier", "QuoteLiteral") {
		return true
	}
	for _, p := range pgxPaths {
		if predicate.IsMethodNamed(fn, p, "Identifier", "Sanitize") {
			return true
		}
	}
	return false
}
