"""QA29 reuses the facts tests' clocked harness (the bot's clock in the test's hands)."""

from tests.e2e.test_facts import harness  # noqa: F401 - a fixture, re-exported for tests/e2e/qa29
