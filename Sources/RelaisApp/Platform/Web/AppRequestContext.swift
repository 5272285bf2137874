import Hummingbird
import Logging
import NIOCore

/// The request context of every route: who is calling (filled in by the authenticators),
/// the interface language, and the caller's address for rate limits and consent proof.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The logged-in staff member of a back-office request, if any.
    var staffSession: StaffSession?
    /// The brand access granted by an API key, if any.
    var apiAccess: BrandAccess?
    /// Language of the back-office and public pages for this request.
    var language: UILanguage = .french
    /// Address of the caller as seen by the server.
    var remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Request bodies above 10 MiB (a large CSV import) are refused with a clear error.
    public var maxUploadSize: Int { 10 * 1024 * 1024 }
}

/// A back-office request whose caller is a logged-in staff member.
struct StaffContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The staff session; always present.
    let session: StaffSession
    /// Interface language.
    let language: UILanguage
    /// Caller's address.
    let remoteAddress: String?

    init(context: AppRequestContext) throws {
        guard let session = context.staffSession else {
            throw WebRedirect(location: "/login")
        }
        coreContext = context.coreContext
        self.session = session
        language = context.language
        remoteAddress = context.remoteAddress
    }

    var maxUploadSize: Int { 10 * 1024 * 1024 }
}

/// An API request authenticated by a brand or unit API key.
struct APIContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// What the key may see and do; always present.
    let access: BrandAccess
    /// Caller's address.
    let remoteAddress: String?

    init(context: AppRequestContext) throws {
        guard let access = context.apiAccess else {
            throw AppError.unauthorized("Send an API key as `Authorization: Bearer <key>`.")
        }
        coreContext = context.coreContext
        self.access = access
        remoteAddress = context.remoteAddress
    }

    var maxUploadSize: Int { 10 * 1024 * 1024 }
}
