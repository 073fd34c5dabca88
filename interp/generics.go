package interp

import (
	_ "embed"
	"fmt"
	"go/parser"
	"strings"

	yaegi "github.com/traefik/yaegi/interp"
)

// Generic functions cannot come through yaegi's compiled symbol tables, so
// what cells need of them is Go source that the interpreter compiles when
// it starts: the helpers that rewritten cells call (see rewrite.go), and
// the common functions of the standard slices, maps and cmp packages,
// which yaegi's own sources lack or get wrong.
//
// yaegi's generics have limits that shape this source: a type parameter
// is inferred only from an argument of that very type ([]E, not S ~[]E),
// so the functions take and return []E and map[K]V instead of the standard
// S and M, and a named slice type comes back as its underlying type; a
// constraint such as cmp.Ordered breaks on compiled named types like
// time.Duration, so the functions say any and leave the check to the
// operators; a generic closure may not send on a channel, which is why
// range over a function pulls its values through compiled code.

// helpersSource is compiled into package main, beside the cells.
const helpersSource = `package main

import ` + cellPkgName + ` "` + cellPkgPath + `"

// _glMin and _glMax are the builtins min and max of two values, with the
// spec's rules for NaN and negative zero.
func _glMin[T any](a, b T) T {
	if b < a || b != b || (b == a && ` + cellPkgName + `.NegZero(b)) {
		return b
	}
	return a
}

func _glMax[T any](a, b T) T {
	if b > a || b != b || (b == a && ` + cellPkgName + `.NegZero(a)) {
		return b
	}
	return a
}

// _glId returns its argument: a closure passed through it is a value, as
// yaegi must make it to keep the variables it captures (see snapshots).
func _glId[T any](x T) T { return x }

// _glNew is Go 1.26's new(expr): a pointer to a new variable holding the
// value of expr (see rewrite_new.go).
func _glNew[T any](v T) *T { return &v }

// _glElem gives a value that a range-over-function loop pulled the type
// its iterator yields, which seq's type tells.
func _glElem[V any](seq func(func(V) bool), v any) V {
	if v == nil {
		var zero V
		return zero
	}
	return v.(V)
}

func _glElem2[K, V any](seq func(func(K, V) bool), k, v any) (K, V) {
	var (
		zk K
		zv V
	)
	if k != nil {
		zk = k.(K)
	}
	if v != nil {
		zv = v.(V)
	}
	return zk, zv
}
`

