"""Jupyter widgets from Go cells, through jupyter_client: each model's
comm_open carries the state ipywidgets 8 gives the same widget (ipywidgets,
installed in the test venv, is the oracle), an update from the client
reaches the Go callback and is echoed as protocol 2.1 says, a fast drag is
coalesced, comm_info lists the open widget comms, and nbclient and
nbconvert keep the widgets' state in an executed notebook.
"""

import json
import unittest
import uuid

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
                want = wire(py(ipywidgets).get_state())
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

    def test_update_reaches_the_go_callback(self):
        cell, opens = self.comm_opens(
            'import "gopherlab/widgets"\nsl := widgets.IntSlider("n", 0, 10, 1)\n'
            'seen := []int{}\nsl.OnChange(func(n int) { seen = append(seen, n) })\nsl')
        model_id = cell.result("application/vnd.jupyter.widget-view+json")["model_id"]
        msg = self.kc.session.msg("comm_msg", dict(comm_id=model_id, data=dict(
            method="update", state=dict(value=7), buffer_paths=[])))
        self.kc.shell_channel.send(msg)
        iopub = iopub_until_idle(self.kc, msg["header"]["msg_id"])
        echoes = [m["content"]["data"] for m in iopub if m["msg_type"] == "comm_msg"]
        self.assertEqual(echoes, [dict(method="echo_update", state=dict(value=7), buffer_paths=[])])
        self.assert_result("fmt.Sprint(seen, sl.Value())", '"[7] 7"')

    def test_a_fast_drag_is_coalesced(self):
        # A handler that takes 200 ms, and 40 updates sent at once, as a
        # quick drag sends them: the latest value wins, and the handler runs
        # far fewer than 40 times instead of lagging 8 s behind.
        cell, _ = self.comm_opens(
            'import "gopherlab/widgets"\ndrag := widgets.IntSlider("n", 0, 100, 0)\n'
            'handled := []int{}\n'
            'drag.OnChange(func(n int) { time.Sleep(200 * time.Millisecond); handled = append(handled, n) })\ndrag')
        model_id = cell.result("application/vnd.jupyter.widget-view+json")["model_id"]
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
        msg = self.kc.session.msg("comm_msg", dict(comm_id=slider, data=dict(
            method="update", state=dict(value=4), buffer_paths=[])))
        self.kc.shell_channel.send(msg)
        iopub = iopub_until_idle(self.kc, msg["header"]["msg_id"])
        updates = [m["content"]["data"]["state"]["outputs"] for m in iopub
                   if m["msg_type"] == "comm_msg" and "outputs" in m["content"]["data"].get("state", {})]
        self.assertIn("4² = 16", str(updates[-1]))

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


if __name__ == "__main__":
    unittest.main()


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
        nb.metadata["kernelspec"] = {"name": harness.KERNEL_NAME, "display_name": "Go", "language": "go"}
        nbclient.NotebookClient(nb, kernel_name=harness.KERNEL_NAME, timeout=harness.TIMEOUT).execute()
        saved = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
        sliders = {k: v for k, v in saved["state"].items() if v["model_name"] == "IntSliderModel"}
        self.assertEqual(len(sliders), 1, saved)
        [(model_id, slider)] = sliders.items()
        self.assertEqual(slider["state"]["value"], 5)
        view = nb.cells[0].outputs[-1]["data"]["application/vnd.jupyter.widget-view+json"]
        self.assertEqual(view["model_id"], model_id)
        html, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
        self.assertIn("application/vnd.jupyter.widget-state+json", html)
        self.assertIn(model_id, html)
