//! Build script: on a Windows target, embeds the icon and the version resource in
//! `opmt.exe` (Explorer shows them). It looks at the target, not the host, so a build
//! for Linux does nothing and a cross-build from Linux uses mingw-w64's `windres`.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/icon.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut resource = winresource::WindowsResource::new();
    resource
        .set_icon("assets/icon.ico")
        .set("ProductName", "opmt: Outpatient Pathway Modelling Tool")
        .set("FileDescription", "opmt: Outpatient Pathway Modelling Tool")
        .set("LegalCopyright", "MIT OR Apache-2.0");
    if let Err(e) = resource.compile() {
        // A Windows build without its resource would still run, but without its icon and
        // version; fail loudly so a release is never shipped like that by accident.
        panic!(
            "cannot embed the Windows icon and version resource: {e} (install mingw-w64's windres)"
        );
    }
}
