package cli

import "strings"

// IsVetInvocation reports whether args come from the go command's vet
// protocol (-V=full to identify the tool, -flags to list its flags, or
// flags followed by a .cfg file describing one package) rather than from a
// person.
func IsVetInvocation(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if args[0] == "-V=full" || args[0] == "-flags" {
		return true
	}
	last := args[len(args)-1]
	if !strings.HasSuffix(last, ".cfg") {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false
		}
	}
	return true
}
