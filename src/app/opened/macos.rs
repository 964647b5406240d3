//! macOS: a project double-clicked in the Finder, dropped on the Dock icon or opened with
//! "Open With" comes as an Apple Event, which `AppKit` hands to the application delegate's
//! `application:openFiles:` — a method winit 0.30's delegate does not have, so the file
//! would never arrive. The method is added to `NSObject`, which winit's delegate class
//! inherits from, before that class exists (so there is no race with its creation and
//! `AppKit` sees it whenever it asks); the paths go to [`super::push`].
//!
//! Only the Objective-C runtime's C functions are used (libobjc, always present), through
//! `objc_msgSend` cast to each call's signature, as Apple documents it.

#![allow(unsafe_code)] // The Objective-C runtime is reached only through its C functions.

use std::ffi::{CStr, c_char, c_void};
use std::path::PathBuf;

type Id = *mut c_void;
type Sel = *const c_void;

#[link(name = "objc", kind = "dylib")]
unsafe extern "C" {
    fn objc_getClass(name: *const c_char) -> *mut c_void;
    fn sel_registerName(name: *const c_char) -> Sel;
    fn class_addMethod(
        class: *mut c_void,
        name: Sel,
        imp: *const c_void,
        types: *const c_char,
    ) -> i8;
    fn objc_msgSend();
}

/// `NSApplicationDelegateReplySuccess`.
const REPLY_SUCCESS: usize = 0;

/// Adds `application:openFiles:` (returning nothing; the delegate, `AppKit`'s sender and an
/// `NSArray<NSString>` of paths) to `NSObject`.
pub fn install() {
    // SAFETY: class and selector names are NUL-terminated literals; `open_files` has the
    // C signature the type encoding `v@:@@` describes (void; self, _cmd, two objects).
    unsafe {
        let class = objc_getClass(c"NSObject".as_ptr());
        if class.is_null() {
            log::warn!("macOS: NSObject not found, files opened from the Finder will not arrive");
            return;
        }
        let imp = open_files as unsafe extern "C" fn(Id, Sel, Id, Id) as *const c_void;
        let added = class_addMethod(
            class,
            sel_registerName(c"application:openFiles:".as_ptr()),
            imp,
            c"v@:@@".as_ptr(),
        );
        log::info!("macOS: listening for files opened from the Finder ({added})");
    }
}

/// Called by `AppKit` with the paths of the files to open.
unsafe extern "C" fn open_files(_this: Id, _cmd: Sel, sender: Id, files: Id) {
    let mut paths = Vec::new();
    // SAFETY: `files` is an NSArray of NSString (`AppKit`'s documented argument); each call
    // casts `objc_msgSend` to the method's own signature: `count` → NSUInteger,
    // `objectAtIndex:` (NSUInteger) → id, `UTF8String` → const char * (owned by the string,
    // copied at once), `replyToOpenOrPrint:` (NSUInteger) → void.
    unsafe {
        let send = objc_msgSend as unsafe extern "C" fn();
        let count: unsafe extern "C" fn(Id, Sel) -> usize = std::mem::transmute(send);
        let at: unsafe extern "C" fn(Id, Sel, usize) -> Id = std::mem::transmute(send);
        let utf8: unsafe extern "C" fn(Id, Sel) -> *const c_char = std::mem::transmute(send);
        let reply: unsafe extern "C" fn(Id, Sel, usize) = std::mem::transmute(send);
        if !files.is_null() {
            let n = count(files, sel_registerName(c"count".as_ptr()));
            for i in 0..n {
                let name = at(files, sel_registerName(c"objectAtIndex:".as_ptr()), i);
                if name.is_null() {
                    continue;
                }
                let text = utf8(name, sel_registerName(c"UTF8String".as_ptr()));
                if !text.is_null() {
                    paths.push(PathBuf::from(
                        CStr::from_ptr(text).to_string_lossy().into_owned(),
                    ));
                }
            }
        }
        if !sender.is_null() {
            reply(
                sender,
                sel_registerName(c"replyToOpenOrPrint:".as_ptr()),
                REPLY_SUCCESS,
            );
        }
    }
    super::push(paths);
}
