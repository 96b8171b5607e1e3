"""Writes that a generic view makes in framework code.

A DRF `ModelViewSet` creates, updates and deletes rows through `serializer.save()` and
`instance.delete()` in `rest_framework/mixins.py`; Django's `CreateView`/`UpdateView` save
their model form and `DeleteView` deletes the object, in `django/views/generic/edit.py`.
None of that code is the app's, so the calls that write are never seen. What is seen is
the class declaration:

    class CommentViewSet(viewsets.ModelViewSet):
        serializer_class = CommentSerializer      # a write of Meta.model's table
        queryset = Comment.objects.all()          # a write of Comment's table

For a class whose base is one of the generic write views below (in a file that imports
Django or DRF), each of `serializer_class`, `form_class`, `model` and `queryset` set in
its body gives `Access(scope=<the class>, kind="model", mode="write")`, as `form.save()`
does. The link stage keeps it only when the name resolves to a model (or to a form or
serializer with a `Meta.model`). The view itself is the entry point, so its writes count
for the function that serves it.

An operation whose hook the class overrides (`perform_create`, `perform_update`,
`perform_destroy`; `form_valid`, `delete`) runs the app's own code instead, which the
other gatherers read; when every write operation of its bases is overridden, the class
gets no implicit write. An override inherited from a mixin of the app is not seen: the
write is then still assumed, as most mixins call `super()`.
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.refs import dotted, ref_of
from granularity.model import facts as f

DJANGO = "django"

#: Generic view bases (last name part) → the hooks of the write operations they provide,
#: one tuple per operation.
WRITE_VIEWS: dict[str, tuple[tuple[str, ...], ...]] = {
    # Django REST framework
    "ModelViewSet": (("perform_create",), ("perform_update",), ("perform_destroy",)),
    "CreateAPIView": (("perform_create",),),
    "ListCreateAPIView": (("perform_create",),),
    "UpdateAPIView": (("perform_update",),),
    "RetrieveUpdateAPIView": (("perform_update",),),
    "DestroyAPIView": (("perform_destroy",),),
    "RetrieveDestroyAPIView": (("perform_destroy",),),
    "RetrieveUpdateDestroyAPIView": (("perform_update",), ("perform_destroy",)),
    "CreateModelMixin": (("perform_create",),),
    "UpdateModelMixin": (("perform_update",),),
    "DestroyModelMixin": (("perform_destroy",),),
    # Django
    "CreateView": (("form_valid",),),
    "UpdateView": (("form_valid",),),
    "DeleteView": (("form_valid", "delete"),),
}
#: Class attributes that name the model written.
MODEL_ATTRIBUTES = ("serializer_class", "form_class", "model", "queryset")
#: Top-level packages whose import makes the base names above mean what they say.
FRAMEWORKS = frozenset({"django", "rest_framework"})


class GenericViewGatherer(Gatherer):
    """Appends the implicit writes of Django and DRF generic write views."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.uses_framework = False
        #: Generic write views being walked: (qualname, model references with their lines).
        self._views: list[tuple[str, list[tuple[str, int]]] | None] = []

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            if (dotted(alias.name) or "").split(".", 1)[0] in FRAMEWORKS:
                self.uses_framework = True

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None:
            return
        if (dotted(node.module) or "").split(".", 1)[0] in FRAMEWORKS:
            self.uses_framework = True

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._views.append(self._write_view(node))

    def _write_view(self, node: cst.ClassDef) -> tuple[str, list[tuple[str, int]]] | None:
        if not self.uses_framework:
            return None
        operations = [op for base in node.bases if base.keyword is None
                      for op in WRITE_VIEWS.get((ref_of(base.value) or "").rsplit(".", 1)[-1], ())]
        if not operations:
            return None
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        methods = {s.name.value for s in body if isinstance(s, cst.FunctionDef)}
        if all(any(hook in methods for hook in op) for op in operations):
            return None
        return (f"{self.ctx.namespace}.{node.name.value}", [])

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        view = self._views[-1] if self._views else None
        if view is None or self.ctx.namespace != view[0]:
            return
        for small in node.body:
            target, value = _assignment(small)
            if target in MODEL_ATTRIBUTES and value is not None:
                ref = _model_ref(target, value)
                if ref:
                    view[1].append((ref, self.ctx.line + len(node.leading_lines)))

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        view = self._views.pop() if self._views else None
        if view is None:
            return
        qualname, refs = view
        for ref, line in refs:
            self.ctx.accesses.append(f.Access(qualname, "model", ref, "write", line, DJANGO))


def _assignment(small: cst.BaseSmallStatement) -> tuple[str | None, cst.BaseExpression | None]:
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        return small.targets[0].target.value, small.value
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        return small.target.value, small.value
    return None, None


def _model_ref(attribute: str, value: cst.BaseExpression) -> str | None:
    """`Comment` or `models.Comment`; for `queryset`, the class before `.objects`/`.query`."""
    if attribute != "queryset":
        ref = ref_of(value)
        return ref if ref and "(" not in ref and "[" not in ref else None
    node = value
    while isinstance(node, (cst.Call, cst.Attribute)):
        if isinstance(node, cst.Call):
            node = node.func
            continue
        if node.attr.value in ("objects", "query", "_default_manager"):
            ref = ref_of(node.value)
            return ref if ref and "(" not in ref and "[" not in ref else None
        node = node.value
    return None
