//! Windows: the program's icon (Explorer, the taskbar, Apps & features) and its application
//! manifest (long paths, high DPI, no elevation: `packaging/windows/lernstadt.manifest`) as
//! resources in the .exe. Nothing to do for other systems.

fn main() {
    println!("cargo:rerun-if-changed=packaging/windows/lernstadt.ico");
    println!("cargo:rerun-if-changed=packaging/windows/lernstadt.manifest");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut resource = winresource::WindowsResource::new();
    resource.set_icon("packaging/windows/lernstadt.ico");
    resource.set_manifest_file("packaging/windows/lernstadt.manifest");
    if let Err(error) = resource.compile() {
        // The program works without it; the icon is then missing from Explorer and
        // the manifest's settings (long paths, high DPI) are Windows' defaults.
        println!("cargo:warning=the Windows resources (icon, manifest) were not built: {error}");
    }
}
