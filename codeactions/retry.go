package codeactions

import (
	"fmt"
	"math"

	"github.com/dagster2mage/dagster2mage/mage"
)

// RetryInput is a Dagster RetryPolicy reduced to what the mapping needs.
type RetryInput struct {
	MaxRetries int     // Dagster default 1
	Delay      float64 // seconds; Dagster None = 0
	Backoff    string  // "", LINEAR, EXPONENTIAL
	Jitter     string  // "", FULL, PLUS_MINUS
}

// RetryConfig maps a RetryPolicy to Mage's retry_config (dagster-constructs.md §7.7). Mage stops
// retrying once accumulated plus next wait reaches max_delay (default 60 s), so max_delay is
// always set just above the total wait Mage itself performs.
func RetryConfig(in RetryInput) (*mage.RetryConfig, []string) {
	var notes []string
	delay := int(math.Round(in.Delay))
	if float64(delay) != in.Delay {
		notes = append(notes, fmt.Sprintf("delay %gs rounded to %ds (Mage delays are whole seconds)", in.Delay, delay))
	}
	exp := in.Backoff == "EXPONENTIAL"
	total := 0
	for n := 1; n <= in.MaxRetries; n++ {
		if exp {
			total += delay << (n - 1)
		} else {
			total += delay
		}
	}
	switch in.Backoff {
	case "EXPONENTIAL":
		notes = append(notes, fmt.Sprintf("exponential backoff differs: Dagster waits (2^n-1)×%ds before retry n, Mage waits %d×2^(n-1)s", delay, delay))
	case "LINEAR":
		notes = append(notes, fmt.Sprintf("linear backoff has no Mage equivalent: Mage waits a constant %ds between retries (Dagster waits n×%ds)", delay, delay))
	}
	if in.Jitter != "" {
		notes = append(notes, fmt.Sprintf("jitter %s has no Mage equivalent and is dropped", in.Jitter))
	}
	notes = append(notes, "Mage retries blocks only in trigger runs, not in a plain `mage run`")
	return &mage.RetryConfig{Retries: in.MaxRetries, Delay: delay, MaxDelay: total + 1, ExponentialBackoff: exp}, notes
}
