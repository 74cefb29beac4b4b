package directives

// want +1 `//line is not allowed`
var afterBlock = 1 /*line elsewhere.go:1*/
