import Hummingbird

extension PublicActivationPages {
    /// `response`, once counted as a view of the hosted page when it shows the page to a person
    /// (the pages the fast path serves are counted there).
    func counted(_ response: Response, _ request: Request, context: AppRequestContext, embed: Bool) -> Response {
        if response.status == .ok && !embed {
            services.activationViews.count(request, brandSlug: context.parameters.get("brand") ?? "",
                                           activationSlug: context.parameters.get("activation") ?? "", kind: .page)
        }
        return response
    }
}
