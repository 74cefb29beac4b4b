package greeting

// Greet returns the banner text for name.
func Greet(name string) string {
	if name == "" {
		name = "stranger"
	}
	return "hello, " + name
}
