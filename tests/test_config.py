"""Settings: each source overrides the one before (defaults < storylens.toml < STORYLENS_* < flags), and a
value out of range or of the wrong type is refused with the setting's name and where it came from."""
import pytest

from storylens.config import Settings, load_settings
from storylens.errors import ConfigError


def test_each_source_overrides_the_one_before(tmp_path):
    toml = tmp_path / "storylens.toml"
    toml.write_text("story_threshold = 0.2\nmax_words = 90\ntime_window_days = 3\n", encoding="utf-8")
    env = {"STORYLENS_MAX_WORDS": "80", "STORYLENS_REOPEN_SHARE": "4"}
    s = load_settings(toml, env=env, max_words=70)
    assert s.story_threshold == 0.2          # file over default
    assert s.time_window_days == 3.0 and isinstance(s.time_window_days, float)   # a TOML int where a float is due
    assert s.reopen_share == 4.0             # environment over default
    assert s.max_words == 70                 # flag over environment over file
    assert load_settings(toml, env=env).max_words == 80
    assert load_settings(toml, env={}).max_words == 90
    assert load_settings(tmp_path / "storylens.toml", env={}).copy_similarity == Settings().copy_similarity


@pytest.mark.parametrize("text, where", [
    ("story_threshold = 5\n", "storylens.toml"),             # out of 0..1
    ("event_min_articles = 2.5\n", "storylens.toml"),        # not a whole number
    ("local_terms = 'sometimes'\n", "storylens.toml"),       # not true or false
    ("keep_patterns = ['BBC::(unclosed']\n", "storylens.toml"),   # not a regular expression
])
def test_a_bad_value_in_the_file_names_the_setting_and_the_file(tmp_path, text, where):
    toml = tmp_path / "storylens.toml"
    toml.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(toml, env={})
    assert text.split(" =")[0] in str(err.value) and where in str(err.value)


def test_a_bad_environment_variable_is_named():
    with pytest.raises(ConfigError, match="STORYLENS_TIME_WINDOW_DAYS"):
        load_settings(env={"STORYLENS_TIME_WINDOW_DAYS": "a week"})
    with pytest.raises(ConfigError, match="STORYLENS_WORKERS.*whole number"):
        load_settings(env={"STORYLENS_WORKERS": "1.5"})


def test_settings_made_in_code_are_checked_too():
    with pytest.raises(ConfigError, match="story_threshold"):
        Settings(story_threshold=-0.1)
    with pytest.raises(ConfigError, match="copy_similarity"):
        Settings().with_overrides(copy_similarity=1.5)
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(env={}, cleaner="rules")   # settings that were removed are unknown, not ignored
    assert Settings(time_window_days=0.5).time_window_days == 0.5
