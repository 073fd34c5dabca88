"""JupyterLab's visual debugger, through jupyter_client: the Debug Adapter
Protocol in debug_request, debug_reply and debug_event, in the order
JupyterLab sends it (as ipykernel's own debugger tests do). The cell paths
the kernel gives are checked against ipykernel's Murmur2, which JupyterLab
uses to find the cell a breakpoint or a stopped frame belongs to.
"""

import os
import queue
import time
import unittest

import harness
from harness import execute, get_msg, reply_to

# Line numbers below count from 1, as DAP's do.
LOOP = """type point struct{ X, Y int }
total := 0
for i := 1; i <= 3; i++ {
	sq := i * i
	total += sq
}
corner := point{3, 4}
fmt.Println("total", total, corner)"""


class DebuggerTests(harness.KernelTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not harness.is_gopherlab():
            raise unittest.SkipTest("the Go debugger")

    def setUp(self):
        super().setUp()
        self.seq = 0
        self.events = []

    def tearDown(self):
        self.debug("disconnect", {"restart": False, "terminateDebuggee": True})

    def debug(self, command, arguments=None, ok=True):
        """Sends a DAP request on control and returns the DAP response."""
        self.seq += 1
        msg = self.kc.session.msg("debug_request", {
            "type": "request", "seq": self.seq, "command": command, "arguments": arguments or {}})
        self.kc.control_channel.send(msg)
        resp = reply_to(self.kc.control_channel, msg["header"]["msg_id"])["content"]
        self.assertEqual(resp["command"], command)
        self.assertEqual(resp["request_seq"], self.seq)
        if ok:
            self.assertTrue(resp["success"], resp)
        return resp

    def event(self, name, timeout=30):
        """The next debug_event called name (events of other names are
        kept in self.events)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = get_msg(self.kc.iopub_channel, 0.5)
            except queue.Empty:
                continue
            if msg["msg_type"] != "debug_event":
                continue
            self.events.append(msg["content"])
            if msg["content"]["event"] == name:
                return msg["content"]["body"]
        raise AssertionError(f"no {name} event; saw {self.events}")

    def start(self):
        """JupyterLab's sequence when the debugger is switched on."""
        init = self.debug("initialize", {
            "clientID": "test", "clientName": "testClient", "adapterID": "", "pathFormat": "path",
            "linesStartAt1": True, "columnsStartAt1": True, "supportsVariableType": True,
            "supportsVariablePaging": True, "supportsRunInTerminalRequest": True, "locale": "en"})
        self.assertTrue(init["body"]["supportsConfigurationDoneRequest"])
        self.debug("attach")
        return self.debug("debugInfo")["body"]

    def breakpoints(self, code, *lines):
        path = self.debug("dumpCell", {"code": code})["body"]["sourcePath"]
        resp = self.debug("setBreakpoints", {
            "source": {"path": path}, "breakpoints": [{"line": n} for n in lines], "sourceModified": False})
        return path, resp["body"]["breakpoints"]

    def send_execute(self, code):
        msg = self.kc.session.msg("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def variables(self, ref):
        resp = self.debug("variables", {"variablesReference": ref})
        return {v["name"]: v for v in resp["body"]["variables"]}

    def test_kernel_info_announces_the_debugger(self):
        info = reply_to(self.kc.shell_channel, self.kc.kernel_info())["content"]
        self.assertIn("debugger", info["supported_features"])
        self.assertTrue(info["debugger"])

    def test_cell_paths_are_those_jupyterlab_computes(self):
        from ipykernel.compiler import murmur2_x86
        info = self.start()
        self.assertEqual(info["hashMethod"], "Murmur2")
        for code in (LOOP, "x := 1", "s := \"héllo, 世界\""):
            path = self.debug("dumpCell", {"code": code})["body"]["sourcePath"]
            want = info["tmpFilePrefix"] + str(murmur2_x86(code, info["hashSeed"])) + info["tmpFileSuffix"]
            self.assertEqual(path, want)
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), code)
            self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
            self.assertEqual(self.debug("source", {"source": {"path": path}})["body"]["content"], code)

    def test_breakpoint_stack_scopes_variables_step_continue(self):
        self.start()
        path, bps = self.breakpoints(LOOP, 5, 6)
        self.assertEqual([b["verified"] for b in bps], [True, False])  # line 6 is a brace
        self.debug("configurationDone")
        self.assertEqual(self.debug("debugInfo")["body"]["breakpoints"], [{"source": path, "breakpoints": [{"line": 5}]}])
        msg_id = self.send_execute(LOOP)

        stopped = self.event("stopped")
        self.assertEqual(stopped["reason"], "breakpoint")
        thread = stopped["threadId"]
        self.assertIn(thread, [t["id"] for t in self.debug("threads")["body"]["threads"]])
        frames = self.debug("stackTrace", {"threadId": thread})["body"]["stackFrames"]
        self.assertEqual((frames[0]["line"], frames[0]["source"]["path"]), (5, path))
        scopes = self.debug("scopes", {"frameId": frames[0]["id"]})["body"]["scopes"]
        seen = {}
        for s in scopes:
            seen.update(self.variables(s["variablesReference"]))
        self.assertEqual((seen["i"]["value"], seen["sq"]["value"], seen["total"]["value"]), ("1", "1", "0"))
        self.assertEqual(seen["i"]["type"], "int")

        # Step over: the loop goes on, and total has grown at the next stop.
        self.debug("next", {"threadId": thread})
        self.assertEqual(self.event("stopped")["reason"], "step")
        self.debug("continue", {"threadId": thread})
        self.event("stopped")
        frames = self.debug("stackTrace", {"threadId": thread})["body"]["stackFrames"]
        seen = {}
        for s in self.debug("scopes", {"frameId": frames[0]["id"]})["body"]["scopes"]:
            seen.update(self.variables(s["variablesReference"]))
        self.assertEqual((seen["i"]["value"], seen["total"]["value"]), ("2", "1"))

        # No breakpoints left: the cell runs to its end.
        self.debug("setBreakpoints", {"source": {"path": path}, "breakpoints": []})
        self.debug("continue", {"threadId": thread})
        reply = reply_to(self.kc.shell_channel, msg_id)["content"]
        self.assertEqual(reply["status"], "ok", reply)

        # Between cells, the variable explorer: globals, a struct's fields.
        globals = {v["name"]: v for v in self.debug("inspectVariables")["body"]["variables"]}
        self.assertEqual(globals["total"]["value"], "14")
        fields = self.variables(globals["corner"]["variablesReference"])
        self.assertEqual({k: v["value"] for k, v in fields.items()}, {"X": "3", "Y": "4"})
        rich = self.debug("richInspectVariables", {"variableName": "total"})["body"]
        self.assertEqual(rich["data"]["text/plain"], "14")

    def test_breakpoint_in_a_function_of_an_earlier_cell(self):
        self.start()
        fn = "func half(n int) int {\n\th := n / 2\n\treturn h\n}"
        self.run_ok(fn)
        self.assert_result("half(4)", "2")
        self.breakpoints(fn, 3)
        msg_id = self.send_execute("v := half(10)\nfmt.Println(v)")
        thread = self.event("stopped")["threadId"]
        frames = self.debug("stackTrace", {"threadId": thread})["body"]["stackFrames"]
        self.assertEqual(frames[0]["name"], "half")
        self.assertEqual(frames[0]["line"], 3)
        self.assertTrue(frames[-1]["name"].startswith("cell["), frames)  # the cell that called it, below
        local = {}
        for s in self.debug("scopes", {"frameId": frames[0]["id"]})["body"]["scopes"]:
            local.update(self.variables(s["variablesReference"]))
        self.assertEqual((local["n"]["value"], local["h"]["value"]), ("10", "5"))
        self.debug("stepOut", {"threadId": thread})
        self.event("stopped")
        self.breakpoints(fn)
        self.debug("continue", {"threadId": thread})
        self.assertEqual(reply_to(self.kc.shell_channel, msg_id)["content"]["status"], "ok")

    def test_breakpoints_survive_running_the_cell_again(self):
        self.start()
        code = "k := 5\ndoubled := k * 2\nfmt.Println(doubled)"
        self.breakpoints(code, 2)
        for run in range(2):
            msg_id = self.send_execute(code)
            stopped = self.event("stopped")
            frames = self.debug("stackTrace", {"threadId": stopped["threadId"]})["body"]["stackFrames"]
            self.assertEqual(frames[0]["line"], 2, f"run {run + 1}")
            self.debug("continue", {"threadId": stopped["threadId"]})
            self.assertEqual(reply_to(self.kc.shell_channel, msg_id)["content"]["status"], "ok")

    def test_pause_and_interrupt_an_endless_loop(self):
        self.start()
        msg_id = self.send_execute("spins := 0\nfor {\n\tspins++\n}")
        time.sleep(0.5)
        self.debug("pause", {"threadId": 1})
        self.assertEqual(self.event("stopped")["reason"], "pause")
        # Stopped, the kernel still answers on control; an interrupt ends
        # the cell, and the next one runs.
        self.km.interrupt_kernel()
        reply = reply_to(self.kc.shell_channel, msg_id)["content"]
        self.assertEqual(reply["ename"], "KeyboardInterrupt")
        self.assert_result("spins > 0", "true")

    def test_evaluate_in_a_stopped_frame(self):
        """The debugger's console and watch expressions: evaluate with the
        stopped frame's id; hovers too."""
        init = self.debug("initialize", {"clientID": "test", "adapterID": "", "pathFormat": "path",
                                         "linesStartAt1": True, "columnsStartAt1": True})
        self.assertTrue(init["body"]["supportsEvaluateForHovers"])
        self.debug("attach")
        self.breakpoints(LOOP, 5)
        self.debug("configurationDone")
        msg_id = self.send_execute(LOOP)
        thread = self.event("stopped")["threadId"]
        frame = self.debug("stackTrace", {"threadId": thread})["body"]["stackFrames"][0]["id"]

        def evaluate(expr, ok=True, context="repl"):
            return self.debug("evaluate", {"expression": expr, "frameId": frame, "context": context}, ok=ok)

        self.assertEqual(evaluate("sq")["body"]["result"], "1")
        self.assertEqual(evaluate("sq*10 + i", context="watch")["body"]["result"], "11")
        self.assertEqual(evaluate("i", context="hover")["body"]["type"], "int")
        self.assertEqual(evaluate("total == 0")["body"]["result"], "true")
        bad = evaluate("nope + 1", ok=False)
        self.assertFalse(bad["success"])
        self.assertIn("undefined: nope", bad["message"])
        self.assertFalse(evaluate("fmt.Println(i)", ok=False)["success"])  # no calls: they would run code
        # The session goes on: the next stop, and a struct field and an
        # index once the cell has them.
        self.debug("continue", {"threadId": thread})
        self.event("stopped")
        frame = self.debug("stackTrace", {"threadId": thread})["body"]["stackFrames"][0]["id"]
        self.assertEqual(evaluate("i")["body"]["result"], "2")
        self.breakpoints(LOOP)
        self.debug("continue", {"threadId": thread})
        self.assertEqual(reply_to(self.kc.shell_channel, msg_id)["content"]["status"], "ok")

        code = "type pt struct{ x, y int }\nps := []pt{{1, 2}, {3, 4}}\nm := map[string]int{\"a\": 7}\nk := \"a\"\n_ = 0\nfmt.Println(len(ps))"
        self.breakpoints(code, 6)
        msg_id = self.send_execute(code)
        thread = self.event("stopped")["threadId"]
        frame = self.debug("stackTrace", {"threadId": thread})["body"]["stackFrames"][0]["id"]
        self.assertEqual(evaluate("ps[1].y")["body"]["result"], "4")
        self.assertEqual(evaluate("m[k]")["body"]["result"], "7")
        self.assertEqual(evaluate("len(ps)")["body"]["result"], "2")
        first = evaluate("ps[0]")["body"]
        self.assertEqual(first["type"], "main.pt")
        fields = self.variables(first["variablesReference"])
        self.assertEqual({k: v["value"] for k, v in fields.items()}, {"x": "1", "y": "2"})
        self.assertIn("index out of range", evaluate("ps[2]", ok=False)["message"])
        self.breakpoints(code)
        self.debug("continue", {"threadId": thread})
        self.assertEqual(reply_to(self.kc.shell_channel, msg_id)["content"]["status"], "ok")
        # Between cells, without a frame: the globals.
        resp = self.debug("evaluate", {"expression": "ps[0].x + m[\"a\"]", "context": "hover"})
        self.assertEqual(resp["body"]["result"], "8")

    def test_a_panic_stops_as_an_exception_then_continue(self):
        """Pause on exceptions: the panic filter stops a cell's panic that
        nothing recovers; continue lets the cell fail with it."""
        init = self.debug("initialize", {"clientID": "test", "adapterID": "", "pathFormat": "path",
                                         "linesStartAt1": True, "columnsStartAt1": True})
        self.assertTrue(init["body"]["supportsExceptionInfoRequest"])
        self.assertEqual([f["filter"] for f in init["body"]["exceptionBreakpointFilters"]], ["panic"])
        self.debug("attach")
        resp = self.debug("setExceptionBreakpoints", {"filters": ["panic"]})
        self.assertEqual([b["verified"] for b in resp["body"]["breakpoints"]], [True])
        self.debug("configurationDone")
        self.run_ok("limit := 3")
        code = "func check(n int) {\n\tif n > limit {\n\t\tpanic(fmt.Sprintf(\"%d is over %d\", n, limit))\n\t}\n}\ncheck(5)"
        path = self.debug("dumpCell", {"code": code})["body"]["sourcePath"]
        msg_id = self.send_execute(code)
        stopped = self.event("stopped")
        self.assertEqual(stopped["reason"], "exception")
        thread = stopped["threadId"]
        self.assertIn(thread, [t["id"] for t in self.debug("threads")["body"]["threads"]])
        info = self.debug("exceptionInfo", {"threadId": thread})["body"]
        self.assertEqual((info["exceptionId"], info["description"], info["breakMode"]), ("panic", "5 is over 3", "unhandled"))
        frames = self.debug("stackTrace", {"threadId": thread})["body"]["stackFrames"]
        self.assertEqual((frames[0]["name"], frames[0]["source"]["path"]), ("check", path))
        # The gap the docs name: the locals are gone by then; the globals show.
        seen = {}
        for s in self.debug("scopes", {"frameId": frames[-1]["id"]})["body"]["scopes"]:
            seen.update(self.variables(s["variablesReference"]))
        self.assertEqual(seen["limit"]["value"], "3")
        self.assertEqual(self.debug("evaluate", {"expression": "limit * 2", "frameId": frames[-1]["id"]})["body"]["result"], "6")
        self.debug("continue", {"threadId": thread})
        reply = reply_to(self.kc.shell_channel, msg_id)["content"]
        self.assertEqual((reply["status"], reply["ename"], reply["evalue"]), ("error", "panic", "5 is over 3"))
        # The filter off: a panic fails the cell without stopping.
        self.debug("setExceptionBreakpoints", {"filters": []})
        reply = execute(self.kc, "check(9)")
        self.assertEqual((reply.status, reply.content["evalue"]), ("error", "9 is over 3"))
        self.assert_result("1 + 1", "2")

    def test_an_unknown_request_is_an_error_that_says_so(self):
        self.start()
        resp = self.debug("setVariable", {"variablesReference": 1, "name": "x", "value": "2"}, ok=False)
        self.assertFalse(resp["success"])
        self.assertIn("setVariable", resp["message"])
        self.assert_result("1 + 1", "2")


if __name__ == "__main__":
    unittest.main()
