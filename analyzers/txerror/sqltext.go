package txerror

import "strings"

// Whether a constant SQL text only reads: the one question txerror asks of
// a statement's text, to tell a read-only transaction (whose failed Commit
// loses nothing) from one that writes.

// writeWords are the words that make a SELECT or WITH statement more than
// a plain read: a data-modifying CTE (WITH x AS (DELETE ... RETURNING *)
// SELECT ...), SELECT ... INTO a new table, and the locking clauses FOR
// UPDATE, FOR NO KEY UPDATE, FOR [KEY] SHARE and MySQL's LOCK IN SHARE
// MODE. A column or alias spelled like one of them also matches; that only
// costs silence, never a false "read-only".
var writeWords = map[string]bool{
	"INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true,
	"INTO": true, "SHARE": true, "LOCK": true,
}

// readOnlySQL reports whether text is a single plain read: it starts with
// SELECT or WITH (after comments and parentheses), holds none of
// writeWords outside quotes and comments, and is one statement. Anything
// it cannot scan with certainty (a backslash escape, dollar quoting, an
// unterminated quote) is not a plain read.
func readOnlySQL(text string) bool {
	words, ok := sqlWords(text)
	if !ok || len(words) == 0 || (words[0] != "SELECT" && words[0] != "WITH") {
		return false
	}
	for _, w := range words {
		if writeWords[w] {
			return false
		}
	}
	return true
}

// sqlWords returns the upper-cased words of text outside string literals,
// quoted identifiers and comments. ok is false when the text cannot be
// scanned with certainty, or holds a second statement after a ';'.
func sqlWords(text string) (words []string, ok bool) {
	ended := false // a ';' was seen: only blanks and comments may follow
	for i := 0; i < len(text); {
		ch := text[i]
		switch {
		case ch == '-' && strings.HasPrefix(text[i:], "--"):
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				return words, true
			}
			i += j + 1
		case ch == '/' && strings.HasPrefix(text[i:], "/*"):
			j := strings.Index(text[i+2:], "*/")
			if j < 0 || strings.Contains(text[i+2:i+2+j], "/*") {
				return nil, false // unterminated, or nested (PostgreSQL allows it)
			}
			i += 2 + j + 2
		case ch == '\'' || ch == '"' || ch == '`':
			j := closingQuote(text, i)
			if j < 0 {
				return nil, false
			}
			if ended {
				return nil, false
			}
			i = j + 1
		case ch == '$' && i+1 < len(text) && !isDigit(text[i+1]):
			return nil, false // $tag$ ... $tag$ dollar quoting; $1 is a placeholder
		case ch == ';':
			ended = true
			i++
		case isWordStart(ch):
			j := i
			for j < len(text) && (isWordStart(text[j]) || isDigit(text[j])) {
				j++
			}
			if ended {
				return nil, false
			}
			words = append(words, strings.ToUpper(text[i:j]))
			i = j
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
			i++
		default:
			if ended {
				return nil, false
			}
			i++
		}
	}
	return words, true
}

// closingQuote returns the index of the quote closing the one at text[i],
// treating a doubled quote as an escaped one, or -1. A backslash inside the
// quotes gives up: MySQL reads it as an escape and PostgreSQL does not, so
// where the literal ends depends on the server.
func closingQuote(text string, i int) int {
	q := text[i]
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			return -1
		case q:
			if j+1 < len(text) && text[j+1] == q {
				j++
				continue
			}
			return j
		}
	}
	return -1
}

func isWordStart(ch byte) bool {
	return ch == '_' || ('a' <= ch && ch <= 'z') || ('A' <= ch && ch <= 'Z')
}

func isDigit(ch byte) bool { return '0' <= ch && ch <= '9' }
