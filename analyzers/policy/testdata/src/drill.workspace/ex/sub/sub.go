// Package sub is part of exercise ex, which may import it.
package sub

const Rows = 3
