package blog

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"authors"
	"dbgen"
)

type Post struct {
	ID         int64
	Title      string
	AuthorID   int64
	AuthorName string
	Tags       []int64
}

// listPosts runs one query; calling it once is fine.
func listPosts(ctx context.Context, db *sql.DB) ([]Post, error) { // want listPosts:"mayQuery"
	rows, err := db.QueryContext(ctx, `SELECT id, title, author_id FROM posts ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var posts []Post
	for rows.Next() {
		var p Post
		if err := rows.Scan(&p.ID, &p.Title, &p.AuthorID); err != nil {
			return nil, err
		}
		posts = append(posts, p)
	}
	return posts, rows.Err()
}

// --- positives ---------------------------------------------------------

// PostsWithAuthors is the catalogue's sketch: one query per post.
func PostsWithAuthors(ctx context.Context, db *sql.DB) ([]Post, error) { // want PostsWithAuthors:"mayQuery"
	posts, err := listPosts(ctx, db)
	if err != nil {
		return nil, err
	}
	for i := range posts {
		err := db.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, posts[i].AuthorID). // want `QueryRowContext runs once per element of posts \(N\+1\): fetch them in one query with WHERE id IN \(\.\.\.\) \(or id = ANY\(\$1\) on PostgreSQL\)$`
														Scan(&posts[i].AuthorName)
		if err != nil {
			return nil, err
		}
	}
	return posts, nil
}

func loadAuthor(ctx context.Context, db *sql.DB, id int64) (string, error) { // want loadAuthor:"mayQuery key\\[2\\]=id"
	var name string
	err := db.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, id).Scan(&name)
	return name, err
}

// FillAuthors hides the query in a helper of the same package.
func FillAuthors(ctx context.Context, db *sql.DB, posts []Post) error { // want FillAuthors:"queriesInLoop"
	for i, p := range posts {
		name, err := loadAuthor(ctx, db, p.AuthorID) // want `loadAuthor runs a query once per element of posts \(N\+1\): fetch them in one query with WHERE id IN \(\.\.\.\) \(or id = ANY\(\$1\) on PostgreSQL\)$`
		if err != nil {
			return err
		}
		posts[i].AuthorName = name
	}
	return nil
}

// AuthorsFromRows queries inside the rows.Next loop of another query.
func AuthorsFromRows(ctx context.Context, db *sql.DB) (map[int64]string, error) { // want AuthorsFromRows:"mayQuery"
	rows, err := db.QueryContext(ctx, `SELECT author_id FROM posts`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		var name string
		if err := db.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, id).Scan(&name); err != nil { // want `QueryRowContext runs once per row of rows \(N\+1\)`
			return nil, err
		}
		names[id] = name
	}
	return names, rows.Err()
}

// TagCounts ranges over a map.
func TagCounts(ctx context.Context, db *sql.DB, tags map[int64]string) (map[string]int, error) { // want TagCounts:"queriesInLoop"
	out := map[string]int{}
	for id, name := range tags {
		var n int
		rows, err := db.QueryContext(ctx, `SELECT count(*) FROM post_tags WHERE tag_id = ?`, id) // want `QueryContext runs once per element of tags \(N\+1\)`
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			rows.Scan(&n)
		}
		rows.Close()
		out[name] = n
	}
	return out, nil
}

// CrossPackage calls a helper from another package: known through a fact.
func CrossPackage(ctx context.Context, db *sql.DB, posts []Post) ([]authors.Author, error) { // want CrossPackage:"queriesInLoop"
	var out []authors.Author
	for _, p := range posts {
		a, err := authors.Load(ctx, db, p.AuthorID) // want `Load runs a query once per element of posts \(N\+1\): fetch them in one query with WHERE id IN`
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

type PostService struct {
	Authors *authors.Store
	Tags    *dbgen.Queries
	DB      *sql.DB
}

// Enrich goes through a repository method two calls deep in another package.
func (s *PostService) Enrich(ctx context.Context, posts []Post) error { // want Enrich:"queriesInLoop"
	for i := range posts {
		a, err := s.Authors.ByID(ctx, posts[i].AuthorID) // want `ByID runs a query once per element of posts \(N\+1\): fetch them in one query with WHERE id IN`
		if err != nil {
			return err
		}
		posts[i].AuthorName = a.Name
	}
	return nil
}

// TagNames uses sqlc-style generated code behind an interface.
func (s *PostService) TagNames(ctx context.Context, p Post) ([]string, error) { // want TagNames:"queriesInLoop"
	var names []string
	for _, id := range p.Tags {
		t, err := s.Tags.GetTag(ctx, id) // want `GetTag runs a query once per element of p.Tags \(N\+1\): fetch them in one query with WHERE id IN`
		if err != nil {
			return nil, err
		}
		names = append(names, t.Name)
	}
	return names, nil
}

// WithClosure runs the query in a local closure called in the loop.
func WithClosure(ctx context.Context, db *sql.DB, posts []Post) error { // want WithClosure:"queriesInLoop"
	load := func(id int64) (string, error) {
		var name string
		err := db.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, id).Scan(&name)
		return name, err
	}
	for i := 0; i < len(posts); i++ {
		name, err := load(posts[i].AuthorID) // want `load runs a query once per element of posts \(N\+1\)`
		if err != nil {
			return err
		}
		posts[i].AuthorName = name
	}
	return nil
}

// ArchiveAll updates row by row.
func ArchiveAll(ctx context.Context, tx *sql.Tx, ids []int64) error { // want ArchiveAll:"mayExec"
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET archived = 1 WHERE id = ?`, id); err != nil { // want `ExecContext runs once per element of ids \(N\+1\): apply the change to all of them in one statement with WHERE id IN \(\.\.\.\) \(or id = ANY\(\$1\) on PostgreSQL\)$`
			return err
		}
	}
	return nil
}

