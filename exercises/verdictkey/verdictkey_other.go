//go:build !unix

package verdictkey

// Take has no secret to give where drill does not grade.
func Take() []byte { return nil }
