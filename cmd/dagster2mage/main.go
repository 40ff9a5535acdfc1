// Command dagster2mage moves data teams from Dagster to Mage: a language server (lsp), a checker
// (check), a batch migrator (migrate) and the rule catalog (rules).
package main

import (
	"fmt"
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: dagster2mage <lsp|check|migrate|rules|version> [args]")
		return 2
	}
	switch args[0] {
	case "lsp":
		return runLSP(args[1:], os.Stderr)
	case "migrate":
		return runMigrate(args[1:], os.Stdout, os.Stderr)
	case "check":
		return runCheck(args[1:], os.Stdout, os.Stderr)
	case "rules":
		return runRules(args[1:], os.Stdout, os.Stderr)
	case "version", "--version":
		fmt.Println("dagster2mage", version)
		return 0
	default:
		fmt.Fprintf(os.Stderr, "dagster2mage: unknown command %q\n", args[0])
		return 2
	}
}
