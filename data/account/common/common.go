// Package common embeds the list of common passwords that accounts may not
// choose: the 49,000 most common passwords of zxcvbn's dictionary, from
// the npm package @zxcvbn-ts/language-common (MIT) as pinned in
// package-lock.json, folded with account.FoldPassword. make writes
// passwords.br with ./gen before the binary is built; it is not
// committed. Only the users command opens it, never the server.
package common

import (
	_ "embed"

	"partnermap/data/account"
)

//go:embed passwords.br
var table []byte

// Open decodes the embedded list: some milliseconds and about 1 MB.
func Open() (*account.Common, error) {
	return account.DecodeCommon(table)
}
