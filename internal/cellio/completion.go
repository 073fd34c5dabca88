package cellio

// Completion answers a complete_request: Matches replace code[Start:End],
// positions counted in Unicode code points as Jupyter counts them.
type Completion struct {
	Matches []string `json:"matches"`
	Start   int      `json:"start"`
	End     int      `json:"end"`
	// Kinds[i], when set, says what Matches[i] is ("function", "type",
	// "variable"…); front ends show it beside the match.
	Kinds []string `json:"kinds,omitempty"`
}
