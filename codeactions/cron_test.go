package codeactions

import (
	"strings"
	"testing"
)

func TestCronToUTC(t *testing.T) {
	cases := []struct {
		cron, tz, want string
		exact          bool
		note           string
	}{
		{"0 2 * * *", "", "0 2 * * *", true, ""},
		{"0 2 * * *", "UTC", "0 2 * * *", true, ""},
		{"0 2 * * *", "America/New_York", "0 7 * * *", false, `"0 6 * * *" in UTC in July`},
		{"30 22 * * 1-5", "America/New_York", "30 3 * * 2,3,4,5,6", false, "daylight saving"},
		{"0 1 * * 1", "Europe/Paris", "0 0 * * 1", false, "daylight saving"},
		{"0 0 * * *", "Asia/Tokyo", "0 15 * * *", true, ""},
		{"@daily", "Asia/Tokyo", "0 15 * * *", true, ""},
		{"0 6 1 * *", "Asia/Tokyo", "0 21 1 * *", false, "month boundary"},
		{"15 * * * *", "Asia/Kolkata", "45 * * * *", true, ""},
		{"0 9,17 * * *", "Asia/Tokyo", "0 0,8 * * *", true, ""},
		{"0 2 * * *", "Mars/Olympus", "0 2 * * *", false, "unknown time zone"},
	}
	for _, c := range cases {
		got := CronToUTC(c.cron, c.tz)
		if got.Cron != c.want || got.Exact != c.exact {
			t.Errorf("CronToUTC(%q, %q) = %q exact=%v, want %q exact=%v (notes %v)", c.cron, c.tz, got.Cron, got.Exact, c.want, c.exact, got.Notes)
		}
		if c.note != "" && !strings.Contains(strings.Join(got.Notes, "\n"), c.note) {
			t.Errorf("CronToUTC(%q, %q) notes %v lack %q", c.cron, c.tz, got.Notes, c.note)
		}
		if c.note == "" && len(got.Notes) > 0 {
			t.Errorf("CronToUTC(%q, %q) unexpected notes %v", c.cron, c.tz, got.Notes)
		}
	}
}
