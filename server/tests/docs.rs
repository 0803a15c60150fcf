//! `docs/rules.md` is the output of `agentls rules`; this keeps them equal.

#[test]
fn rules_doc_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md");
    let expected = agentls::analysis::rules::markdown();
    if std::env::var_os("AGENTLS_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("write docs/rules.md");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `AGENTLS_BLESS=1 cargo test -p agentls --test suite docs::`"
    );
}
