package server

import (
	"context"
	"sync"
)

// activity counts background work on a folder's index (scans, re-reads of changed files)
// so that a migration can wait until the index has caught up with the disk.
type activity struct {
	mu   sync.Mutex
	n    int
	idle chan struct{}
}

func (a *activity) start() {
	a.mu.Lock()
	if a.n == 0 {
		a.idle = make(chan struct{})
	}
	a.n++
	a.mu.Unlock()
}

func (a *activity) done() {
	a.mu.Lock()
	a.n--
	if a.n == 0 {
		close(a.idle)
	}
	a.mu.Unlock()
}

// wait returns when no work is running, or with ctx's error.
func (a *activity) wait(ctx context.Context) error {
	a.mu.Lock()
	if a.n == 0 {
		a.mu.Unlock()
		return nil
	}
	idle := a.idle
	a.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
