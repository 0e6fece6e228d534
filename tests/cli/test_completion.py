"""Shell completion: Typer's --install-completion / --show-completion and the
_CEPN_SCREEN_COMPLETE protocol the installed script calls back into."""

import pytest


@pytest.mark.parametrize("shell, marker", [
    ("bash", "complete -o default -F _cepn_screen_completion cepn-screen"),
    ("zsh", "compdef _cepn_screen_completion cepn-screen"),
    ("fish", "complete --command cepn-screen"),
])
def test_show_completion_prints_a_script_for_the_shell(run_main, monkeypatch, shell, marker):
    # Without detection the option takes the shell's name (as on a machine where the
    # parent shell cannot be detected).
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    code, out, err = run_main("--show-completion", shell)
    assert code == 0, err
    assert marker in out
    assert "_CEPN_SCREEN_COMPLETE=complete_" + shell in out


def test_help_lists_the_completion_options(run_main):
    code, out, _ = run_main("--help")
    assert code == 0
    assert "--install-completion" in out and "--show-completion" in out


@pytest.mark.parametrize("words, cword, expected", [
    ("cepn-screen ass", "1", {"assess"}),
    ("cepn-screen rules ", "2", {"validate", "test", "list", "docs", "schema"}),
    ("cepn-screen assess --oel-source ge", "3", {"germany"}),
])
def test_completion_protocol_completes_commands_and_choices(run_main, monkeypatch, words,
                                                            cword, expected):
    monkeypatch.setenv("_CEPN_SCREEN_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", cword)
    code, out, err = run_main()
    assert code == 0, err
    assert expected <= set(out.split()), out
