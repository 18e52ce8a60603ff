// Command gen writes the list of common passwords the users command
// refuses, from zxcvbn's dictionary as the npm package
// @zxcvbn-ts/language-common ships it (src/passwords.json, a JSON array
// ordered from the most common), each folded with account.FoldPassword.
//
//	go run ./data/account/common/gen node_modules/@zxcvbn-ts/language-common/src/passwords.json data/account/common/passwords.br
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"partnermap/data/account"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gen passwords.json OUT")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var words []string
	if err := json.Unmarshal(src, &words); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if len(words) < 1000 {
		return fmt.Errorf("%s: only %d passwords; expected zxcvbn's list of tens of thousands", in, len(words))
	}
	f, err := os.Create(out + ".tmp")
	if err != nil {
		return err
	}
	if err := account.EncodeCommon(f, words); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	info, _ := os.Stat(out + ".tmp")
	fmt.Printf("common passwords: %d, %d KB\n", len(words), info.Size()/1000)
	return os.Rename(out+".tmp", out)
}
