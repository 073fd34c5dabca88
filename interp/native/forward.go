package native

import (
	"fmt"
	"go/types"
	"strings"
)

// Forward is what a function of signature sig needs to pass its call on
// to another of the same signature: its parameter list, with names of its
// own (p0, p1…), the arguments that pass them on (a variadic one spread),
// and its result list with a leading space ("" for none). Types are named
// with qualify. The wrappers of interfaces a table declares, and the
// functions the interpreter declares for a compiled cell's, are such.
func Forward(sig *types.Signature, qualify types.Qualifier) (params, args, results string) {
	var ps, as []string
	for i := range sig.Params().Len() {
		typ := types.TypeString(sig.Params().At(i).Type(), qualify)
		arg := fmt.Sprintf("p%d", i)
		if sig.Variadic() && i == sig.Params().Len()-1 {
			typ = "..." + types.TypeString(sig.Params().At(i).Type().(*types.Slice).Elem(), qualify)
			arg += "..."
		}
		ps = append(ps, fmt.Sprintf("p%d %s", i, typ))
		as = append(as, arg)
	}
	var rs []string
	for v := range sig.Results().Variables() {
		rs = append(rs, types.TypeString(v.Type(), qualify))
	}
	switch len(rs) {
	case 0:
	case 1:
		results = " " + rs[0]
	default:
		results = " (" + strings.Join(rs, ", ") + ")"
	}
	return strings.Join(ps, ", "), strings.Join(as, ", "), results
}

// TypeParams are the type parameter list of a generic declaration, as
// another that passes its type arguments on declares it ("[K comparable,
// V any]", constraints named with qualify), and the type arguments that
// pass them on ("[K, V]"); both "" for a list of none.
func TypeParams(list *types.TypeParamList, qualify types.Qualifier) (params, args string) {
	if list.Len() == 0 {
		return "", ""
	}
	var ps, as []string
	for tp := range list.TypeParams() {
		ps = append(ps, tp.Obj().Name()+" "+types.TypeString(tp.Constraint(), qualify))
		as = append(as, tp.Obj().Name())
	}
	return "[" + strings.Join(ps, ", ") + "]", "[" + strings.Join(as, ", ") + "]"
}
