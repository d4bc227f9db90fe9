import CLibWebSockets
import Foundation

/// TLS for the listening socket, terminated by libwebsockets (OpenSSL): certificate and key
/// files, ALPN limited to `http/1.1` (HTTP/2 streams allow one write per writable callback).
/// Holds the C strings lws reads for the life of the context. Owned by `LWSServer`.
final class TLSSettings {
    private let certificate: UnsafeMutablePointer<CChar>
    private let key: UnsafeMutablePointer<CChar>
    private let alpn = strdup("http/1.1")!

    /// Nil when no certificate is configured (plain HTTP).
    init?(_ configuration: LWSServerConfiguration) {
        guard !configuration.tlsCertificatePath.isEmpty else { return nil }
        certificate = strdup(configuration.tlsCertificatePath)!
        key = strdup(configuration.tlsKeyPath)!
    }

    deinit {
        free(certificate)
        free(key)
        free(alpn)
    }

    /// Checks the files are readable, so a typo gets a clear message rather than lws's refusal.
    static func check(_ configuration: LWSServerConfiguration) throws {
        let (certificate, key) = (configuration.tlsCertificatePath, configuration.tlsKeyPath)
        guard !certificate.isEmpty || !key.isEmpty else { return }
        guard !certificate.isEmpty, !key.isEmpty else { throw LWSError("TLS needs both --tls-cert and --tls-key") }
        for path in [certificate, key] where !FileManager.default.isReadableFile(atPath: path) {
            throw LWSError("cannot read the TLS file \(path)")
        }
    }

    func apply(to info: inout lws_context_creation_info) {
        info.options |= pulse_lws_option_ssl_global_init()
        info.ssl_cert_filepath = UnsafePointer(certificate)
        info.ssl_private_key_filepath = UnsafePointer(key)
        info.alpn = UnsafePointer(alpn)
    }
}
