//! Profile pictures: what a person uploads is never stored. It is checked (at most
//! [`MAX_UPLOAD_BYTES`], PNG, JPEG or WebP, at most [`MAX_PIXELS`] by its header before any
//! pixel is decoded, decoding itself under allocation limits), turned upright (EXIF
//! orientation), centre-cropped to a square, scaled to [`SIDE`]×[`SIDE`] and encoded again as
//! JPEG: no metadata (location, camera, thumbnails) survives, and what the app later shows is
//! always a small image it made itself.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

use crate::error::ErrorCode;

/// The largest file accepted (5 MiB).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// The most pixels an uploaded picture may have (40 megapixels).
pub const MAX_PIXELS: u64 = 40_000_000;
/// The stored picture's width and height.
pub const SIDE: u32 = 256;
/// The stored picture's media type.
pub const MEDIA_TYPE: &str = "image/jpeg";
const JPEG_QUALITY: u8 = 88;

/// Why an upload was refused. Nothing is stored on any of them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    #[error("the file is larger than 5 MB ({0} bytes)")]
    TooLarge(usize),
    #[error("the picture is {width}×{height}, more than 40 megapixels")]
    TooManyPixels { width: u32, height: u32 },
    #[error("not a PNG, JPEG or WebP picture, or a damaged one: {0}")]
    Invalid(String),
}

impl PictureError {
    pub fn code(&self) -> ErrorCode {
        match self {
            PictureError::TooLarge(_) => ErrorCode::ImageTooLarge,
            PictureError::TooManyPixels { .. } => ErrorCode::ImageTooManyPixels,
            PictureError::Invalid(_) => ErrorCode::ImageInvalid,
        }
    }
}

/// A picture made by [`ProfilePicture::from_upload`]: [`SIDE`]×[`SIDE`] JPEG bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct ProfilePicture(Vec<u8>);

impl std::fmt::Debug for ProfilePicture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProfilePicture({} bytes)", self.0.len())
    }
}

impl ProfilePicture {
    /// Checks, decodes, crops, scales and re-encodes an uploaded file. CPU-bound (tens of
    /// milliseconds for a phone photo): call it off the async runtime.
    pub fn from_upload(bytes: &[u8]) -> Result<ProfilePicture, PictureError> {
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(PictureError::TooLarge(bytes.len()));
        }
        let invalid = |e: image::ImageError| PictureError::Invalid(e.to_string());
        let format = image::guess_format(bytes).map_err(invalid)?;
        if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) {
            return Err(PictureError::Invalid(format!("{format:?} is not accepted")));
        }
        // The header's dimensions first: a "bomb" (a small file that claims to be huge) is
        // refused before a single pixel is allocated.
        let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
            .into_dimensions()
            .map_err(invalid)?;
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(PictureError::TooManyPixels { width, height });
        }
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        let mut limits = Limits::default();
        limits.max_image_width = Some(width);
        limits.max_image_height = Some(height);
        // RGBA at 8 bits plus the decoders' own buffers.
        limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
        reader.limits(limits);
        let mut decoder = reader.into_decoder().map_err(invalid)?;
        let orientation = decoder.orientation().map_err(invalid)?;
        let mut image = DynamicImage::from_decoder(decoder).map_err(invalid)?;
        image.apply_orientation(orientation);
        Ok(ProfilePicture(encode(&square(&image))?))
    }

    /// Wraps bytes this module made earlier (read back from the store).
    pub(crate) fn from_stored(bytes: Vec<u8>) -> ProfilePicture {
        ProfilePicture(bytes)
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn media_type(&self) -> &'static str {
        MEDIA_TYPE
    }

    /// A `data:` URL the web view can show (its CSP allows `img-src data:`).
    pub fn data_url(&self) -> String {
        use base64::Engine;
        format!(
            "data:{MEDIA_TYPE};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&self.0)
        )
    }
}

/// The centre square, scaled to SIDE×SIDE, transparency flattened onto white.
fn square(image: &DynamicImage) -> RgbImage {
    let (w, h) = (image.width(), image.height());
    let side = w.min(h);
    let cropped = image.crop_imm((w - side) / 2, (h - side) / 2, side, side);
    let scaled = if side == SIDE {
        cropped
    } else {
        // Area averaging when shrinking (sharp and fast on large photos), smooth when growing.
        if side > SIDE {
            DynamicImage::ImageRgba8(cropped.thumbnail_exact(SIDE, SIDE).to_rgba8())
        } else {
            cropped.resize_exact(SIDE, SIDE, image::imageops::FilterType::CatmullRom)
        }
    };
    let rgba = scaled.to_rgba8();
    let mut out = RgbImage::new(SIDE, SIDE);
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = p.0;
        let blend = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        o.0 = [blend(r), blend(g), blend(b)];
    }
    out
}

