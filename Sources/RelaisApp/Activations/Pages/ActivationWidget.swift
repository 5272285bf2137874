import Foundation
import Hummingbird
import NIOCore

/// The embeddable widget: a loader script that puts an activation's hosted page in an iframe on the brand's
/// site, and the script inside the iframe that reports its height. Which sites may frame the page is decided
/// by the page's `frame-ancestors` (the brand's allowed origins).
enum ActivationWidget {
    /// The script of `/static/activation-embed.js`, read once.
    static let embedScript: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "activation-embed", withExtension: "js", subdirectory: "Resources/static"),
              let data = try? Data(contentsOf: url) else { return ByteBuffer() }
        return ByteBuffer(data: data)
    }()

    /// The iframe's height reporter.
    static func embedScriptResponse() -> Response {
        Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: embedScript))
    }

    /// The loader script for the activation at `path`: inserted after its own script tag, it accepts height
    /// messages only from its own iframe and from Relais's origin, and reports once that the widget was seen.
    static func loaderResponse(path: String, title: String) -> Response {
        let script = """
            (function () {
              var tag = document.currentScript;
              var origin = new URL(tag.src).origin;
              var frame = document.createElement("iframe");
              frame.src = origin + \(jsonString(path + "?embed=1"));
              frame.title = \(jsonString(title));
              frame.style.width = "100%";
              frame.style.border = "0";
              frame.style.height = "640px";
              frame.setAttribute("data-relais-widget", "");
              tag.parentNode.insertBefore(frame, tag.nextSibling);
              if (window.IntersectionObserver && navigator.sendBeacon) {
                var seen = new IntersectionObserver(function (changes) {
                  if (!changes.some(function (change) { return change.intersectionRatio >= 0.5; })) return;
                  seen.disconnect();
                  navigator.sendBeacon(origin + \(jsonString(viewsPath(path))));
                }, { threshold: 0.5 });
                seen.observe(frame);
              }
              window.addEventListener("message", function (event) {
                if (event.origin !== origin || event.source !== frame.contentWindow) return;
                var height = event.data && event.data.relaisHeight;
                if (typeof height === "number" && height > 0 && height < 20000) frame.style.height = height + "px";
              });
            })();

            """
        return Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300"],
                        body: .init(byteBuffer: ByteBuffer(string: script)))
    }

    /// Where the loader reports that the widget of the activation at `path` (`/a/{brand}/{activation}`)
    /// was seen: once per page, when half of it is in the viewport.
    static func viewsPath(_ path: String) -> String {
        "/api/v1/public/activations/" + path.dropFirst("/a/".count) + "/widget-views"
    }

    /// A JavaScript string literal of `text` (JSON is valid JavaScript; `<` escaped so it can never close a script tag).
    static func jsonString(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let data = (try? encoder.encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
