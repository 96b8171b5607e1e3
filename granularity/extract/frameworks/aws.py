"""AWS Lambda handlers recognised by their signature.

A module-level function whose parameters are exactly `(event, context)` (annotations and
defaults allowed, nothing else) → `EntryPoint(unit=<the function>, kind="faas",
framework="aws-lambda")` with `handler` = `<module>.<function>`. The link stage replaces it
with the triggers a deployment descriptor declares for that handler, when there is one.
Methods, nested functions and look-alikes such as `(request, response)` or `(event, ctx)`
stay silent.
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import Gatherer
from granularity.model import facts as f

SIGNATURE = ["event", "context"]


def is_handler_signature(params: cst.Parameters) -> bool:
    """True for exactly `(event, context)`: two plain positional parameters, no `*`/`**`."""
    if params.kwonly_params or params.star_kwarg is not None or isinstance(params.star_arg, cst.Param):
        return False
    names = [p.name.value for p in (*params.posonly_params, *params.params)]
    return names == SIGNATURE


class LambdaHandlerGatherer(Gatherer):
    """Module-level `(event, context)` functions."""

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        ctx = self.ctx
        if not ctx.at_module_level or not is_handler_signature(node.params):
            return
        name = node.name.value
        ctx.entry_points.append(f.EntryPoint(
            f"{ctx.module}.{name}", "faas", "aws-lambda", (("handler", f"{ctx.module}.{name}"),),
            line=ctx.line + len(node.leading_lines),
        ))
