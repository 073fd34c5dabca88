package kernel

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// helpQuery recognises IPython's help syntax: a cell that is only a name,
// perhaps qualified (strings.Split, cfg.Name), followed by ? for help or ??
// for more detail. It is how Jupyter users ask about something, and Go code
// never ends in a question mark, so no cell of Go is taken for one.
func helpQuery(code string) (name string, detail int, ok bool) {
	code = strings.TrimSpace(code)
	name = strings.TrimRight(code, "?")
	switch len(code) - len(name) {
	case 1:
		detail = 0
	case 2:
		detail = 1
	default:
		return "", 0, false
	}
	if name == "" || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, "..") {
		return "", 0, false
	}
	for _, r := range name {
		if r != '.' && r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return "", 0, false
		}
	}
	return name, detail, true
}

// page answers a help query as ipykernel does: the help goes to the front
// end's pager in the reply's payload, and a name nothing is known about is
// said so on stdout.
func (k *Kernel) page(msg *Message, count int, name string, detail int, silent bool) {
	data, found := k.cfg.Interpreter.Inspect(name, utf8.RuneCountInString(name), detail)
	payload := []any{}
	switch {
	case found:
		payload = append(payload, map[string]any{"source": "page", "data": data, "start": 0})
	case !silent:
		k.publish(msg, "stream", map[string]any{"name": "stdout", "text": "Object `" + name + "` not found.\n"})
	}
	k.send(k.shell, msg, "execute_reply", map[string]any{
		"status":           "ok",
		"execution_count":  count,
		"user_expressions": map[string]any{},
		"payload":          payload,
	})
}