// slicesSource adds to, and replaces functions of, yaegi's package slices.
const slicesSource = `package slices

import "sort"

func Sort[E any](x []E) {
	sort.Slice(x, func(i, j int) bool {
		a, b := x[i], x[j]
		return (a != a && b == b) || a < b
	})
}

func SortFunc[E any](x []E, cmp func(a, b E) int) {
	sort.Slice(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 })
}

func SortStableFunc[E any](x []E, cmp func(a, b E) int) {
	sort.SliceStable(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 })
}

func IsSorted[E any](x []E) bool {
	for i := len(x) - 1; i > 0; i-- {
		a, b := x[i], x[i-1]
		if (a != a && b == b) || a < b {
			return false
		}
	}
	return true
}

func IsSortedFunc[E any](x []E, cmp func(a, b E) int) bool {
	for i := len(x) - 1; i > 0; i-- {
		if cmp(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

func BinarySearch[E any](x []E, target E) (int, bool) {
	n := len(x)
	i, j := 0, n
	for i < j {
		h := int(uint(i+j) >> 1)
		a := x[h]
		if (a != a && target == target) || a < target {
			i = h + 1
		} else {
			j = h
		}
	}
	if i < n {
		a := x[i]
		return i, a == target || (a != a && target != target)
	}
	return i, false
}

func BinarySearchFunc[E, T any](x []E, target T, cmp func(E, T) int) (int, bool) {
	n := len(x)
	i, j := 0, n
	for i < j {
		h := int(uint(i+j) >> 1)
		if cmp(x[h], target) < 0 {
			i = h + 1
		} else {
			j = h
		}
	}
	return i, i < n && cmp(x[i], target) == 0
}

func Min[E any](x []E) E {
	if len(x) < 1 {
		panic("slices.Min: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		v := x[i]
		if v != v {
			return v
		}
		if v < m {
			m = v
		}
	}
	return m
}

func MinFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MinFunc: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if cmp(x[i], m) < 0 {
			m = x[i]
		}
	}
	return m
}

func Max[E any](x []E) E {
	if len(x) < 1 {
		panic("slices.Max: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		v := x[i]
		if v != v {
			return v
		}
		if v > m {
			m = v
		}
	}
	return m
}

func MaxFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MaxFunc: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if cmp(x[i], m) > 0 {
			m = x[i]
		}
	}
	return m
}

func Equal[E any](s1, s2 []E) bool {
	if len(s1) != len(s2) {
		return false
	}
	for i := range s1 {
		if s1[i] != s2[i] {
			return false
		}
	}
	return true
}

func EqualFunc[E1, E2 any](s1 []E1, s2 []E2, eq func(E1, E2) bool) bool {
	if len(s1) != len(s2) {
		return false
	}
	for i := range s1 {
		if !eq(s1[i], s2[i]) {
			return false
		}
	}
	return true
}

func Compare[E any](s1, s2 []E) int {
	for i := range s1 {
		if i >= len(s2) {
			return +1
		}
		a, b := s1[i], s2[i]
		an, bn := a != a, b != b
		switch {
		case an && bn:
		case an || a < b:
			return -1
		case bn || a > b:
			return +1
		}
	}
	if len(s1) < len(s2) {
		return -1
	}
	return 0
}

func CompareFunc[E1, E2 any](s1 []E1, s2 []E2, cmp func(E1, E2) int) int {
	for i := range s1 {
		if i >= len(s2) {
			return +1
		}
		if c := cmp(s1[i], s2[i]); c != 0 {
			return c
		}
	}
	if len(s1) < len(s2) {
		return -1
	}
	return 0
}

func Index[E any](s []E, v E) int {
	for i := range s {
		if v == s[i] {
			return i
		}
	}
	return -1
}

func Contains[E any](s []E, v E) bool {
	return Index(s, v) >= 0
}

func Clone[E any](s []E) []E {
	if s == nil {
		return nil
	}
	r := make([]E, len(s))
	copy(r, s)
	return r
}

func Reverse[E any](s []E) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

func Insert[E any](s []E, i int, v ...E) []E {
	_ = s[i:]
	n := len(s) + len(v)
	if n <= cap(s) {
		r := s[:n]
		copy(r[i+len(v):], s[i:])
		copy(r[i:], v)
		return r
	}
	r := make([]E, 0, n)
	r = append(r, s[:i]...)
	r = append(r, v...)
	return append(r, s[i:]...)
}

func Delete[E any](s []E, i, j int) []E {
	_ = s[i:j:len(s)]
	if i == j {
		return s
	}
	n := copy(s[i:], s[j:])
	var zero E
	for k := i + n; k < len(s); k++ {
		s[k] = zero
	}
	return s[:i+n]
}

func DeleteFunc[E any](s []E, del func(E) bool) []E {
	k := 0
	for _, v := range s {
		if !del(v) {
			s[k] = v
			k++
		}
	}
	var zero E
	for i := k; i < len(s); i++ {
		s[i] = zero
	}
	return s[:k]
}

func Replace[E any](s []E, i, j int, v ...E) []E {
	_ = s[i:j]
	tail := Clone(s[j:])
	n := i + len(v) + len(tail)
	var r []E
	if n <= cap(s) {
		r = s[:n]
	} else {
		r = make([]E, n)
		copy(r, s[:i])
	}
	copy(r[i:], v)
	copy(r[i+len(v):], tail)
	var zero E
	for k := n; k < len(s); k++ {
		s[k] = zero
	}
	return r
}

func Compact[E any](s []E) []E {
	if len(s) < 2 {
		return s
	}
	k := 1
	for i := 1; i < len(s); i++ {
		if s[i] != s[k-1] {
			s[k] = s[i]
			k++
		}
	}
	var zero E
	for i := k; i < len(s); i++ {
		s[i] = zero
	}
	return s[:k]
}

func CompactFunc[E any](s []E, eq func(E, E) bool) []E {
	if len(s) < 2 {
		return s
	}
	k := 1
	for i := 1; i < len(s); i++ {
		if !eq(s[k-1], s[i]) {
			s[k] = s[i]
			k++
		}
	}
	var zero E
	for i := k; i < len(s); i++ {
		s[i] = zero
	}
	return s[:k]
}

func Concat[E any](first []E, rest ...[]E) []E {
	n := len(first)
	for _, s := range rest {
		n += len(s)
	}
	r := make([]E, 0, n)
	r = append(r, first...)
	for _, s := range rest {
		r = append(r, s...)
	}
	return r
}

func Repeat[E any](x []E, count int) []E {
	if count < 0 {
		panic("cannot be negative")
	}
	r := make([]E, 0, len(x)*count)
	for i := 0; i < count; i++ {
		r = append(r, x...)
	}
	return r
}

func Grow[E any](s []E, n int) []E {
	if n < 0 {
		panic("cannot be negative")
	}
	if n -= cap(s) - len(s); n > 0 {
		r := make([]E, len(s), len(s)+n)
		copy(r, s)
		return r
	}
	return s
}

func Clip[E any](s []E) []E {
	return s[:len(s):len(s)]
}

func All[E any](s []E) func(func(int, E) bool) {
	return func(yield func(int, E) bool) {
		for i, v := range s {
			if !yield(i, v) {
				return
			}
		}
	}
}

func Values[E any](s []E) func(func(E) bool) {
	return func(yield func(E) bool) {
		for _, v := range s {
			if !yield(v) {
				return
			}
		}
	}
}

func Backward[E any](s []E) func(func(int, E) bool) {
	return func(yield func(int, E) bool) {
		for i := len(s) - 1; i >= 0; i-- {
			if !yield(i, s[i]) {
				return
			}
		}
	}
}

func AppendSeq[E any](s []E, seq func(func(E) bool)) []E {
	seq(func(v E) bool {
		s = append(s, v)
		return true
	})
	return s
}

func Collect[E any](seq func(func(E) bool)) []E {
	var s []E
	seq(func(v E) bool {
		s = append(s, v)
		return true
	})
	return s
}

func Sorted[E any](seq func(func(E) bool)) []E {
	s := Collect(seq)
	Sort(s)
	return s
}

func SortedFunc[E any](seq func(func(E) bool), cmp func(E, E) int) []E {
	s := Collect(seq)
	SortFunc(s, cmp)
	return s
}

func SortedStableFunc[E any](seq func(func(E) bool), cmp func(E, E) int) []E {
	s := Collect(seq)
	SortStableFunc(s, cmp)
	return s
}

func Chunk[E any](s []E, n int) func(func([]E) bool) {
	if n < 1 {
		panic("cannot be less than 1")
	}
	return func(yield func([]E) bool) {
		for i := 0; i < len(s); i += n {
			end := i + n
			if end > len(s) {
				end = len(s)
			}
			if !yield(s[i:end:end]) {
				return
			}
		}
	}
}
`

