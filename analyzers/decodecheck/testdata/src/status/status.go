package status

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

type rate struct{ Rate float64 }

func Rate(url string) (float64, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var r rate
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil { // want `the body of resp is decoded without checking resp.StatusCode`
		return 0, err
	}
	return r.Rate, nil
}

func RateReadAll(c *http.Client, req *http.Request) (float64, error) {
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20)) // want `the body of res is decoded without checking res.StatusCode`
	if err != nil {
		return 0, err
	}
	var r rate
	return r.Rate, json.Unmarshal(b, &r)
}

// Checked before (or after) the decode: silent.
func RateChecked(url string) (float64, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("rates: %s", resp.Status)
	}
	var r rate
	err = json.NewDecoder(resp.Body).Decode(&r)
	return r.Rate, err
}

// The check lives in a helper that gets the whole response.
func RateHelper(url string) (float64, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if err := ensureOK(resp); err != nil {
		return 0, err
	}
	var r rate
	err = json.NewDecoder(resp.Body).Decode(&r)
	return r.Rate, err
}

func ensureOK(resp *http.Response) error {
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// A response the caller obtained (and may have checked).
func Decode(resp *http.Response) (rate, error) {
	var r rate
	err := json.NewDecoder(resp.Body).Decode(&r)
	return r, err
}

// Closing the body without reading it decodes nothing.
func Ping(url string) error {
	resp, err := http.Head(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type botReply struct {
	Ok          bool   `json:"ok"`
	Description string `json:"description"`
}

// The API answers errors in its JSON body, and the function reads it.
func Send(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var reply botReply
	if err := json.NewDecoder(resp.Body).Decode(&reply); err != nil {
		return err
	}
	if !reply.Ok {
		return fmt.Errorf("bot: %s", reply.Description)
	}
	return nil
}

// Decoded into a struct whose outcome nobody reads: reported.
func SendUnchecked(c *http.Client, req *http.Request) (string, error) {
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var reply botReply
	err = json.NewDecoder(resp.Body).Decode(&reply) // want `the body of resp is decoded without checking resp.StatusCode`
	return reply.Description, err
}