fn encode(image: &RgbImage) -> Result<Vec<u8>, PictureError> {
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    image
        .write_with_encoder(encoder)
        .map_err(|e| PictureError::Invalid(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, Rgb, Rgba, RgbaImage};

    fn png(width: u32, height: u32, pixel: impl Fn(u32, u32) -> Rgba<u8>) -> Vec<u8> {
        let img = RgbaImage::from_fn(width, height, pixel);
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgba8)
            .unwrap();
        out
    }

    fn decode(p: &ProfilePicture) -> RgbImage {
        image::load_from_memory_with_format(p.bytes(), ImageFormat::Jpeg)
            .unwrap()
            .to_rgb8()
    }

    #[test]
    fn a_wide_png_becomes_its_centre_square_at_256() {
        // Left third red, middle third green, right third blue: only green is in the centre.
        let bytes = png(900, 300, |x, _| match x / 300 {
            0 => Rgba([255, 0, 0, 255]),
            1 => Rgba([0, 255, 0, 255]),
            _ => Rgba([0, 0, 255, 255]),
        });
        let picture = ProfilePicture::from_upload(&bytes).unwrap();
        let out = decode(&picture);
        assert_eq!(out.dimensions(), (SIDE, SIDE));
        for (x, y) in [(2, 2), (128, 128), (253, 253)] {
            let Rgb([r, g, b]) = *out.get_pixel(x, y);
            assert!(g > 200 && r < 60 && b < 60, "({x},{y}) = {r},{g},{b}");
        }
        assert!(picture.data_url().starts_with("data:image/jpeg;base64,/9j/"));
    }

    #[test]
    fn transparency_is_flattened_onto_white_and_a_small_picture_is_scaled_up() {
        let bytes = png(10, 10, |_, _| Rgba([0, 0, 0, 0]));
        let out = decode(&ProfilePicture::from_upload(&bytes).unwrap());
        assert_eq!(out.dimensions(), (SIDE, SIDE));
        assert!(out.pixels().all(|p| p.0.iter().all(|&c| c > 245)));
    }

    #[test]
    fn metadata_does_not_survive() {
        // A PNG with a text chunk naming a place: the output is a fresh JPEG without it.
        let mut bytes = png(64, 64, |_, _| Rgba([10, 20, 30, 255]));
        let text = b"tEXtLocation\0Secret Street 1";
        let mut chunk = (text.len() as u32 - 4).to_be_bytes().to_vec();
        chunk.extend_from_slice(text);
        chunk.extend_from_slice(&crc32(text).to_be_bytes());
        let iend = bytes.len() - 12;
        bytes.splice(iend..iend, chunk);
        assert!(image::load_from_memory(&bytes).is_ok());
        let picture = ProfilePicture::from_upload(&bytes).unwrap();
        assert!(!picture.bytes().windows(6).any(|w| w == b"Secret"));
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn files_that_are_not_pictures_or_are_cut_short_are_invalid() {
        assert_eq!(
            ProfilePicture::from_upload(b"hello, I am a text file")
                .unwrap_err()
                .code(),
            ErrorCode::ImageInvalid
        );
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
        assert_eq!(
            ProfilePicture::from_upload(gif).unwrap_err().code(),
            ErrorCode::ImageInvalid
        );
        let whole = png(200, 200, |x, y| Rgba([x as u8, y as u8, 0, 255]));
        let cut = &whole[..whole.len() / 2];
        assert_eq!(
            ProfilePicture::from_upload(cut).unwrap_err().code(),
            ErrorCode::ImageInvalid
        );
        assert_eq!(
            ProfilePicture::from_upload(&[]).unwrap_err().code(),
            ErrorCode::ImageInvalid
        );
    }

    #[test]
    fn an_oversized_file_is_refused_before_decoding() {
        let mut bytes = png(8, 8, |_, _| Rgba([1, 2, 3, 255]));
        bytes.resize(MAX_UPLOAD_BYTES + 1, 0);
        assert_eq!(
            ProfilePicture::from_upload(&bytes).unwrap_err(),
            PictureError::TooLarge(MAX_UPLOAD_BYTES + 1)
        );
    }

    #[test]
    fn a_decompression_bomb_is_refused_by_its_header() {
        // A valid PNG header claiming 50000×50000 (2.5 gigapixels) in a few hundred bytes.
        let bomb = bomb_png(50_000, 50_000);
        assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
        assert_eq!(
            ProfilePicture::from_upload(&bomb).unwrap_err(),
            PictureError::TooManyPixels {
                width: 50_000,
                height: 50_000
            }
        );
    }

    /// A PNG whose IHDR says `width`×`height` and whose data is a few compressed zero rows.
    pub(crate) fn bomb_png(width: u32, height: u32) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut chunk = |kind: &[u8], data: &[u8]| {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32(&body).to_be_bytes());
        };
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        chunk(b"IHDR", &ihdr);
        chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        chunk(b"IEND", &[]);
        out
    }
}
