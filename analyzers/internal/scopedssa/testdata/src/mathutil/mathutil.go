package mathutil // want "ssa not built|ssa on demand"

// Add reaches neither database/sql nor net/http: no SSA is built for it.
func Add(a, b int) int { return a + b }
