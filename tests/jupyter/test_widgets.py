"""Jupyter widgets from Go cells, through jupyter_client: each model's
comm_open carries the state ipywidgets 8 gives the same widget (ipywidgets,
installed in the test venv, is the oracle), an update from the client
reaches the Go callback and is echoed as protocol 2.1 says, a fast drag is
coalesced, comm_info lists the open widget comms, and nbclient and
nbconvert keep the widgets' state in an executed notebook.
"""

import base64
import json
import queue
import time
import unittest
import uuid

from ipywidgets.widgets.widget import _remove_buffers

import harness
from harness import execute, iopub_until_idle, reply_to

# Go constructor call → the ipywidgets call that makes the same widget.
WIDGETS = [
    ('widgets.IntSlider("workers", 1, 16, 4)', lambda w: w.IntSlider(description="workers", min=1, max=16, value=4)),
    ('widgets.FloatSlider("rate", 0, 1, 0.1, 0.5)', lambda w: w.FloatSlider(description="rate", min=0, max=1, step=0.1, value=0.5)),
    ('widgets.IntProgress("files", 0, 5)', lambda w: w.IntProgress(description="files", min=0, max=5)),
    ('widgets.FloatProgress("done", 0, 1)', lambda w: w.FloatProgress(description="done", min=0, max=1)),
    ('widgets.Button("go")', lambda w: w.Button(description="go")),
    ('widgets.Checkbox("fast", true)', lambda w: w.Checkbox(description="fast", value=True)),
    ('widgets.Dropdown("pool", []string{"goroutines", "GIL"}, "GIL")',
     lambda w: w.Dropdown(description="pool", options=["goroutines", "GIL"], value="GIL")),
    ('widgets.Text("name", "gopher")', lambda w: w.Text(description="name", value="gopher")),
    ('widgets.Label("hi")', lambda w: w.Label(value="hi")),
    ('widgets.HTML("<b>hi</b>")', lambda w: w.HTML(value="<b>hi</b>")),
    ('widgets.Output()', lambda w: w.Output()),
    ('widgets.Image("png", []byte("\\x89PNG frame"))', lambda w: w.Image(format="png", value=b"\x89PNG frame")),
]


def wire(state):
    """A state as it travels: JSON (tuples become lists)."""
    return json.loads(json.dumps(state))


def references(state):
    """The keys whose values name other models (a layout, a style)."""
    return {k for k, v in state.items() if isinstance(v, str) and v.startswith("IPY_MODEL_")}


