package engines

import (
	"testing"
	"time"
)

func TestCronFires(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		cron, at string
		want     bool
	}{
		{"0 7 * * *", "2024-01-04T02:00:00-05:00", true},  // New York 02:00 in winter
		{"0 7 * * *", "2024-07-04T02:00:00-04:00", false}, // the same cron in summer time
		{"15 5 * * 1-5", "2024-03-05T06:15:00+01:00", true},
		{"15 5 * * 1-5", "2024-03-10T05:15:00Z", false}, // a Sunday
		{"0 1 * * 0", "2024-03-10T01:00:00Z", true},
		{"0 1 * * 7", "2024-03-10T01:00:00Z", true},
		{"*/15 * * * *", "2024-03-10T01:45:00Z", true},
		{"*/15 * * * *", "2024-03-10T01:50:00Z", false},
		{"0 0 1,15 * *", "2024-03-15T00:00:00Z", true},
		{"0 0 1 * 1", "2024-03-04T00:00:00Z", true}, // day-of-month OR day-of-week
		{"0 0 * * *", "2024-03-04T00:00:30Z", false},
	}
	for _, c := range cases {
		got, err := CronFires(c.cron, at(c.at))
		if err != nil || got != c.want {
			t.Errorf("CronFires(%q, %s) = %v, %v; want %v", c.cron, c.at, got, err, c.want)
		}
	}
	for _, bad := range []string{"0 7 * *", "61 * * * *", "x * * * *", "*/0 * * * *"} {
		if _, err := CronFires(bad, time.Now()); err == nil {
			t.Errorf("CronFires(%q) accepted a bad cron", bad)
		}
	}
}
