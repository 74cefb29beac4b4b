package exercise

import "testing"

func TestJudgeSpot(t *testing.T) {
	ex := &Exercise{Bugs: []Site{
		{File: "tx.go", Start: 30, End: 33, Also: []Span{{40, 41}, {60, 60}}},
		{File: "tx.go", Start: 80, End: 80},
	}}
	tests := []struct {
		name       string
		file       string
		start, end int
		verdict    string
		tooWide    bool
		near       bool
	}{
		{"inside the site", "tx.go", 31, 31, SpotRight, false, false},
		{"overlapping its edge", "tx.go", 25, 30, SpotRight, false, false},
		{"an also range", "tx.go", 60, 60, SpotRight, false, false},
		{"the second site", "tx.go", 79, 81, SpotRight, false, false},
		{"the site and its slack", "tx.go", 26, 37, SpotRight, false, false},
		{"one line too wide", "tx.go", 25, 37, SpotClose, true, false},
		{"wide over a site, tight over an also range", "tx.go", 38, 45, SpotRight, false, false},
		{"a few lines off", "tx.go", 34, 36, SpotClose, false, true},
		{"far off", "tx.go", 1, 3, SpotClose, false, false},
		{"another file", "decoy.go", 31, 31, SpotWrong, false, false},
	}
	for _, tt := range tests {
		j := ex.JudgeSpot(tt.file, tt.start, tt.end)
		if j.Verdict != tt.verdict || j.TooWide != tt.tooWide || j.Near != tt.near {
			t.Errorf("%s: JudgeSpot(%s:%d-%d) = %+v, want verdict %s tooWide %v near %v", tt.name, tt.file, tt.start, tt.end, j, tt.verdict, tt.tooWide, tt.near)
		}
	}
}

func TestNamesFamily(t *testing.T) {
	ex := &Exercise{Family: "resource-leak", AlsoFamilies: []string{"tx-error"}}
	for family, want := range map[string]bool{"resource-leak": true, "tx-error": true, "race": false, "": false} {
		if got := ex.NamesFamily(family); got != want {
			t.Errorf("NamesFamily(%q) = %v, want %v", family, got, want)
		}
	}
}
