package codeactions

import (
	"testing"

	"github.com/dagster2mage/dagster2mage/mage"
)

// simulateMage replays Mage's retry loop (mage_ai/shared/retry.py) and returns how many retries
// actually happen.
func simulateMage(rc *mage.RetryConfig) int {
	total, cur, n := 0, rc.Delay, 0
	for attempt := 0; attempt < rc.Retries; attempt++ {
		if total+cur >= rc.MaxDelay {
			break
		}
		total += cur
		n++
		if rc.ExponentialBackoff {
			cur *= 2
		}
	}
	return n
}

func TestRetryConfigKeepsEveryRetry(t *testing.T) {
	cases := []struct {
		in   RetryInput
		want mage.RetryConfig
	}{
		{RetryInput{MaxRetries: 3, Delay: 30, Backoff: "EXPONENTIAL"}, mage.RetryConfig{Retries: 3, Delay: 30, MaxDelay: 211, ExponentialBackoff: true}},
		{RetryInput{MaxRetries: 10, Delay: 5}, mage.RetryConfig{Retries: 10, Delay: 5, MaxDelay: 51}},
		{RetryInput{MaxRetries: 2}, mage.RetryConfig{Retries: 2, Delay: 0, MaxDelay: 1}},
		{RetryInput{MaxRetries: 4, Delay: 1.6, Backoff: "LINEAR", Jitter: "FULL"}, mage.RetryConfig{Retries: 4, Delay: 2, MaxDelay: 9}},
	}
	for _, c := range cases {
		got, notes := RetryConfig(c.in)
		if *got != c.want {
			t.Errorf("RetryConfig(%+v) = %+v, want %+v", c.in, *got, c.want)
		}
		if n := simulateMage(got); n != c.in.MaxRetries {
			t.Errorf("RetryConfig(%+v): Mage would retry %d times, want %d", c.in, n, c.in.MaxRetries)
		}
		if len(notes) == 0 {
			t.Errorf("no notes for %+v", c.in)
		}
	}
}
