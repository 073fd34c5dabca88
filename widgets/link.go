package widgets

// A LinkWidget keeps a key of one widget's state equal to a key of
// another's, in the front end itself (ipywidgets' jslink and jsdlink):
// moving one slider moves the other at once, with no round trip to the
// kernel, and both report their changes to the kernel as usual. Close
// undoes the link. Where no front end renders widgets there is nothing to
// link.
type LinkWidget struct{ *Model }

// Link keeps aKey of a and bKey of b equal, whichever the user changes.
func Link(a Widget, aKey string, b Widget, bKey string) *LinkWidget {
	return &LinkWidget{link("LinkModel", a, aKey, b, bKey)}
}

// DirectionalLink copies sourceKey of source to targetKey of target when
// source changes, and not the other way.
func DirectionalLink(source Widget, sourceKey string, target Widget, targetKey string) *LinkWidget {
	return &LinkWidget{link("DirectionalLinkModel", source, sourceKey, target, targetKey)}
}

func link(name string, a Widget, aKey string, b Widget, bKey string) *Model {
	return open(map[string]any{
		"_model_module": controlsModule, "_model_module_version": moduleVersion, "_model_name": name,
		"_view_count": nil, "_view_module": controlsModule, "_view_module_version": moduleVersion,
		"_view_name": nil,
		"source":     []any{ref(a), aKey}, "target": []any{ref(b), bKey},
	})
}
