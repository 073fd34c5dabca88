// Package greet, v1.1.0: the version a test pins against, or upgrades to.
package greet

// Version is an untyped constant.
const Version = "1.1"

// Hello greets name.
func Hello(name string) string { return "Hi, " + name }