class WidgetTests(harness.KernelTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not harness.is_gopherlab():
            raise unittest.SkipTest("Go widgets")

    def comm_opens(self, code):
        cell = execute(self.kc, code)
        self.assertEqual(cell.status, "ok", cell.describe())
        return cell, {m["content"]["comm_id"]: m for m in cell.of_type("comm_open")}

    def test_states_match_ipywidgets(self):
        import ipywidgets
        for go, py in WIDGETS:
            with self.subTest(widget=go):
                cell, opens = self.comm_opens(f'import "gopherlab/widgets"\n{go}')
                view = cell.result("application/vnd.jupyter.widget-view+json")
                model_id = view["model_id"]
                self.assertEqual((view["version_major"], view["version_minor"]), (2, 0))
                msg = opens[model_id]
                self.assertEqual(msg["content"]["target_name"], "jupyter.widget")
                self.assertEqual(msg["metadata"].get("version"), "2.1.0")
                got = msg["content"]["data"]["state"]
                # Binary values travel as buffers, where ipywidgets puts them.
                want, want_paths, want_buffers = _remove_buffers(py(ipywidgets).get_state())
                self.assertEqual(msg["content"]["data"]["buffer_paths"], want_paths)
                self.assertEqual([bytes(b) for b in msg["buffers"]], [bytes(b) for b in want_buffers])
                want = wire(want)
                self.assertEqual(sorted(got), sorted(want))
                for k in set(want) - references(want):
                    self.assertEqual(got[k], want[k], k)
                # Each reference names a model opened in the same cell, of
                # the model ipywidgets uses.
                py_widget = py(ipywidgets)
                for k in references(want):
                    ref = got[k][len("IPY_MODEL_"):]
                    self.assertIn(ref, opens, k)
                    sub = opens[ref]["content"]["data"]["state"]
                    want_sub = wire(getattr(py_widget, k).get_state())
                    self.assertEqual(sub, {**want_sub, **{x: sub[x] for x in references(want_sub)}}, k)

    def test_links_match_ipywidgets(self):
        import ipywidgets
        for go, py in (("Link", ipywidgets.jslink), ("DirectionalLink", ipywidgets.jsdlink)):
            with self.subTest(link=go):
                cell, opens = self.comm_opens(
                    'import "gopherlab/widgets"\n'
                    f'{{ a, b := widgets.IntSlider("a", 0, 9, 1), widgets.IntSlider("b", 0, 9, 1)\n'
                    f'l := widgets.{go}(a, "value", b, "max"); fmt.Println(a.ModelID(), b.ModelID(), l.ModelID()) }}')
                a, b, link = cell.stream().split()
                got = opens[link]["content"]["data"]["state"]
                want = wire(py((ipywidgets.IntSlider(), "value"), (ipywidgets.IntSlider(), "max")).get_state())
                self.assertEqual(got["source"], ["IPY_MODEL_" + a, "value"])
                self.assertEqual(got["target"], ["IPY_MODEL_" + b, "max"])
                del got["source"], got["target"], want["source"], want["target"]
                self.assertEqual(got, want)

    def update(self, model_id, state, buffers=None, buffer_paths=()):
        """Sends what a front end sends when the user changes a widget, and
        returns the iopub messages it causes."""
        msg = self.kc.session.msg("comm_msg", dict(comm_id=model_id, data=dict(
            method="update", state=state, buffer_paths=list(buffer_paths))))
        self.kc.session.send(self.kc.shell_channel.socket, msg, buffers=buffers)
        return msg["header"]["msg_id"], iopub_until_idle(self.kc, msg["header"]["msg_id"])

    def test_update_reaches_the_go_callback(self):
        cell, opens = self.comm_opens(
            'import "gopherlab/widgets"\nsl := widgets.IntSlider("n", 0, 10, 1)\n'
            'seen := []int{}\nsl.OnChange(func(n int) { seen = append(seen, n) })\nfmt.Println(sl.ModelID())')
        model_id = cell.stream().strip()
        _, iopub = self.update(model_id, dict(value=7))
        echoes = [m["content"]["data"] for m in iopub if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == model_id]
        self.assertEqual(echoes, [dict(method="echo_update", state=dict(value=7), buffer_paths=[])])
        self.assert_result("fmt.Sprint(seen, sl.Value())", '"[7] 7"')

    def test_a_handler_prints_under_its_widget(self):
        # Shown with a handler, a slider comes in a column above an output
        # area; what the handler prints, or panics with, is output of the
        # update message, and the area captures it (msg_id, as ipywidgets'
        # Output.capture): set before, cleared after, kept after a panic so
        # that the report lands there too.
        cell, opens = self.comm_opens(
            'import "gopherlab/widgets"\nlogged := widgets.IntSlider("n", 0, 10, 1)\n'
            'logged.OnChange(func(n int) {\n\tif n == 9 { panic("nine is too many") }\n\tfmt.Println("n is now", n)\n})\nlogged')
        column = opens[cell.result("application/vnd.jupyter.widget-view+json")["model_id"]]["content"]["data"]["state"]
        self.assertEqual(column["_model_name"], "VBoxModel")
        slider, area = (ref[len("IPY_MODEL_"):] for ref in column["children"])
        self.assertEqual(opens[slider]["content"]["data"]["state"]["description"], "n")
        self.assertEqual(opens[area]["content"]["data"]["state"]["_model_name"], "OutputModel")

        def events(iopub):
            out = []
            for m in iopub:
                if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == area:
                    out.append(("msg_id", m["content"]["data"]["state"]["msg_id"]))
                elif m["msg_type"] == "stream":
                    out.append((m["content"]["name"], m["content"]["text"], m["parent_header"]["msg_id"]))
            return out
        msg_id, iopub = self.update(slider, dict(value=4))
        self.assertEqual(events(iopub), [("msg_id", msg_id), ("stdout", "n is now 4\n", msg_id), ("msg_id", "")])
        msg_id, iopub = self.update(slider, dict(value=9))
        got = events(iopub)
        self.assertEqual(got[0], ("msg_id", msg_id))
        self.assertEqual([e[0] for e in got[1:]], ["stderr"], got)
        self.assertIn("nine is too many", got[1][1])
        self.assertEqual(got[1][2], msg_id)
        self.assert_result("logged.Value()", "9")

    def test_an_interrupt_stops_a_stuck_handler_and_keeps_the_others(self):
        # interrupt_request stops a handler stuck in a loop, as it stops a
        # cell, and says so under the widget; the handlers, and the function
        # values made before, whether the handler or a cell was interrupted,
        # go on working.
        cell, _ = self.comm_opens(
            'import "gopherlab/widgets"\nspin := widgets.IntSlider("n", 0, 9, 0)\nspinSeen := 0\n'
            'spin.OnChange(func(n int) {\n\tif n == 3 {\n\t\tfor {}\n\t}\n\tspinSeen = n\n\tfmt.Println("handler", n)\n})\n'
            'answer := func() int { return 42 }\nfmt.Println(spin.ModelID())')
        model_id = cell.stream().strip()
        msg = self.kc.session.msg("comm_msg", dict(comm_id=model_id, data=dict(
            method="update", state=dict(value=3), buffer_paths=[])))
        self.kc.shell_channel.send(msg)
        msg_id = msg["header"]["msg_id"]
        # Interrupted once the kernel is busy with it; again, a second
        # later, if the first interrupt came before the handler started.
        # (Not at every turn of the loop: an interrupt still on its way
        # when the handler ends would stop the next update before it began.)
        iopub, busy, idle = [], False, False
        deadline = time.monotonic() + harness.TIMEOUT
        interrupted = 0.0
        while not idle and time.monotonic() < deadline:
            if busy and time.monotonic() - interrupted > 1:
                self.km.interrupt_kernel()
                interrupted = time.monotonic()
            try:
                m = harness.get_msg(self.kc.iopub_channel, 1)
            except queue.Empty:
                continue
            # (jupyter_client's interrupt_request may have the same msg_id:
            # its session counts on its own)
            parent = m["parent_header"]
            if parent.get("msg_id") != msg_id or parent.get("msg_type") != "comm_msg":
                continue
            iopub.append(m)
            if m["msg_type"] == "status":
                busy = busy or m["content"]["execution_state"] == "busy"
                idle = m["content"]["execution_state"] == "idle"
        self.assertTrue(idle, f"the interrupt did not end the handler; saw {[m['msg_type'] for m in iopub]}")
        errs = [m["content"]["text"] for m in iopub if m["msg_type"] == "stream" and m["content"]["name"] == "stderr"]
        self.assertIn("KeyboardInterrupt: the comm handler was interrupted\n", errs)
        _, iopub = self.update(model_id, dict(value=5))
        self.assertIn("handler 5\n", [m["content"].get("text") for m in iopub if m["msg_type"] == "stream"], [(m["msg_type"], m["content"]) for m in iopub])

        reply, _, _ = harness.interrupt_when_stuck(self.km, self.kc, "for {}")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        _, iopub = self.update(model_id, dict(value=6))
        self.assertIn("handler 6\n", [m["content"].get("text") for m in iopub if m["msg_type"] == "stream"])
        self.assert_result("fmt.Sprint(spinSeen, answer())", '"6 42"')

    def test_image_bytes_travel_as_buffers(self):
        # A PNG frame goes out as a binary buffer of the message, not base64
        # in its JSON, and a buffer a front end sends comes back as []byte.
        cell, opens = self.comm_opens(
            'import "gopherlab/widgets"\nframe := widgets.Image("png", []byte{0x89, 0x50, 0x4e, 0x47, 0, 255})\n'
            'fmt.Println(frame.ModelID())')
        image = cell.stream().strip()
        data = opens[image]["content"]["data"]
        self.assertNotIn("value", data["state"])
        self.assertEqual(data["buffer_paths"], [["value"]])
        self.assertEqual(bytes(opens[image]["buffers"][0]), b"\x89PNG\x00\xff")
        _, iopub = self.update(image, {}, buffers=[b"\x00\x01binary\xfe"], buffer_paths=[["value"]])
        echo = [m for m in iopub if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == image]
        self.assertEqual(echo[0]["content"]["data"]["buffer_paths"], [["value"]])
        self.assertEqual(bytes(echo[0]["buffers"][0]), b"\x00\x01binary\xfe")
        self.assert_result("fmt.Sprintf(\"%q\", frame.Value())", '"\\"\\\\x00\\\\x01binary\\\\xfe\\""')
        cell = execute(self.kc, "frame.SetValue(make([]byte, 1<<20))")
        sent = [m for m in cell.of_type("comm_msg") if m["content"]["comm_id"] == image]
        self.assertEqual(len(sent[-1]["buffers"][0]), 1 << 20)
        self.assertLess(len(json.dumps(sent[-1]["content"])), 1000)

    def test_a_fast_drag_is_coalesced(self):
        # A handler that takes 200 ms, and 40 updates sent at once, as a
        # quick drag sends them: the latest value wins, and the handler runs
        # far fewer than 40 times instead of lagging 8 s behind.
        cell, _ = self.comm_opens(
            'import "gopherlab/widgets"\ndrag := widgets.IntSlider("n", 0, 100, 0)\n'
            'handled := []int{}\n'
            'drag.OnChange(func(n int) { time.Sleep(200 * time.Millisecond); handled = append(handled, n) })\n'
            'fmt.Println(drag.ModelID())')
        model_id = cell.stream().strip()
        sent = []
        for v in range(1, 41):
            msg = self.kc.session.msg("comm_msg", dict(comm_id=model_id, data=dict(
                method="update", state=dict(value=v), buffer_paths=[])))
            self.kc.shell_channel.send(msg)
            sent.append(msg["header"]["msg_id"])
        values = execute(self.kc, "fmt.Sprint(drag.Value(), len(handled), handled[len(handled)-1])").result()
        value, runs, last = (int(x) for x in values.strip('"').split())
        print(f"\n    40 updates: the handler ran {runs} times", end=" ")
        self.assertEqual((value, last), (40, 40))
        self.assertLess(runs, 20)

    def test_interact_runs_a_cell_function(self):
        # An interpreted function behind Interact: run at once, and again
        # with the new value, its result shown in the output area.
        cell, opens = self.comm_opens(
            'import "gopherlab/widgets"\nsquare := widgets.IntSlider("x", 0, 9, 3)\n'
            'ui, err := widgets.Interact(func(x int) string { return fmt.Sprint(x, "² = ", x*x) }, square)\n'
            'if err != nil { panic(err) }\nui')
        outputs = [m["content"]["data"]["state"] for m in cell.of_type("comm_msg")
                   if "outputs" in m["content"]["data"].get("state", {})]
        self.assertIn("3² = 9", str(outputs[-1]))
        slider = next(i for i, m in opens.items() if m["content"]["data"]["state"].get("description") == "x")
        # On a change the area captures the update's output: the function's
        # result is shown as output of that message.
        msg_id, iopub = self.update(slider, dict(value=4))
        shown = [m["content"]["data"]["text/plain"] for m in iopub
                 if m["msg_type"] == "display_data" and m["parent_header"]["msg_id"] == msg_id]
        self.assertEqual(shown, ['"4² = 16"'])

    def test_comm_info_lists_widgets(self):
        cell, opens = self.comm_opens('import "gopherlab/widgets"\nwidgets.Label("listed")')
        msg_id = self.kc.comm_info(target_name="jupyter.widget")
        comms = reply_to(self.kc.shell_channel, msg_id)["content"]["comms"]
        for comm_id in opens:
            self.assertEqual(comms.get(comm_id), {"target_name": "jupyter.widget"})

    def test_widgets_of_a_dead_worker_are_closed(self):
        # A fatal error ends the worker that held the widgets' state: the
        # front ends are told their comms are closed.
        cell, opens = self.comm_opens('import "gopherlab/widgets"\nwidgets.IntSlider("doomed", 0, 9, 1)')
        crash = execute(self.kc, "func down(n int) int { return down(n+1) + 1 }\ndown(0)")
        self.assertEqual(crash.status, "error", crash.describe())
        closed = {m["content"]["comm_id"] for m in crash.of_type("comm_close")}
        self.assertTrue(set(opens) <= closed, f"opened {sorted(opens)}, closed {sorted(closed)}")
        msg_id = self.kc.comm_info(target_name="jupyter.widget")
        comms = reply_to(self.kc.shell_channel, msg_id)["content"]["comms"]
        self.assertFalse(set(opens) & set(comms), comms)
        self.assert_result("1 + 1", "2")

    def test_message_for_an_unknown_comm_is_ignored(self):
        msg = self.kc.session.msg("comm_msg", dict(comm_id=uuid.uuid4().hex, data=dict(method="update", state={})))
        self.kc.shell_channel.send(msg)
        iopub_until_idle(self.kc, msg["header"]["msg_id"])
        self.assert_alive()


class SavedStateTests(unittest.TestCase):
    """nbclient saves the widgets' last state in the notebook's metadata,
    and nbconvert's HTML carries it, so an executed notebook shows them."""

    def test_nbclient_and_nbconvert_keep_the_state(self):
        if not harness.is_gopherlab():
            raise unittest.SkipTest("Go widgets")
        import nbclient
        import nbconvert
        import nbformat
        nb = nbformat.v4.new_notebook()
        nb.cells.append(nbformat.v4.new_code_cell(
            'import "gopherlab/widgets"\ns := widgets.IntSlider("workers", 1, 8, 3)\ns.SetValue(5)\ns'))
        nb.cells.append(nbformat.v4.new_code_cell(
            'frame := widgets.Image("png", []byte("first"))\nframe.SetValue([]byte("\\x89PNG last"))\nframe'))
        nb.metadata["kernelspec"] = {"name": harness.KERNEL_NAME, "display_name": "Go", "language": "go"}
        nbclient.NotebookClient(nb, kernel_name=harness.KERNEL_NAME, timeout=harness.TIMEOUT).execute()
        saved = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
        sliders = {k: v for k, v in saved["state"].items() if v["model_name"] == "IntSliderModel"}
        self.assertEqual(len(sliders), 1, saved)
        [(model_id, slider)] = sliders.items()
        self.assertEqual(slider["state"]["value"], 5)
        view = nb.cells[0].outputs[-1]["data"]["application/vnd.jupyter.widget-view+json"]
        self.assertEqual(view["model_id"], model_id)
        # An image's bytes are kept as the state's buffers, base64, at their
        # path, as nbclient keeps those of ipywidgets.
        [image] = [v for v in saved["state"].values() if v["model_name"] == "ImageModel"]
        self.assertNotIn("value", image["state"])
        [buf] = image["buffers"]
        self.assertEqual((buf["path"], buf["encoding"]), (["value"], "base64"))
        self.assertEqual(base64.b64decode(buf["data"]), b"\x89PNG last")
        html, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
        self.assertIn("application/vnd.jupyter.widget-state+json", html)
        self.assertIn(model_id, html)


if __name__ == "__main__":
    unittest.main()
