"""Build hook: compile the reader with mypyc into a wheel; the source stays plain Python.

The reader (the grammar and the modules that say what a line's text means) and the
writers of the TEI and text exporters are typed code that mypyc compiles to C extension
modules: cables are read about a quarter faster, TEI written a quarter faster.
Everything else, and every editable install, stays pure Python: an editable install
must run the source a developer edits, not a compiled copy of it.

``CABLEFORMAT_BUILD`` chooses:

- ``auto`` (the default): compile where a C compiler is found, else build a pure wheel
  and say why;
- ``compiled``: compile, and fail the build if that fails;
- ``pure``: do not compile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# The modules `loads` and the exporters spend their time in, where compiling pays (the
# model's attrs classes and the JSON-LD exporter gain nothing).  They import nothing the
# build lacks but attrs and lxml's stubs, which mypy reads for their types.
COMPILED = [
    "src/cableformat/_grammar.py",
    "src/cableformat/_wrapping.py",
    "src/cableformat/_refs.py",
    "src/cableformat/_tags.py",
    "src/cableformat/_authority.py",
    "src/cableformat/_posts.py",
    "src/cableformat/_summary.py",
    "src/cableformat/_eo.py",
    "src/cableformat/_ids.py",
    "src/cableformat/_markings.py",
    "plugins/cableformat_tei/_write.py",
    "plugins/cableformat_tei/_read.py",
    "plugins/cableformat_text/_exporter.py",
]
# The C runtime mypyc shares between the modules is one more extension module.
GROUP = "cableformat"

_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify

paths, target, lib, temp = sys.argv[1:5]
setup(
    name="cableformat-reader",
    ext_modules=mypycify(paths.split(","), opt_level="3", group_name={group!r}, target_dir=target),
    script_args=["build_ext", "--build-lib", lib, "--build-temp", temp],
)
"""


class CompiledReader(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        mode = os.environ.get("CABLEFORMAT_BUILD", "auto")
        if mode not in ("auto", "compiled", "pure"):
            raise ValueError(f"CABLEFORMAT_BUILD must be auto, compiled or pure, not {mode!r}")
        if self.target_name != "wheel" or version == "editable" or mode == "pure":
            return
        self._work = Path(tempfile.mkdtemp(prefix="cableformat-mypyc-"))
        lib = self._work / "lib"
        command = [sys.executable, "-c", _SETUP.format(group=GROUP), ",".join(COMPILED)]
        command += [str(self._work / "c"), str(lib), str(self._work / "temp")]
        # mypy's cache goes with the rest of the build, not into the project.
        env = {**os.environ, "MYPY_CACHE_DIR": str(self._work / "cache")}
        done = subprocess.run(
            command, cwd=self.root, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode:
            why = (done.stdout + done.stderr).strip().splitlines()[-20:]
            if mode == "compiled":
                raise RuntimeError("compiling the reader with mypyc failed:\n" + "\n".join(why))
            self.app.display_warning(
                "cableformat: the reader could not be compiled (a C compiler and the Python "
                "headers are needed); building pure Python, which reads cables more slowly:\n"
                + "\n".join(why[-5:])
            )
            return
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        built = sorted(lib.rglob(f"*{suffix}"))
        if len(built) != len(COMPILED) + 1:  # each module and the shared runtime
            raise RuntimeError(f"mypyc built {[p.name for p in built]}, not {COMPILED}")
        for path in built:
            build_data["force_include"][str(path)] = path.relative_to(lib).as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True  # a wheel for this interpreter and platform

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
