"""What a class does to a kernel, through jupyter_client against a real
gopherlab: replayed requests, a front end that dies, output floods, how the
kernel listens. docs/HARDENING.md says what each guards against.
"""

import os
import signal
import subprocess
import sys
import time
import unittest

import harness
from harness import TIMEOUT, execute, iopub_for, reply_to


@unittest.skipUnless(harness.is_gopherlab(), "the cells are Go")
class ReplayTests(harness.KernelTestCase):
    """A captured, validly signed execute_request sent again is dropped."""

    def test_replayed_execute_request_runs_once(self):
        self.run_ok("replays := 0")
        msg = self.kc.session.msg("execute_request", dict(
            code="replays++", silent=False, store_history=True, user_expressions={},
            allow_stdin=False, stop_on_error=True))
        msg_id = msg["header"]["msg_id"]
        # Session.send signs the same header and content the same way: the
        # second send is byte for byte the first, as a captured copy would be.
        self.kc.shell_channel.send(msg)
        reply = reply_to(self.kc.shell_channel, msg_id)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        harness.iopub_until_idle(self.kc, msg_id)
        self.kc.shell_channel.send(msg)
        for m in iopub_for(self.kc, 1.0):
            self.assertNotEqual(m["parent_header"].get("msg_id"), msg_id,
                                f"the replay was answered: {m['msg_type']}")
        self.assert_result("replays", "1")


if __name__ == "__main__":
    unittest.main()
