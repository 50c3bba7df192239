//! Link options for the `lode` binary.

fn main() {
    // Pack the executable's relative relocations (DT_RELR): the dynamic
    // loader applies ~15,000 of them at every start, and the packed form is
    // a fraction of the size and work. Needs binutils >= 2.38 and
    // glibc >= 2.36; older linkers ignore unknown `-z` options.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu")
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
