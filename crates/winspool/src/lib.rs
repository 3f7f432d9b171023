//! The Windows print spooler through GDI: list the printers, and print pages the
//! caller rasterises at the printer's resolution, each at its true size. On other
//! systems this crate is empty (they print through CUPS).
//!
//! This is the only crate of the app with `unsafe` code: the workspace forbids it
//! everywhere else.

#![cfg(windows)]

use std::ptr::{null, null_mut};

use windows_sys::Win32::Graphics::Gdi::{
    BI_RGB, BITMAPINFO, BITMAPINFOHEADER, CreateDCW, DIB_RGB_COLORS, DeleteDC, GetDeviceCaps, HDC,
    LOGPIXELSX, LOGPIXELSY, PHYSICALOFFSETX, PHYSICALOFFSETY, SRCCOPY, StretchDIBits,
};
use windows_sys::Win32::Graphics::Printing::{
    EnumPrintersW, GetDefaultPrinterW, PRINTER_ENUM_CONNECTIONS, PRINTER_ENUM_LOCAL,
    PRINTER_INFO_4W,
};
use windows_sys::Win32::Storage::Xps::{AbortDoc, DOCINFOW, EndDoc, EndPage, StartDocW, StartPage};

/// A page as the caller drew it for this printer: BGRA pixels, top row first, and
/// the page's size on paper.
pub struct Bitmap {
    pub width: u32,
    pub height: u32,
    /// 4 bytes a pixel, blue, green, red, unused; `width * height * 4` long.
    pub bgra: Vec<u8>,
    pub width_mm: f32,
    pub height_mm: f32,
}

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(std::iter::once(0)).collect()
}

/// Reads a NUL-terminated UTF-16 string.
///
/// # Safety
/// `p` is null or points to a NUL-terminated UTF-16 string that outlives the call.
unsafe fn from_wide(p: *const u16) -> String {
    if p.is_null() {
        return String::new();
    }
    let mut len = 0;
    // SAFETY: the caller promises a NUL-terminated string; we stop at the NUL.
    while unsafe { *p.add(len) } != 0 {
        len += 1;
    }
    // SAFETY: `len` elements before the NUL were just read.
    String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(p, len) })
}

/// The user's default printer, if one is set.
pub fn default_printer() -> Option<String> {
    let mut size: u32 = 0;
    // SAFETY: a null buffer with size 0 asks for the needed size only.
    unsafe { GetDefaultPrinterW(null_mut(), &mut size) };
    if size == 0 {
        return None;
    }
    let mut buffer = vec![0u16; size as usize];
    // SAFETY: the buffer holds `size` UTF-16 units, as the call was told.
    let ok = unsafe { GetDefaultPrinterW(buffer.as_mut_ptr(), &mut size) };
    // SAFETY: on success the buffer holds a NUL-terminated name.
    (ok != 0).then(|| unsafe { from_wide(buffer.as_ptr()) })
}

/// The printers installed for this user (local and network connections), with the
/// default one marked.
pub fn printers() -> std::io::Result<Vec<(String, bool)>> {
    let flags = PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS;
    let (mut needed, mut count) = (0u32, 0u32);
    // SAFETY: a null buffer of size 0 asks for the size needed.
    unsafe { EnumPrintersW(flags, null(), 4, null_mut(), 0, &mut needed, &mut count) };
    if needed == 0 {
        return Ok(Vec::new());
    }
    // u64 elements keep the buffer aligned for the PRINTER_INFO_4W records in it.
    let mut buffer = vec![0u64; (needed as usize).div_ceil(8)];
    // SAFETY: the buffer is `needed` bytes or more and suitably aligned.
    let ok = unsafe {
        EnumPrintersW(
            flags,
            null(),
            4,
            buffer.as_mut_ptr().cast(),
            needed,
            &mut needed,
            &mut count,
        )
    };
    if ok == 0 {
        return Err(std::io::Error::last_os_error());
    }
    let default = default_printer();
    let records = buffer.as_ptr().cast::<PRINTER_INFO_4W>();
    Ok((0..count as usize)
        .map(|i| {
            // SAFETY: the call wrote `count` records at the start of the buffer; their
            // strings point into the same buffer, which is still alive.
            let name = unsafe { from_wide((*records.add(i)).pPrinterName) };
            let is_default = default.as_deref() == Some(name.as_str());
            (name, is_default)
        })
        .collect())
}

/// A printer device context, deleted when dropped.
struct Dc(HDC);

