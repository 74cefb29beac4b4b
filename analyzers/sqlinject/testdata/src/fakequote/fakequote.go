// Package fakequote has a function named like a driver's quoting function
// that quotes nothing.
package fakequote

func QuoteIdentifier(name string) string { return name }
