package main

import (
	"fmt"
	"strconv"
	"strings"

	"partnermap/data"
)

// sizeUnits are the units a size may be written in: decimal, as disks are
// sold and as the docs count, and binary.
var sizeUnits = []struct {
	name  string
	bytes int64
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}

// parseSize reads a number of bytes written as 32MB, 500 KB, 1.5GB or
// 2000000.
func parseSize(s string) (int64, error) {
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range sizeUnits {
		if len(num) > len(u.name) && strings.EqualFold(num[len(num)-len(u.name):], u.name) {
			num, mult = strings.TrimSpace(num[:len(num)-len(u.name)]), u.bytes
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f <= 0 || f*float64(mult) > 1<<40 {
		return 0, fmt.Errorf("%q is not a size: write it as 32MB, 500KB or 1GB", s)
	}
	return int64(f * float64(mult)), nil
}

// sizeFlag is a flag that takes a size.
type sizeFlag struct{ bytes *int64 }

func (f sizeFlag) String() string {
	if f.bytes == nil {
		return ""
	}
	return strings.ReplaceAll(data.Size(*f.bytes), " ", "")
}

func (f sizeFlag) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	*f.bytes = n
	return nil
}
