"""Read a page's form the way a browser would submit it, so a test posts a body that can succeed.

A test that posts a made-up body to an admin form proves nothing when the form refuses it anyway
(a missing inline management form, a required choice left out). These helpers take the fields, their
current values and the selected options from the page's own HTML: posted back unchanged, the body
is what a person pressing "Save" would send; a test then changes only what it means to change.
"""

from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []  # each: {"attrs": {...}, "fields": [(name, value), ...]}
        self._form = None
        self._select = None  # (name, multiple, options [(value, selected)])
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {"attrs": a, "fields": [], "types": {}, "required": set()}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if name and tag in ("input", "select", "textarea"):
            self._form["types"].setdefault(name, a.get("type", "text").lower() if tag == "input" else tag)
            if "vDateField" in a.get("class", "") or "vTimeField" in a.get("class", ""):
                self._form.setdefault("widgets", {})[name] = "date" if "vDateField" in a["class"] else "time"
            if a.get("maxlength", "").isdigit():
                self._form.setdefault("maxlength", {})[name] = int(a["maxlength"])
            if "required" in a:
                self._form["required"].add(name)
        is_submit = (tag == "button" and a.get("type", "submit").lower() == "submit") or (
            tag == "input" and a.get("type", "").lower() in ("submit", "image")
        )
        if is_submit and name and "disabled" not in a:
            self._form.setdefault("submits", []).append((name, a.get("value", "")))
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            if kind in ("checkbox", "radio"):
                self._form.setdefault("choices", {}).setdefault(name, a.get("value", "on"))
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
                return
            self._form["fields"].append((name, a.get("value", "")))
        elif tag == "select" and name and "disabled" not in a:
            self._select = (name, "multiple" in a, [])
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
            self._select[2].append(self._option)
        elif tag == "textarea" and name and "disabled" not in a:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            values = [(v if v is not None else t.strip()) for v, sel, t in options]
            chosen = [v for (v, sel, _t), v in zip(options, values, strict=True) if sel]
            self._form.setdefault("options", {})[name] = values
            if not multiple and not chosen and values:
                chosen = values[:1]  # a browser submits the first option when none is selected
            self._form["fields"].extend((name, v) for v in chosen)
            self._select = None


def page_forms(html: str) -> list[dict]:
    """Every form of the page: {"attrs": its attributes, "fields": [(name, value), ...]}."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_body(html: str, *, containing: str | None = None, index: int = 0) -> dict:
    """The body a browser would send for one form of the page (multi-valued fields as lists).

    `containing` picks the first form that has a field of that name (e.g. "csrfmiddlewaretoken" or
    "title_ar"); otherwise the form at `index`.
    """
    forms = page_forms(html)
    if containing is not None:
        forms = [f for f in forms if any(name == containing for name, _v in f["fields"])]
        assert forms, f"no form with a field {containing!r} on the page"
        form = forms[0]
    else:
        form = forms[index]
    body: dict = {}
    for name, value in form["fields"]:
        if name in body:
            body[name] = (body[name] if isinstance(body[name], list) else [body[name]]) + [value]
        else:
            body[name] = value
    return body


def admin_form_body(html: str) -> dict:
    """The admin add/change form of the page (the one with the inline management forms, if any)."""
    forms = [f for f in page_forms(html) if f["attrs"].get("id", "").endswith("_form")]
    assert forms, "no admin change form on the page"
    body: dict = {}
    for name, value in forms[0]["fields"]:
        if name in body:
            body[name] = (body[name] if isinstance(body[name], list) else [body[name]]) + [value]
        else:
            body[name] = value
    body.pop("_saveasnew", None)
    return body


SAMPLES = {
    "email": "matrix@example.org",
    "url": "https://example.org/reuse",
    "number": "1",
    "date": "2026-06-01",
    "time": "10:00",
    "datetime-local": "2026-06-01T10:00",
    "tel": "+971500000000",
    "password": "A-long-matrix-passw0rd!",
}
SAMPLE_TEXT = "نص تجريبي كتبته مصفوفة الصلاحيات، طويل بما يكفي ليقبله النموذج. A matrix contribution."


def form_filled(form: dict) -> dict:
    """A form's body with every empty text-like field filled by a plausible value of its type (the
    values a person would type, no longer than the field takes), every unchecked required radio group
    given its first choice, every required list left on its empty choice given its first real one,
    and the first named submit button (a form's choice is sometimes the button pressed)."""
    body: dict = {}
    for name, value in form["fields"]:
        if name in body:
            body[name] = (body[name] if isinstance(body[name], list) else [body[name]]) + [value]
        else:
            body[name] = value
    for name, first in form.get("choices", {}).items():
        kind = form["types"].get(name)
        if name not in body and (kind == "radio" or name in form["required"]):
            body[name] = first
    for name, kind in form["types"].items():
        if kind in ("hidden", "checkbox", "radio", "select", "submit", "button", "file", "image"):
            continue
        kind = form.get("widgets", {}).get(name, kind)  # the admin's date and time boxes are text inputs
        if body.get(name, "") == "":
            body[name] = SAMPLES.get(kind, SAMPLE_TEXT)[: form.get("maxlength", {}).get(name)]
    for name, value in form.get("submits", [])[:1]:  # the first named button, as pressing it sends
        body.setdefault(name, value)
    for name, values in form.get("options", {}).items():
        real = [v for v in values if v]
        if name in form["required"] and body.get(name, "") == "" and real:
            body[name] = real[0]
    return body
