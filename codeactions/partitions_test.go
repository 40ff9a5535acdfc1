package codeactions

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPartitionsHelper runs utils/partitions.py with the real interpreter: the key of a trigger
// run is the last partition that ended at or before the tick, also when the schedule ticks
// away from the partition boundary (build_schedule_from_partitioned_job(hour_of_day=1)).
func TestPartitionsHelper(t *testing.T) {
	py := pythonOrSkip(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "partitions.py"), []byte(partitionsModule), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
from datetime import datetime
from partitions import current_partition_key as k, current_time_window as w
d = datetime
cases = [
    (k({'execution_date': d(2024, 1, 3)}, 'daily', '%Y-%m-%d'), '2024-01-02'),
    (k({'execution_date': d(2024, 1, 3, 7, 0)}, 'daily', '%Y-%m-%d'), '2024-01-02'),
    (k({'execution_date': d(2024, 3, 10, 0, 0)}, 'weekly', '%Y-%m-%d'), '2024-03-03'),
    (k({'execution_date': d(2024, 3, 10, 1, 0)}, 'weekly', '%Y-%m-%d'), '2024-03-03'),
    (k({'execution_date': d(2024, 3, 1, 0, 0)}, 'monthly', '%Y-%m-%d'), '2024-02-01'),
    (k({'execution_date': d(2024, 1, 1, 5, 30)}, 'hourly', '%Y-%m-%d-%H:%M'), '2024-01-01-04:00'),
    (k({'execution_date': d(2024, 1, 3, 6, 0)}, 'daily', '%Y-%m-%d', tz='America/New_York'), '2024-01-02'),
    (k({'partition_key': '2024-05-05'}, 'daily', '%Y-%m-%d'), '2024-05-05'),
    (str(w({'partition_key': '2024-05-05'}, 'daily', '%Y-%m-%d').end.date()), '2024-05-06'),
]
for got, want in cases:
    print('ok' if got == want else 'BAD got %r want %r' % (got, want))
`
	cmd := exec.Command(py, "-c", script)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line != "ok" {
			t.Error(line)
		}
	}
}
