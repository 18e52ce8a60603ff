package account

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Password lengths, in characters: NIST SP 800-63B asks for at least 8
// and lets passphrases be long; an account that can change a published
// site asks for more.
const (
	MinPassword = 12
	MaxPassword = 256
)

// FoldPassword is a password as guessers try it: lower case, with the
// usual letter swaps undone (p@ssw0rd is password) and l read as i, as
// 1 is. Lists of common passwords are folded the same way, so that one
// entry stands for all its spellings.
func FoldPassword(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(norm.NFC.String(s)) {
		switch r {
		case '0':
			r = 'o'
		case '1', 'l', '!', '|':
			r = 'i'
		case '3':
			r = 'e'
		case '4', '@':
			r = 'a'
		case '5', '$':
			r = 's'
		case '7', '+':
			r = 't'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sequences are runs of keys and characters people type in order; a
// password that is part of one, forwards or backwards, is refused.
var sequences = []string{
	"01234567890123456789012345678901234567890",
	"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
	"qwertyuiopasdfghjklzxcvbnmqwertyuiop",
	"qwertzuiopasdfghjklyxcvbnmqwertzuiop",
	"azertyuiopqsdfghjklmwxcvbnazertyuiop",
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
	"qazwsxedcrfvtgbyhnujmikolp",
	"1q2w3e4r5t6y7u8i9o0p",
}

// CheckPassword says why a password may not be chosen, if it may not:
// shorter than MinPassword characters (beside the account's name), longer
// than MaxPassword, a repeated or sequential pattern, or a common
// password, with or without digits and marks around it, in any case and
// with the usual letter swaps. common reports whether a folded password
// (FoldPassword) is among the common ones.
func CheckPassword(password, name string, common func(folded string) bool) error {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		return fmt.Errorf("the password is not valid UTF-8")
	case n < MinPassword:
		return fmt.Errorf("the password has %d characters; it needs at least %d: several unrelated words make a long one that is easy to remember", n, MinPassword)
	case n > MaxPassword:
		return fmt.Errorf("the password has %d characters, more than %d", n, MaxPassword)
	case strings.ContainsFunc(password, unicode.IsControl):
		return fmt.Errorf("the password has a control character (a tab or a line break): leave it out")
	}
	lower := strings.ToLower(password)
	if key := NameKey(name); len(key) >= 3 && strings.Contains(lower, key) {
		if rest := utf8.RuneCountInString(strings.Replace(lower, key, "", 1)); rest < MinPassword {
			return fmt.Errorf("the password is mostly the account's name: it needs %d characters besides it", MinPassword)
		}
	}
	if unit := repeated(lower); unit != "" && (utf8.RuneCountInString(unit) <= 4 || common(FoldPassword(unit))) {
		return fmt.Errorf("the password repeats %q: choose one without a pattern", unit)
	}
	for _, s := range sequences {
		if strings.Contains(s, lower) || strings.Contains(reverse(s), lower) {
			return fmt.Errorf("the password is a run of keys or characters in order: choose one without a pattern")
		}
	}
	if common(FoldPassword(password)) {
		return fmt.Errorf("the password is among the most common ones: choose another, such as a few unrelated words")
	}
	// Digits and marks around a common word add little: Password2024!
	// is password to a guesser.
	core := strings.TrimFunc(password, func(r rune) bool { return !unicode.IsLetter(r) })
	if c := utf8.RuneCountInString(core); c >= 4 && 2*c >= n && common(FoldPassword(core)) {
		return fmt.Errorf("the password is a common one with digits or marks around it: choose another, such as a few unrelated words")
	}
	return nil
}

// repeated returns the shortest text that s is two or more copies of, or
// "" when s is no such repetition.
func repeated(s string) string {
	r := []rune(s)
	for size := 1; size <= len(r)/2; size++ {
		if len(r)%size != 0 {
			continue
		}
		unit := string(r[:size])
		if strings.Repeat(unit, len(r)/size) == s {
			return unit
		}
	}
	return ""
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}
