from smedt.enterprises.tests.conftest import reference  # noqa: F401 - the same extended reference fixture
