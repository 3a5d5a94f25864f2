# Drive the nanozh kernel as Jupyter does (jupyter_client), for test/notebooks/kernel.nbtest.ts.
# argv: JSON {"cwd": dir, "cells": [{"code": str, "interrupt_after": seconds?}], "timeout": s}
# prints JSON: one entry per cell: {"reply": execute_reply content, "iopub": [{msg_type, content}]}
import json, sys, time
from jupyter_client.manager import KernelManager

spec = json.loads(sys.argv[1])
km = KernelManager(kernel_name="nanozh")
km.start_kernel(cwd=spec["cwd"])
kc = km.client()
kc.start_channels()
results = []
try:
    kc.wait_for_ready(timeout=spec.get("timeout", 120))
    for cell in spec["cells"]:
        msg_id = kc.execute(cell["code"])
        if cell.get("interrupt_after") is not None:
            # interrupt once the cell is running (its execute_input is out), then wait the delay
            while True:
                m = kc.get_iopub_msg(timeout=spec.get("timeout", 120))
                if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
                    first = [{"msg_type": m["msg_type"], "content": m["content"]}]
                    break
            time.sleep(cell["interrupt_after"])
            km.interrupt_kernel()
        else:
            first = []
        reply = kc.get_shell_msg(timeout=spec.get("timeout", 120))
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=spec.get("timeout", 120))
        msgs = first
        while True:
            m = kc.get_iopub_msg(timeout=spec.get("timeout", 120))
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
            if m["msg_type"] != "status":
                msgs.append({"msg_type": m["msg_type"], "content": m["content"]})
        results.append({"reply": reply["content"], "iopub": msgs})
        if reply["content"]["status"] == "error":
            time.sleep(0.6)  # tslab aborts requests that arrive within 200 ms of an error (Run All stops there)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(results))
