"""A demo extension that reads what the context promises."""


def load_demo(ctx):
    assert ctx.orgs["RBA"].kind == "iom_office"
    assert ctx.users["cw.rabat"].organisation_id == ctx.orgs["RBA"].pk
    assert "EU-IOM-JI" in ctx.programmes
    assert ctx.history_today < ctx.today
    ctx.rng.random()
