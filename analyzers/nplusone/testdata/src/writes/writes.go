// Package writes holds per-element writes: statements are judged by their
// SQL text, wherever it comes from, not by the method that sends them. An
// INSERT of distinct rows is not an N+1; a read, or the same change to one
// id, is.
package writes

import (
	"context"
	"database/sql"

	"sqlxlike"
)

type Enclosure struct {
	ID      int64
	EntryID int64
	URL     string
	Size    int64
}

type Entry struct {
	ID         int64
	Hash       string
	Enclosures []*Enclosure
}

// --- direct calls -------------------------------------------------------

// CreateEnclosures inserts one distinct row per element and scans its new
// id back: QueryRow of an INSERT ... RETURNING is a write, not a read.
func CreateEnclosures(ctx context.Context, tx *sql.Tx, es []*Enclosure) error { // want CreateEnclosures:"mayExec"
	for _, e := range es {
		err := tx.QueryRowContext(ctx, `INSERT INTO enclosures (entry_id, url, size) VALUES ($1, $2, $3) RETURNING id`, e.EntryID, e.URL, e.Size).Scan(&e.ID)
		if err != nil {
			return err
		}
	}
	return nil
}

// LoadEnclosures is the read beside it: one SELECT per element.
func LoadEnclosures(ctx context.Context, tx *sql.Tx, es []*Enclosure) error { // want LoadEnclosures:"queriesInLoop"
	for _, e := range es {
		err := tx.QueryRowContext(ctx, `SELECT url, size FROM enclosures WHERE id = $1`, e.ID).Scan(&e.URL, &e.Size) // want `QueryRowContext runs once per element of es \(N\+1\): fetch them in one query with WHERE id IN \(\.\.\.\) \(or id = ANY\(\$1\) on PostgreSQL\)$`
		if err != nil {
			return err
		}
	}
	return nil
}

// UpsertEnclosures upserts a distinct row per element.
func UpsertEnclosures(ctx context.Context, tx *sql.Tx, es []*Enclosure) error { // want UpsertEnclosures:"mayExec"
	for _, e := range es {
		err := tx.QueryRowContext(ctx, `
			-- one row per enclosure
			INSERT INTO enclosures (entry_id, url) VALUES ($1, $2)
			ON CONFLICT (entry_id, url) DO UPDATE SET url = excluded.url
			RETURNING id`, e.EntryID, e.URL).Scan(&e.ID)
		if err != nil {
			return err
		}
	}
	return nil
}

// ArchiveEach copies each row with INSERT ... SELECT keyed by the id: the
// only argument that changes is one id, but the statement adds rows.
func ArchiveEach(ctx context.Context, tx *sql.Tx, ids []int64) error { // want ArchiveEach:"mayExec"
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO archive SELECT * FROM posts WHERE id = ?`, id); err != nil {
			return err
		}
	}
	return nil
}

// PurgeEach deletes row by row: the same change to one id, reported with
// the column the batch selects on.
func PurgeEach(ctx context.Context, tx *sql.Tx, ids []int64) error { // want PurgeEach:"mayExec"
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "DELETE FROM `posts` WHERE `post_id` = ?", id); err != nil { // want `ExecContext runs once per element of ids \(N\+1\): apply the change to all of them in one statement with WHERE post_id IN \(\.\.\.\)`
			return err
		}
	}
	return nil
}

// RecordSteps writes the element's value into SET, not WHERE: every
// iteration changes the same row to another value, which no WHERE ... IN
// replaces.
func RecordSteps(ctx context.Context, tx *sql.Tx, versions []int) error { // want RecordSteps:"mayExec"
	for _, v := range versions {
		if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ? WHERE singleton = 1`, v); err != nil {
			return err
		}
	}
	return nil
}

// HideEach is the keyed UPDATE beside it.
func HideEach(ctx context.Context, tx *sql.Tx, ids []int64) error { // want HideEach:"mayExec"
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET hidden = true WHERE owner = 7 AND id = ?`, id); err != nil { // want `ExecContext runs once per element of ids \(N\+1\): apply the change to all of them in one statement with WHERE id IN \(\.\.\.\)`
			return err
		}
	}
	return nil
}

var insertTag = `INSERT INTO tags (name) VALUES (?) RETURNING id`

var selectTag = `SELECT id FROM tags WHERE name = ?`

// TagIDs inserts and reads through package-level variables initialised
// with constant text: both texts are known.
func TagIDs(ctx context.Context, db *sql.DB, names []string) ([]int64, error) { // want TagIDs:"queriesInLoop mayExec"
	var ids []int64
	for _, n := range names {
		var id int64
		if err := db.QueryRowContext(ctx, insertTag, n).Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	for _, n := range names {
		var id int64
		if err := db.QueryRowContext(ctx, selectTag, n).Scan(&id); err != nil { // want `QueryRowContext runs once per element of names \(N\+1\): fetch them in one query with WHERE name IN`
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// Composite reads by two values that both change per element: no single
// column to name, so the advice stays general.
func Composite(ctx context.Context, db *sql.DB, es []*Enclosure) error { // want Composite:"queriesInLoop"
	for _, e := range es {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM enclosures WHERE entry_id = $1 AND url = $2`, e.EntryID, e.URL).Scan(&n); err != nil { // want `QueryRowContext runs once per element of es \(N\+1\): fetch them in one query with a JOIN or WHERE id IN \(\.\.\.\)$`
			return err
		}
	}
	return nil
}

