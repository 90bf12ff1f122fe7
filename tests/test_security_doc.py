"""docs/security.md's generated tables say what the addons' security and
data files say (tools/security_doc.py writes them; no database needed)."""

from tools import security_doc

FIX = (
    "run make security-doc (python3 tools/security_doc.py) and commit docs/security.md"
)


def test_security_doc_is_up_to_date():
    text = security_doc.DOC.read_text(encoding="utf-8")
    stale = security_doc.stale_sections(text, security_doc.sections())
    assert not stale, (
        f"docs/security.md is out of date ({', '.join(stale)}): the addons' "
        f"access lines, record rules, roles, duties or audit rules changed; {FIX}"
    )


def test_every_access_line_and_role_is_in_the_tables():
    generated = security_doc.sections()
    names = security_doc.model_names()
    access = "\n".join(generated["access"])
    for _addon, model, _group, _perms in security_doc.access_lines():
        assert f"| `{security_doc._model(model, names)}` |" in access, model
    roles = "\n".join(generated["roles"])
    for role in security_doc.ROLES:
        assert f"`{role}`" in roles, role


def test_a_changed_table_is_reported_by_name():
    text = security_doc.DOC.read_text(encoding="utf-8")
    generated = security_doc.sections()
    forged = text.replace("| `dist.audit.entry` |", "| `dist.audit.entries` |", 1)
    assert forged != text
    assert security_doc.stale_sections(forged, generated) == ["access"]