// mapsSource adds to, and replaces functions of, yaegi's package maps.
const mapsSource = `package maps

func Keys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func Values[K comparable, V any](m map[K]V) func(func(V) bool) {
	return func(yield func(V) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

func All[K comparable, V any](m map[K]V) func(func(K, V) bool) {
	return func(yield func(K, V) bool) {
		for k, v := range m {
			if !yield(k, v) {
				return
			}
		}
	}
}

func Collect[K comparable, V any](seq func(func(K, V) bool)) map[K]V {
	m := map[K]V{}
	seq(func(k K, v V) bool {
		m[k] = v
		return true
	})
	return m
}

func Insert[K comparable, V any](m map[K]V, seq func(func(K, V) bool)) {
	seq(func(k K, v V) bool {
		m[k] = v
		return true
	})
}

func Clone[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	r := make(map[K]V, len(m))
	for k, v := range m {
		r[k] = v
	}
	return r
}

func Copy[K comparable, V any](dst, src map[K]V) {
	for k, v := range src {
		dst[k] = v
	}
}

func Equal[K, V comparable](m1, m2 map[K]V) bool {
	if len(m1) != len(m2) {
		return false
	}
	for k, v1 := range m1 {
		if v2, ok := m2[k]; !ok || v1 != v2 {
			return false
		}
	}
	return true
}

func EqualFunc[K comparable, V1, V2 any](m1 map[K]V1, m2 map[K]V2, eq func(V1, V2) bool) bool {
	if len(m1) != len(m2) {
		return false
	}
	for k, v1 := range m1 {
		if v2, ok := m2[k]; !ok || !eq(v1, v2) {
			return false
		}
	}
	return true
}
`

// cmpSource replaces cmp's functions with ones that compiled named types
// such as time.Duration can instantiate.
const cmpSource = `package cmp

func Less[T any](x, y T) bool {
	return (x != x && y == y) || x < y
}

func Compare[T any](x, y T) int {
	xNaN, yNaN := x != x, y != y
	if xNaN && yNaN {
		return 0
	}
	if xNaN || x < y {
		return -1
	}
	if yNaN || x > y {
		return +1
	}
	return 0
}

func Or[T comparable](first T, rest ...T) T {
	var zero T
	if first != zero {
		return first
	}
	for _, v := range rest {
		if v != zero {
			return v
		}
	}
	return zero
}
`

// gensrcErrors holds the generic functions of package errors, which is
// compiled in yaegi's tables: cells reach them through a rewrite
// (rewrite_stdgeneric.go).
//
//go:embed gensrc/errors.go
var gensrcErrors string

// gensrcSync and gensrcReflect hold those of packages sync and reflect.
var (
	//go:embed gensrc/sync.go
	gensrcSync string
	//go:embed gensrc/reflect.go
	gensrcReflect string
)

// loadGenerics compiles the generic sources into yi, whose standard
// library must be loaded already.
func loadGenerics(yi *yaegi.Interpreter) error {
	for name, src := range map[string]string{
		"gopherlab-helpers.go": helpersSource,
		"gopherlab-slices.go":  slicesSource,
		"gopherlab-maps.go":    mapsSource,
		"gopherlab-cmp.go":     cmpSource,
		"gopherlab-errors.go":  strings.Replace(gensrcErrors, "package gensrc", "package main", 1),
		"gopherlab-sync.go":    strings.Replace(gensrcSync, "package gensrc", "package main", 1),
		"gopherlab-reflect.go": strings.Replace(gensrcReflect, "package gensrc", "package main", 1),
	} {
		// A file name of its own: imports belong to a file, and yaegi's
		// own generic sources already imported into theirs.
		f, err := parser.ParseFile(yi.FileSet(), name, src, 0)
		if err != nil {
			return fmt.Errorf("interp: parse %s: %w", name, err)
		}
		prog, err := yi.CompileAST(f)
		if err != nil {
			return fmt.Errorf("interp: compile %s: %w", name, err)
		}
		if _, err := yi.Execute(prog); err != nil {
			return fmt.Errorf("interp: load %s: %w", name, err)
		}
	}
	return nil
}
