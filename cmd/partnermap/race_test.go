//go:build race

package main

// raceDetector says whether the tests run with the race detector, which
// makes the server many times slower: a test that measures time then
// works on less, and its figure says so.
const raceDetector = true
