package main

import (
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The program as it runs, in a child process: for what the program does
// as a whole (its exit status, signals, files and folders that change
// under it), built without the race detector, which makes building sites
// many times slower. Its races are the in-process tests' to find.

// built is the program the tests built, when make test gave none.
var built struct {
	once      sync.Once
	dir, path string
	err       error
}

// programBinary is the program built as it runs: the one make test built
// and names in PARTNERMAP_BIN, or one built once for these tests.
func programBinary(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("PARTNERMAP_BIN"); bin != "" {
		return bin
	}
	built.once.Do(func() {
		goTool, err := exec.LookPath(filepath.Join(runtime.GOROOT(), "bin", "go"))
		if err != nil {
			built.err = err
			return
		}
		if built.dir, built.err = os.MkdirTemp("", "partnermap-test-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "partnermap")
		if out, err := exec.Command(goTool, "build", "-o", built.path, ".").CombinedOutput(); err != nil {
			built.err = errors.New(err.Error() + "\n" + string(out))
		}
	})
	if built.err != nil {
		t.Fatalf("building the program: %v", built.err)
	}
	return built.path
}

// unprivileged is how to run the program as a user whom permissions
// stop: when the tests run as root, the program copied where nobody may
// run it and nobody's credential; otherwise the program as it is, run as
// the tests are.
func unprivileged(t *testing.T) (bin string, cred *syscall.Credential) {
	t.Helper()
	bin = programBinary(t)
	if os.Geteuid() != 0 {
		return bin, nil
	}
	// cp writes the copy, in a process of its own: a file this process
	// held open for writing would be inherited by the child another test
	// forks meanwhile, and running the copy would then fail as "text file
	// busy" until that child had started.
	copied := filepath.Join(sharedDir(t), "partnermap")
	if out, err := exec.Command("cp", bin, copied).CombinedOutput(); err != nil {
		t.Fatalf("copying the program: %v\n%s", err, out)
	}
	return copied, &syscall.Credential{Uid: 65534, Gid: 65534}
}

// sharedDir is a temporary folder anyone may read and enter, as the
// unprivileged child must.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// child is the program started in a child process.
type child struct {
	cmd    *exec.Cmd
	logs   *syncBuffer   // what it writes, both streams
	stdout *syncBuffer   // what it writes to standard output alone
	done   chan struct{} // closed when it has exited
	err    error         // its exit, once done
}

// startChild runs the program with args in a child process, until it
// exits or the test ends; asNobody runs it as an unprivileged user (see
// unprivileged).
func startChild(t *testing.T, asNobody bool, args ...string) *child {
	t.Helper()
	return startChildEnv(t, asNobody, nil, args...)
}

// startChildEnv is startChild with variables added to the environment.
func startChildEnv(t *testing.T, asNobody bool, env map[string]string, args ...string) *child {
	t.Helper()
	bin, cred := programBinary(t), (*syscall.Credential)(nil)
	if asNobody {
		bin, cred = unprivileged(t)
	}
	c := &child{cmd: exec.Command(bin, args...), logs: &syncBuffer{}, stdout: &syncBuffer{}, done: make(chan struct{})}
	c.cmd.Env = os.Environ()
	for _, k := range slices.Sorted(maps.Keys(env)) {
		c.cmd.Env = append(c.cmd.Env, k+"="+env[k])
	}
	c.cmd.Stdout, c.cmd.Stderr = teeWriter{c.logs, c.stdout}, c.logs
	if cred != nil {
		c.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.done)
	}()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		<-c.done
	})
	return c
}

// teeWriter writes to both.
type teeWriter struct{ a, b *syncBuffer }

func (w teeWriter) Write(p []byte) (int, error) {
	w.a.Write(p)
	return w.b.Write(p)
}

// stopped waits for the child to exit by itself, or for a SIGTERM sent
// after wait to end it within the shutdown time, and returns its exit
// status; -1 when even the signal did not end it.
func (c *child) stopped(t *testing.T, wait time.Duration) int {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(wait):
		c.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-c.done:
		case <-time.After(stopTime + 3*time.Second):
			t.Errorf("still running %v after SIGTERM:\n%s", stopTime+3*time.Second, c.logs.String())
			c.cmd.Process.Kill()
			<-c.done
			return -1
		}
	}
	var exit *exec.ExitError
	if errors.As(c.err, &exit) {
		return exit.ExitCode()
	}
	return 0
}

// runChild runs the program to its end, as runCommand's cases do in the
// test's process, and returns its exit status, its standard output and
// all it wrote.
func runChild(t *testing.T, env map[string]string, args ...string) (code int, stdout, logs string) {
	t.Helper()
	c := startChildEnv(t, false, env, args...)
	code = c.stopped(t, 5*time.Minute)
	return code, c.stdout.String(), c.logs.String()
}

// watchChild serves file (a data file or an atlas's folder) with --watch
// and args in a child process until the test ends; asNobody runs it as
// an unprivileged user.
func watchChild(t *testing.T, file string, asNobody bool, args ...string) *watching {
	t.Helper()
	addr := freeAddr(t)
	c := startChild(t, asNobody, append([]string{"serve", "--watch", "--data", file, "--addr", addr}, args...)...)
	w := &watching{t: t, base: "http://" + addr, logs: c.logs, pageVersion: pageVersions()}
	for deadline := time.Now().Add(waitLimit); w.healthBody() == ""; time.Sleep(20 * time.Millisecond) {
		select {
		case <-c.done:
			t.Fatalf("the server ended: %v\n%s", c.err, c.logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start:\n%s", c.logs.String())
		}
	}
	t.Cleanup(func() {
		select {
		case <-c.done:
			t.Errorf("the server ended before the test did: %v\n%s", c.err, c.logs.String())
		default:
		}
	})
	return w
}

// waitLimit is how long a test waits for the program to do what it
// should, however busy the machine: only a test that fails waits it out.
const waitLimit = 3 * time.Minute

// hasAll reports whether s holds each of parts.
func hasAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