// --- prepared statements ------------------------------------------------

// SaveBookmarks prepares an INSERT ... RETURNING and runs it per element:
// the text the statement was prepared with says it is a write.
func SaveBookmarks(ctx context.Context, tx *sql.Tx, urls []string) ([]int64, error) { // want SaveBookmarks:"mayExec"
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO bookmark (url) VALUES ($1) RETURNING id`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	var ids []int64
	for _, u := range urls {
		var id int64
		if err := stmt.QueryRowContext(ctx, u).Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// BookmarkTitles prepares a SELECT: still one query per element.
func BookmarkTitles(ctx context.Context, tx *sql.Tx, urls []string) ([]string, error) { // want BookmarkTitles:"queriesInLoop"
	stmt, err := tx.PrepareContext(ctx, `SELECT title FROM bookmark WHERE url = $1`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	var out []string
	for _, u := range urls {
		var t string
		if err := stmt.QueryRowContext(ctx, u).Scan(&t); err != nil { // want `QueryRowContext runs once per element of urls \(N\+1\): fetch them in one query with WHERE url IN`
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// SaveBookmarksx goes through an sqlx-style wrapper that embeds *sql.Stmt.
func SaveBookmarksx(tx *sqlxlike.Tx, urls []string) error { // want SaveBookmarksx:"mayExec"
	stmt, err := tx.Preparex(`INSERT INTO bookmark (url) VALUES (?) RETURNING id`)
	if err != nil {
		return err
	}
	for _, u := range urls {
		var id int64
		if err := stmt.QueryRow(u).Scan(&id); err != nil {
			return err
		}
	}
	return nil
}

// BookmarkTitlesx is the read beside it, through the same wrapper.
func BookmarkTitlesx(ctx context.Context, tx *sqlxlike.Tx, urls []string) error { // want BookmarkTitlesx:"queriesInLoop"
	stmt, err := tx.PreparexContext(ctx, `SELECT title FROM bookmark WHERE url = ?`)
	if err != nil {
		return err
	}
	for _, u := range urls {
		var t string
		if err := stmt.QueryRowContext(ctx, u).Scan(&t); err != nil { // want `QueryRowContext runs once per element of urls \(N\+1\): fetch them in one query with WHERE url IN`
			return err
		}
	}
	return nil
}

// Store keeps statements prepared once, in fields.
type Store struct {
	insertEntry *sql.Stmt
	entryByHash *sql.Stmt
}

func NewStore(db *sql.DB) (*Store, error) {
	s := &Store{}
	var err error
	if s.insertEntry, err = db.Prepare(`INSERT INTO entries (hash) VALUES (?) RETURNING id`); err != nil {
		return nil, err
	}
	if s.entryByHash, err = db.Prepare(`SELECT id FROM entries WHERE hash = ?`); err != nil {
		return nil, err
	}
	return s, nil
}

// InsertEntries runs the field's INSERT ... RETURNING per element.
func (s *Store) InsertEntries(es []*Entry) error { // want InsertEntries:"mayExec"
	for _, e := range es {
		if err := s.insertEntry.QueryRow(e.Hash).Scan(&e.ID); err != nil {
			return err
		}
	}
	return nil
}

// FindEntries runs the field's SELECT per element.
func (s *Store) FindEntries(es []*Entry) error { // want FindEntries:"queriesInLoop"
	for _, e := range es {
		if err := s.entryByHash.QueryRow(e.Hash).Scan(&e.ID); err != nil { // want `QueryRow runs once per element of es \(N\+1\): fetch them in one query with WHERE hash IN`
			return err
		}
	}
	return nil
}

// --- helpers -------------------------------------------------------------

func createEnclosure(tx *sql.Tx, e *Enclosure) error { // want createEnclosure:"mayExec"
	return tx.QueryRow(`INSERT INTO enclosures (entry_id, url) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id`, e.EntryID, e.URL).Scan(&e.ID)
}

// StoreEnclosures calls a helper whose only statement is an INSERT.
func StoreEnclosures(tx *sql.Tx, entry *Entry) error { // want StoreEnclosures:"mayExec"
	for _, e := range entry.Enclosures {
		e.EntryID = entry.ID
		if err := createEnclosure(tx, e); err != nil {
			return err
		}
	}
	return nil
}

func enclosureExists(tx *sql.Tx, entryID int64, url string) (bool, error) { // want enclosureExists:"mayQuery key\\[1\\]=entry_id key\\[2\\]=url"
	var ok bool
	err := tx.QueryRow(`SELECT true FROM enclosures WHERE entry_id = $1 AND url = $2`, entryID, url).Scan(&ok)
	return ok, err
}

// CheckEnclosures calls a helper that reads, keyed by the one argument
// that changes per element.
func CheckEnclosures(tx *sql.Tx, entry *Entry) error { // want CheckEnclosures:"queriesInLoop"
	for _, e := range entry.Enclosures {
		if _, err := enclosureExists(tx, entry.ID, e.URL); err != nil { // want `enclosureExists runs a query once per element of entry.Enclosures \(N\+1\): fetch them in one query with WHERE url IN`
			return err
		}
	}
	return nil
}

// createEntry inserts an entry, then checks each of its enclosures in a
// loop of its own: those reads run per enclosure and are judged at that
// loop, not at every caller of createEntry.
func createEntry(tx *sql.Tx, e *Entry) error { // want createEntry:"queriesInLoop mayExec"
	if err := tx.QueryRow(`INSERT INTO entries (hash) VALUES ($1) RETURNING id`, e.Hash).Scan(&e.ID); err != nil {
		return err
	}
	for _, enc := range e.Enclosures {
		if _, err := enclosureExists(tx, e.ID, enc.URL); err != nil { // want `enclosureExists runs a query once per element of e.Enclosures`
			return err
		}
	}
	return nil
}

// CreateEntries inserts a distinct entry per element through createEntry.
func CreateEntries(tx *sql.Tx, es []*Entry) error { // want CreateEntries:"queriesInLoop mayExec"
	for _, e := range es {
		if err := createEntry(tx, e); err != nil {
			return err
		}
	}
	return nil
}

// unlockAfter reads only in a deferred call: one read, but not one place
// a key can be read from.
func unlockAfter(ctx context.Context, db *sql.DB, id int64) { // want unlockAfter:"mayQuery$"
	defer db.QueryRowContext(ctx, `SELECT pg_advisory_unlock($1)`, id)
}

// UnlockEach calls it per element: reported, with the general advice.
func UnlockEach(ctx context.Context, db *sql.DB, ids []int64) { // want UnlockEach:"queriesInLoop"
	for _, id := range ids {
		unlockAfter(ctx, db, id) // want `unlockAfter runs a query once per element of ids \(N\+1\): fetch them in one query with a JOIN or WHERE id IN \(\.\.\.\)$`
	}
}

func entryExists(tx *sql.Tx, e *Entry) (bool, error) { // want entryExists:"mayQuery key\\[1\\]=hash"
	var ok bool
	err := tx.QueryRow(`SELECT true FROM entries WHERE hash = $1`, e.Hash).Scan(&ok)
	return ok, err
}

// createFeed inserts the feed, then checks each entry in a transaction of
// its own: the per-entry reads belong to that loop, however its handle is
// made. The transaction per entry is itself reported (see txloop).
func createFeed(db *sql.DB, url string, entries []*Entry) error { // want createFeed:"queriesInLoop mayExec"
	var id int64
	if err := db.QueryRow(`INSERT INTO feeds (url) VALUES ($1) RETURNING id`, url).Scan(&id); err != nil {
		return err
	}
	for _, e := range entries {
		tx, err := db.Begin() // want `Begin begins a transaction once per element of entries`
		if err != nil {
			return err
		}
		if _, err := entryExists(tx, e); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// ImportFeeds creates a distinct feed per URL.
func ImportFeeds(db *sql.DB, urls []string) error { // want ImportFeeds:"queriesInLoop mayExec"
	for _, u := range urls {
		if err := createFeed(db, u, nil); err != nil {
			return err
		}
	}
	return nil
}

type shard struct{ db *sql.DB }

// countIn asks every shard: a fan-out that reads on every call.
func countIn(shards []shard, hash string) (int, error) { // want countIn:"mayQuery"
	total := 0
	for _, s := range shards {
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM entries WHERE hash = $1`, hash).Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// CountEach runs the fan-out once per element: still an N+1.
func CountEach(shards []shard, es []*Entry) error { // want CountEach:"queriesInLoop"
	for _, e := range es {
		if _, err := countIn(shards, e.Hash); err != nil { // want `countIn runs a query once per element of es \(N\+1\)`
			return err
		}
	}
	return nil
}
