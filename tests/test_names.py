from cepn_screen.core.names import name_key, name_variants


def test_key_folds_case_accents_punctuation():
    assert name_key("N,N-Dimethylformamide") == name_key("n n dimethylformamide")
    assert name_key("Hexano") == name_key("héxano")
    assert name_key("Axít axetic") == name_key("axit axetic")
    assert name_key("đ") == "d"


def test_variants_strip_grade_and_brackets():
    keys = name_variants("Isopropyl alcohol (IPA) 99.9% technical grade")
    assert name_key("isopropyl alcohol") in keys
    assert name_key("IPA") in keys
    assert name_variants("丙酮 工业级")[1] == name_key("丙酮")
