//! Decoding text files to UTF-8 while streaming.
//!
//! The scanner names each text file's encoding (`file.encoding`). UTF-8 is read as it
//! is (only a byte-order mark is skipped; invalid bytes are replaced field by field
//! where they occur). Encodings `encoding_rs` knows (Windows-1252, ISO-8859-x, UTF-16)
//! are transcoded with `encoding_rs_io`. The two character sets GDT files declare and
//! the WHATWG standard leaves out, IBM code page 437 and the German 7-bit DIN 66003,
//! are decoded with small tables here.

use std::io::{self, Read};

use encoding_rs_io::DecodeReaderBytesBuilder;

/// How a text file is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decoding {
    /// UTF-8 as it is.
    Utf8,
    /// An encoding of `encoding_rs`.
    Whatwg(&'static encoding_rs::Encoding),
    /// IBM code page 437 (GDT field 9206 = 2).
    Cp437,
    /// DIN 66003, the German reference version of ISO 646 (GDT field 9206 = 1).
    Din66003,
}

impl Decoding {
    /// The decoding for an encoding label of the inventory (`utf-8`, `windows-1252`,
    /// `utf-16le`, `ibm437`, `din-66003`); unknown labels read as UTF-8.
    pub(crate) fn for_label(label: Option<&str>) -> Decoding {
        match label.map(str::to_ascii_lowercase).as_deref() {
            None | Some("utf-8" | "utf8") => Decoding::Utf8,
            Some("ibm437" | "cp437" | "437") => Decoding::Cp437,
            Some("din-66003" | "din66003") => Decoding::Din66003,
            Some(other) => match encoding_rs::Encoding::for_label(other.as_bytes()) {
                Some(enc) if enc == encoding_rs::UTF_8 => Decoding::Utf8,
                Some(enc) => Decoding::Whatwg(enc),
                None => Decoding::Utf8,
            },
        }
    }

    /// Whether the decoded text may contain replacement characters for undecodable
    /// bytes that the reader itself put there.
    pub(crate) fn is_utf8(self) -> bool {
        self == Decoding::Utf8
    }
}

/// A reader that yields UTF-8 for `inner` in the given decoding; a leading UTF-8
/// byte-order mark is dropped.
pub(crate) fn utf8_reader<'a, R: Read + 'a>(inner: R, decoding: Decoding) -> Box<dyn Read + 'a> {
    match decoding {
        Decoding::Utf8 => Box::new(SkipBom::new(inner)),
        Decoding::Whatwg(enc) => Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(enc))
                .bom_override(true)
                .build(inner),
        ),
        Decoding::Cp437 => Box::new(SingleByte::new(inner, &CP437_HIGH, false)),
        Decoding::Din66003 => Box::new(SingleByte::new(inner, &CP437_HIGH, true)),
    }
}

/// Drops a UTF-8 byte-order mark at the start.
struct SkipBom<R> {
    inner: R,
    started: bool,
    pending: Vec<u8>,
}

impl<R: Read> SkipBom<R> {
    fn new(inner: R) -> Self {
        SkipBom {
            inner,
            started: false,
            pending: Vec::new(),
        }
    }
}

impl<R: Read> Read for SkipBom<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.started {
            self.started = true;
            let mut head = [0u8; 3];
            let mut n = 0;
            while n < 3 {
                let got = self.inner.read(&mut head[n..])?;
                if got == 0 {
                    break;
                }
                n += got;
            }
            if head[..n] != [0xEF, 0xBB, 0xBF] {
                self.pending.extend_from_slice(&head[..n]);
            }
        }
        if !self.pending.is_empty() {
            let n = self.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// Decodes a single-byte character set with a table for bytes 0x80–0xFF; DIN 66003
/// also replaces eight ASCII positions with German letters.
struct SingleByte<R> {
    inner: R,
    high: &'static [char; 128],
    din: bool,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
}

impl<R: Read> SingleByte<R> {
    fn new(inner: R, high: &'static [char; 128], din: bool) -> Self {
        SingleByte {
            inner,
            high,
            din,
            raw: vec![0; 16 * 1024],
            out: Vec::with_capacity(48 * 1024),
            pos: 0,
        }
    }

    fn decode(&self, b: u8) -> char {
        if b >= 0x80 {
            if self.din {
                return '\u{FFFD}';
            }
            return self.high[(b - 0x80) as usize];
        }
        if self.din {
            match b {
                b'@' => return '§',
                b'[' => return 'Ä',
                b'\\' => return 'Ö',
                b']' => return 'Ü',
                b'{' => return 'ä',
                b'|' => return 'ö',
                b'}' => return 'ü',
                b'~' => return 'ß',
                _ => {}
            }
        }
        b as char
    }
}

impl<R: Read> Read for SingleByte<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.out.len() {
            let n = self.inner.read(&mut self.raw)?;
            if n == 0 {
                return Ok(0);
            }
            self.out.clear();
            self.pos = 0;
            let mut tmp = [0u8; 4];
            for i in 0..n {
                let c = self.decode(self.raw[i]);
                self.out
                    .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            }
        }
        let n = (self.out.len() - self.pos).min(buf.len());
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// IBM code page 437, bytes 0x80–0xFF.
static CP437_HIGH: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
    '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
    '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
    'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', //
    '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{A0}',
];

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], label: &str) -> String {
        let mut s = String::new();
        utf8_reader(bytes, Decoding::for_label(Some(label)))
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    #[test]
    fn code_page_437_and_din_66003() {
        assert_eq!(
            decode(b"Stra\xe1e M\x81ller \x8e", "ibm437"),
            "Straße Müller Ä"
        );
        assert_eq!(decode(b"Stra~e M}ller [", "din-66003"), "Straße Müller Ä");
    }

    #[test]
    fn whatwg_encodings_and_bom() {
        assert_eq!(decode(b"M\xfcller", "windows-1252"), "Müller");
        assert_eq!(decode(b"\xEF\xBB\xBFa;b", "utf-8"), "a;b");
        assert_eq!(decode(b"ab", "utf-8"), "ab");
        assert_eq!(decode(b"a\x00b\x00", "utf-16le"), "ab");
    }
}
