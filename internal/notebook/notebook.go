// Package notebook reads and writes Jupyter notebooks (nbformat 4), keeping
// what it does not know about, and writes them as Jupyter does, so that a
// notebook gopherlab executed diffs cleanly against one Jupyter saved.
package notebook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Notebook is an nbformat 4 document.
type Notebook struct {
	Cells         []*Cell
	Metadata      map[string]any
	Nbformat      int
	NbformatMinor int
}

// Cell is one cell. Fields the package does not model stay in Extra and
// are written back unchanged.
type Cell struct {
	ID       string
	Type     string // "code", "markdown" or "raw"
	Source   string
	Metadata map[string]any
	// Outputs and ExecutionCount belong to code cells.
	Outputs        []Output
	ExecutionCount *int
	Extra          map[string]any
}

// Output is one output of a code cell, in nbformat's shape
// (output_type, name, text, data, metadata, ename, evalue, traceback …).
type Output map[string]any

// Read reads a notebook file.
func Read(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// Decode parses a notebook.
func Decode(data []byte) (*Notebook, error) {
	var raw struct {
		Cells         []map[string]any `json:"cells"`
		Metadata      map[string]any   `json:"metadata"`
		Nbformat      *int             `json:"nbformat"`
		NbformatMinor int              `json:"nbformat_minor"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("not a notebook: %w", err)
	}
	if raw.Nbformat == nil {
		return nil, fmt.Errorf("not a notebook: no nbformat")
	}
	if *raw.Nbformat != 4 {
		return nil, fmt.Errorf("nbformat %d: only nbformat 4 is supported", *raw.Nbformat)
	}
	nb := &Notebook{Metadata: raw.Metadata, Nbformat: 4, NbformatMinor: raw.NbformatMinor}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	for i, rc := range raw.Cells {
		c, err := decodeCell(rc)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i+1, err)
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
}

func decodeCell(raw map[string]any) (*Cell, error) {
	c := &Cell{Extra: map[string]any{}}
	for k, v := range raw {
		switch k {
		case "cell_type":
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("cell_type is %T, not a string", v)
			}
			c.Type = s
		case "id":
			c.ID, _ = v.(string)
		case "source":
			s, err := multiline(v)
			if err != nil {
				return nil, fmt.Errorf("source: %w", err)
			}
			c.Source = s
		case "metadata":
			c.Metadata, _ = v.(map[string]any)
		case "outputs":
			list, ok := v.([]any)
			if !ok {
				return nil, fmt.Errorf("outputs is %T, not a list", v)
			}
			for _, o := range list {
				m, ok := o.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("an output is %T, not an object", o)
				}
				c.Outputs = append(c.Outputs, Output(m))
			}
		case "execution_count":
			if n, ok := v.(json.Number); ok {
				i, err := n.Int64()
				if err != nil {
					return nil, fmt.Errorf("execution_count %v: %w", n, err)
				}
				count := int(i)
				c.ExecutionCount = &count
			}
		default:
			c.Extra[k] = v
		}
	}
	if c.Type == "" {
		return nil, fmt.Errorf("no cell_type")
	}
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	return c, nil
}

// multiline is nbformat's multiline string: a string, or a list of lines.
func multiline(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case []string: // as recorded
		return strings.Join(v, ""), nil
	case []any: // as decoded
		var b strings.Builder
		for _, line := range v {
			s, ok := line.(string)
			if !ok {
				return "", fmt.Errorf("a line is %T, not a string", line)
			}
			b.WriteString(s)
		}
		return b.String(), nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("%T is not a string or a list of lines", v)
}

// Lines splits text as nbformat stores multiline strings: each line keeps
// its line end.
func Lines(text string) []string {
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if lines == nil {
		return []string{}
	}
	return lines
}

// Encode writes the notebook as Jupyter does: keys sorted, one-space
// indents, non-ASCII and HTML characters as they are, a final line end.
func (nb *Notebook) Encode() ([]byte, error) {
	cells := make([]any, 0, len(nb.Cells))
	for _, c := range nb.Cells {
		cells = append(cells, c.encode())
	}
	doc := map[string]any{
		"cells":          cells,
		"metadata":       orEmpty(nb.Metadata),
		"nbformat":       nb.Nbformat,
		"nbformat_minor": nb.NbformatMinor,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode notebook: %w", err)
	}
	return buf.Bytes(), nil
}

// Write writes the notebook to path.
func (nb *Notebook) Write(path string) error {
	data, err := nb.Encode()
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

func (c *Cell) encode() map[string]any {
	m := map[string]any{}
	for k, v := range c.Extra {
		m[k] = v
	}
	m["cell_type"] = c.Type
	m["metadata"] = orEmpty(c.Metadata)
	m["source"] = Lines(c.Source)
	if c.ID != "" {
		m["id"] = c.ID
	}
	if c.Type == "code" {
		outputs := make([]any, 0, len(c.Outputs))
		for _, o := range c.Outputs {
			outputs = append(outputs, map[string]any(o))
		}
		m["outputs"] = outputs
		if c.ExecutionCount != nil {
			m["execution_count"] = *c.ExecutionCount
		} else {
			m["execution_count"] = nil
		}
	}
	return m
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
