"""A demo extension that fails half-way (see test_a_failed_extension_is_rolled_back...)."""

from awda.people.models import Person


def load_demo(ctx):
    Person.objects.create(given_name="Temporary", family_name="Row", sex="M")
    raise RuntimeError("stopped half-way")
