"""The benchmark harness (`make bench`): bench/run.py starts the servers and runs each scenario."""

import json
import subprocess


def run_prepare(module: str, *args: str, py: str, env: dict, cwd) -> dict:
    """Run a scenario module's `prepare` step in its own process (it writes the data set through the
    Django ORM) and return what it printed as JSON: the ids the load then uses."""
    return json.loads(
        subprocess.run(
            [py, "-m", module, "prepare", *args],
            check=True,
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    )
