package widgets

// The default state of each kind of model, as ipywidgets 8 sends it in
// comm_open (tests/jupyter/test_widgets.py compares them with ipywidgets'
// own get_state()).

// layout opens the LayoutModel every DOM widget has.
func layout() *Model {
	s := map[string]any{
		"_model_module": baseModule, "_model_module_version": moduleVersion, "_model_name": "LayoutModel",
		"_view_count": nil, "_view_module": baseModule, "_view_module_version": moduleVersion, "_view_name": "LayoutView",
	}
	for _, k := range []string{
		"align_content", "align_items", "align_self", "border_bottom", "border_left", "border_right",
		"border_top", "bottom", "display", "flex", "flex_flow", "grid_area", "grid_auto_columns",
		"grid_auto_flow", "grid_auto_rows", "grid_column", "grid_gap", "grid_row", "grid_template_areas",
		"grid_template_columns", "grid_template_rows", "height", "justify_content", "justify_items", "left",
		"margin", "max_height", "max_width", "min_height", "min_width", "object_fit", "object_position",
		"order", "overflow", "padding", "right", "top", "visibility", "width",
	} {
		s[k] = nil
	}
	return open(s)
}

// styles are the style models' own keys and defaults, by model name.
var styles = map[string]map[string]any{
	"SliderStyleModel":      {"description_width": "", "handle_color": nil},
	"ProgressStyleModel":    {"bar_color": nil, "description_width": ""},
	"CheckboxStyleModel":    {"background": nil, "description_width": ""},
	"DescriptionStyleModel": {"description_width": ""},
	"TextStyleModel":        {"background": nil, "description_width": "", "font_size": nil, "text_color": nil},
	"HTMLStyleModel":        {"background": nil, "description_width": "", "font_size": nil, "text_color": nil},
	"LabelStyleModel": {"background": nil, "description_width": "", "font_family": nil, "font_size": nil,
		"font_style": nil, "font_variant": nil, "font_weight": nil, "text_color": nil, "text_decoration": nil},
	"ButtonStyleModel": {"button_color": nil, "font_family": nil, "font_size": nil, "font_style": nil,
		"font_variant": nil, "font_weight": nil, "text_color": nil, "text_decoration": nil},
}

// style opens a style model.
func style(name string) *Model {
	s := map[string]any{
		"_model_module": controlsModule, "_model_module_version": moduleVersion, "_model_name": name,
		"_view_count": nil, "_view_module": baseModule, "_view_module_version": moduleVersion, "_view_name": "StyleView",
	}
	for k, v := range styles[name] {
		s[k] = v
	}
	return open(s)
}

// control opens a model of @jupyter-widgets/controls: the keys every DOM
// widget has, its layout and, when styleName is not empty, its style, then
// the keys of its kind.
func control(name, view, styleName string, keys map[string]any) *Model {
	s := map[string]any{
		"_dom_classes": []any{}, "_model_module": controlsModule, "_model_module_version": moduleVersion,
		"_model_name": name, "_view_count": nil, "_view_module": controlsModule,
		"_view_module_version": moduleVersion, "_view_name": view,
		"layout": modelRefPrefix + layout().id, "tabbable": nil, "tooltip": nil,
	}
	if styleName != "" {
		s["style"] = modelRefPrefix + style(styleName).id
	}
	for k, v := range keys {
		s[k] = v
	}
	return open(s)
}

// described adds the keys of a widget with a description.
func described(description string, keys map[string]any) map[string]any {
	keys["description"] = description
	keys["description_allow_html"] = false
	return keys
}
