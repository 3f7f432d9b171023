//! Encrypted backups: the very same backup file, inside an age file in passphrase
//! mode (scrypt to derive the key, ChaCha20-Poly1305 over 64 KiB chunks). Anyone
//! with the passphrase opens it, with this app or with the standard `age` tool;
//! without it, nobody does. A changed or cut-off byte fails its chunk's tag, so a
//! damaged encrypted backup is refused like a damaged plain one.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom};
use std::path::Path;

use age::secrecy::{ExposeSecret, SecretString};

use super::naming::{io_error, pump};
use super::refused;
use crate::error::{Code, Error, Result};
use crate::jobs::Job;

/// What every age file starts with.
const AGE_MAGIC: &[u8] = b"age-encryption.org/";
/// scrypt's cost, N = 2^18 (256 MiB, about a second on a current PC): what the
/// `age` tool itself picks on such a machine. Fixed, so a backup made on a fast
/// computer still opens on a slow one.
const WORK_FACTOR: u8 = 18;
/// A file asking for more than 2^20 (1 GiB) is refused before any work: it is not
/// one of ours, and opening it could stall an old counter PC.
const MAX_WORK_FACTOR: u8 = 20;
/// The shortest passphrase accepted.
pub const PASSPHRASE_MIN_CHARS: usize = 8;

/// The passphrase of encrypted backups. Never printed, never logged.
#[derive(Clone)]
pub struct Passphrase(SecretString);

impl Passphrase {
    /// A new passphrase as the owner chose it (kept exactly: spaces count).
    pub fn new(text: &str) -> Result<Passphrase> {
        if text.trim().chars().count() < PASSPHRASE_MIN_CHARS {
            return Err(Error::invalid(
                "passphrase",
                format!("口令至少要 {PASSPHRASE_MIN_CHARS} 个字符，请换一个长一点的"),
            ));
        }
        Ok(Passphrase(SecretString::from(text.to_owned())))
    }

    /// A passphrase typed to open a backup: any length (a file encrypted with the
    /// `age` tool may have a short one); only an empty one is refused.
    pub fn given(text: &str) -> Result<Passphrase> {
        if text.is_empty() {
            return Err(passphrase_error("请输入备份口令"));
        }
        Ok(Passphrase(SecretString::from(text.to_owned())))
    }

    pub(crate) fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The same passphrase, compared in time that does not depend on where they differ.
    pub fn matches(&self, other: &Passphrase) -> bool {
        let (a, b) = (self.expose().as_bytes(), other.expose().as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// The error for a missing or wrong passphrase; the UI asks for it on this code.
pub(super) fn passphrase_error(message: impl Into<String>) -> Error {
    Error::new(Code::Passphrase, message)
}

/// Whether the file at `path` is an encrypted backup (starts as an age file does).
pub fn is_sealed(path: &Path) -> bool {
    let mut head = [0u8; AGE_MAGIC.len()];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == AGE_MAGIC)
}

/// Encrypts the backup file `plain` into a new file `to`, synced to disk.
pub(super) fn seal(plain: &Path, to: &Path, passphrase: &Passphrase, job: &mut Job) -> Result<()> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.0.clone());
    recipient.set_work_factor(WORK_FACTOR);
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
        .map_err(|e| Error::internal("无法准备加密").with_source(e))?;
    let output = File::create(to).map_err(|e| io_error("写入", to, e))?;
    let writer = encryptor
        .wrap_output(BufWriter::with_capacity(1 << 20, output))
        .map_err(|e| io_error("写入", to, e))?;
    let writer = pump(plain, writer, to, job)?;
    let file = writer
        .finish()
        .map_err(|e| io_error("写入", to, e))?
        .into_inner()
        .map_err(|e| io_error("写入", to, e.into_error()))?;
    file.sync_all().map_err(|e| io_error("写入", to, e))
}

/// A backup file opened for reading: plain, or decrypted as it is read. Both seek,
/// so the zip inside is read the same way either way.
pub(super) enum BackupReader {
    Plain(BufReader<File>),
    Sealed(Box<age::stream::StreamReader<BufReader<File>>>),
}

impl Read for BackupReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            BackupReader::Plain(r) => r.read(buf),
            BackupReader::Sealed(r) => r.read(buf),
        }
    }
}

impl Seek for BackupReader {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            BackupReader::Plain(r) => r.seek(pos),
            BackupReader::Sealed(r) => r.seek(pos),
        }
    }
}

/// Opens `file` (already open at its start) as a backup: an encrypted one needs
/// `passphrase`, and the wrong one is refused before anything is read.
pub(super) fn open(file: File, passphrase: Option<&Passphrase>) -> Result<BackupReader> {
    let mut input = BufReader::new(file);
    let head = std::io::BufRead::fill_buf(&mut input)
        .map_err(|e| Error::io("读取备份时出错").with_source(e))?;
    if !head.starts_with(AGE_MAGIC) {
        return Ok(BackupReader::Plain(input));
    }
    let Some(passphrase) = passphrase else {
        return Err(passphrase_error("这个备份已加密，请输入备份口令才能打开它"));
    };
    let decryptor = age::Decryptor::new_buffered(input)
        .map_err(|e| refused("这个加密备份的文件头已损坏，无法打开").with_source(e))?;
    if !decryptor.is_scrypt() {
        return Err(refused(
            "这个加密文件不是用口令加密的，不是社群掌柜的加密备份",
        ));
    }
    let mut identity = age::scrypt::Identity::new(passphrase.0.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let reader = decryptor
        .decrypt(std::iter::once(&identity as _))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys => {
                passphrase_error("口令不对，这个加密备份没有打开；请检查口令（区分大小写）再试")
                    .with_source(e)
            }
            age::DecryptError::ExcessiveWork { .. } => {
                refused("这个加密文件要求的解密计算量大得不合常理，不是社群掌柜的备份，已拒绝")
                    .with_source(e)
            }
            _ => refused("这个加密备份已损坏，无法打开").with_source(e),
        })?;
    Ok(BackupReader::Sealed(Box::new(reader)))
}
