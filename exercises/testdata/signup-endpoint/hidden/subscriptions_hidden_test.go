package subscriptions

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"drill.workspace/harness"
)

const schema = `CREATE TABLE subscriptions(
	id    INTEGER PRIMARY KEY,
	email TEXT    NOT NULL,
	plan  TEXT    NOT NULL,
	seats INTEGER NOT NULL CHECK (seats >= 1)
);`

func start(t *testing.T) (*harness.Server, *harness.DB) {
	t.Helper()
	db := harness.OpenDB(t, schema)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /subscriptions", (&Handler{DB: db.DB}).Create)
	return harness.NewServer(t, mux), db
}

func post(t *testing.T, srv *harness.Server, body string) (int, string) {
	t.Helper()
	resp, err := srv.Client().Post(srv.URL+"/subscriptions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestCreateSubscription(t *testing.T) {
	srv, db := start(t)
	code, body := post(t, srv, `{"email":"cto@acme.test","plan":"team","seats":25}`)
	if code != http.StatusCreated {
		t.Fatalf("POST a valid subscription = %d %q, want 201", code, body)
	}
	var sub Subscription
	if err := json.Unmarshal([]byte(body), &sub); err != nil || sub.ID == 0 || sub.Seats != 25 || sub.Email != "cto@acme.test" {
		t.Fatalf("201 body = %q (%v), want the new subscription with its id and 25 seats", body, err)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM subscriptions WHERE id = ? AND email = 'cto@acme.test' AND plan = 'team' AND seats = 25`, sub.ID); n != 1 {
		t.Fatalf("subscription %d is not stored with 25 seats", sub.ID)
	}
	db.AssertNoLeakedConns(t)
}

func TestSeatsDefaultToOne(t *testing.T) {
	srv, db := start(t)
	if code, body := post(t, srv, `{"email":"solo@example.test","plan":"starter"}`); code != http.StatusCreated {
		t.Fatalf("POST without seats = %d %q, want 201", code, body)
	}
	if got := db.Int(t, `SELECT seats FROM subscriptions WHERE email = 'solo@example.test'`); got != 1 {
		t.Fatalf("seats = %d when the field is omitted, want 1", got)
	}
}

func TestMissingFieldsAre422(t *testing.T) {
	srv, db := start(t)
	if code, _ := post(t, srv, `{"plan":"team","seats":3}`); code != http.StatusUnprocessableEntity {
		t.Fatalf("POST without email = %d, want 422", code)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM subscriptions`); n != 0 {
		t.Fatalf("%d subscriptions stored without an email, want 0", n)
	}
}

// rejected is how a client is told its body could not be used: the brief
// leaves open whether a body that is not the expected JSON is a 400 or a 422.
func rejected(code int) bool {
	return code == http.StatusBadRequest || code == http.StatusUnprocessableEntity
}

func TestWrongTypeIsRejectedAndNothingStored(t *testing.T) {
	for _, body := range []string{
		`{"email":"cto@acme.test","plan":"team","seats":"25"}`,
		`{"email":"cto@acme.test","plan":"team","seats":25.5}`,
	} {
		srv, db := start(t)
		code, resp := post(t, srv, body)
		seats := db.Int(t, `SELECT COALESCE(MAX(seats), 0) FROM subscriptions`)
		rows := db.Int(t, `SELECT COUNT(*) FROM subscriptions`)
		if !rejected(code) || rows != 0 {
			t.Fatalf("POST %s = %d %q and stored %d subscription(s) with %d seat(s); want 400 or 422 and nothing stored: "+
				"Decode failed on a field of the wrong type, the error was dropped, and the half-decoded request was signed up (and billed) "+
				"with the fields that did decode and defaults for the rest", body, code, strings.TrimSpace(resp), rows, seats)
		}
	}
}

func TestNegativeSeatsAreRejected(t *testing.T) {
	srv, db := start(t)
	if code, _ := post(t, srv, `{"email":"cto@acme.test","plan":"team","seats":-5}`); !rejected(code) {
		t.Fatalf("POST with seats -5 = %d, want 400 or 422", code)
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM subscriptions`); n != 0 {
		t.Fatalf("%d subscriptions stored with negative seats, want 0", n)
	}
}

func TestMalformedBodiesAreRejected(t *testing.T) {
	srv, db := start(t)
	for _, body := range []string{
		`{"email":"cto@acme.test","plan":"team"`,
		`email=cto@acme.test&plan=team`,
		``,
	} {
		if code, _ := post(t, srv, body); !rejected(code) {
			t.Fatalf("POST %q = %d, want 400 (or 422): the body is not valid JSON, so the client must be told its request is malformed", body, code)
		}
	}
	if n := db.Int(t, `SELECT COUNT(*) FROM subscriptions`); n != 0 {
		t.Fatalf("%d subscriptions stored from malformed bodies, want 0", n)
	}
}
