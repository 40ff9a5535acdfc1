package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/dagster2mage/dagster2mage/analysis"
)

// runRules prints the rule catalog, or one rule's full explanation.
func runRules(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		for _, r := range analysis.Rules() {
			fmt.Fprintf(stdout, "%s  %-7s  %-40s  → %s\n", r.Code, r.Tier, r.Title, r.Mage)
		}
		return 0
	}
	status := 0
	for _, code := range args {
		r, ok := analysis.LookupRule(strings.ToUpper(code))
		if !ok {
			fmt.Fprintf(stderr, "dagster2mage rules: unknown rule %q\n", code)
			status = 2
			continue
		}
		fmt.Fprintf(stdout, "%s: %s\n\ntier: %s\nDagster: %s\nMage: %s\n\n%s\n", r.Code, r.Title, r.Tier, r.Construct, r.Mage, r.Explanation)
		if len(r.Differences) > 0 {
			fmt.Fprintln(stdout, "\nWhat behaves differently:")
			for _, d := range r.Differences {
				fmt.Fprintf(stdout, "  - %s\n", d)
			}
		}
	}
	return status
}
