"""Runs the example notebooks and a recovery notebook through nbclient against the PeerScript
kernel, and checks what they show. Run by KernelNotebookTests with JUPYTER_PATH set.

Usage: notebooks.py EXAMPLES_FOLDER
"""
import glob
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook


def outputs(cell):
    """(output_type, data) pairs of a code cell, data being MIME type -> text."""
    found = []
    for output in cell.get("outputs", []):
        data = dict(output.get("data", {}))
        if output["output_type"] == "stream":
            data = {"stream/" + output["name"]: output["text"]}
        if output["output_type"] == "error":
            data = {"error/name": output["ename"], "error/value": output["evalue"]}
        found.append((output["output_type"], data))
    return found


def run(notebook, **options):
    options.setdefault("timeout", 60)
    NotebookClient(notebook, kernel_name="peerscript", **options).execute()
    return notebook


def check_examples(folder):
    paths = sorted(glob.glob(os.path.join(folder, "*.ipynb")))
    assert paths, "no notebooks in " + folder
    shown = {}
    for path in paths:
        notebook = run(nbformat.read(path, as_version=4))
        for cell in notebook.cells:
            for kind, data in outputs(cell):
                assert kind != "error", f"{path}: a cell failed: {data}"
                for mime, text in data.items():
                    shown.setdefault(mime, []).append(text)
        print(f"ran {os.path.basename(path)}: {len(notebook.cells)} cells")
    assert any("<table>" in t and "<thead>" in t for t in shown.get("text/html", [])), "no HTML table shown"
    assert any(t.lstrip().startswith("<svg") or "<svg" in t for t in shown.get("image/svg+xml", [])), "no SVG chart shown"
    assert any("<svg" in t and "<!DOCTYPE html>" in t for t in shown.get("text/html", [])), "no HTML report shown"
    assert any(t.startswith("> ") for t in shown.get("text/markdown", [])), "no quotes shown as Markdown"
    assert any("codings in the corpus" in t for t in shown.get("stream/stdout", [])), "print output not shown"


def check_recovery():
    """A runaway loop interrupted, a memory-limit error and failing cells leave the kernel usable."""
    cells = [
        "answer = 41",
        "while true do end",
        "answer + 1",
        'local s = string.rep("x", 1 << 31)',
        "answer + 1",
        'error("this cell fails")',
        "answer + 1",
        "local t = nil; return t.field",
        "answer + 1",
        'io.write("partial ") print("line")\nio.write("before the value")\nanswer + 1',
    ]
    notebook = new_notebook(cells=[new_code_cell(source) for source in cells])
    # The loop outlasts the cell timeout; nbclient then interrupts the kernel (SIGINT).
    run(notebook, timeout=5, interrupt_on_timeout=True, allow_errors=True)
    results = [outputs(cell) for cell in notebook.cells]
    def error_of(index):
        errors = [data for kind, data in results[index] if kind == "error"]
        assert errors, f"cell {index + 1} ({cells[index]!r}) shows no error: {results[index]}"
        return errors[0]
    assert error_of(1)["error/name"] == "Interrupted", results[1]
    assert error_of(3)["error/name"] == "MemoryError", results[3]
    assert "this cell fails" in error_of(5)["error/value"], results[5]
    assert error_of(7)["error/name"] == "LuaError", results[7]
    for index in (2, 4, 6, 8):
        values = [data.get("text/plain") for kind, data in results[index] if kind == "execute_result"]
        assert values == ["42"], f"after cell {index}, the kernel answered {results[index]}"
    # io.write and print reach the notebook in order, all before the cell's value.
    kinds = [kind for kind, _ in results[9]]
    streamed = "".join(data["stream/stdout"] for kind, data in results[9] if kind == "stream")
    assert streamed == "partial line\nbefore the value", results[9]
    assert kinds[-1] == "execute_result" and results[9][-1][1]["text/plain"] == "42", results[9]
    print("recovery: interrupt, memory limit and failing cells all left the kernel usable")


def check_repeated_interrupts():
    """SIGINT never ends the kernel: not between cells, not twice during one cell."""
    import time
    from jupyter_client.manager import start_new_kernel
    manager, client = start_new_kernel(kernel_name="peerscript")
    try:
        manager.interrupt_kernel()
        manager.interrupt_kernel()
        time.sleep(0.2)
        assert manager.is_alive(), "an interrupt between cells ended the kernel"
        message = client.execute("while true do end")
        time.sleep(0.5)
        manager.interrupt_kernel()
        manager.interrupt_kernel()
        reply = client.get_shell_msg(timeout=10)
        assert reply["parent_header"]["msg_id"] == message, reply
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupted", reply["content"]
        reply = client.execute_interactive("1 + 1", timeout=10, output_hook=lambda _: None)
        assert reply["content"]["status"] == "ok", reply["content"]
        assert manager.is_alive()
    finally:
        client.stop_channels()
        manager.shutdown_kernel()
    print("interrupts: the kernel outlived four interrupts")


def check_stop_on_error():
    """Cells queued behind a failed one are aborted, as "Run All" expects; later ones run."""
    from jupyter_client.manager import start_new_kernel
    manager, client = start_new_kernel(kernel_name="peerscript")
    try:
        failing = client.execute('local t = os.clock() while os.clock() - t < 0.5 do end error("stop here")')
        queued = client.execute("queued = true")
        replies = {}
        while len(replies) < 2:
            reply = client.get_shell_msg(timeout=10)
            replies[reply["parent_header"]["msg_id"]] = reply["content"]["status"]
        assert replies == {failing: "error", queued: "aborted"}, replies
        reply = client.execute_interactive("queued == nil", timeout=10, output_hook=lambda _: None)
        assert reply["content"]["status"] == "ok", reply["content"]
        kept = client.execute('error("again")', stop_on_error=False)
        after = client.execute("1 + 1")
        statuses = [client.get_shell_msg(timeout=10)["content"]["status"] for _ in range(2)]
        assert statuses == ["error", "ok"], (kept, after, statuses)
    finally:
        client.stop_channels()
        manager.shutdown_kernel()
    print("stop_on_error: queued cells aborted after a failure")


def check_shutdown_during_a_cell():
    """A shutdown request stops a runaway cell and ends the kernel at once, not after its limit."""
    import time
    from jupyter_client.manager import start_new_kernel
    manager, client = start_new_kernel(kernel_name="peerscript")
    try:
        client.execute("while true do end")
        time.sleep(0.5)
        began = time.time()
        client.shutdown()  # the request alone, on the control channel, without a signal
        while manager.is_alive() and time.time() - began < 5:
            time.sleep(0.05)
        took = time.time() - began
        assert not manager.is_alive(), "the kernel still runs 5 s after a shutdown request"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    print(f"shutdown: ended during a runaway cell in {took:.2f} s")


if __name__ == "__main__":
    check_examples(sys.argv[1])
    check_recovery()
    check_repeated_interrupts()
    check_stop_on_error()
    check_shutdown_during_a_cell()
    print("notebooks passed")
