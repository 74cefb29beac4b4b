// Package plain imports neither database/sql nor net/http: out of scope,
// so no facts even for a function that closes what it is given.
package plain

import "io"

func Close(c io.Closer) { c.Close() }