// PublishEach opens a transaction per element through a callback helper.
func PublishEach(ctx context.Context, db *sql.DB, posts []Post) error { // want PublishEach:"queriesInLoop mayExec"
	for _, p := range posts {
		err := authors.InTx(ctx, db, func(tx *sql.Tx) error { // want `InTx runs a query once per element of posts \(N\+1\): fetch them in one query with a JOIN or WHERE id IN`
			var draft bool
			if err := tx.QueryRowContext(ctx, `SELECT draft FROM posts WHERE id = ?`, p.ID).Scan(&draft); err != nil || !draft {
				return err
			}
			_, err := tx.ExecContext(ctx, `UPDATE posts SET published = 1 WHERE id = ?`, p.ID)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// WithStmt prepares once but still queries once per id.
func WithStmt(ctx context.Context, db *sql.DB, ids []int64) ([]string, error) { // want WithStmt:"queriesInLoop"
	stmt, err := db.PrepareContext(ctx, `SELECT title FROM posts WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	var titles []string
	for _, id := range ids {
		var t string
		if err := stmt.QueryRowContext(ctx, id).Scan(&t); err != nil { // want `QueryRowContext runs once per element of ids \(N\+1\)`
			return nil, err
		}
		titles = append(titles, t)
	}
	return titles, nil
}

// --- negatives ---------------------------------------------------------

// PostsWithAuthorsJoin is the fix: one query.
func PostsWithAuthorsJoin(ctx context.Context, db *sql.DB) ([]Post, error) { // want PostsWithAuthorsJoin:"mayQuery"
	rows, err := db.QueryContext(ctx, `SELECT p.id, p.title, u.name FROM posts p JOIN users u ON u.id = p.author_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var posts []Post
	for rows.Next() {
		var p Post
		if err := rows.Scan(&p.ID, &p.Title, &p.AuthorName); err != nil {
			return nil, err
		}
		posts = append(posts, p)
	}
	return posts, rows.Err()
}

// AuthorsIn builds one IN (...) query in the loop and runs it after.
func AuthorsIn(ctx context.Context, db *sql.DB, posts []Post) (map[int64]string, error) { // want AuthorsIn:"mayQuery"
	if len(posts) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(posts))
	for _, p := range posts {
		args = append(args, p.AuthorID)
	}
	q := `SELECT id, name FROM users WHERE id IN (?` + strings.Repeat(`, ?`, len(args)-1) + `)`
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// MarkSent retries a bounded number of times.
func MarkSent(ctx context.Context, db *sql.DB, id int64) error { // want MarkSent:"mayExec"
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if _, err = db.ExecContext(ctx, `UPDATE outbox SET sent = 1 WHERE id = ?`, id); err == nil {
			return nil
		}
	}
	return err
}

// AllPostIDs pages with a keyset: one query per page, not per element.
func AllPostIDs(ctx context.Context, db *sql.DB) ([]int64, error) { // want AllPostIDs:"mayQuery"
	var ids []int64
	var last int64
	for {
		rows, err := db.QueryContext(ctx, `SELECT id FROM posts WHERE id > ? ORDER BY id LIMIT 100`, last)
		if err != nil {
			return nil, err
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(&last); err != nil {
				rows.Close()
				return nil, err
			}
			ids = append(ids, last)
			n++
		}
		rows.Close()
		if n < 100 {
			return ids, nil
		}
	}
}

// Migrate runs a literal list of statements.
func Migrate(ctx context.Context, db *sql.DB) error { // want Migrate:"mayExec"
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY, title TEXT)`,
		`CREATE INDEX IF NOT EXISTS posts_title ON posts(title)`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

var migrations = []string{
	`CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT)`,
	`ALTER TABLE users ADD COLUMN email TEXT`,
}

// MigrateAll ranges over a package-level list of statements, through a
// helper in another package.
func MigrateAll(ctx context.Context, db *sql.DB) error { // want MigrateAll:"mayExec"
	for _, m := range migrations {
		if err := authors.Exec(ctx, db, m); err != nil {
			return err
		}
	}
	return nil
}

type migration struct {
	Version int
	SQL     string
}

// ApplyMigrations takes the statement text from each element and records
// each version: a script runner, not N+1.
func ApplyMigrations(ctx context.Context, tx *sql.Tx, ms []migration) error { // want ApplyMigrations:"mayExec queryText\\[2\\]"
	for _, m := range ms {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version) VALUES (?)`, m.Version); err != nil {
			return err
		}
	}
	return nil
}

