package nplusone

import (
	"strconv"
	"strings"
)

// What a statement does, read from its SQL text. Only the few facts the
// N+1 judgement needs are taken from the text: the statement's kind, the
// `column = placeholder` comparisons of its WHERE clause, and whether it
// claims the rows it returns. Anything the reader does not understand
// leaves the text unknown, and the analyzer falls back to the method name.

// stmtKind is the kind of statement a text holds.
type stmtKind uint8

const (
	kindUnknown stmtKind = iota
	kindSelect
	kindInsert // INSERT, REPLACE, UPSERT, MERGE: new or upserted rows
	kindUpdate
	kindDelete
	kindSchema // CREATE, ALTER, DROP, TRUNCATE
)

// writes reports whether the text says the statement changes data, whatever
// method sends it: an INSERT ... RETURNING through QueryRow is a write.
func (k stmtKind) writes() bool {
	return k == kindInsert || k == kindUpdate || k == kindDelete || k == kindSchema
}

var kindOf = map[string]stmtKind{
	"SELECT": kindSelect,
	"INSERT": kindInsert, "REPLACE": kindInsert, "UPSERT": kindInsert, "MERGE": kindInsert,
	"UPDATE": kindUpdate,
	"DELETE": kindDelete,
	"CREATE": kindSchema, "ALTER": kindSchema, "DROP": kindSchema, "TRUNCATE": kindSchema,
}

// token kinds of the small SQL lexer.
const (
	tokWord  = iota // a keyword or identifier, quotes removed
	tokParam        // a placeholder: ?, $n, :name, @name
	tokPunct        // one character of punctuation or an operator
)

type sqlToken struct {
	kind  int
	text  string
	depth int // parenthesis depth the token is at
}

