use serde::Serialize;
use shequn_core::{Code, ErrorPayload};

/// What a failed command sends to the UI: `{ code, message, fields }`. The full
/// technical cause is written to the log here, never shown.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct IpcError(pub ErrorPayload);

impl<E: Into<shequn_core::Error>> From<E> for IpcError {
    fn from(e: E) -> Self {
        let e: shequn_core::Error = e.into();
        match e.code() {
            // The owner's input, a choice to confirm or a passphrase to type: not a fault.
            Code::Validation | Code::NotFound | Code::Conflict | Code::Passphrase => {
                log::info!("{}", e.log_chain())
            }
            _ => log::error!("{}", e.log_chain()),
        }
        IpcError(e.payload())
    }
}

impl IpcError {
    pub fn internal(message: &str, cause: impl std::fmt::Display) -> Self {
        log::error!("{message} ← {cause}");
        IpcError(ErrorPayload {
            code: Code::Internal,
            message: message.to_owned(),
            fields: Vec::new(),
        })
    }
}