// FindByEmail queries for the one match and stops.
func FindByEmail(ctx context.Context, db *sql.DB, posts []Post, email string) (string, error) { // want FindByEmail:"mayQuery"
	for _, p := range posts {
		if strings.HasSuffix(p.Title, email) {
			var name string
			err := db.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, p.AuthorID).Scan(&name)
			return name, err
		}
	}
	return "", sql.ErrNoRows
}

// InsertAll is the batch-insert fix: a prepared statement in one
// transaction.
func InsertAll(ctx context.Context, tx *sql.Tx, posts []Post) error { // want InsertAll:"mayExec"
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO posts (title, author_id) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, p := range posts {
		if _, err := stmt.ExecContext(ctx, p.Title, p.AuthorID); err != nil {
			return err
		}
	}
	return nil
}

// SeedRoles ranges over a fixed literal list.
func SeedRoles(ctx context.Context, db *sql.DB) error { // want SeedRoles:"mayExec"
	for _, role := range []string{"admin", "editor", "reader"} {
		if _, err := db.ExecContext(ctx, `INSERT OR IGNORE INTO roles(name) VALUES (?)`, role); err != nil {
			return err
		}
	}
	return nil
}

// RoleIDs keeps its fixed list in a local variable: two roles, not a
// collection.
func RoleIDs(ctx context.Context, db *sql.DB) ([]int64, error) { // want RoleIDs:"mayQuery"
	roles := []string{"admin", "editor"}
	var ids []int64
	for _, role := range roles {
		var id int64
		if err := db.QueryRowContext(ctx, `SELECT id FROM roles WHERE name = ?`, role).Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// RoleIDsOf starts from a literal and appends the caller's roles.
func RoleIDsOf(ctx context.Context, db *sql.DB, more []string) ([]int64, error) { // want RoleIDsOf:"queriesInLoop"
	roles := []string{"admin"}
	roles = append(roles, more...)
	var ids []int64
	for _, role := range roles {
		var id int64
		if err := db.QueryRowContext(ctx, `SELECT id FROM roles WHERE name = ?`, role).Scan(&id); err != nil { // want `QueryRowContext runs once per element of roles \(N\+1\): fetch them in one query with WHERE name IN`
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func addRoles(m map[string]bool) {}

// RoleSet starts from a map literal that a helper fills.
func RoleSet(ctx context.Context, db *sql.DB) error { // want RoleSet:"mayExec"
	roles := map[string]bool{"admin": true}
	addRoles(roles)
	for role := range roles {
		if _, err := db.ExecContext(ctx, `DELETE FROM grants WHERE role = ?`, role); err != nil { // want `ExecContext runs once per element of roles \(N\+1\): apply the change to all of them in one statement with WHERE role IN`
			return err
		}
	}
	return nil
}

// CountTables runs one query per table name: the text is the loop value.
func CountTables(ctx context.Context, db *sql.DB, tables []string) (map[string]int, error) { // want CountTables:"queryText\\[2\\]"
	out := map[string]int{}
	for _, t := range tables {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, nil
}

// Callbacks only builds closures in the loop; nothing runs there.
func Callbacks(ctx context.Context, db *sql.DB, posts []Post) map[int64]func() error {
	out := map[int64]func() error{}
	for _, p := range posts {
		out[p.ID] = func() error {
			_, err := db.ExecContext(ctx, `UPDATE posts SET views = views + 1 WHERE id = ?`, p.ID)
			return err
		}
	}
	return out
}

// Titles formats without I/O in the loop.
func Titles(posts []Post, names map[int64]authors.Author) []string {
	var out []string
	for _, p := range posts {
		out = append(out, p.Title+" by "+authors.DisplayName(names[p.AuthorID]))
	}
	return out
}

// Background starts a goroutine per element: not a round trip in this loop.
func Background(ctx context.Context, db *sql.DB, ids []int64) {
	for _, id := range ids {
		go db.ExecContext(ctx, `UPDATE posts SET indexed = 1 WHERE id = ?`, id)
	}
}

type shard struct {
	db *sql.DB
}

// CountShards visits every shard once: a fan-out over databases.
func CountShards(ctx context.Context, shards []*shard) (int, error) { // want CountShards:"mayQuery"
	total := 0
	for _, sh := range shards {
		var n int
		if err := sh.db.QueryRowContext(ctx, `SELECT count(*) FROM posts`).Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// ArchiveChunks runs one statement per chunk of ids: the recommended way
// to split a very large IN list.
func ArchiveChunks(ctx context.Context, db *sql.DB, chunks [][]any) error { // want ArchiveChunks:"mayExec"
	for _, chunk := range chunks {
		q := `UPDATE posts SET archived = 1 WHERE id IN (?` + strings.Repeat(`, ?`, len(chunk)-1) + `)`
		if _, err := db.ExecContext(ctx, q, chunk...); err != nil {
			return err
		}
	}
	return nil
}

// MarkChunks uses fixed text with an array parameter per chunk.
func MarkChunks(ctx context.Context, db *sql.DB, chunks [][]int64) error { // want MarkChunks:"mayExec"
	for _, chunk := range chunks {
		if _, err := db.ExecContext(ctx, `UPDATE posts SET seen = 1 WHERE id = ANY(?)`, chunk); err != nil {
			return err
		}
	}
	return nil
}

// CopyPosts inserts row by row with different values in every row: no
// single set-based statement replaces it.
func CopyPosts(ctx context.Context, tx *sql.Tx, posts []Post) error { // want CopyPosts:"mayExec"
	for _, p := range posts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO archive (id, title, author_id) VALUES (?, ?, ?)`, p.ID, p.Title, p.AuthorID); err != nil {
			return err
		}
	}
	return nil
}

// FlushViews adds a different count to every post.
func FlushViews(ctx context.Context, db *sql.DB, views map[int64]int) error { // want FlushViews:"mayExec"
	for id, n := range views {
		if _, err := db.ExecContext(ctx, `UPDATE posts SET views = views + ? WHERE id = ?`, n, id); err != nil {
			return err
		}
	}
	return nil
}

func savePost(ctx context.Context, tx *sql.Tx, p Post) error { // want savePost:"mayExec"
	_, err := tx.ExecContext(ctx, `INSERT INTO posts (id, title) VALUES (?, ?)`, p.ID, p.Title)
	return err
}

// SaveAll writes through a helper that only writes.
func SaveAll(ctx context.Context, tx *sql.Tx, posts []Post) error { // want SaveAll:"mayExec"
	for _, p := range posts {
		if err := savePost(ctx, tx, p); err != nil {
			return err
		}
	}
	return nil
}

// --- index-stepped loops ----------------------------------------------------

// TitlesByIndex steps one element at a time with +=: still one query per id.
func TitlesByIndex(ctx context.Context, db *sql.DB, ids []int64) ([]string, error) { // want TitlesByIndex:"queriesInLoop"
	var out []string
	for i := 0; i < len(ids); i += 1 {
		var t string
		if err := db.QueryRowContext(ctx, `SELECT title FROM posts WHERE id = ?`, ids[i]).Scan(&t); err != nil { // want `QueryRowContext runs once per element of ids \(N\+1\)`
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// TitlesByIndexPlusOne spells the same single step as i = i + 1.
func TitlesByIndexPlusOne(ctx context.Context, db *sql.DB, ids []int64) ([]string, error) { // want TitlesByIndexPlusOne:"queriesInLoop"
	var out []string
	for i := 0; i < len(ids); i = i + 1 {
		var t string
		if err := db.QueryRowContext(ctx, `SELECT title FROM posts WHERE id = ?`, ids[i]).Scan(&t); err != nil { // want `QueryRowContext runs once per element of ids \(N\+1\)`
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

const batchSize = 100

// titlesIn is one IN (...) query for a chunk of ids.
func titlesIn(ctx context.Context, db *sql.DB, ids []int64) ([]string, error) { // want titlesIn:"mayQuery"
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.QueryContext(ctx, `SELECT title FROM posts WHERE id IN (?`+strings.Repeat(`, ?`, len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TitlesChunked walks the ids batchSize at a time by index: one query per
// chunk, the way a large IN list is split.
func TitlesChunked(ctx context.Context, db *sql.DB, ids []int64) ([]string, error) { // want TitlesChunked:"mayQuery"
	var out []string
	for start := 0; start < len(ids); start += batchSize {
		ts, err := titlesIn(ctx, db, ids[start:min(start+batchSize, len(ids))])
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
	}
	return out, nil
}

// TitlesChunkedBy takes the chunk size from the caller and spells the step
// as start = start + size.
func TitlesChunkedBy(ctx context.Context, db *sql.DB, ids []int64, size int) ([]string, error) { // want TitlesChunkedBy:"mayQuery"
	var out []string
	for start := 0; start < len(ids); start = start + size {
		ts, err := titlesIn(ctx, db, ids[start:min(start+size, len(ids))])
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
	}
	return out, nil
}
