// Package decodecheck reports decoded input that is trusted without being
// checked: a decode error that is ignored, an HTTP response decoded
// without a look at its status code, and a request body limit that is
// dropped.
//
// # Analyzer decodecheck
//
// decodecheck: decode error ignored, or a response decoded without checking its status
//
// json.Unmarshal, xml.Unmarshal and a Decoder's Decode report a malformed,
// truncated or mistyped input through their error. A handler that calls
// them as a bare statement goes on with a zero or half-filled value: an
// empty name is stored, an amount of 0 is charged, and the client gets 200
// for a request that never parsed. The same trust is misplaced when a
// client decodes a response without looking at resp.StatusCode: a 404, a
// 500 or a proxy's HTML error page has a body too, so the decode either
// fails with a confusing error or, worse, succeeds on an error object and
// returns zero values as if they were the answer.
//
// The check reports a Decode or Unmarshal call whose error is dropped (a
// bare call statement, or assigned to _ when it decodes a request's or
// response's Body), and a response from http.Get, Post, PostForm, Head or a
// Client's Do, Get, Post, PostForm or Head whose Body is decoded (through
// json.NewDecoder, xml.NewDecoder or io.ReadAll) in a function that never
// reads that response's StatusCode or Status. It also reports
// http.MaxBytesReader called for its effect alone (a bare statement, or
// assigned to _): the limit applies only to reads through the reader it
// returns, so the body is decoded as unbounded as before.
//
// What it deliberately does not report: `_ = json.Unmarshal(raw, &v)` on
// data that is not a request or response body (an explicit, visible choice,
// often a best-effort cache read); a response handed to another function,
// returned or stored (whoever receives it may check the status); a decoded
// answer whose own ok, success or error field the function reads (APIs
// such as Telegram's or hCaptcha's report failure in a JSON body); a response
// that is a parameter (the caller may have checked); and test code
// (_test.go files, helpers with a testing parameter), where a failed decode
// fails the test anyway.
//
// Bad:
//
//	resp, err := http.Get(rateURL)
//	if err != nil {
//		return 0, err
//	}
//	defer resp.Body.Close()
//	var r struct{ Rate float64 }
//	json.NewDecoder(resp.Body).Decode(&r)
//	return r.Rate, nil
//
// Good:
//
//	if resp.StatusCode != http.StatusOK {
//		return 0, fmt.Errorf("rates: %s", resp.Status)
//	}
//	var r struct{ Rate float64 }
//	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
//		return 0, fmt.Errorf("rates: %w", err)
//	}
//	return r.Rate, nil
package decodecheck
