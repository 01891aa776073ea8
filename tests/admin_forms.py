"""The body of a Django admin change form as its page fills it, for tests that post it back changed."""

from django import forms


def _field(bound) -> dict:
    value = bound.value()
    if isinstance(bound.field.widget, forms.MultiWidget):  # a date and a time: name_0, name_1
        parts = bound.field.widget.decompress(value)
        return {f"{bound.html_name}_{i}": part for i, part in enumerate(parts) if part is not None}
    return {} if value is None else {bound.html_name: value}


def admin_body(response) -> dict:
    """Every field's current value, each inline's management form and its rows as they are."""
    form = response.context["adminform"].form
    body = {}
    for name in form.fields:
        body |= _field(form[name])
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        body |= {f"{inline.formset.prefix}-{name}": management[name].value() for name in management.fields}
        for inline_form in inline.formset.forms:
            for name in inline_form.fields:
                body |= _field(inline_form[name])
    return body
