package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// healthcheck asks a running server's /healthz whether it serves, for a
// container's HEALTHCHECK and Kubernetes' probes: the image has no shell
// and no curl. It exits 0 when /healthz answers 200 within the timeout,
// and 1 otherwise, as HEALTHCHECK expects.
func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := getenv("PARTNERMAP_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	fs.StringVar(&addr, "addr", addr, "`host:port` the server listens on; 0.0.0.0 and an empty host ask the loopback address ($PARTNERMAP_ADDR)")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: partnermap healthcheck [flags]\n\n"+
			"Ask the server's /healthz whether it serves, for a container's\n"+
			"HEALTHCHECK or a probe: exit 0 when it answers 200 in time, 1 when it\n"+
			"does not.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if askedForHelp(args) {
		fs.SetOutput(stdout)
		fs.Usage()
		return nil
	}
	if err := fs.Parse(args); err != nil {
		return exitError(2)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "partnermap healthcheck: unexpected argument %q; flags start with --\n", fs.Arg(0))
		return exitError(2)
	}
	url := "http://" + dialAddr(addr) + "/healthz"
	if err := askHealth(ctx, url, *timeout); err != nil {
		fmt.Fprintln(stderr, "partnermap healthcheck:", err)
		return exitError(1)
	}
	return nil
}

// dialAddr turns a listen address into one to connect to, as an IP
// address: a scratch image has no /etc/hosts to find localhost in.
func dialAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return net.JoinHostPort(host, port)
}

// askHealth gets url, directly rather than through a proxy the
// environment may name, and wants 200 within timeout.
func askHealth(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%s did not answer within %s", url, timeout)
	}
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", url, resp.Status)
	}
	return nil
}