// lexSQL splits text into words, placeholders and punctuation, dropping
// comments, string literals and whitespace. A text cut short (a prefix of a
// statement built at run time) lexes as far as it goes.
func lexSQL(text string) []sqlToken {
	var toks []sqlToken
	depth := 0
	for i := 0; i < len(text); {
		ch := text[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
			i++
		case strings.HasPrefix(text[i:], "--"):
			end := strings.IndexByte(text[i:], '\n')
			if end < 0 {
				return toks
			}
			i += end + 1
		case strings.HasPrefix(text[i:], "/*"):
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				return toks
			}
			i += end + 4
		case ch == '\'':
			// A string literal; '' is an escaped quote inside it.
			j := i + 1
			for j < len(text) {
				if text[j] == '\'' {
					if j+1 < len(text) && text[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j + 1
		case ch == '"' || ch == '`':
			end := strings.IndexByte(text[i+1:], ch)
			if end < 0 {
				return toks
			}
			toks = append(toks, sqlToken{kind: tokWord, text: text[i+1 : i+1+end], depth: depth})
			i += end + 2
		case ch == '?':
			toks = append(toks, sqlToken{kind: tokParam, text: "?", depth: depth})
			i++
		case (ch == '$' || ch == ':' || ch == '@') && i+1 < len(text) && wordChar(text[i+1]) && !(ch == ':' && i > 0 && text[i-1] == ':'):
			j := i + 1
			for j < len(text) && wordChar(text[j]) {
				j++
			}
			toks = append(toks, sqlToken{kind: tokParam, text: text[i:j], depth: depth})
			i = j
		case wordChar(ch):
			j := i
			for j < len(text) && wordChar(text[j]) {
				j++
			}
			toks = append(toks, sqlToken{kind: tokWord, text: text[i:j], depth: depth})
			i = j
		default:
			if ch == ')' && depth > 0 {
				depth--
			}
			toks = append(toks, sqlToken{kind: tokPunct, text: text[i : i+1], depth: depth})
			if ch == '(' {
				depth++
			}
			i++
		}
	}
	return toks
}

func wordChar(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func (t sqlToken) is(word string) bool {
	return t.kind == tokWord && strings.EqualFold(t.text, word)
}

// classify returns the kind of the statement: its first keyword, or after
// a WITH list the first statement keyword outside the parenthesised CTEs.
func classify(toks []sqlToken) stmtKind {
	for i, t := range toks {
		if t.kind == tokPunct && t.text == "(" && t.depth == 0 {
			continue // (SELECT ...) UNION (...)
		}
		if t.kind != tokWord {
			return kindUnknown
		}
		if !t.is("WITH") {
			return kindOf[strings.ToUpper(t.text)]
		}
		for _, u := range toks[i+1:] {
			if u.kind == tokWord && u.depth == 0 {
				if k, ok := kindOf[strings.ToUpper(u.text)]; ok {
					return k
				}
			}
		}
		return kindUnknown
	}
	return kindUnknown
}

// placeholders numbers the statement's placeholders: for each one, the
// index of the argument after the text that fills it. ok is false for
// named placeholders, or ? mixed with $n, which this reader does not map.
func placeholders(toks []sqlToken) (args map[int]int, ok bool) {
	args = map[int]int{}
	qs, dollars := 0, 0
	for i, t := range toks {
		if t.kind != tokParam {
			continue
		}
		switch {
		case t.text == "?":
			args[i] = qs
			qs++
		case t.text[0] == '$':
			n, err := strconv.Atoi(t.text[1:])
			if err != nil || n < 1 {
				return nil, false
			}
			args[i] = n - 1
			dollars++
		default:
			return nil, false
		}
	}
	if qs > 0 && dollars > 0 {
		return nil, false
	}
	return args, true
}

// whereKeys returns the columns the top-level WHERE clause compares for
// equality with a placeholder (`WHERE user_id = $1 AND feed_url = $2`),
// keyed by the index of the argument that fills the placeholder. An
// argument that fills two placeholders is left out: the reader only names
// what it can name simply. ok is false when the placeholders cannot be
// mapped to arguments.
func whereKeys(toks []sqlToken) (keys map[int]string, ok bool) {
	args, ok := placeholders(toks)
	if !ok {
		return nil, false
	}
	uses := map[int]int{}
	for _, a := range args {
		uses[a]++
	}
	keys = map[int]string{}
	inWhere := false
	for i, t := range toks {
		if t.depth != 0 {
			continue
		}
		if t.is("WHERE") {
			inWhere = true
			continue
		}
		if !inWhere || t.kind != tokParam || i < 2 || toks[i-1].text != "=" || uses[args[i]] > 1 {
			continue
		}
		col := toks[i-2]
		if col.kind != tokWord || col.depth != 0 || isKeyword(col.text) {
			continue
		}
		name := col.text
		if i >= 4 && toks[i-3].text == "." && toks[i-4].kind == tokWord {
			name = toks[i-4].text + "." + name // keep the table alias of a join
		}
		keys[args[i]] = name
	}
	return keys, true
}

// isKeyword lists the words that can stand before "= ?" without naming a
// column: a placeholder compared with nothing readable is not a key.
func isKeyword(w string) bool {
	switch strings.ToUpper(w) {
	case "AND", "OR", "NOT", "WHERE", "THEN", "ELSE", "WHEN", "SET", "ON":
		return true
	}
	return false
}

// claims reports whether the statement takes the rows it returns for the
// caller: UPDATE/DELETE ... RETURNING (a queue pop) or a SELECT with
// FOR UPDATE SKIP LOCKED. Looping over such rows processes one claimed job
// per iteration; it is a worker, not a query per element.
func claims(toks []sqlToken) bool {
	k := classify(toks)
	for i, t := range toks {
		if t.depth != 0 {
			continue
		}
		switch {
		case (k == kindUpdate || k == kindDelete) && t.is("RETURNING"):
			return true
		case t.is("SKIP") && i+1 < len(toks) && toks[i+1].is("LOCKED"):
			return true
		}
	}
	return false
}
