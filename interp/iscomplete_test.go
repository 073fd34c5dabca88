package interp

import "testing"

func TestIsComplete(t *testing.T) {
	tests := []struct{ code, status, indent string }{
		{"", "complete", ""},
		{"x := 1", "complete", ""},
		{"fmt.Println(\"a\")", "complete", ""},
		{"func f() {", "incomplete", "    "},
		{"func f() {\n\tif x {", "incomplete", "        "},
		{"func f() {\n}", "complete", ""},
		{"x := []int{", "incomplete", "    "},
		{"f(1,", "incomplete", "    "},
		{"x := 1 +", "incomplete", "    "},
		{"x :=", "incomplete", "    "},
		{"x.", "incomplete", "    "},
		{"func (", "incomplete", "    "},
		{"s := `raw", "incomplete", ""},
		{"/* open comment", "incomplete", ""},
		{"x++", "complete", ""},
		{"return", "complete", ""},
		{"// just a comment", "complete", ""},
		{")))", "invalid", ""},
		{"x := := 1", "invalid", ""},
		{"func f() int { return 1 }\nx := f()\nx", "complete", ""},
		{"import \"fmt\"\nfmt.Println(1)", "complete", ""},
		{"}", "invalid", ""},
		{"f(]", "invalid", ""},
		{"s := \"unterminated", "invalid", ""},
	}
	for _, tt := range tests {
		status, indent := isComplete(tt.code)
		if status != tt.status || indent != tt.indent {
			t.Errorf("isComplete(%q) = %q, %q; want %q, %q", tt.code, status, indent, tt.status, tt.indent)
		}
	}
}

func FuzzIsComplete(f *testing.F) {
	for _, seed := range []string{"func f() {", ")))", "x := 1 +", "`", "/*", "\"", "x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code string) {
		status, indent := isComplete(code)
		switch status {
		case "complete", "invalid":
			if indent != "" {
				t.Fatalf("status %s with indent %q", status, indent)
			}
		case "incomplete":
		default:
			t.Fatalf("status %q", status)
		}
	})
}

func TestIsCompleteWithMagics(t *testing.T) {
	tests := []struct{ code, status, indent string }{
		{"%time x := f()", "complete", ""},
		{"%%time\nfor i := 0; i < 3; i++ {", "incomplete", "    "},
		{"%%timeit\nx := 1\nx", "complete", ""},
		{"!echo `x`", "complete", ""},
		{"!ls\nfunc f() {", "incomplete", "    "},
		{"%env A=1\n)", "invalid", ""},
	}
	in := &Interpreter{}
	for _, tt := range tests {
		status, indent := in.IsComplete(tt.code)
		if status != tt.status || indent != tt.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", tt.code, status, indent, tt.status, tt.indent)
		}
	}
}
