// Package pgx stands in for pgx's identifier type.
package pgx

import "strings"

type Identifier []string

func (ident Identifier) Sanitize() string {
	parts := make([]string, len(ident))
	for i := range ident {
		parts[i] = `"` + strings.ReplaceAll(ident[i], `"`, `""`) + `"`
	}
	return strings.Join(parts, ".")
}