impl Drop for Dc {
    fn drop(&mut self) {
        // SAFETY: the handle came from CreateDCW and is deleted once.
        unsafe { DeleteDC(self.0) };
    }
}

/// Prints `pages` pages on `printer`, `copies` times, as one spooler job named
/// `document`; `draw(page, dpi_x, dpi_y)` draws a page at the printer's resolution.
/// Each page is placed at its true size from the paper's top-left corner. Returns
/// the job id.
pub fn print_pages(
    printer: &str,
    document: &str,
    pages: usize,
    copies: u32,
    mut draw: impl FnMut(usize, f32, f32) -> Result<Bitmap, String>,
) -> Result<u32, String> {
    let device = wide(printer);
    // SAFETY: the device name is a NUL-terminated UTF-16 string alive for the call;
    // no driver name, port or DEVMODE (the printer's own defaults).
    let hdc = unsafe { CreateDCW(null(), device.as_ptr(), null(), null()) };
    if hdc.is_null() {
        return Err(format!("打不开打印机“{printer}”"));
    }
    let dc = Dc(hdc);
    // SAFETY: `dc.0` is a valid printer DC for all the GetDeviceCaps calls below.
    let caps = |index: u32| unsafe { GetDeviceCaps(dc.0, index as i32) };
    let (dpi_x, dpi_y) = (
        caps(LOGPIXELSX).max(1) as f32,
        caps(LOGPIXELSY).max(1) as f32,
    );
    // The printable area starts this far into the paper; drawing from minus this
    // offset puts the page's corner on the paper's corner.
    let (offset_x, offset_y) = (caps(PHYSICALOFFSETX), caps(PHYSICALOFFSETY));

    let name = wide(document);
    let info = DOCINFOW {
        cbSize: size_of::<DOCINFOW>() as i32,
        lpszDocName: name.as_ptr(),
        lpszOutput: null(),
        lpszDatatype: null(),
        fwType: 0,
    };
    // SAFETY: `info` and the name it points to live across the call.
    let job = unsafe { StartDocW(dc.0, &info) };
    if job <= 0 {
        return Err(format!("打印机“{printer}”没有接受这个任务"));
    }
    let result = (|| {
        for _ in 0..copies.max(1) {
            for page in 0..pages {
                let bitmap = draw(page, dpi_x, dpi_y)?;
                if bitmap.bgra.len() != bitmap.width as usize * bitmap.height as usize * 4 {
                    return Err("页面图像大小不对".to_owned());
                }
                let header = BITMAPINFOHEADER {
                    biSize: size_of::<BITMAPINFOHEADER>() as u32,
                    biWidth: bitmap.width as i32,
                    // Negative: rows top to bottom.
                    biHeight: -(bitmap.height as i32),
                    biPlanes: 1,
                    biBitCount: 32,
                    biCompression: BI_RGB,
                    ..Default::default()
                };
                let info = BITMAPINFO {
                    bmiHeader: header,
                    bmiColors: [Default::default()],
                };
                let dest_w = (bitmap.width_mm / 25.4 * dpi_x).round() as i32;
                let dest_h = (bitmap.height_mm / 25.4 * dpi_y).round() as i32;
                // SAFETY: a valid DC inside StartDocW.
                if unsafe { StartPage(dc.0) } <= 0 {
                    return Err("打印机没有接受新的一页".to_owned());
                }
                // SAFETY: the pixels are `width * height * 4` bytes as the header says,
                // and live across the call.
                let lines = unsafe {
                    StretchDIBits(
                        dc.0,
                        -offset_x,
                        -offset_y,
                        dest_w,
                        dest_h,
                        0,
                        0,
                        bitmap.width as i32,
                        bitmap.height as i32,
                        bitmap.bgra.as_ptr().cast(),
                        &info,
                        DIB_RGB_COLORS,
                        SRCCOPY,
                    )
                };
                // SAFETY: a valid DC with a page started.
                let ended = unsafe { EndPage(dc.0) };
                if lines == 0 || ended <= 0 {
                    return Err("打印机没能画出这一页".to_owned());
                }
            }
        }
        Ok(())
    })();
    match result {
        Ok(()) => {
            // SAFETY: a valid DC inside StartDocW.
            if unsafe { EndDoc(dc.0) } <= 0 {
                return Err("打印任务没能结束，请在系统的打印队列里查看".to_owned());
            }
            Ok(job as u32)
        }
        Err(e) => {
            // SAFETY: a valid DC inside StartDocW; the job is thrown away.
            unsafe { AbortDoc(dc.0) };
            Err(e)
        }
    }
}
