.PHONY: build test example bench

build:
	go build -o bin/dagster2mage ./cmd/dagster2mage

# The whole test suite; installs everything it needs on a fresh machine.
test:
	scripts/test.sh

# The main job on the bundled example project.
example: build
	scripts/example.sh

bench:
	go test -run '^$$' -bench . -benchmem ./...
