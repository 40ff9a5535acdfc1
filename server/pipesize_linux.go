package server

import (
	"os"

	"golang.org/x/sys/unix"
)

// growStdoutPipe enlarges the pipe behind stdout to 1 MiB when it is one (Linux allows
// unprivileged processes up to /proc/sys/fs/pipe-max-size, 1 MiB by default): a big file's
// publication (~330 KB) then goes out in one write instead of 64 KB at a time, each waiting for
// the editor to read. Failure is harmless: the default pipe works, only slower.
func growStdoutPipe() {
	if fi, err := os.Stdout.Stat(); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		return
	}
	_, _ = unix.FcntlInt(os.Stdout.Fd(), unix.F_SETPIPE_SZ, 1<<20)
}
