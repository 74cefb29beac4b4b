package greeting

// Greet returns the banner text for name.
func Greet(name string) string {
	return "hello, " + name
}
