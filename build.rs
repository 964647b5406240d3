//! Windows: the program's icon (Explorer, the taskbar, Apps & features) as a resource in the
//! .exe, from `packaging/windows/lernstadt.ico`. Nothing to do for other systems.

fn main() {
    println!("cargo:rerun-if-changed=packaging/windows/lernstadt.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut resource = winresource::WindowsResource::new();
    resource.set_icon("packaging/windows/lernstadt.ico");
    if let Err(error) = resource.compile() {
        // The program works without it; the icon is then missing from Explorer only.
        println!("cargo:warning=the Windows icon resource was not built: {error}");
    }
}
