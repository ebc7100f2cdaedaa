"""The Jupyter kernel conformance suite (jupyter_kernel_test) against the PeerScript kernel.

Run by KernelConformanceTests with JUPYTER_PATH pointing at a kernelspec for the built binary.
"""
import unittest

import jupyter_kernel_test


class PeerScriptKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "peerscript"
    language_name = "lua"
    file_extension = ".lua"

    code_hello_world = 'print("hello, world")'
    code_generate_error = 'error("this cell fails")'
    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": "x = 20\nx * 2 + 2", "result": "42"},
        {"code": '"peer" .. "script"', "result": "peerscript"},
        {"code": "corpus.codings():crosstab('participant.role', 'case.sector')", "mime": "text/html"},
        {"code": "corpus.codings():crosstab('participant.role', 'case.sector'):plot{ kind = 'bar' }", "mime": "image/svg+xml"},
    ]
    code_display_data = [
        {"code": "display(corpus.codings():crosstab('participant.role', 'case.sector'))", "mime": "text/html"},
        {"code": "display(corpus.codings():crosstab('participant.role', 'case.sector'):plot{ kind = 'bar' })", "mime": "image/svg+xml"},
    ]
    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")
    completion_samples = [
        {"text": "corpus.cod", "matches": {"codings"}},
    ]
    complete_code_samples = ["1 + 1", "x = 1", "function f() return 1 end"]
    incomplete_code_samples = ["function f()", "t = {", "x = [[open"]
    invalid_code_samples = ["x = = 1", "1 +* 2", "end"]
    code_inspect_sample = "corpus.codings"


if __name__ == "__main__":
    unittest.main(verbosity=2)
