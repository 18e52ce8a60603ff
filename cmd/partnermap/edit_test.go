package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"partnermap/data"
)

// editFolders makes a data folder with CoNet and, beside it, a users file
// with an admin, as partnermap users writes it.
func editFolders(t *testing.T) (dataFile, users, state string) {
	t.Helper()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "data"), 0o755)
	dataFile = filepath.Join(dir, "data", "conet.toml")
	if err := os.WriteFile(dataFile, data.DefaultSource(), 0o644); err != nil {
		t.Fatal(err)
	}
	users = filepath.Join(dir, "users.toml")
	if _, errs, err := runUsers(t, "correct horse battery staple\n", "add", "--users", users, "anna", "--role", "admin"); err != nil {
		t.Fatal(errs)
	}
	return dataFile, users, filepath.Join(dir, "state")
}

func TestEditRefusals(t *testing.T) {
	dataFile, users, state := editFolders(t)
	inside := filepath.Join(filepath.Dir(dataFile), "users.toml")
	os.Link(users, inside)
	cases := []struct {
		name string
		args []string
		env  map[string]string
		code int
		msg  string
	}{
		{"the embedded network", []string{"serve", "--edit", "--users", users, "--state", state}, nil, 1, "--edit needs --data"},
		{"no users file", []string{"serve", "--edit", "--data", dataFile, "--state", state}, nil, 1, "--edit needs --users"},
		{"no state", []string{"serve", "--edit", "--data", dataFile, "--users", users}, nil, 1, "--edit needs --state"},
		{"users in the data folder", []string{"serve", "--edit", "--data", dataFile, "--users", inside, "--state", state}, nil, 1, "is inside the data folder"},
		{"state in the data folder", []string{"serve"}, map[string]string{"PARTNERMAP_EDIT": "1", "PARTNERMAP_DATA": dataFile, "PARTNERMAP_USERS": users, "PARTNERMAP_STATE": filepath.Join(filepath.Dir(dataFile), ".state")}, 1, "--state"},
		{"a users file that does not exist", []string{"serve", "--edit", "--data", dataFile, "--users", users + ".missing", "--state", state}, nil, 1, "create it with partnermap users add"},
		{"edit from the environment, malformed", []string{"serve"}, map[string]string{"PARTNERMAP_EDIT": "please"}, 2, `PARTNERMAP_EDIT="please"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			env := map[string]string{"PARTNERMAP_ADDR": "127.0.0.1:0"}
			for k, v := range tc.env {
				env[k] = v
			}
			err := run(context.Background(), tc.args, envOf(env), io.Discard, &stderr)
			if got := exitCode(err); got != tc.code {
				t.Fatalf("exit %d, want %d (err %v)", got, tc.code, err)
			}
			if msg := stderr.String() + errString(err); !strings.Contains(msg, tc.msg) {
				t.Errorf("message %q lacks %q", msg, tc.msg)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// A server told to edit by its environment signs an account in, and its
// editor starts drafts from the version /healthz reports.
func TestServeEditing(t *testing.T) {
	dataFile, users, state := editFolders(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	done := make(chan error, 1)
	env := envOf(map[string]string{"PARTNERMAP_ADDR": addr, "PARTNERMAP_DATA": dataFile, "PARTNERMAP_EDIT": "true", "PARTNERMAP_USERS": users, "PARTNERMAP_STATE": state})
	go func() { done <- run(ctx, []string{"serve"}, env, io.Discard, &logs) }()
	base := "http://" + addr
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	var page string
	for deadline := time.Now().Add(30 * time.Second); ; {
		resp, err := client.Get(base + "/admin/sign-in")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page = string(b)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not answer: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	token := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(page)
	if token == nil {
		t.Fatalf("no sign-in form:\n%s", page)
	}
	resp, err := client.PostForm(base+"/admin/sign-in", url.Values{"token": {token[1]}, "name": {"anna"}, "password": {"correct horse battery staple"}, "next": {"/admin/networks/conet/"}})
	if err != nil {
		t.Fatal(err)
	}
	editor, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Request.URL.Path != "/admin/networks/conet/" {
		t.Fatalf("signed in to %s:\n%s", resp.Request.URL, logs.String())
	}
	resp, err = http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var health struct{ Version string }
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if !strings.Contains(string(editor), `name="base" value="`+health.Version+`"`) {
		t.Errorf("the editor does not start drafts from version %s, which /healthz reports", health.Version)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v", err)
	}
	for _, want := range []string{`msg="editing is on"`, "accounts=1", `msg="signed in" name=anna`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}
